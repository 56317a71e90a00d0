//! What every handler can reach: the database, the token keys and the settings.

use std::sync::Arc;

use crate::auth::jwt::TokenKeys;
use crate::config::Settings;
use crate::db::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: TokenKeys,
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> AppState {
        AppState {
            db,
            tokens: TokenKeys::new(&settings.jwt_secret),
            settings: Arc::new(settings),
        }
    }
}
