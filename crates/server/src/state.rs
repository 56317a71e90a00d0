//! What every handler can reach: the database, the token keys and the settings.

use std::sync::Arc;

use crate::config::Settings;
use crate::db::Db;
use crate::files::FileStore;
use crate::tokens::TokenKeys;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: TokenKeys,
    pub settings: Arc<Settings>,
    /// Uploaded files (receipts).
    pub files: FileStore,
}

impl AppState {
    pub fn new(db: Db, settings: Arc<Settings>, jwt_secret: &[u8]) -> Result<AppState, String> {
        Ok(AppState {
            db,
            tokens: TokenKeys::new(jwt_secret),
            files: FileStore::open(&settings)?,
            settings,
        })
    }
}
