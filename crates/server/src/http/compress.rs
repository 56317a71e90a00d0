//! Content codings: which one a request accepts (`Accept-Encoding`), and compression of the
//! API's larger answers.
//!
//! - The browser app's files are compressed at build time (`cargo xtask web` writes `.br` and
//!   `.gz` next to each); [`crate::http::fallback`] picks one with [`accepted`].
//! - Everything else passes [`middleware`]: a response of a compressible type (JSON, problem
//!   JSON, text, CSV, JavaScript, SVG, XML) whose body is in memory and at least
//!   [`MIN_SIZE`] bytes is compressed with actix-web's own encoder (what its `Compress`
//!   middleware uses: brotli at quality 3 or gzip, on a blocking thread). Left alone: small
//!   answers (the framing costs more than it saves), streamed bodies (nothing is held back
//!   waiting for more), anything that already has a `Content-Encoding` (the precompressed
//!   files), partial content, images, PDFs and XLSX workbooks (already compressed).

use actix_http::encoding::Encoder;
use actix_web::Error;
use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentEncoding, HeaderMap, HeaderValue};
use actix_web::middleware::Next;

/// Answers smaller than this are sent as they are.
pub const MIN_SIZE: u64 = 1024;

/// A content coding the server sends, best first when the client accepts several equally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The file suffix of a precompressed copy (`app.wasm.br`).
    pub fn suffix(self) -> Option<&'static str> {
        match self {
            Coding::Brotli => Some(".br"),
            Coding::Gzip => Some(".gz"),
            Coding::Identity => None,
        }
    }

    pub fn content_encoding(self) -> ContentEncoding {
        match self {
            Coding::Brotli => ContentEncoding::Brotli,
            Coding::Gzip => ContentEncoding::Gzip,
            Coding::Identity => ContentEncoding::Identity,
        }
    }
}

/// The codings the request accepts, most wanted first, always ending with
/// [`Coding::Identity`]: brotli and gzip by their `q` (a coding with `q=0`, or not named and
/// not covered by `*`, is left out), brotli first when equal. Identity is the fallback even when
/// refused: an answer the client may not decode beats none (RFC 9110 §12.5.3 allows either).
pub fn accepted(headers: &HeaderMap) -> Vec<Coding> {
    let mut br: Option<f32> = None;
    let mut gzip: Option<f32> = None;
    let mut star: Option<f32> = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let mut q = 1.0f32;
            for param in parts {
                if let Some((k, v)) = param.split_once('=')
                    && k.trim().eq_ignore_ascii_case("q")
                {
                    q = v.trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 1.0);
                }
            }
            match name.as_str() {
                "br" => br = Some(q),
                "gzip" | "x-gzip" => gzip = Some(q),
                "*" => star = Some(q),
                _ => {}
            }
        }
    }
    let br = br.or(star).unwrap_or(0.0);
    let gzip = gzip.or(star).unwrap_or(0.0);
    let mut out = Vec::with_capacity(3);
    match (br > 0.0, gzip > 0.0) {
        (true, true) if gzip > br => out.extend([Coding::Gzip, Coding::Brotli]),
        (true, true) => out.extend([Coding::Brotli, Coding::Gzip]),
        (true, false) => out.push(Coding::Brotli),
        (false, true) => out.push(Coding::Gzip),
        (false, false) => {}
    }
    out.push(Coding::Identity);
    out
}

/// Whether a response with these headers is worth compressing by its type.
fn compressible_type(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
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
    (essence.starts_with("text/") && essence != "text/event-stream")
        || essence == "application/json"
        || essence.ends_with("+json")
        || essence == "application/javascript"
        || essence == "application/xml"
        || essence.ends_with("+xml")
}

/// Compresses the answers worth it (see the module's documentation), with the coding the
/// request prefers; adds `Vary: Accept-Encoding` to every answer that depends on it.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let coding = accepted(req.headers())
        .first()
        .copied()
        .unwrap_or(Coding::Identity);
    let mut res = next.call(req).await?;
    let eligible = {
        let r = res.response();
        let status = r.status();
        !matches!(
            status,
            StatusCode::SWITCHING_PROTOCOLS
                | StatusCode::NO_CONTENT
                | StatusCode::PARTIAL_CONTENT
                | StatusCode::NOT_MODIFIED
        ) && !r.headers().contains_key(header::CONTENT_ENCODING)
            && compressible_type(r.headers())
            && matches!(r.body().size(), BodySize::Sized(n) if n >= MIN_SIZE)
    };
    if !eligible {
        return Ok(res.map_into_right_body());
    }
    if coding == Coding::Identity {
        res.headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
        return Ok(res.map_into_right_body());
    }
    // The encoder sets `Content-Encoding` and `Vary`, and drops `Content-Length`.
    Ok(res.map_body(move |head, body| {
        EitherBody::left(Encoder::response(coding.content_encoding(), head, body))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> Vec<Coding> {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(header::ACCEPT_ENCODING, v);
        }
        accepted(&h)
    }

    #[test]
    fn brotli_over_gzip_over_identity() {
        use Coding::{Brotli, Gzip, Identity};
        assert_eq!(accepted(&HeaderMap::new()), [Identity]);
        assert_eq!(with("gzip, deflate, br, zstd"), [Brotli, Gzip, Identity]);
        assert_eq!(with("gzip"), [Gzip, Identity]);
        assert_eq!(with("br;q=0, gzip"), [Gzip, Identity]);
        assert_eq!(with("BR;Q=0.5, gzip;q=0.8"), [Gzip, Brotli, Identity]);
        assert_eq!(with("*"), [Brotli, Gzip, Identity]);
        assert_eq!(with("*;q=0.5, br;q=0"), [Gzip, Identity]);
        assert_eq!(with("identity"), [Identity]);
        assert_eq!(with("gzip;q=nonsense, br"), [Brotli, Identity]);
    }

    #[test]
    fn only_text_like_types_are_compressed() {
        let mut h = HeaderMap::new();
        for (ct, yes) in [
            ("application/json", true),
            ("application/problem+json", true),
            ("text/csv; charset=utf-8", true),
            ("image/png", false),
            ("application/pdf", false),
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                false,
            ),
        ] {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
            assert_eq!(compressible_type(&h), yes, "{ct}");
        }
    }
}
