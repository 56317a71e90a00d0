//! Everything no route matched: API paths answer 404 or 405 (with `Allow`) in problem+json;
//! other GET paths serve the browser app's files, or `index.html` so client routes survive a
//! reload.

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use utoipa::openapi::OpenApi;

use crate::error::AppError;
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
        && let Ok(named) = NamedFile::open_async(&file).await
    {
        return named.into_response(&req);
    }
    match NamedFile::open_async(web_dir.join("index.html")).await {
        Ok(index) => {
            let mut res = index.into_response(&req);
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                CacheControl(vec![CacheDirective::NoCache])
                    .to_string()
                    .parse()
                    .unwrap_or(header::HeaderValue::from_static("no-cache")),
            );
            res
        }
        Err(_) => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("The browser app is not built. Run `cargo xtask web` (or `cargo xtask start`)."),
    }
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
}
