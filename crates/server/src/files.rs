//! Where uploaded files (receipts) are kept: a folder under the data directory by default, or
//! S3-compatible storage (`SALESOPS_FILES_URL=s3://bucket/prefix`) so that several API
//! instances share them. Files are stored under their content's SHA-256, so writing the same
//! file twice — two instances at once, a retried upload — stores the same bytes at the same
//! key and nothing is ever overwritten with something else.

use std::sync::Arc;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::config::Settings;
use crate::error::{AppError, AppResult};

#[derive(Clone, Debug)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
}

impl FileStore {
    /// The store the settings name; the default folder is created if missing.
    pub fn open(settings: &Settings) -> Result<FileStore, String> {
        let inner: Arc<dyn ObjectStore> = match settings.files_url.as_deref() {
            Some(url) if url.starts_with("s3://") => Arc::new(
                AmazonS3Builder::from_env()
                    .with_url(url)
                    .build()
                    .map_err(|e| format!("SALESOPS_FILES_URL: {e}"))?,
            ),
            Some(url) if url.starts_with("file://") => {
                folder(std::path::Path::new(url.trim_start_matches("file://")))?
            }
            Some(url) => {
                return Err(format!(
                    "SALESOPS_FILES_URL must start with s3:// or file:// (got `{url}`)"
                ));
            }
            None => folder(&settings.data_dir.join("files"))?,
        };
        Ok(FileStore { inner })
    }

    pub async fn put(&self, key: &str, bytes: Bytes) -> AppResult<()> {
        self.inner
            .put(&Path::from(key), PutPayload::from_bytes(bytes))
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// Every stored file's key and size, for backups.
    pub async fn list(&self) -> AppResult<Vec<(String, u64)>> {
        use futures_util::TryStreamExt as _;
        let found: Vec<object_store::ObjectMeta> = self
            .inner
            .list(None)
            .try_collect()
            .await
            .map_err(unavailable)?;
        Ok(found
            .into_iter()
            .map(|m| (m.location.to_string(), m.size))
            .collect())
    }

    pub async fn get(&self, key: &str) -> AppResult<Bytes> {
        let found = self
            .inner
            .get(&Path::from(key))
            .await
            .map_err(unavailable)?;
        found.bytes().await.map_err(unavailable)
    }
}

fn folder(dir: &std::path::Path) -> Result<Arc<dyn ObjectStore>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let store = LocalFileSystem::new_with_prefix(dir)
        .map_err(|e| format!("file store at {}: {e}", dir.display()))?;
    Ok(Arc::new(store))
}

fn unavailable(e: object_store::Error) -> AppError {
    match e {
        // A file the database knows of but the store has not: lost or never written.
        object_store::Error::NotFound { path, .. } => {
            AppError::Internal(format!("stored file missing: {path}"))
        }
        other if crate::error::caused_by_full_disk(&other) => {
            AppError::StorageFull(other.to_string())
        }
        other => AppError::StorageUnavailable(other.to_string()),
    }
}
