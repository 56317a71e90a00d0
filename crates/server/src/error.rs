//! The crate's one error type and its one mapping to `application/problem+json`.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use salesops_domain::problem::ProblemFacts;
use salesops_domain::{FieldError, Problem};

use crate::request_id;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the request cannot be read (malformed JSON, a query value of the wrong type).
    #[error("bad request: {detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 401: no valid credentials. `code` tells the browser app what to do.
    #[error("unauthorized: {detail}")]
    Unauthorized { code: &'static str, detail: String },
    /// 403: signed in, but not allowed (the role lacks the right, separation of duties, a
    /// password to change first). `code` is `forbidden` unless the caller can do something.
    #[error("forbidden: {detail}")]
    Forbidden { code: &'static str, detail: String },
    /// 404: unknown, or outside the caller's scope (the two must look the same).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 405, with the methods the path does accept.
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<String> },
    /// 409: duplicate, illegal state transition or stale version.
    #[error("conflict: {detail}")]
    Conflict {
        code: &'static str,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 409 `duplicate_client` (撞单): the client is on file; its id only if the caller may see it.
    #[error("duplicate client")]
    DuplicateClient {
        detail: String,
        field: &'static str,
        existing_client_id: Option<i64>,
    },
    /// 409: a business rule refuses the step (`false_visit`, `over_budget`,
    /// `duplicate_receipt` …), with what it found (the lines, the budget, the other receipt).
    #[error("refused: {detail}")]
    Refused {
        code: &'static str,
        detail: String,
        errors: Vec<FieldError>,
        facts: Box<ProblemFacts>,
    },
    #[error("payload too large")]
    PayloadTooLarge,
    /// 413 `file_too_large`: an upload over its limit (in bytes), which the detail names.
    #[error("file too large")]
    FileTooLarge { field: &'static str, limit: usize },
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// 422: the request was read but its content breaks a rule.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 422 `too_many_rows`: an import or export over its row limit; the detail names the limit
    /// and what to do, `field` what to change (`body`, `filter`).
    #[error("too many rows: {detail}")]
    TooManyRows { field: &'static str, detail: String },
    /// 429, with seconds until the caller may try again.
    #[error("too many attempts")]
    TooManyRequests { retry_after_secs: i64 },
    /// 503: the database cannot be reached right now.
    #[error("database unavailable")]
    DatabaseUnavailable,
    /// 503: the database is busy (locked by another writer past the wait, a statement
    /// timeout, a serialization failure); trying again shortly is expected to work.
    #[error("database busy: {0}")]
    DatabaseBusy(String),
    /// 503: the file store (receipts) cannot be reached right now; the cause is logged.
    #[error("file store unavailable: {0}")]
    StorageUnavailable(String),
    /// 503: the disk under the database or the file store is full. The write was rolled back
    /// whole, reads go on; an operator must free space (the cause is logged as an error).
    #[error("storage full: {0}")]
    StorageFull(String),
    /// 500: a bug or an unexpected failure; the cause is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn validation(field: &str, code: &str, message: &str) -> AppError {
        AppError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> AppError {
        AppError::Conflict {
            code,
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// 409 `invalid_state`: the rules do not allow this change from the current state, which
    /// the message names.
    pub fn invalid_state(what: &str, e: salesops_domain::text_enum::InvalidTransition) -> AppError {
        AppError::conflict(
            "invalid_state",
            format!("the {what} is `{}`; it cannot become `{}`", e.from, e.to),
        )
    }

    /// 409 `stale_version`: someone else changed the record since the caller read it.
    pub fn stale(what: &str) -> AppError {
        AppError::conflict(
            "stale_version",
            format!("the {what} was changed by someone else; reload it and try again"),
        )
    }

    /// The error of one item of a batch (`ids[3]`, claim 42), naming it: an unknown item is
    /// 422 on its field; a refusal keeps its status and code and names the item.
    pub fn for_item(self, field: String, item: &str) -> AppError {
        match self {
            AppError::NotFound(what) => {
                AppError::validation(&field, "not_found", &format!("{what} {item} not found"))
            }
            AppError::Forbidden { code, detail } => AppError::Forbidden {
                code,
                detail: format!("{item}: {detail}"),
            },
            AppError::Conflict {
                code,
                detail,
                mut errors,
            } => {
                errors.push(FieldError::new(field, code, detail.clone()));
                AppError::Conflict {
                    code,
                    detail: format!("{item}: {detail}"),
                    errors,
                }
            }
            AppError::Refused {
                code,
                detail,
                mut errors,
                facts,
            } => {
                errors.push(FieldError::new(field, code, detail.clone()));
                AppError::Refused {
                    code,
                    detail: format!("{item}: {detail}"),
                    errors,
                    facts,
                }
            }
            other => other,
        }
    }

    pub fn forbidden(detail: impl Into<String>) -> AppError {
        AppError::Forbidden {
            code: "forbidden",
            detail: detail.into(),
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest { .. } => "bad_request",
            AppError::Unauthorized { code, .. } => code,
            AppError::Forbidden { code, .. } => code,
            AppError::NotFound(_) => "not_found",
            AppError::MethodNotAllowed { .. } => "method_not_allowed",
            AppError::Conflict { code, .. } | AppError::Refused { code, .. } => code,
            AppError::DuplicateClient { .. } => "duplicate_client",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::FileTooLarge { .. } => "file_too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::Validation(_) => "validation_failed",
            AppError::TooManyRows { .. } => "too_many_rows",
            AppError::TooManyRequests { .. } => "too_many_attempts",
            AppError::DatabaseUnavailable => "database_unavailable",
            AppError::DatabaseBusy(_) => "database_busy",
            AppError::StorageUnavailable(_) => "storage_unavailable",
            AppError::StorageFull(_) => "storage_full",
            AppError::Internal(_) => "internal",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            AppError::BadRequest { detail, .. }
            | AppError::Unauthorized { detail, .. }
            | AppError::Conflict { detail, .. }
            | AppError::Refused { detail, .. }
            | AppError::DuplicateClient { detail, .. }
            | AppError::TooManyRows { detail, .. } => Some(detail.clone()),
            AppError::Forbidden { detail, .. } => Some(detail.clone()),
            AppError::NotFound(what) => Some(format!("{what} not found")),
            AppError::UnsupportedMediaType(d) => Some(d.clone()),
            AppError::PayloadTooLarge => Some("the request body is larger than 1 MiB".to_owned()),
            AppError::FileTooLarge { limit, .. } => Some(format!(
                "the file is larger than {} MiB",
                limit / (1024 * 1024)
            )),
            AppError::Validation(_) => Some("one or more fields are invalid".to_owned()),
            AppError::TooManyRequests { retry_after_secs } => Some(format!(
                "too many failed attempts; try again in {retry_after_secs} seconds"
            )),
            AppError::DatabaseUnavailable => {
                Some("the database is unavailable; try again shortly".to_owned())
            }
            AppError::DatabaseBusy(_) => Some("the database is busy; try again".to_owned()),
            AppError::StorageUnavailable(_) => {
                Some("the file store is unavailable; try again shortly".to_owned())
            }
            AppError::StorageFull(_) => Some(
                "the server's disk is full: nothing of this request was saved; try again once \
                 space has been freed"
                    .to_owned(),
            ),
            AppError::MethodNotAllowed { allow } => {
                Some(format!("allowed methods: {}", allow.join(", ")))
            }
            AppError::Internal(_) => None,
        }
    }

    /// The problem body this error is sent as.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        Problem {
            kind: "about:blank".to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.detail(),
            code: self.code().to_owned(),
            errors: match self {
                AppError::Validation(errors)
                | AppError::BadRequest { errors, .. }
                | AppError::Conflict { errors, .. }
                | AppError::Refused { errors, .. } => errors.clone(),
                AppError::DuplicateClient { field, .. } => vec![FieldError::new(
                    *field,
                    "duplicate",
                    "another client on file has this value",
                )],
                AppError::FileTooLarge { field, limit } => vec![FieldError::new(
                    *field,
                    "too_large",
                    format!("at most {limit} bytes"),
                )],
                AppError::TooManyRows { field, detail } => {
                    vec![FieldError::new(*field, "too_many_rows", detail.clone())]
                }
                _ => Vec::new(),
            },
            request_id: request_id::current(),
            existing_client_id: match self {
                AppError::DuplicateClient {
                    existing_client_id, ..
                } => *existing_client_id,
                _ => None,
            },
            // Never filled: a caller who may not see the client learns nothing about its owner.
            existing_owner_team: None,
            ..Problem::from_facts(match self {
                AppError::Refused { facts, .. } => facts,
                _ => &NO_FACTS,
            })
        }
    }
}

static NO_FACTS: ProblemFacts = ProblemFacts {
    line_ids: Vec::new(),
    excess: Vec::new(),
    existing_receipt_id: None,
    existing_claim_id: None,
};

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict { .. }
            | AppError::Refused { .. }
            | AppError::DuplicateClient { .. } => StatusCode::CONFLICT,
            AppError::PayloadTooLarge | AppError::FileTooLarge { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Validation(_) | AppError::TooManyRows { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::DatabaseUnavailable
            | AppError::DatabaseBusy(_)
            | AppError::StorageUnavailable(_)
            | AppError::StorageFull(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(cause) => {
                tracing::error!(request_id = ?request_id::current(), %cause, "internal error");
            }
            AppError::DatabaseBusy(cause) => {
                tracing::warn!(request_id = ?request_id::current(), %cause, "database busy");
            }
            AppError::StorageUnavailable(cause) => {
                tracing::error!(request_id = ?request_id::current(), %cause, "file store");
            }
            AppError::StorageFull(cause) => {
                tracing::error!(request_id = ?request_id::current(), %cause, "disk full");
            }
            _ => {}
        }
        let mut res = HttpResponse::build(self.status_code());
        res.content_type("application/problem+json");
        match self {
            AppError::TooManyRequests { retry_after_secs } => {
                res.insert_header((header::RETRY_AFTER, retry_after_secs.max(&1).to_string()));
            }
            AppError::Unauthorized { .. } => {
                res.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            AppError::MethodNotAllowed { allow } => {
                res.insert_header((header::ALLOW, allow.join(", ")));
            }
            AppError::DatabaseUnavailable | AppError::StorageUnavailable(_) => {
                res.insert_header((header::RETRY_AFTER, "5"));
            }
            // Space comes back when someone acts, not by itself in a few seconds.
            AppError::StorageFull(_) => {
                res.insert_header((header::RETRY_AFTER, "60"));
            }
            AppError::DatabaseBusy(_) => {
                res.insert_header((header::RETRY_AFTER, "1"));
            }
            _ => {}
        }
        let body = serde_json::to_string(&self.problem())
            .unwrap_or_else(|_| r#"{"title":"Error","status":500,"code":"internal"}"#.to_owned());
        res.body(body)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        match e {
            Error::NotFound => AppError::NotFound("record"),
            Error::DatabaseError(Kind::UniqueViolation, info) => {
                tracing::info!(message = info.message(), "unique violation");
                AppError::conflict("duplicate", "a record with these values already exists")
            }
            Error::DatabaseError(Kind::ForeignKeyViolation, info) => {
                tracing::info!(message = info.message(), "foreign key violation");
                AppError::conflict(
                    "reference",
                    "the record refers to, or is referred to by, another record",
                )
            }
            Error::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, info) => {
                tracing::warn!(message = info.message(), "database connection lost");
                AppError::DatabaseUnavailable
            }
            Error::DatabaseError(Kind::SerializationFailure, info) => {
                AppError::DatabaseBusy(info.message().to_owned())
            }
            Error::DatabaseError(_, info) if is_disk_full(info.message()) => {
                AppError::StorageFull(info.message().to_owned())
            }
            Error::DatabaseError(_, info) if is_busy(info.message()) => {
                AppError::DatabaseBusy(info.message().to_owned())
            }
            Error::DeserializationError(e) => {
                AppError::Internal(format!("unreadable stored data: {e}"))
            }
            other => AppError::Internal(format!("database: {other}")),
        }
    }
}

/// Messages of a database that is busy rather than broken: SQLite's locks (past the busy
/// timeout), PostgreSQL's statement and lock timeouts and deadlock victims.
fn is_busy(message: &str) -> bool {
    const BUSY: [&str; 6] = [
        "database is locked",
        "database table is locked",
        "database is busy",
        "canceling statement due to statement timeout",
        "canceling statement due to lock timeout",
        "deadlock detected",
    ];
    BUSY.iter().any(|m| message.contains(m))
}

/// Messages of a database whose disk is full: SQLite's `SQLITE_FULL`, PostgreSQL's
/// `disk_full` (53100) and the operating system's `ENOSPC` that both quote.
fn is_disk_full(message: &str) -> bool {
    message.contains("database or disk is full") || message.contains("No space left on device")
}

/// Whether `e` or one of its causes is the operating system saying the disk is full.
pub fn caused_by_full_disk(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::StorageFull
        {
            return true;
        }
        cause = e.source();
    }
    is_disk_full(&e.to_string())
}

impl From<diesel::r2d2::Error> for AppError {
    fn from(e: diesel::r2d2::Error) -> Self {
        tracing::warn!(error = %e, "database unavailable");
        AppError::DatabaseUnavailable
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(e: validator::ValidationErrors) -> Self {
        AppError::Validation(salesops_domain::problem::field_errors(&e))
    }
}

pub type AppResult<T> = Result<T, AppError>;
