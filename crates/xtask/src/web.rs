//! Builds the browser app: `cargo build --target wasm32-unknown-unknown`, then wasm-bindgen
//! (as a library, pinned to Cargo.lock's version) into `dist/`.
//!
//! Output, every asset under a name carrying a hash of its own content (`-<16 hex>`), so the
//! server may let browsers keep it for a year (`immutable`) and a new build is never mixed with a
//! cached old one:
//! - `dist/index.html`: the page for every client route (served `no-cache`), naming the others;
//! - `dist/boot-<hash>.js`: the page's start-up module, which `frontend/index.html` writes inline:
//!   the server's Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`) runs no inline
//!   script, so it is moved into a file of its own;
//! - `dist/style-<hash>.css`;
//! - `dist/pkg/salesops_web-<hash>.js` and `dist/pkg/salesops_web-<hash>_bg.wasm`;
//! - next to each of these (and `index.html`), a brotli `.br` and a gzip `.gz` copy, which the
//!   server sends to browsers that accept them ([`precompress`]).

mod compress;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use compress::precompress;

/// The wasm-bindgen version this xtask links (`wasm-bindgen-cli-support` in Cargo.toml). The
/// app's `wasm-bindgen` in Cargo.lock must be exactly this, or the generated glue mismatches.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

const PACKAGE: &str = "salesops_web";
const TARGET: &str = "wasm32-unknown-unknown";
/// The shipped build: smallest code (`opt-level = "z"`, fat LTO, one codegen unit).
pub const RELEASE: &str = "wasm-release";
/// The browser tests' build: the same app and the same pipeline (hashed names, precompressed
/// copies), compiled without LTO and in parallel, which takes a fraction of the time on CI's
/// two cores. Size is the release build's concern and is measured on it (docs/benchmarks.md).
pub const TEST: &str = "wasm-test";

pub fn build(root: &Path) -> Result<(), String> {
    build_with(root, RELEASE)
}

pub fn build_with(root: &Path, profile: &str) -> Result<(), String> {
    check_wasm_bindgen_version(root)?;
    let wasm = compile(root, profile)?;
    let dist = root.join("dist");
    let pkg = dist.join("pkg");
    let (js, bg) = bindgen(&wasm, &pkg)?;
    clear_pages(&dist)?;
    let bg = rename_hashed(&bg)?;
    let js = rename_hashed(&js)?;
    let css = dist.join("style.css");
    fs::copy(root.join("frontend/style.css"), &css).map_err(|e| format!("copy style.css: {e}"))?;
    let css = rename_hashed(&css)?;
    let urls = AssetUrls {
        css: url_of(&dist, &css)?,
        js: url_of(&dist, &js)?,
        wasm: url_of(&dist, &bg)?,
    };
    write_pages(root, &dist, &urls)?;
    let started = std::time::Instant::now();
    let sizes = precompress(&dist)?;
    eprintln!(
        "xtask: compressed {} files in {:.1} s",
        sizes.len(),
        started.elapsed().as_secs_f64()
    );
    for s in &sizes {
        eprintln!(
            "xtask:   {:<44} {:>9} raw {:>9} gzip {:>9} brotli",
            s.path
                .strip_prefix(&dist)
                .unwrap_or(&s.path)
                .display()
                .to_string(),
            s.raw,
            s.gzip,
            s.brotli
        );
    }
    eprintln!("xtask: web app in {}", dist.display());
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

fn compile(root: &Path, profile: &str) -> Result<PathBuf, String> {
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
            profile,
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
        .join(profile)
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

/// The hashed URLs `index.html` and `boot.js` name.
pub struct AssetUrls {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

/// The URLs `frontend/index.html` writes with `?v={{HASH}}`, and which of [`AssetUrls`] each
/// becomes.
fn template_urls(urls: &AssetUrls) -> [(&'static str, &str); 3] {
    [
        ("/style.css?v={{HASH}}", urls.css.as_str()),
        ("/pkg/salesops_web.js?v={{HASH}}", urls.js.as_str()),
        ("/pkg/salesops_web_bg.wasm?v={{HASH}}", urls.wasm.as_str()),
    ]
}

/// `frontend/index.html` with its asset URLs replaced by the hashed ones; an error if it names
/// `{{HASH}}` anywhere else (a new asset this build does not know about).
pub fn fill_template(html: &str, urls: &AssetUrls) -> Result<String, String> {
    let mut page = html.to_owned();
    for (from, to) in template_urls(urls) {
        page = page.replace(from, to);
    }
    match page.find("{{HASH}}") {
        Some(i) => {
            let line = page[..i].lines().count().max(1);
            Err(format!(
                "frontend/index.html line {line} uses {{{{HASH}}}} in a URL this build does not \
                 hash (known: /style.css, /pkg/salesops_web.js, /pkg/salesops_web_bg.wasm)"
            ))
        }
        None => Ok(page),
    }
}

/// Writes `index.html` and the start-up script taken out of it, under its hashed name.
fn write_pages(root: &Path, dist: &Path, urls: &AssetUrls) -> Result<(), String> {
    let html_path = root.join("frontend/index.html");
    let html =
        fs::read_to_string(&html_path).map_err(|e| format!("read {}: {e}", html_path.display()))?;
    let html = fill_template(&html, urls)?;
    let (page, boot) = external_boot_script(&html)?;
    let boot_name = hashed_name("boot.js", &content_hash(boot.as_bytes()));
    let page = page.replace(BOOT_URL, &format!("/{boot_name}"));
    fs::write(dist.join(&boot_name), boot).map_err(|e| format!("write {boot_name}: {e}"))?;
    fs::write(dist.join("index.html"), page).map_err(|e| format!("write index.html: {e}"))?;
    Ok(())
}

/// Removes what an earlier build wrote at the top of `dist/` (the page, start-up scripts and
/// stylesheets, hashed or not, and their compressed copies); `dist/pkg` is emptied by
/// [`bindgen`].
fn clear_pages(dist: &Path) -> Result<(), String> {
    let entries = fs::read_dir(dist).map_err(|e| format!("read {}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let base = name
            .strip_suffix(".br")
            .or_else(|| name.strip_suffix(".gz"))
            .unwrap_or(&name);
        let ours = base == "index.html"
            || (base.starts_with("boot") && base.ends_with(".js"))
            || (base.starts_with("style") && base.ends_with(".css"));
        if ours && entry.path().is_file() {
            fs::remove_file(entry.path()).map_err(|e| format!("remove {name}: {e}"))?;
        }
    }
    Ok(())
}

/// Renames `file` to [`hashed_name`] of its content; returns the new path.
fn rename_hashed(file: &Path) -> Result<PathBuf, String> {
    let bytes = fs::read(file).map_err(|e| format!("read {}: {e}", file.display()))?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{} has no file name", file.display()))?;
    let to = file.with_file_name(hashed_name(name, &content_hash(&bytes)));
    fs::rename(file, &to).map_err(|e| format!("rename {}: {e}", file.display()))?;
    Ok(to)
}

/// `name` with `-<hash>` before its extension (`style.css` → `style-<hash>.css`), or before
/// wasm-bindgen's `_bg.wasm` (`salesops_web-<hash>_bg.wasm`). The server recognises such a name
/// as immutable.
pub fn hashed_name(name: &str, hash: &str) -> String {
    let (stem, ext) = match name.strip_suffix("_bg.wasm") {
        Some(stem) => (stem, "_bg.wasm"),
        None => match name.rfind('.') {
            Some(i) => name.split_at(i),
            None => (name, ""),
        },
    };
    format!("{stem}-{hash}{ext}")
}

/// The URL path of `file` under `dist`.
fn url_of(dist: &Path, file: &Path) -> Result<String, String> {
    let rel = file
        .strip_prefix(dist)
        .map_err(|_| format!("{} is not in {}", file.display(), dist.display()))?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(format!("/{}", parts.join("/")))
}

const INLINE_MODULE: &str = "<script type=\"module\">";

/// Where [`external_boot_script`] leaves the start-up script's URL, to be replaced by its hashed
/// name once the script's content is known.
pub const BOOT_URL: &str = "{{BOOT_URL}}";

/// Moves the page's inline `<script type="module">` into a file: returns the page, which now
/// loads it from [`BOOT_URL`], and the script. Any other inline script is an error: the
/// Content-Security-Policy would block it.
pub fn external_boot_script(html: &str) -> Result<(String, String), String> {
    let start = html
        .find(INLINE_MODULE)
        .ok_or("frontend/index.html has no <script type=\"module\"> to start the app")?;
    let body_start = start + INLINE_MODULE.len();
    let body_len = html[body_start..]
        .find("</script>")
        .ok_or("frontend/index.html: <script type=\"module\"> is not closed")?;
    let script = html[body_start..body_start + body_len].trim();
    let page = format!(
        "{}<script type=\"module\" src=\"{BOOT_URL}\"></script>{}",
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

    fn urls() -> AssetUrls {
        AssetUrls {
            css: "/style-c55.css".to_owned(),
            js: "/pkg/salesops_web-a11.js".to_owned(),
            wasm: "/pkg/salesops_web-b22_bg.wasm".to_owned(),
        }
    }

    #[test]
    fn the_start_up_script_leaves_the_page() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = root
            .ancestors()
            .nth(2)
            .map(Path::to_path_buf)
            .unwrap_or(root);
        let html = fs::read_to_string(root.join("frontend/index.html")).unwrap_or_default();
        let html = fill_template(&html, &urls()).unwrap_or_default();
        assert!(!html.contains("?v="), "{html}");
        assert!(html.contains("href=\"/style-c55.css\""), "{html}");
        let (page, boot) = external_boot_script(&html).unwrap_or_default();
        assert!(
            page.contains(&format!(
                "<script type=\"module\" src=\"{BOOT_URL}\"></script>"
            )),
            "{page}"
        );
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        assert!(
            boot.starts_with("import init from \"/pkg/salesops_web-a11.js\";"),
            "{boot}"
        );
        assert!(boot.contains("\"/pkg/salesops_web-b22_bg.wasm\""), "{boot}");
        // A second inline script fails the build rather than the page.
        let extra = html.replace("</body>", "<script>alert(1)</script></body>");
        assert!(external_boot_script(&extra).is_err());
        // So does an asset the build would not hash.
        let unknown = "<link href=\"/extra.css?v={{HASH}}\">";
        assert!(fill_template(unknown, &urls()).is_err());
    }

    #[test]
    fn hashed_names_keep_their_extension() {
        assert_eq!(hashed_name("style.css", "0123"), "style-0123.css");
        assert_eq!(
            hashed_name("salesops_web_bg.wasm", "0123"),
            "salesops_web-0123_bg.wasm"
        );
        assert_eq!(
            hashed_name("salesops_web.js", "0123"),
            "salesops_web-0123.js"
        );
        assert_eq!(hashed_name("LICENSE", "0123"), "LICENSE-0123");
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
    }
}
