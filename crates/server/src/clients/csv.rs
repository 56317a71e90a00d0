//! Just enough CSV (RFC 4180) for import and export: quoted fields, doubled quotes, CR/LF,
//! newlines inside quotes; plus the encoding rule of the import (UTF-8, else GBK).

use crate::error::AppError;

/// Decodes an upload: UTF-8 (a BOM is dropped) when valid, else GBK as Excel in China saves it.
/// Returns the text and the encoding's name.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), "utf-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GBK.decode(bytes);
            (text.into_owned(), "gbk")
        }
    }
}

/// The records of a CSV text with the line each starts on (1-based). Blank lines are skipped.
pub fn parse(text: &str) -> Vec<(u32, Vec<String>)> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut line: u32 = 1;
    let mut start: u32 = 1;
    let mut touched = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                in_quotes = true;
                touched = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                touched = true;
            }
            '\r' => {}
            '\n' => {
                if touched || !field.is_empty() {
                    fields.push(std::mem::take(&mut field));
                    records.push((start, std::mem::take(&mut fields)));
                }
                touched = false;
                line += 1;
                start = line;
            }
            _ => {
                field.push(c);
                touched = true;
            }
        }
    }
    if touched || !field.is_empty() {
        fields.push(field);
        records.push((start, fields));
    }
    records
}

/// One CSV line (with CRLF), quoting where needed. Cells that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) get a leading `'`.
pub fn line(cells: &[String]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let guarded = if cell.starts_with(['=', '+', '-', '@']) {
            format!("'{cell}")
        } else {
            cell.clone()
        };
        if guarded.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&guarded.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&guarded);
        }
    }
    out.push_str("\r\n");
    out
}

/// A whole document: UTF-8 with a BOM (so Excel opens Chinese text correctly), header first.
pub fn document(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&line(
        &header.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
    ));
    for r in rows {
        out.push_str(&line(&r));
    }
    out
}

/// The most rows one CSV export returns; a larger one answers 422 `too_many_rows`.
pub const EXPORT_MAX_ROWS: i64 = 50_000;

/// 422 `too_many_rows` when an export would hold `total` rows, more than [`EXPORT_MAX_ROWS`].
pub fn check_export_size(total: i64) -> Result<(), AppError> {
    if total <= EXPORT_MAX_ROWS {
        return Ok(());
    }
    Err(AppError::TooManyRows {
        field: "filter",
        detail: format!(
            "the export would hold {total} rows, more than the limit of {EXPORT_MAX_ROWS}; \
             narrow the filter (owner, team, stage, dates …) and export in parts"
        ),
    })
}

/// The largest CSV upload accepted.
pub const UPLOAD_LIMIT: usize = 4 * 1024 * 1024;

/// Reads a CSV request body (`text/csv`, `text/plain` or `application/octet-stream`).
pub async fn read(
    req: &actix_web::HttpRequest,
    mut payload: actix_web::web::Payload,
) -> Result<Vec<u8>, AppError> {
    use futures_util::StreamExt as _;
    let essence = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(
        essence.as_str(),
        "text/csv" | "text/plain" | "application/octet-stream"
    ) {
        return Err(AppError::UnsupportedMediaType(
            "send the file as text/csv".to_owned(),
        ));
    }
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| AppError::BadRequest {
            detail: format!("cannot read the body: {e}"),
            errors: Vec::new(),
        })?;
        if body.len() + chunk.len() > UPLOAD_LIMIT {
            return Err(AppError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A CSV download.
pub fn attachment(filename: &str, doc: String) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quotes_and_lines() {
        let text = "name,company\r\n张伟,\"华通, 有限\"\n\n\"multi\nline\",\"say \"\"hi\"\"\"\n";
        let recs = parse(text);
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0], (1, vec!["name".to_owned(), "company".to_owned()]));
        assert_eq!(recs[1].1, vec!["张伟".to_owned(), "华通, 有限".to_owned()]);
        assert_eq!(recs[2].0, 4);
        assert_eq!(
            recs[2].1,
            vec!["multi\nline".to_owned(), "say \"hi\"".to_owned()]
        );
    }

    #[test]
    fn decodes_gbk_and_utf8() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,电话\n张伟,138\n");
        assert_eq!(decode(&gbk), ("姓名,电话\n张伟,138\n".to_owned(), "gbk"));
        assert_eq!(
            decode("\u{FEFF}a,b".as_bytes()),
            ("a,b".to_owned(), "utf-8")
        );
    }

    #[test]
    fn writes_quoted_and_guarded_cells() {
        let l = line(&["a,b".to_owned(), "=1+1".to_owned(), "x\"y".to_owned()]);
        assert_eq!(l, "\"a,b\",'=1+1,\"x\"\"y\"\r\n");
    }
}
