//! Text matching inside SQL: one place escapes user text for `LIKE`.

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// `%text%` with `%`, `_` and `\` escaped, so user text matches literally inside
/// `LIKE … ESCAPE '\'`.
pub fn contains_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_wildcards() {
        assert_eq!(super::contains_pattern("a%b_c\\"), "%a\\%b\\_c\\\\%");
        assert_eq!(super::contains_pattern("王"), "%王%");
    }
}
