use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::web::{Bytes, BytesMut, Path};
use actix_web::{HttpResponse, get, post};
use futures_util::StreamExt as _;
use salesops_domain::Problem;
use salesops_domain::receipts::{MAX_RECEIPT_BYTES, ReceiptDto, ReceiptType};

use crate::access::Caller;
use crate::error::{AppError, AppResult};
use crate::hashing::sha256_hex;
use crate::receipts::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(upload_receipt).service(receipt_file);
}

/// The form of `POST /receipts` (documentation only: the handler reads the parts itself and
/// refuses any other part, which `deny_unknown_fields` says in the document).
#[derive(utoipa::ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ReceiptUpload {
    /// The image or PDF, at most 10 MiB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The invoice's number (发票号码), at most 100 characters; unique across receipts.
    invoice_number: Option<String>,
}

/// The parts of the upload, read with their limits.
struct Parts {
    file: Bytes,
    invoice_number: Option<String>,
}

async fn read_parts(mut form: Multipart) -> AppResult<Parts> {
    let mut file: Option<Bytes> = None;
    let mut invoice: Option<String> = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(malformed)?;
        let name = field.name().unwrap_or_default().to_owned();
        let limit = match name.as_str() {
            "file" => MAX_RECEIPT_BYTES,
            "invoice_number" => 1024,
            other => {
                return Err(AppError::validation(
                    other,
                    "unknown_field",
                    "the form has the parts `file` and `invoice_number`",
                ));
            }
        };
        let mut buf = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(malformed)?;
            if buf.len() + chunk.len() > limit {
                return Err(match name.as_str() {
                    "file" => AppError::FileTooLarge {
                        field: "file",
                        limit: MAX_RECEIPT_BYTES,
                    },
                    _ => AppError::validation(&name, "length", "at most 100 characters"),
                });
            }
            buf.extend_from_slice(&chunk);
        }
        let already = match name.as_str() {
            "file" => file.replace(buf.freeze()).is_some(),
            _ => {
                let text = String::from_utf8(buf.to_vec())
                    .ok()
                    .filter(|t| !t.contains('\0'))
                    .ok_or_else(|| {
                        AppError::validation(&name, "invalid", "UTF-8 text without U+0000")
                    })?;
                invoice.replace(text).is_some()
            }
        };
        if already {
            return Err(AppError::validation(
                &name,
                "duplicate",
                "sent more than once",
            ));
        }
    }
    let file = file.ok_or_else(|| AppError::validation("file", "required", "attach the file"))?;
    Ok(Parts {
        file,
        invoice_number: invoice,
    })
}

fn malformed(e: actix_multipart::MultipartError) -> AppError {
    use actix_multipart::MultipartError as E;
    match e {
        E::ContentTypeMissing | E::ContentTypeParse | E::ContentTypeIncompatible => {
            AppError::UnsupportedMediaType(
                "send the receipt as multipart/form-data with a `file` part".to_owned(),
            )
        }
        other => AppError::BadRequest {
            detail: format!("malformed multipart form: {other}"),
            errors: Vec::new(),
        },
    }
}

/// Upload a receipt (multipart: `file`, optional `invoice_number`). JPEG, PNG, WebP, HEIC or
/// PDF, recognised from the bytes; at most 10 MiB (413). The same file or the same invoice
/// number uploaded before, by anyone, is 409 `duplicate_receipt` (naming the claim it is on
/// only when the caller may see that claim).
#[utoipa::path(
    tag = "expenses",
    request_body(content = ReceiptUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = ReceiptDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/receipts")]
async fn upload_receipt(caller: Caller, form: Multipart) -> AppResult<HttpResponse> {
    let parts = read_parts(form).await?;
    let content_type = service::recognise(&parts.file)?;
    let invoice = service::invoice_number(parts.invoice_number.as_deref())?;
    let sha = sha256_hex(&parts.file);
    let size = i64::try_from(parts.file.len()).map_err(|_| AppError::FileTooLarge {
        field: "file",
        limit: MAX_RECEIPT_BYTES,
    })?;
    {
        let (sha, invoice) = (sha.clone(), invoice.clone());
        caller
            .run(move |c, ctx| service::ensure_new(c, ctx, &sha, invoice.as_deref()))
            .await?;
    }
    // The file first, the row after: a row always has its file. A file without a row (the
    // insert lost a race) is the same bytes under the same key as the winner's.
    caller
        .state()
        .files
        .put(&service::storage_key(&sha), parts.file)
        .await?;
    let receipt = caller
        .run(move |c, ctx| service::record(c, ctx, &sha, invoice.as_deref(), content_type, size))
        .await?;
    Ok(HttpResponse::Created().json(receipt))
}

/// The receipt's file, to its uploader and whoever may see its claim. Served with its
/// recognised type, sandboxed (a PDF's scripts do not run in the app's origin).
#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "receipt id")),
    responses(
        (status = 200, description = "the file, as recognised when uploaded", content(
            (String = "image/jpeg"), (String = "image/png"), (String = "image/webp"),
            (String = "image/heic"), (String = "application/pdf"))),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/receipts/{id}")]
async fn receipt_file(caller: Caller, id: Path<i64>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let receipt = caller
        .run(move |c, ctx| service::for_download(c, ctx, id))
        .await?;
    let bytes = caller.state().files.get(&receipt.storage_key).await?;
    let ext = match receipt.content_type {
        ReceiptType::Jpeg => "jpg",
        ReceiptType::Png => "png",
        ReceiptType::Webp => "webp",
        ReceiptType::Heic => "heic",
        ReceiptType::Pdf => "pdf",
    };
    Ok(HttpResponse::Ok()
        .content_type(receipt.content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"receipt-{}.{ext}\"", receipt.id),
        ))
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        ))
        .body(bytes))
}
