//! Tabular exports for finance and other systems: one table, written as CSV (UTF-8 with a BOM,
//! so Excel opens Chinese text correctly) or as an XLSX workbook (numbers as numbers, 分 as
//! 元 with two decimals).

use rust_xlsxwriter::{Format, Workbook};
use salesops_domain::money::Fen;

use crate::error::{AppError, AppResult};

/// One cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// An amount in 分: `1234.56` in CSV, the number 1234.56 shown `#,##0.00` in XLSX.
    Fen(i64),
    /// A scaled integer with `places` decimals (`Decimal(883, 1)` is 88.3): the text in CSV,
    /// a number shown with those decimals in XLSX.
    Decimal(i64, u32),
    Empty,
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn opt_text(value: Option<impl Into<String>>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Text(v.into()))
    }

    pub fn opt_int(value: Option<i64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Int)
    }
}

/// A sheet: a header and rows of the same width.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub sheet: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A cell a spreadsheet would run as a formula gets a leading `'` (CSV injection).
fn guarded(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// `value` scaled by 10^`places` as text with that many decimals (`883, 1` → `88.3`).
fn decimal(value: i64, places: u32) -> String {
    if places == 0 {
        return value.to_string();
    }
    let sign = if value < 0 { "-" } else { "" };
    let v = value.unsigned_abs();
    let scale = 10u64.pow(places);
    format!(
        "{sign}{}.{:0width$}",
        v / scale,
        v % scale,
        width = places as usize
    )
}

fn failed(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("export: {e}"))
}

impl Table {
    pub fn csv(&self) -> AppResult<Vec<u8>> {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut out);
            w.write_record(&self.header).map_err(failed)?;
            for row in &self.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        Cell::Text(t) => guarded(t),
                        Cell::Int(n) => n.to_string(),
                        Cell::Fen(f) => Fen(*f).plain(),
                        Cell::Decimal(v, places) => decimal(*v, *places),
                        Cell::Empty => String::new(),
                    })
                    .collect();
                w.write_record(&cells).map_err(failed)?;
            }
            w.flush().map_err(failed)?;
        }
        Ok(out)
    }

    pub fn xlsx(&self) -> AppResult<Vec<u8>> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let yuan = Format::new().set_num_format("#,##0.00");
        let sheet = book.add_worksheet();
        sheet.set_name(&self.sheet).map_err(failed)?;
        for (c, title) in self.header.iter().enumerate() {
            let col = u16::try_from(c).map_err(failed)?;
            sheet
                .write_string_with_format(0, col, title, &bold)
                .map_err(failed)?;
            sheet.set_column_width(col, 14).map_err(failed)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        for (r, row) in self.rows.iter().enumerate() {
            let at = u32::try_from(r + 1).map_err(failed)?;
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c).map_err(failed)?;
                match cell {
                    Cell::Text(t) => {
                        sheet.write_string(at, col, t).map_err(failed)?;
                    }
                    Cell::Int(n) => {
                        sheet.write_number(at, col, *n as f64).map_err(failed)?;
                    }
                    // 元 as a number: exact to the 分 for any amount below 2^53 分.
                    Cell::Fen(f) => {
                        sheet
                            .write_number_with_format(at, col, *f as f64 / 100.0, &yuan)
                            .map_err(failed)?;
                    }
                    Cell::Decimal(v, places) => {
                        let shown = match *places {
                            0 => Format::new().set_num_format("0"),
                            p => Format::new()
                                .set_num_format(format!("0.{}", "0".repeat(p as usize))),
                        };
                        sheet
                            .write_number_with_format(
                                at,
                                col,
                                *v as f64 / 10f64.powi(*places as i32),
                                &shown,
                            )
                            .map_err(failed)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        book.save_to_buffer().map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_bom_and_guards_formulas() {
        let t = Table {
            sheet: "t".to_owned(),
            header: vec!["名字".to_owned(), "金额".to_owned()],
            rows: vec![vec![Cell::text("=1+1"), Cell::Fen(123_456)]],
        };
        let bytes = t.csv().unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        assert_eq!(text, "\u{feff}名字,金额\r\n'=1+1,1234.56\r\n");
    }

    #[test]
    fn decimals_keep_their_places() {
        assert_eq!(decimal(883, 1), "88.3");
        assert_eq!(decimal(11_038, 4), "1.1038");
        assert_eq!(decimal(5, 4), "0.0005");
        assert_eq!(decimal(-15, 1), "-1.5");
        assert_eq!(decimal(7, 0), "7");
    }
}
