//! Extractors that read and validate request bodies and query strings, answering in
//! problem+json with the offending field named: syntax errors are 400, content that breaks a
//! rule (wrong type, unknown enum value, missing or invalid field) is 422.

use actix_web::dev::Payload;
use actix_web::web::BytesMut;
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;
use futures_util::future::{LocalBoxFuture, Ready, ready};
use salesops_domain::FieldError;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::AppError;
use crate::http::strict::{NUL_MESSAGE, Strict};

/// The largest request body accepted.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A JSON body, parsed and validated.
pub struct ValidatedJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidatedJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type_ok = is_json(req);
        let declared_len = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared_len.is_some_and(|n| n > BODY_LIMIT) {
                return Err(AppError::PayloadTooLarge);
            }
            if !content_type_ok {
                return Err(AppError::UnsupportedMediaType(
                    "send the body as application/json".to_owned(),
                ));
            }
            let mut body = BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| match e {
                    actix_web::error::PayloadError::Overflow => AppError::PayloadTooLarge,
                    other => AppError::BadRequest {
                        detail: format!("cannot read the body: {other}"),
                        errors: Vec::new(),
                    },
                })?;
                if body.len() + chunk.len() > BODY_LIMIT {
                    return Err(AppError::PayloadTooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            let value: T = parse_json(&body)?;
            value.validate()?;
            Ok(ValidatedJson(value))
        })
    }
}

fn is_json(req: &HttpRequest) -> bool {
    let Some(ct) = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses JSON, naming the field that does not fit. Unreadable JSON is 400; JSON that does
/// not fit the request (a wrong type, an unknown field, an array for an object, text with
/// U+0000) is 422 naming the field (see `http::strict`).
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| AppError::BadRequest {
            detail: format!("malformed JSON: {e}"),
            errors: Vec::new(),
        })?;
    serde_path_to_error::deserialize(Strict(&value)).map_err(|err| {
        let path = err.path().to_string();
        AppError::Validation(vec![field_error(&path, &err.into_inner().to_string())])
    })
}

/// Names the field of a serde data error: the path where it happened, or, for a missing
/// field, the name serde quotes in its message.
fn field_error(path: &str, message: &str) -> FieldError {
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_owned();
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let field = if path == "." || path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        };
        return FieldError::new(field, "required", "is required");
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let field = if path == "." || path.is_empty() {
            name.to_owned()
        } else if path.ends_with(name) {
            path.to_owned()
        } else {
            format!("{path}.{name}")
        };
        return FieldError::new(
            field,
            "unknown_field",
            format!("`{name}` is not a field of this request"),
        );
    }
    let field = if path == "." || path.is_empty() {
        "body".to_owned()
    } else {
        path.to_owned()
    };
    let code = if message.starts_with("unknown variant") {
        "unknown_value"
    } else if message == NUL_MESSAGE {
        "invalid_character"
    } else {
        "invalid_type"
    };
    FieldError::new(field, code, message)
}

/// A query string, parsed and validated. Unknown parameters are ignored.
pub struct ValidatedQuery<T>(pub T);

impl<T: DeserializeOwned + Validate> FromRequest for ValidatedQuery<T> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_query(req.query_string()).map(ValidatedQuery))
    }
}

pub fn parse_query<T: DeserializeOwned + Validate>(query: &str) -> Result<T, AppError> {
    // PostgreSQL cannot hold U+0000 in text; refuse it here, naming the parameter.
    if let Some((name, _)) =
        form_urlencoded::parse(query.as_bytes()).find(|(k, v)| k.contains('\0') || v.contains('\0'))
    {
        return Err(AppError::Validation(vec![FieldError::new(
            name.replace('\0', ""),
            "invalid_character",
            NUL_MESSAGE,
        )]));
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    let value: T = serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        let field = if path == "." {
            "query".to_owned()
        } else {
            path
        };
        AppError::BadRequest {
            detail: format!("query parameter `{field}`: {message}"),
            errors: vec![FieldError::new(field, "invalid", message)],
        }
    })?;
    value.validate()?;
    Ok(value)
}
