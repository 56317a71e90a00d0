//! Compression and caching: the browser app's files sent as their precompressed copies by
//! `Accept-Encoding`, cached for a year under hashed names and revalidated otherwise; the API's
//! larger JSON answers compressed on the fly; downloads left as they are.
//!
//! Backend-independent, so on SQLite only.

use std::io::Read as _;
use std::path::Path;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use crate::money::Money;
use crate::support::TestApp;

const WASM: &str = "pkg/salesops_web-0123456789abcdef_bg.wasm";
const CSS: &str = "style-0123456789abcdef.css";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

struct Got {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn varies_by_encoding(&self) -> bool {
        self.headers
            .get_all("vary")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    }

    /// The body as sent, decoded by its `Content-Encoding`.
    fn decoded(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self.header("content-encoding") {
            None => out.clone_from(&self.body),
            Some("br") => {
                brotli::Decompressor::new(&self.body[..], 4096)
                    .read_to_end(&mut out)
                    .unwrap();
            }
            Some("gzip") => {
                flate2::read::GzDecoder::new(&self.body[..])
                    .read_to_end(&mut out)
                    .unwrap();
            }
            Some(other) => panic!("unexpected content-encoding {other}"),
        }
        out
    }
}

async fn fetch(
    app: &TestApp,
    path: &str,
    accept_encoding: Option<&str>,
    token: Option<&str>,
    extra: &[(&str, &str)],
) -> Got {
    let mut req = app.client.get(app.url(path));
    if let Some(ae) = accept_encoding {
        req = req.header("accept-encoding", ae);
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    Got {
        status: res.status(),
        headers: res.headers().clone(),
        body: res.bytes().await.unwrap().to_vec(),
    }
}

fn brotli_of(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
    out
}

fn gzip_of(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Writes `rel` under `dir` with `bytes`, and the precompressed copies asked for.
fn put(dir: &Path, rel: &str, bytes: &[u8], br: bool, gz: bool) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    if br {
        std::fs::write(dir.join(format!("{rel}.br")), brotli_of(bytes)).unwrap();
    }
    if gz {
        std::fs::write(dir.join(format!("{rel}.gz")), gzip_of(bytes)).unwrap();
    }
}

/// A web dir like `cargo xtask web` writes: the wasm with both copies, the stylesheet with a
/// gzip copy only, the page with both, and an unhashed file with none.
fn web_dir(app: &TestApp) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let dir = &app.settings.web_dir;
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    for i in 0..4000u32 {
        wasm.extend_from_slice(format!("func{} ", i % 97).as_bytes());
    }
    let css = "body { margin: 0; color: #111; }\n".repeat(50).into_bytes();
    let index = format!(
        "<!doctype html><title>salesops</title><link rel=stylesheet href=\"/{CSS}\">{}<div id=app></div>",
        "<!-- padding -->".repeat(100)
    )
    .into_bytes();
    put(dir, WASM, &wasm, true, true);
    put(dir, CSS, &css, false, true);
    put(dir, "index.html", &index, true, true);
    put(dir, "robots.txt", b"User-agent: *\n", false, false);
    (wasm, css, index)
}

#[actix_web::test]
async fn static_files_are_sent_precompressed_by_accept_encoding() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (wasm, css, index) = web_dir(&app);
    let path = format!("/{WASM}");
    let dir = app.settings.web_dir.clone();
    let br_copy = std::fs::read(dir.join(format!("{WASM}.br"))).unwrap();
    let gz_copy = std::fs::read(dir.join(format!("{WASM}.gz"))).unwrap();

    // Browsers: brotli.
    let res = fetch(&app, &path, Some("gzip, deflate, br, zstd"), None, &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-encoding"), Some("br"));
    assert_eq!(res.header("content-type"), Some("application/wasm"));
    assert_eq!(
        res.body, br_copy,
        "the copy as written, not compressed again"
    );
    assert_eq!(res.decoded(), wasm);
    assert!(res.varies_by_encoding());
    assert_eq!(res.header("cache-control"), Some(IMMUTABLE));
    assert!(res.header("content-security-policy").is_some());
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    let br_etag = res.header("etag").map(str::to_owned);

    // gzip only; brotli refused.
    for ae in ["gzip", "br;q=0, gzip", "gzip;q=1.0, br;q=0.000"] {
        let res = fetch(&app, &path, Some(ae), None, &[]).await;
        assert_eq!(res.header("content-encoding"), Some("gzip"), "{ae}");
        assert_eq!(res.header("content-type"), Some("application/wasm"), "{ae}");
        assert_eq!(res.body, gz_copy, "{ae}");
        assert!(res.varies_by_encoding(), "{ae}");
        assert_eq!(res.header("cache-control"), Some(IMMUTABLE), "{ae}");
        assert_ne!(res.header("etag").map(str::to_owned), br_etag, "{ae}");
    }

    // Nothing accepted: the file itself, still varying by the header.
    for ae in [None, Some("identity"), Some("br;q=0, gzip;q=0")] {
        let res = fetch(&app, &path, ae, None, &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{ae:?}");
        assert_eq!(res.header("content-encoding"), None, "{ae:?}");
        assert_eq!(res.body, wasm, "{ae:?}");
        assert!(res.varies_by_encoding(), "{ae:?}");
        assert_eq!(res.header("cache-control"), Some(IMMUTABLE), "{ae:?}");
    }

    // A range is of the file itself.
    let res = fetch(&app, &path, Some("br"), None, &[("range", "bytes=0-3")]).await;
    assert_eq!(res.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.body, b"\0asm");

    // The stylesheet has a gzip copy only: a browser gets that.
    let res = fetch(&app, &format!("/{CSS}"), Some("br, gzip"), None, &[]).await;
    assert_eq!(res.header("content-encoding"), Some("gzip"));
    assert!(
        res.header("content-type")
            .is_some_and(|ct| ct.starts_with("text/css")),
        "{:?}",
        res.header("content-type")
    );
    assert_eq!(res.decoded(), css);
    assert_eq!(res.header("cache-control"), Some(IMMUTABLE));

    // The page and every client route: revalidated each time, compressed too.
    for route in ["/", "/index.html", "/clients/42", "/pkg/none.js"] {
        let res = fetch(&app, route, Some("gzip, deflate, br"), None, &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{route}");
        assert_eq!(res.header("cache-control"), Some("no-cache"), "{route}");
        assert_eq!(res.header("content-encoding"), Some("br"), "{route}");
        assert!(
            res.header("content-type")
                .is_some_and(|ct| ct.starts_with("text/html")),
            "{route}"
        );
        assert_eq!(res.decoded(), index, "{route}");
        assert!(res.varies_by_encoding(), "{route}");
        assert!(res.header("content-security-policy").is_some(), "{route}");
        let plain = fetch(&app, route, None, None, &[]).await;
        assert_eq!(plain.header("cache-control"), Some("no-cache"), "{route}");
        assert_eq!(plain.header("content-encoding"), None, "{route}");
        assert_eq!(plain.body, index, "{route}");
    }

    // A file without a hash in its name is revalidated; without copies, it does not vary.
    let res = fetch(&app, "/robots.txt", Some("br, gzip"), None, &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("cache-control"), Some("no-cache"));
    assert_eq!(res.header("content-encoding"), None);
    assert_eq!(res.body, b"User-agent: *\n");
}

#[actix_web::test]
async fn larger_json_answers_are_compressed_and_downloads_are_not_harmed() {
    let m = Money::new(Backend::Sqlite).await;
    let app = &m.app;
    let admin = m.t.admin.clone();
    for i in 0..20 {
        app.seed_user(&format!("extra.user.{i:02}"), &[Role::Salesperson], None);
    }

    // A list of users: well over 1 KB.
    let plain = fetch(app, "/api/v1/users", None, Some(&admin), &[]).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header("content-encoding"), None);
    assert!(plain.body.len() > 2048, "{}", plain.body.len());
    assert!(plain.varies_by_encoding());
    let expected: Value = serde_json::from_slice(&plain.body).unwrap();
    for (ae, coding) in [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
    ] {
        let res = fetch(app, "/api/v1/users", Some(ae), Some(&admin), &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{ae}");
        assert_eq!(res.header("content-encoding"), Some(coding), "{ae}");
        assert_eq!(res.header("content-type"), Some("application/json"), "{ae}");
        assert!(res.varies_by_encoding(), "{ae}");
        assert!(res.body.len() < plain.body.len() / 2, "{ae}");
        let got: Value = serde_json::from_slice(&res.decoded()).unwrap();
        assert_eq!(got, expected, "{ae}");
        assert!(res.header("content-security-policy").is_some(), "{ae}");
    }

    // A small answer is sent as it is.
    let res = fetch(app, "/healthz", Some("br, gzip"), None, &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-encoding"), None);
    assert!(!res.varies_by_encoding());
    // So is a small problem.
    let res = fetch(app, "/api/v1/users/999999", Some("br"), Some(&admin), &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.header("content-encoding"), None);
    let problem: Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(problem["code"], "not_found");

    // A receipt (an image) is sent byte for byte.
    let image = crate::money::png(4242);
    let up = m.upload(&m.t.sp1, "receipt.png", image.clone(), None).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.text);
    let id = up.id();
    let res = fetch(
        app,
        &format!("/api/v1/receipts/{id}"),
        Some("gzip, deflate, br"),
        Some(&m.t.sp1),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-encoding"), None);
    assert_eq!(res.header("content-type"), Some("image/png"));
    assert_eq!(res.body, image);

    // A CSV export: the same file once decoded, still a download.
    for i in 0..25 {
        let res = app
            .post(
                "/api/v1/clients",
                &m.t.sp1,
                json!({"name": format!("压缩测试客户 {i:02} 有限公司"),
                       "phone": format!("1391234{i:04}")}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let plain = fetch(app, "/api/v1/clients/export", None, Some(&m.t.sp1), &[]).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.body.len() > 1024, "{}", plain.body.len());
    let res = fetch(
        app,
        "/api/v1/clients/export",
        Some("gzip, deflate, br"),
        Some(&m.t.sp1),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        res.header("content-disposition"),
        plain.header("content-disposition")
    );
    assert!(
        res.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    assert_eq!(res.decoded(), plain.body);
}
