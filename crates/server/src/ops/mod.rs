//! Operations: the endpoints (liveness, readiness, metrics) and the `backup` and `restore`
//! commands.

pub mod archive;
pub mod backup;
pub mod restore;

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use serde_json::json;

use crate::error::AppError;
use crate::http::metrics::Metrics;
use crate::state::AppState;

/// The process is up.
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// The database answers.
#[get("/readyz")]
pub async fn readyz(state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let db = state.db.clone();
    actix_web::web::block(move || db.ping())
        .await
        .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))??;
    Ok(HttpResponse::Ok().json(json!({ "status": "ready", "database": "ok" })))
}

/// Prometheus text: request counts and latency by route and status.
#[get("/metrics")]
pub async fn metrics(metrics: Data<Metrics>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render())
}
