//! Brotli and gzip copies of the browser app's files, written next to each (`app.wasm.br`,
//! `app.wasm.gz`) at build time, so the server sends them as they are instead of compressing
//! on every request.
//!
//! Brotli runs at [`BROTLI_QUALITY`] (see there for the measured cost), gzip at level 9. The
//! two run side by side, one thread each, since the wasm file dominates both.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Brotli's quality, 0–11. Measured on the 4.5 MB wasm file in this xtask's (unoptimised, dev
/// profile) build: 5 → 1.25 MB in 2.8 s, 9 → 1.22 MB in 5.6 s, 10 → 1.12 MB in 88 s,
/// 11 → 1.07 MB in 115 s (gzip -9: 1.54 MB in 3.2 s). 10 and 11 are far over a build's budget
/// (about 20 s), and stay so with `brotli` compiled at `opt-level = 3` (11 → 52 s, 9 → 3.5 s);
/// 9 saves 21 % over gzip for 2.4 s more.
pub const BROTLI_QUALITY: i32 = 9;

/// Extensions worth compressing (wasm, scripts, styles, pages, text).
const COMPRESSIBLE: &[&str] = &["wasm", "js", "mjs", "css", "html", "svg", "json", "txt"];

/// One file's sizes in bytes; `gzip`/`brotli` are the raw size when no copy was written (the
/// copy would not have been smaller).
#[derive(Debug, Clone)]
pub struct Sizes {
    pub path: PathBuf,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Writes `.br` and `.gz` next to every compressible file under `dir` (copies left from an
/// earlier build are replaced or, if no longer smaller, removed). Returns each file's sizes,
/// largest first.
pub fn precompress(dir: &Path) -> Result<Vec<Sizes>, String> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    let mut sizes = Vec::new();
    for file in files {
        let raw = fs::read(&file).map_err(|e| format!("read {}: {e}", file.display()))?;
        let (gz, br) = std::thread::scope(|s| {
            let gz = s.spawn(|| gzip(&raw));
            let br = brotli(&raw, BROTLI_QUALITY);
            (gz.join(), br)
        });
        let gz = gz.map_err(|_| format!("gzip of {} panicked", file.display()))??;
        let br = br?;
        let len = raw.len() as u64;
        let gzip = keep_if_smaller(&file, "gz", &gz, len)?;
        let brotli = keep_if_smaller(&file, "br", &br, len)?;
        sizes.push(Sizes {
            path: file,
            raw: len,
            gzip,
            brotli,
        });
    }
    sizes.sort_by_key(|s| std::cmp::Reverse(s.raw));
    Ok(sizes)
}

/// The compressible files under `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Writes `<file>.<ext>` if `bytes` is smaller than the original (else removes any old copy);
/// returns the size the server will send.
fn keep_if_smaller(file: &Path, ext: &str, bytes: &[u8], raw: u64) -> Result<u64, String> {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    let copy = PathBuf::from(name);
    if (bytes.len() as u64) < raw {
        fs::write(&copy, bytes).map_err(|e| format!("write {}: {e}", copy.display()))?;
        Ok(bytes.len() as u64)
    } else {
        if copy.exists() {
            fs::remove_file(&copy).map_err(|e| format!("remove {}: {e}", copy.display()))?;
        }
        Ok(raw)
    }
}

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::best(),
    );
    enc.write_all(bytes).map_err(|e| format!("gzip: {e}"))?;
    enc.finish().map_err(|e| format!("gzip: {e}"))
}

pub fn brotli(bytes: &[u8], quality: i32) -> Result<Vec<u8>, String> {
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        // A window as large as browsers accept (16 MiB), so the whole wasm file is in reach.
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .map_err(|e| format!("brotli: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn copies_decompress_to_the_original_and_only_where_they_help() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("pkg")).unwrap_or_default();
        let text = "fn main() { println!(\"hello\"); }\n".repeat(200);
        fs::write(dir.join("pkg/app.js"), &text).unwrap_or_default();
        fs::write(dir.join("tiny.css"), "a{}").unwrap_or_default();
        fs::write(dir.join("photo.png"), [0u8; 4096]).unwrap_or_default();
        let sizes = precompress(&dir).unwrap_or_default();
        assert_eq!(sizes.len(), 2, "{sizes:?}");
        let br = fs::read(dir.join("pkg/app.js.br")).unwrap_or_default();
        let mut plain = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut plain)
            .unwrap_or_default();
        assert_eq!(plain, text);
        let gz = fs::read(dir.join("pkg/app.js.gz")).unwrap_or_default();
        let mut plain = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut plain)
            .unwrap_or_default();
        assert_eq!(plain, text);
        // Three bytes only grow; a PNG is not compressible.
        assert!(!dir.join("tiny.css.br").exists());
        assert!(!dir.join("tiny.css.gz").exists());
        assert!(!dir.join("photo.png.br").exists());
        let _ = fs::remove_dir_all(&dir);
    }
}
