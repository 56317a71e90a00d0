//! What every handler can reach: the database, the token keys and the settings.

use std::sync::Arc;

use crate::config::Settings;
use crate::db::Db;
use crate::tokens::TokenKeys;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: TokenKeys,
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn new(db: Db, settings: Arc<Settings>, jwt_secret: &[u8]) -> AppState {
        AppState {
            db,
            tokens: TokenKeys::new(jwt_secret),
            settings,
        }
    }
}
