//! Receipt use cases: what a file is, whether it is on file already, who may see it.

use salesops_domain::Capability;
use salesops_domain::FieldError;
use salesops_domain::problem::ProblemFacts;
use salesops_domain::receipts::{ReceiptDto, ReceiptType};

use crate::access::{Ctx, Principal};
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::receipts::queries::{self as q, NewReceipt, ReceiptRow};

/// The receipt's type, recognised from its first bytes (the file name and the type the
/// browser sent are not trusted).
pub fn recognise(bytes: &[u8]) -> AppResult<ReceiptType> {
    if bytes.is_empty() {
        return Err(AppError::validation("file", "empty", "the file is empty"));
    }
    let kind = infer::get(bytes).map(|k| k.mime_type());
    match kind {
        Some("image/jpeg") => Ok(ReceiptType::Jpeg),
        Some("image/png") => Ok(ReceiptType::Png),
        Some("image/webp") => Ok(ReceiptType::Webp),
        Some("image/heif" | "image/heic") => Ok(ReceiptType::Heic),
        Some("application/pdf") => Ok(ReceiptType::Pdf),
        other => Err(AppError::validation(
            "file",
            "unsupported_type",
            &format!(
                "a receipt must be a JPEG, PNG, WebP or HEIC image or a PDF; this file is {}",
                other.unwrap_or("of an unknown type")
            ),
        )),
    }
}

/// Where a file with this SHA-256 is kept.
pub fn storage_key(sha256: &str) -> String {
    format!("receipts/{}/{sha256}", &sha256[..2.min(sha256.len())])
}

/// The invoice number as stored: trimmed, `None` when blank.
pub fn invoice_number(raw: Option<&str>) -> AppResult<Option<String>> {
    let Some(text) = raw
        .map(salesops_domain::text::trim)
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    if text.chars().count() > 100 {
        return Err(AppError::validation(
            "invoice_number",
            "length",
            "at most 100 characters",
        ));
    }
    Ok(Some(text.to_owned()))
}

/// 409 `duplicate_receipt` if the same file or invoice number is on file (uploaded by anyone).
pub fn ensure_new(
    conn: &mut DbConn,
    ctx: &Ctx,
    sha256: &str,
    invoice_number: Option<&str>,
) -> AppResult<()> {
    ctx.require(Capability::ExpensesWrite)?;
    let Some(found) = q::find_duplicate(conn, sha256, invoice_number)? else {
        return Ok(());
    };
    let same_file = found.sha256 == sha256;
    let visible = may_see(conn, ctx, &found)?;
    let claim = q::claim_of(conn, found.id)?;
    let claim_visible = match claim {
        Some((_, owner)) => Principal::owner_within(conn, &ctx.money_scope(), owner)?,
        None => false,
    };
    Err(AppError::Refused {
        code: "duplicate_receipt",
        detail: if same_file {
            "this file has been uploaded before; a receipt is claimed once".to_owned()
        } else {
            "a receipt with this invoice number has been uploaded before".to_owned()
        },
        errors: vec![FieldError::new(
            if same_file { "file" } else { "invoice_number" },
            "duplicate",
            "already on file",
        )],
        facts: Box::new(ProblemFacts {
            existing_receipt_id: visible.then_some(found.id),
            existing_claim_id: claim.filter(|_| claim_visible).map(|(id, _)| id),
            ..ProblemFacts::default()
        }),
    })
}

/// Records a stored file as a receipt of the caller's.
pub fn record(
    conn: &mut DbConn,
    ctx: &Ctx,
    sha256: &str,
    invoice_number: Option<&str>,
    content_type: ReceiptType,
    size: i64,
) -> AppResult<ReceiptDto> {
    let key = storage_key(sha256);
    let stored = db::write(conn, |tx| {
        audit::created(
            tx,
            &ctx.actor(),
            "receipt.upload",
            "receipt",
            |tx| {
                Ok(q::insert(
                    tx,
                    &NewReceipt {
                        sha256,
                        invoice_number,
                        content_type: content_type.as_str(),
                        size,
                        storage_key: &key,
                        uploaded_by: ctx.user_id,
                        created_at: ctx.now,
                    },
                )?)
            },
            |c, id| {
                q::find(c, id)?
                    .map(|r| r.to_dto())
                    .ok_or(AppError::NotFound("receipt"))
            },
        )
    });
    match stored {
        // Someone uploaded the same file or number since the check: say so the same way.
        Err(AppError::Conflict {
            code: "duplicate", ..
        }) => ensure_new(conn, ctx, sha256, invoice_number).and(Err(AppError::conflict(
            "duplicate_receipt",
            "this receipt has just been uploaded by someone else",
        ))),
        other => other,
    }
}

fn may_see(conn: &mut DbConn, ctx: &Ctx, receipt: &ReceiptRow) -> AppResult<bool> {
    if receipt.uploaded_by == ctx.user_id {
        return Ok(true);
    }
    let owner = match q::claim_of(conn, receipt.id)? {
        Some((_, owner)) => owner,
        None => receipt.uploaded_by,
    };
    Principal::owner_within(conn, &ctx.money_scope(), owner)
}

/// The receipt if the caller may see it (its uploader, or whoever may see its claim); 404
/// otherwise.
pub fn for_download(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ReceiptRow> {
    ctx.require(Capability::ExpensesRead)?;
    let receipt = q::find(conn, id)?.ok_or(AppError::NotFound("receipt"))?;
    if may_see(conn, ctx, &receipt)? {
        Ok(receipt)
    } else {
        Err(AppError::NotFound("receipt"))
    }
}
