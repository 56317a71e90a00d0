//! Everything no route matched: API paths answer 404 or 405 (with `Allow`) in problem+json;
//! other GET paths serve the browser app's files, or `index.html` so client routes survive a
//! reload.
//!
//! A file is sent as its brotli (`.br`) or gzip (`.gz`) copy written by `cargo xtask web`
//! when the request accepts that coding ([`compress::accepted`]), with the original's
//! `Content-Type`, and `Vary: Accept-Encoding` whenever a copy exists. Files under a
//! content-hashed name (`style-<16 hex>.css`, `salesops_web-<16 hex>_bg.wasm`) are
//! `Cache-Control: public, max-age=31536000, immutable`; every other file, `index.html` and the
//! client routes answered with it are `no-cache` (revalidated by their `ETag`).

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use utoipa::openapi::OpenApi;

use crate::error::AppError;
use crate::http::compress::{self, Coding};
use crate::state::AppState;

/// The API's paths and their methods, read from the OpenAPI document so it cannot drift from
/// the routes.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl RouteTable {
    pub fn from_openapi(api: &OpenApi) -> RouteTable {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path.split('/').map(str::to_owned).collect();
                let mut methods = Vec::new();
                let pairs = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                for (m, present) in pairs {
                    if present {
                        methods.push(m.to_owned());
                    }
                }
                (segments, methods)
            })
            .collect();
        RouteTable { routes }
    }

    /// The methods the path accepts, if it names a route at all. Where a literal route and a
    /// parameter route both fit (`/clients/export` and `/clients/{id}`), the literal one names
    /// the resource: `PATCH /clients/export` is 405, not an attempt on a client "export".
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let mut best = 0usize;
        let mut allowed: Vec<String> = Vec::new();
        for (segments, methods) in &self.routes {
            let fits = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(s, p)| {
                    (s.starts_with('{') && s.ends_with('}') && !p.is_empty()) || s == p
                });
            if !fits {
                continue;
            }
            let literal = segments.iter().filter(|s| !s.starts_with('{')).count();
            if literal > best {
                best = literal;
                allowed.clear();
            }
            if literal == best {
                allowed.extend(methods.iter().cloned());
            }
        }
        if allowed.is_empty() {
            None
        } else {
            allowed.sort();
            allowed.dedup();
            Some(allowed)
        }
    }
}

pub async fn handle(req: HttpRequest) -> HttpResponse {
    let path = req.path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        let table = req.app_data::<Data<RouteTable>>();
        return match table.and_then(|t| t.allowed(&path)) {
            Some(allow) => AppError::MethodNotAllowed { allow }.error_response(),
            None => AppError::NotFound("resource").error_response(),
        };
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return AppError::MethodNotAllowed {
            allow: vec!["GET".to_owned(), "HEAD".to_owned()],
        }
        .error_response();
    }
    let Some(state) = req.app_data::<Data<AppState>>() else {
        return AppError::NotFound("resource").error_response();
    };
    let web_dir = state.settings.web_dir.clone();
    if let Some(file) = safe_join(&web_dir, &path).filter(|p| p.is_file())
        && let Some(res) = serve_file(&req, file).await
    {
        return res;
    }
    match serve_file(&req, web_dir.join("index.html")).await {
        Some(res) => res,
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("The browser app is not built. Run `cargo xtask web` (or `cargo xtask start`)."),
    }
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `file` (which exists, or `None`), as its best precompressed copy the request accepts.
async fn serve_file(req: &HttpRequest, file: PathBuf) -> Option<HttpResponse> {
    // A range is of the file itself: no copy is picked, so offsets mean what the client thinks.
    let codings = if req.headers().contains_key(header::RANGE) {
        vec![Coding::Identity]
    } else {
        compress::accepted(req.headers())
    };
    let immutable = file
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_hashed);
    let (named, has_copies) = web::block(move || open_best(&file, &codings))
        .await
        .ok()?
        .ok()?;
    let mut res = named.into_response(req);
    let headers = res.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if immutable { IMMUTABLE } else { "no-cache" }),
    );
    if has_copies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Some(res)
}

/// Opens the first of `codings` `file` has a copy for (`Identity`: the file itself), typed and
/// named as the original; also says whether the file has any precompressed copy.
fn open_best(file: &Path, codings: &[Coding]) -> std::io::Result<(NamedFile, bool)> {
    let copy_of = |c: Coding| {
        c.suffix().map(|s| {
            let mut name = file.as_os_str().to_owned();
            name.push(s);
            PathBuf::from(name)
        })
    };
    let has_copies = [Coding::Brotli, Coding::Gzip]
        .into_iter()
        .filter_map(copy_of)
        .any(|p| p.is_file());
    for &coding in codings {
        let Some(copy) = copy_of(coding) else { break };
        if let Ok(f) = std::fs::File::open(&copy) {
            let named =
                NamedFile::from_file(f, file)?.set_content_encoding(coding.content_encoding());
            return Ok((named, has_copies));
        }
    }
    Ok((NamedFile::open(file)?, has_copies))
}

/// Whether a file name carries a content hash as `cargo xtask web` writes it: `-` and 16
/// lowercase hex digits, then `.` or `_` (`boot-0123456789abcdef.js`,
/// `salesops_web-0123456789abcdef_bg.wasm`).
pub fn is_hashed(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'-'
            && bytes.get(i + 1..i + 17).is_some_and(|h| {
                h.iter()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            })
            && matches!(bytes.get(i + 17), Some(b'.' | b'_'))
    })
}

/// `root` + the request path, refusing anything that could leave `root`.
fn safe_join(root: &Path, request_path: &str) -> Option<PathBuf> {
    let rel = Path::new(request_path.trim_start_matches('/'));
    if rel.as_os_str().is_empty() {
        return None;
    }
    if rel.components().all(|c| matches!(c, Component::Normal(_))) {
        Some(root.join(rel))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_web_dir() {
        let root = Path::new("/srv/dist");
        assert_eq!(
            safe_join(root, "/pkg/app.js"),
            Some(PathBuf::from("/srv/dist/pkg/app.js"))
        );
        assert_eq!(safe_join(root, "/../etc/passwd"), None);
        assert_eq!(safe_join(root, "/"), None);
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("boot-0123456789abcdef.js"));
        assert!(is_hashed("salesops_web-0123456789abcdef_bg.wasm"));
        assert!(!is_hashed("salesops_web_bg.wasm"));
        assert!(!is_hashed("style-0123456789ABCDEF.css"));
        assert!(!is_hashed("style-0123456789abcde.css"));
        assert!(!is_hashed("index.html"));
    }
}
