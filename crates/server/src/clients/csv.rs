//! CSV for import and export: reading with the `csv` crate (RFC 4180: quoted fields, doubled
//! quotes, CR/LF, newlines inside quotes; a `"` inside an unquoted cell is a plain character,
//! as in `27" 显示器`), the encoding rule of the import (UTF-8, else GBK), and writing.

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

/// The records of a CSV text, each with the line it starts on (1-based). Records may have
/// different lengths; blank lines are skipped.
pub fn records(text: &str) -> impl Iterator<Item = Result<(u32, Vec<String>), AppError>> + '_ {
    let bytes = text.as_bytes();
    // The reader gives each record the position where the previous one stopped, which may be
    // before the `\n` of a CRLF or before blank lines: the line is counted here instead.
    let (mut counted_to, mut line) = (0_usize, 1_u32);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .into_records()
        .map(move |r| {
            let record = r.map_err(|e| {
                let at = e.position().map_or(0, |p| p.line());
                AppError::validation(
                    "body",
                    "csv",
                    &format!("the CSV cannot be read near line {at}: {e}"),
                )
            })?;
            let mut start = record
                .position()
                .map_or(counted_to, |p| {
                    usize::try_from(p.byte()).unwrap_or(usize::MAX)
                })
                .clamp(counted_to, bytes.len());
            while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let newlines = bytes[counted_to..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            line = line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            counted_to = start;
            Ok((line, record.iter().map(str::to_owned).collect()))
        })
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
    Err(export_too_large(&total.to_string()))
}

/// The 422 of an export over [`EXPORT_MAX_ROWS`]; `rows` says how many it would hold.
pub fn export_too_large(rows: &str) -> AppError {
    AppError::TooManyRows {
        field: "filter",
        detail: format!(
            "the export would hold {rows} rows, more than the limit of {EXPORT_MAX_ROWS}; \
             narrow the filter (owner, team, stage, dates …) and export in parts"
        ),
    }
}

/// The largest CSV upload accepted.
pub const UPLOAD_LIMIT: usize = 4 * 1024 * 1024;

/// Reads an import's request body: a CSV (`text/csv`, `text/plain`,
/// `application/octet-stream`, or `application/vnd.ms-excel` as browsers often label a .csv)
/// or an .xlsx workbook. Returns the bytes and the media type (lower case, no parameters).
pub async fn read(
    req: &actix_web::HttpRequest,
    mut payload: actix_web::web::Payload,
) -> Result<(Vec<u8>, String), AppError> {
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
        "text/csv"
            | "text/plain"
            | "application/octet-stream"
            | "application/vnd.ms-excel"
            | crate::clients::xlsx::CONTENT_TYPE
    ) {
        return Err(AppError::UnsupportedMediaType(format!(
            "send the file as text/csv, or an Excel workbook as {}",
            crate::clients::xlsx::CONTENT_TYPE
        )));
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
    Ok((body, essence))
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

    fn parse(text: &str) -> Vec<(u32, Vec<String>)> {
        records(text).filter_map(Result::ok).collect()
    }

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
    fn a_quote_inside_an_unquoted_cell_is_a_character() {
        let text = "name,needs,phone\n张伟,27\" 显示器,13800000001\n李娜,\"32\"\" 显示器\",13800000002\n王五,,13800000003\n";
        let recs = parse(text);
        assert_eq!(recs.len(), 4, "{recs:?}");
        assert_eq!(
            recs[1],
            (
                2,
                vec![
                    "张伟".to_owned(),
                    "27\" 显示器".to_owned(),
                    "13800000001".to_owned()
                ]
            )
        );
        assert_eq!(recs[2].1[1], "32\" 显示器");
        assert_eq!(
            recs[3],
            (
                4,
                vec!["王五".to_owned(), String::new(), "13800000003".to_owned()]
            )
        );
    }

    #[test]
    fn lines_are_counted_through_crlf_blank_lines_and_quoted_newlines() {
        let text = "h\r\n\r\na\r\n\"x\r\ny\"\r\n\n\nb\n";
        let lines: Vec<u32> = parse(text).into_iter().map(|(l, _)| l).collect();
        assert_eq!(lines, vec![1, 3, 4, 8]);
    }

    #[test]
    fn rows_may_be_short_or_long() {
        let recs = parse("a,b,c\nx\ny,z,w,v\n");
        assert_eq!(recs[1].1, vec!["x".to_owned()]);
        assert_eq!(recs[2].1.len(), 4);
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
