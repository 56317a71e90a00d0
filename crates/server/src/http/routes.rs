//! The two handlers every workflow document has, written once: a step
//! (`POST /things/{id}/submit` with a body naming the version) and the history
//! (`GET /things/{id}/history`). A feature's `routes.rs` declares them in one line each:
//!
//! ```ignore
//! workflow_step!(submit_claim, "/expense-claims/{id}/submit", "expenses",
//!     VersionRequest => ClaimDto, service::submit,
//!     "Submit the claim (the owner) …");
//! ```
//! The handlers use `post`/`get` (actix-web), `Caller`, `ValidatedJson`, `Path`, `Json`, `AppResult`, `Problem` and
//! `HistoryEntry` from the calling module's imports.

/// A workflow step: `POST $path` with `$req`, answering the document `$dto`.
macro_rules! workflow_step {
    ($name:ident, $path:literal, $tag:literal, $req:ty => $dto:ty, $service:path, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(
                    post,
                    path = $path,
                    tag = $tag,
                    params(("id" = i64, Path, description = "the document's id")),
                    request_body = $req,
                    responses(
                        (status = 200, body = $dto),
                        (status = "4XX", body = Problem, content_type = "application/problem+json"),
                    ),
                    security(("bearer" = []))
                )]
        #[post($path)]
        async fn $name(
            caller: Caller,
            id: Path<i64>,
            ValidatedJson(req): ValidatedJson<$req>,
        ) -> AppResult<Json<$dto>> {
            let id = id.into_inner();
            Ok(Json(
                caller.run(move |c, ctx| $service(c, ctx, id, &req)).await?,
            ))
        }
    };
}

/// A document's workflow history: `GET $path`, oldest step first.
macro_rules! workflow_history {
    ($name:ident, $path:literal, $tag:literal, $service:path) => {
        /// The workflow history: every step with who, when and why, oldest first.
        #[utoipa::path(
                    get,
                    path = $path,
                    tag = $tag,
                    params(("id" = i64, Path, description = "the document's id")),
                    responses(
                        (status = 200, body = Vec<HistoryEntry>),
                        (status = "4XX", body = Problem, content_type = "application/problem+json"),
                    ),
                    security(("bearer" = []))
                )]
        #[get($path)]
        async fn $name(caller: Caller, id: Path<i64>) -> AppResult<Json<Vec<HistoryEntry>>> {
            let id = id.into_inner();
            Ok(Json(caller.run(move |c, ctx| $service(c, ctx, id)).await?))
        }
    };
}

pub(crate) use {workflow_history, workflow_step};
