//! Text as people type it: one rule for what counts as "nothing written".

/// The text without surrounding whitespace, or `None` when nothing is left.
pub fn clean(text: Option<&str>) -> Option<String> {
    clean_ref(text).map(str::to_owned)
}

/// [`clean`], borrowed.
pub fn clean_ref(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
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
