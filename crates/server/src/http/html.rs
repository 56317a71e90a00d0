//! Text into HTML, for the print views (the weekly report, the collection letter).

/// `s` with the five characters HTML gives meaning to written as entities, safe inside
/// element text and quoted attribute values.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
