//! Text as people type it: one rule for what counts as "nothing written".

/// Whether `c` is blank: white space and line breaks as JavaScript's `\s` knows them, which
/// is what the OpenAPI document's `\S` patterns mean ("contains something else"), so a form,
/// a generated client and the server agree on what counts as nothing written.
pub fn is_blank_char(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// The text without surrounding blanks ([`is_blank_char`]).
pub fn trim(text: &str) -> &str {
    text.trim_matches(is_blank_char)
}

/// The text without surrounding blanks, or `None` when nothing is left.
pub fn clean(text: Option<&str>) -> Option<String> {
    clean_ref(text).map(str::to_owned)
}

/// [`clean`], borrowed.
pub fn clean_ref(text: Option<&str>) -> Option<&str> {
    text.map(trim).filter(|t| !t.is_empty())
}

/// [`clean`] of an owned optional text.
pub fn cleaned(text: &Option<String>) -> Option<String> {
    clean(text.as_deref())
}

#[cfg(test)]
mod tests {
    #[test]
    fn blank_is_nothing() {
        assert_eq!(super::clean(Some("  a b ")), Some("a b".to_owned()));
        assert_eq!(super::clean_ref(Some(" \t\n")), None);
        assert_eq!(super::clean(None), None);
        assert_eq!(
            super::cleaned(&Some(" x ".to_owned())),
            Some("x".to_owned())
        );
    }
}
