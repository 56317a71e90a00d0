//! Builds the browser app: `cargo build --target wasm32-unknown-unknown`, then wasm-bindgen
//! (as a library, pinned to Cargo.lock's version) into `dist/`.
//!
//! Output:
//! - `dist/index.html`: the page for every client route; loads the app with a content hash
//!   in the URLs, so a new build is never mixed with a cached old one;
//! - `dist/boot.js`: the page's start-up module, which `frontend/index.html` writes inline: the
//!   server's Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`) runs no inline
//!   script, so it is moved into a file of its own;
//! - `dist/style.css`;
//! - `dist/pkg/salesops_web.js` and `dist/pkg/salesops_web_bg.wasm`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The wasm-bindgen version this xtask links (`wasm-bindgen-cli-support` in Cargo.toml). The
/// app's `wasm-bindgen` in Cargo.lock must be exactly this, or the generated glue mismatches.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

const PACKAGE: &str = "salesops_web";
const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";

pub fn build(root: &Path) -> Result<(), String> {
    check_wasm_bindgen_version(root)?;
    let wasm = compile(root)?;
    let dist = root.join("dist");
    let (js, bg) = bindgen(&wasm, &dist.join("pkg"))?;
    let hash = content_hash(&fs::read(&bg).map_err(|e| format!("read {}: {e}", bg.display()))?);
    write_static(root, &dist, &hash)?;
    let size = fs::metadata(&bg).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "xtask: web app in {} ({} = {size} bytes, {})",
        dist.display(),
        bg.display(),
        js.display()
    );
    Ok(())
}

/// The `version` of `name` in Cargo.lock (the first entry, if several).
pub fn locked_version(root: &Path, name: &str) -> Result<Option<String>, String> {
    let lock =
        fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("read Cargo.lock: {e}"))?;
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted
            && let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(Some(v.trim_matches('"').to_owned()));
        }
    }
    Ok(None)
}

fn check_wasm_bindgen_version(root: &Path) -> Result<(), String> {
    match locked_version(root, "wasm-bindgen")? {
        Some(v) if v == WASM_BINDGEN_VERSION => Ok(()),
        Some(v) => Err(format!(
            "Cargo.lock has wasm-bindgen {v}, but xtask links wasm-bindgen-cli-support \
             {WASM_BINDGEN_VERSION}: pin both to the same version"
        )),
        None => {
            Err("Cargo.lock has no wasm-bindgen (run `cargo update -p salesops_web`)".to_owned())
        }
    }
}

/// Where cargo puts its output: `CARGO_TARGET_DIR`, else `<root>/target`.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root.join(p) })
        .unwrap_or_else(|| root.join("target"))
}

fn compile(root: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(root)
        .args([
            "build",
            "-p",
            PACKAGE,
            "--target",
            TARGET,
            "--profile",
            PROFILE,
        ])
        .status()
        .map_err(|e| format!("run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cargo build of {PACKAGE} for {TARGET} failed ({status})"
        ));
    }
    let wasm = target_dir(root)
        .join(TARGET)
        .join(PROFILE)
        .join(format!("{PACKAGE}.wasm"));
    if wasm.is_file() {
        Ok(wasm)
    } else {
        Err(format!(
            "cargo build succeeded but {} is missing",
            wasm.display()
        ))
    }
}

/// Runs wasm-bindgen (target `web`) on `wasm`, writing into `out` (emptied first). Returns the
/// JS module and the wasm file it loads.
fn bindgen(wasm: &Path, out: &Path) -> Result<(PathBuf, PathBuf), String> {
    if out.exists() {
        fs::remove_dir_all(out).map_err(|e| format!("clear {}: {e}", out.display()))?;
    }
    fs::create_dir_all(out).map_err(|e| format!("create {}: {e}", out.display()))?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .out_name(PACKAGE)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?
        .typescript(false)
        .debug(false)
        .keep_debug(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(out)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    let js = out.join(format!("{PACKAGE}.js"));
    let bg = out.join(format!("{PACKAGE}_bg.wasm"));
    for f in [&js, &bg] {
        if !f.is_file() {
            return Err(format!("wasm-bindgen wrote no {}", f.display()));
        }
    }
    Ok((js, bg))
}

/// Copies `frontend/index.html` (with `{{HASH}}` replaced, its inline start-up script moved to
/// `boot.js`) and `frontend/style.css`.
fn write_static(root: &Path, dist: &Path, hash: &str) -> Result<(), String> {
    let frontend = root.join("frontend");
    let html_path = frontend.join("index.html");
    let html = fs::read_to_string(&html_path)
        .map_err(|e| format!("read {}: {e}", html_path.display()))?
        .replace("{{HASH}}", hash);
    let (html, boot) = external_boot_script(&html, hash)?;
    fs::write(dist.join("index.html"), html).map_err(|e| format!("write index.html: {e}"))?;
    fs::write(dist.join("boot.js"), boot).map_err(|e| format!("write boot.js: {e}"))?;
    fs::copy(frontend.join("style.css"), dist.join("style.css"))
        .map_err(|e| format!("copy style.css: {e}"))?;
    Ok(())
}

const INLINE_MODULE: &str = "<script type=\"module\">";

/// Moves the page's inline `<script type="module">` into a file: returns the page, which now
/// loads `/boot.js?v={hash}`, and the script. Any other inline script is an error: the
/// Content-Security-Policy would block it.
pub fn external_boot_script(html: &str, hash: &str) -> Result<(String, String), String> {
    let start = html
        .find(INLINE_MODULE)
        .ok_or("frontend/index.html has no <script type=\"module\"> to start the app")?;
    let body_start = start + INLINE_MODULE.len();
    let body_len = html[body_start..]
        .find("</script>")
        .ok_or("frontend/index.html: <script type=\"module\"> is not closed")?;
    let script = html[body_start..body_start + body_len].trim();
    let page = format!(
        "{}<script type=\"module\" src=\"/boot.js?v={hash}\"></script>{}",
        &html[..start],
        &html[body_start + body_len + "</script>".len()..]
    );
    let mut rest = page.as_str();
    while let Some(i) = rest.find("<script") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        if !rest[i..tag_end].contains(" src=") {
            return Err(
                "frontend/index.html has an inline <script>, which the server's \
                 Content-Security-Policy blocks: load it from a file"
                    .to_owned(),
            );
        }
        rest = &rest[tag_end..];
    }
    Ok((page, format!("{script}\n")))
}

/// A short hex FNV-1a hash, for cache-busting URLs (not for security).
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_pins_the_linked_wasm_bindgen() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = root
            .ancestors()
            .nth(2)
            .map(Path::to_path_buf)
            .unwrap_or(root);
        assert_eq!(
            locked_version(&root, "wasm-bindgen")
                .ok()
                .flatten()
                .as_deref(),
            Some(WASM_BINDGEN_VERSION)
        );
    }

    #[test]
    fn the_start_up_script_leaves_the_page() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = root
            .ancestors()
            .nth(2)
            .map(Path::to_path_buf)
            .unwrap_or(root);
        let html = fs::read_to_string(root.join("frontend/index.html"))
            .unwrap_or_default()
            .replace("{{HASH}}", "abc");
        let (page, boot) = external_boot_script(&html, "abc").unwrap_or_default();
        assert!(
            page.contains("<script type=\"module\" src=\"/boot.js?v=abc\"></script>"),
            "{page}"
        );
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        assert!(
            boot.starts_with("import init from \"/pkg/salesops_web.js?v=abc\";"),
            "{boot}"
        );
        assert!(boot.contains("/pkg/salesops_web_bg.wasm?v=abc"), "{boot}");
        // A second inline script fails the build rather than the page.
        let extra = html.replace("</body>", "<script>alert(1)</script></body>");
        assert!(external_boot_script(&extra, "abc").is_err());
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
    }
}
