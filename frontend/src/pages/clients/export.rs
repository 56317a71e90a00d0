//! "Export CSV" on the client list: `GET /clients/export` with the list's filters, fetched with
//! the session's token (a plain link could not send it) and saved through an object URL.

use std::time::Duration;

use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::set_timeout;
use salesops_domain::Problem;
use salesops_domain::client_changes::ClientListQuery;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{Api, ApiError, BASE};

/// The file name when the server names none.
const DEFAULT_NAME: &str = "clients.csv";

/// The query of the export for the list's filters (the same names as `GET /clients`).
pub fn export_query(filter: &ClientListQuery) -> Vec<(&'static str, String)> {
    let mut q = Vec::new();
    if let Some(text) = filter.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        q.push(("q", text.to_owned()));
    }
    let mut opt = |name: &'static str, value: Option<String>| {
        if let Some(v) = value {
            q.push((name, v));
        }
    };
    opt("owner_id", filter.owner_id.map(|v| v.to_string()));
    opt("team_id", filter.team_id.map(|v| v.to_string()));
    opt("tier", filter.tier.map(|v| v.as_str().to_owned()));
    opt("stage", filter.stage.map(|v| v.as_str().to_owned()));
    opt("credit", filter.credit.map(|v| v.as_str().to_owned()));
    opt("source", filter.source.map(|v| v.as_str().to_owned()));
    opt("region", filter.region.clone());
    opt("overdue", filter.overdue.map(|v| v.to_string()));
    opt("archived", filter.archived.map(|v| v.to_string()));
    opt("sort", filter.sort.map(|v| v.as_str().to_owned()));
    q
}

/// The file name of a `Content-Disposition: attachment; filename="…"` header, or
/// `default_name`.
pub fn file_name(header: Option<&str>, default_name: &str) -> String {
    header
        .and_then(|h| {
            h.split(';')
                .find_map(|p| p.trim().strip_prefix("filename="))
        })
        .map(|n| n.trim_matches('"').trim())
        .filter(|n| !n.is_empty() && !n.contains(['/', '\\']))
        .unwrap_or(default_name)
        .to_owned()
}

/// Downloads the clients matching `filter` as a CSV file in the browser.
pub async fn download_clients_csv(api: Api, filter: &ClientListQuery) -> Result<(), ApiError> {
    let query = export_query(filter);
    download(
        api,
        "/clients/export",
        &query,
        "text/csv;charset=utf-8",
        DEFAULT_NAME,
    )
    .await
}

/// Downloads `path` (under `/api/v1`, with `query`) with the session's token and saves it as
/// a file (named by the server's `Content-Disposition`, else `default_name`) of type `mime`.
pub async fn download(
    api: Api,
    path: &str,
    query: &[(&'static str, String)],
    mime: &str,
    default_name: &str,
) -> Result<(), ApiError> {
    let mut response = send(api, path, query, mime).await?;
    if response.status() == 401 {
        // An expired access token: a call through the API client renews the session (or ends
        // it), then the file is asked for once more.
        api.me().await?;
        response = send(api, path, query, mime).await?;
        if response.status() == 401 {
            api.auth().clear();
            return Err(ApiError::SignedOut);
        }
    }
    if !response.ok() {
        return Err(problem_of(response).await);
    }
    let header = response.headers().get("Content-Disposition");
    let name = file_name(header.as_deref(), default_name);
    let bytes = response
        .binary()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    save_file(&bytes, &name, mime)
        .map_err(|e| ApiError::Network(e.as_string().unwrap_or_else(|| format!("{e:?}"))))
}

async fn send(
    api: Api,
    path: &str,
    query: &[(&'static str, String)],
    mime: &str,
) -> Result<Response, ApiError> {
    let token = api
        .auth()
        .current()
        .map(|s| s.access_token)
        .ok_or(ApiError::SignedOut)?;
    let accept = format!(
        "{}, application/problem+json",
        mime.split(';').next().unwrap_or(mime)
    );
    let mut builder = RequestBuilder::new(&format!("{BASE}{path}"))
        .method(Method::GET)
        .header("Accept", &accept)
        .header("Authorization", &format!("Bearer {token}"));
    if !query.is_empty() {
        builder = builder.query(query.iter().map(|(k, v)| (*k, v.as_str())));
    }
    builder
        .build()
        .map_err(|e| ApiError::Network(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// The server's problem body, or one made from the status.
async fn problem_of(response: Response) -> ApiError {
    let status = response.status();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse().ok());
    let text = response.text().await.unwrap_or_default();
    match serde_json::from_str::<Problem>(&text) {
        Ok(problem) => ApiError::Problem {
            problem: Box::new(problem),
            retry_after,
        },
        Err(_) => ApiError::Network(format!("HTTP {status}")),
    }
}

/// Hands `bytes` to the browser as a download named `name`.
fn save_file(bytes: &[u8], name: &str, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    if let Some(body) = document.body() {
        body.append_child(&link)?;
    }
    link.click();
    link.remove();
    // The download has started reading the blob; free it a little later.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(30),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use salesops_domain::clients::{Stage, Tier};

    #[test]
    fn the_export_gets_the_list_filters() {
        let filter = ClientListQuery {
            q: Some("  张 ".to_owned()),
            tier: Some(Tier::Key),
            stage: Some(Stage::Intent),
            overdue: Some(true),
            ..Default::default()
        };
        assert_eq!(
            export_query(&filter),
            vec![
                ("q", "张".to_owned()),
                ("tier", "key".to_owned()),
                ("stage", "intent".to_owned()),
                ("overdue", "true".to_owned()),
            ]
        );
        let blank = ClientListQuery {
            q: Some("   ".to_owned()),
            ..Default::default()
        };
        assert!(export_query(&blank).is_empty());
    }

    #[test]
    fn the_file_is_named_by_the_server() {
        assert_eq!(
            file_name(Some("attachment; filename=\"clients.csv\""), DEFAULT_NAME),
            "clients.csv"
        );
        assert_eq!(
            file_name(Some("attachment; filename=x-2030.csv"), DEFAULT_NAME),
            "x-2030.csv"
        );
        assert_eq!(file_name(None, DEFAULT_NAME), DEFAULT_NAME);
        assert_eq!(
            file_name(Some("attachment; filename=\"../evil\""), DEFAULT_NAME),
            DEFAULT_NAME
        );
    }
}
