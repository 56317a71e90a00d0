//! Excel workbooks (.xlsx) for the client import, read with calamine: the first worksheet's
//! rows as text, numbered as Excel shows them.

use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use crate::error::AppError;

/// The media type of an .xlsx workbook.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A zip archive's first local file header: every .xlsx starts with it.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The compound-file header of the binary .xls of Excel 97–2003.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The most the parts of a workbook may unpack to, as the archive declares: an upload is at
/// most 4 MiB, and 20,000 rows of client data unpack to far less than this.
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

/// Whether an upload is an .xlsx workbook: by its bytes (a zip), or by its media type.
pub fn is_xlsx(bytes: &[u8], content_type: &str) -> bool {
    bytes.starts_with(ZIP_MAGIC) || content_type == CONTENT_TYPE
}

/// Whether an upload is a binary .xls workbook, which is not read.
pub fn is_xls(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC)
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::validation(
        "body",
        "xlsx",
        &format!("the file is not a readable .xlsx workbook: {e}"),
    )
}

/// The first worksheet's rows that have any text, each with its row number (1-based) and its
/// cells by column (A = 0), at most `limit` rows: the rest are not read.
pub fn rows(bytes: &[u8], limit: usize) -> Result<Vec<(u32, Vec<String>)>, AppError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let size = archive.by_index_data(i).map_err(unreadable)?.size();
        unpacked = unpacked.saturating_add(size);
    }
    if unpacked > MAX_UNPACKED {
        return Err(AppError::validation(
            "body",
            "xlsx",
            "the workbook unpacks to more than 64 MiB; import at most 20,000 rows at a time",
        ));
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Ok(Vec::new());
    };
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(unreadable)?;
    let mut out: Vec<(u32, Vec<String>)> = Vec::new();
    let mut current: Option<(u32, Vec<String>)> = None;
    while out.len() < limit {
        let Some(cell) = cells.next_cell().map_err(unreadable)? else {
            break;
        };
        let (row, col) = cell.get_position();
        let text = cell_text(cell.get_value());
        if current.as_ref().is_none_or(|(r, _)| *r != row) {
            if let Some(done) = current.take().filter(|(_, c)| !c.is_empty()) {
                out.push(done);
            }
            current = Some((row, Vec::new()));
        }
        if text.trim().is_empty() {
            continue;
        }
        if let Some((_, row_cells)) = current.as_mut() {
            let col = col as usize;
            if row_cells.len() <= col {
                row_cells.resize(col + 1, String::new());
            }
            row_cells[col] = text;
        }
    }
    if out.len() < limit
        && let Some(done) = current.filter(|(_, c)| !c.is_empty())
    {
        out.push(done);
    }
    Ok(out
        .into_iter()
        .map(|(row, cells)| (row.saturating_add(1), cells))
        .collect())
}

/// A cell as text: numbers without a needless `.0` (a phone typed as a number stays its
/// digits), dates as ISO 8601, errors as nothing.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number_text(13_800_138_000.0), "13800138000");
        assert_eq!(number_text(31.25), "31.25");
        assert_eq!(number_text(-2.0), "-2");
    }

    #[test]
    fn formats_are_told_by_their_bytes() {
        assert!(is_xlsx(b"PK\x03\x04rest", "text/csv"));
        assert!(is_xlsx(b"name,phone", CONTENT_TYPE));
        assert!(!is_xlsx(b"name,phone", "text/csv"));
        assert!(is_xls(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1...."));
    }

    #[test]
    fn garbage_is_a_422_not_a_panic() {
        let Err(e) = rows(b"PK\x03\x04 not really a zip", 10) else {
            panic!("garbage read as a workbook");
        };
        assert_eq!(e.problem().status, 422);
        assert_eq!(e.problem().errors[0].field, "body");
    }
}
