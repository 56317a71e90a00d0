//! Security headers on every response: a Content-Security-Policy, `X-Content-Type-Options:
//! nosniff` and `Referrer-Policy: same-origin`. A response that already carries a CSP keeps it.
//!
//! Two policies (reasons in docs/DECISIONS.md, "Security headers"):
//! - the browser app, the API and everything else: scripts only from this origin, plus
//!   `'wasm-unsafe-eval'` to compile the app's WebAssembly; no inline script or style, except the
//!   print view's one stylesheet by its hash (the print view is shown in a `srcdoc` iframe,
//!   which inherits the app's policy); images also as `data:` (the app's icon);
//! - Swagger UI under `/docs`: the same, without wasm, plus the inline styles Swagger UI sets
//!   (`style-src 'unsafe-inline'`), still with no inline script.

use std::sync::LazyLock;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Directives both policies share.
macro_rules! common {
    () => {
        "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    };
}

/// The print view's one inline stylesheet (`reports::html`, the weekly report's print page),
/// allowed by its hash. It is kept here so the policy needs nothing from a feature.
pub const PRINT_VIEW_STYLE: &str = "
body { font-family: sans-serif; max-width: 180mm; margin: 10mm auto; color: #111; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; }
.meta { display: flex; justify-content: space-between; font-size: 10pt; margin-bottom: 4mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 6mm; }
th, td { border: 1px solid #444; padding: 2mm 3mm; text-align: left; font-size: 10pt; }
td.num { text-align: right; }
section { border: 1px solid #444; border-top: none; padding: 2mm 3mm; page-break-inside: avoid; }
section:first-of-type { border-top: 1px solid #444; }
h3 { font-size: 11pt; margin: 0 0 1mm; }
p { margin: 0; min-height: 8mm; font-size: 10pt; }
.mark { font-weight: normal; color: #555; }
@media print { body { margin: 0 auto; } }
";

/// The policy of the browser app, the API and every other path.
pub static APP_POLICY: LazyLock<String> = LazyLock::new(|| {
    format!(
        concat!(
            common!(),
            "; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' '{}'; img-src 'self' data:"
        ),
        style_hash(PRINT_VIEW_STYLE)
    )
});

/// The one inline `<style>` Swagger UI writes: the colours of the top bar's logo, an SVG in
/// `swagger-ui-standalone-preset.js` (a test checks the served file still holds it).
pub const DOCS_INLINE_STYLE: &str =
    ".logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}";

/// The policy of Swagger UI (`/docs`): no wasm, its one inline `<style>` by its hash, and the
/// `data:` images of its stylesheet. Its other styles are set through the DOM, which a policy
/// does not restrict.
pub static DOCS_POLICY: LazyLock<String> = LazyLock::new(|| {
    format!(
        concat!(
            common!(),
            "; script-src 'self'; style-src 'self' '{}'; img-src 'self' data:"
        ),
        style_hash(DOCS_INLINE_STYLE)
    )
});

/// A CSP hash source for an inline `<style>` whose text is `css`.
pub fn style_hash(css: &str) -> String {
    let digest = Sha256::digest(css.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy for a request path.
pub fn policy_for(path: &str) -> &'static str {
    if path == "/docs" || path.starts_with("/docs/") {
        DOCS_POLICY.as_str()
    } else {
        APP_POLICY.as_str()
    }
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let policy = policy_for(req.path());
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(policy)
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_print_views_stylesheet_is_allowed_by_its_hash() {
        let hash = style_hash(PRINT_VIEW_STYLE);
        assert!(APP_POLICY.contains(&format!("style-src 'self' '{hash}'")));
        // The hash is over the exact text between the tags of the rendered page.
        let html = format!("<style>{}</style>", PRINT_VIEW_STYLE);
        let inner = html
            .strip_prefix("<style>")
            .and_then(|h| h.strip_suffix("</style>"))
            .unwrap_or_default();
        assert_eq!(style_hash(inner), hash);
        // Known answer: the CSP spec's example hash of `alert('Hello, world.');`.
        assert_eq!(
            style_hash("alert('Hello, world.');"),
            "sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="
        );
    }

    #[test]
    fn docs_get_their_own_policy() {
        assert_eq!(policy_for("/docs/"), DOCS_POLICY.as_str());
        assert_eq!(policy_for("/docs/swagger-ui.css"), DOCS_POLICY.as_str());
        assert_eq!(policy_for("/docs"), DOCS_POLICY.as_str());
        assert!(
            DOCS_POLICY
                .contains("style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='")
        );
        assert_eq!(policy_for("/docsearch"), APP_POLICY.as_str());
        assert_eq!(policy_for("/"), APP_POLICY.as_str());
        assert!(APP_POLICY.contains("script-src 'self' 'wasm-unsafe-eval'"));
        for p in [APP_POLICY.as_str(), DOCS_POLICY.as_str()] {
            assert!(p.starts_with("default-src 'self'"), "{p}");
            assert!(p.contains("frame-ancestors 'none'"), "{p}");
            assert!(
                !p.contains("unsafe-eval'") || p.contains("wasm-unsafe-eval"),
                "{p}"
            );
        }
    }
}
