//! Field rules shared by server and browser forms.

use validator::ValidationError;

pub const PASSWORD_MIN_LEN: u64 = 8;
pub const PASSWORD_MAX_LEN: u64 = 128;

/// Usernames: 3–32 of `a-z 0-9 . _ -`, starting with a letter or digit.
pub fn username(value: &str) -> Result<(), ValidationError> {
    let ok_len = (3..=32).contains(&value.chars().count());
    let ok_chars = value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    let ok_start = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if ok_len && ok_chars && ok_start {
        Ok(())
    } else {
        Err(ValidationError::new("username").with_message(
            "3–32 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
                .into(),
        ))
    }
}

/// Phone numbers as people type them: 5–20 digits (full-width too) with spaces, dashes, dots
/// and brackets between, one `+` before the first digit, at most 32 characters
/// (`(+86) 138 0013 8000`, `＋８６　１３８－００１３－８０００`, `(010) 6552-1234`). The OpenAPI
/// document states the same rule as a pattern:
/// `^[ 　()（）.－-]*[+＋]?[ 　()（）.－-]*([0-9０-９][ 　()（）.－-]*){5,20}$`.
pub fn phone(value: &str) -> Result<(), ValidationError> {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let is_sep = |c: char| matches!(c, ' ' | '　' | '(' | ')' | '（' | '）' | '.' | '-' | '－');
    let first_digit = value.find(is_digit).unwrap_or(value.len());
    let (lead, rest) = value.split_at(first_digit);
    let pluses = lead.chars().filter(|c| matches!(c, '+' | '＋')).count();
    let lead_ok = pluses <= 1 && lead.chars().all(|c| is_sep(c) || matches!(c, '+' | '＋'));
    let rest_ok = rest.chars().all(|c| is_digit(c) || is_sep(c));
    let digits = rest.chars().filter(|c| is_digit(*c)).count();
    if lead_ok && rest_ok && (5..=20).contains(&digits) && value.chars().count() <= 32 {
        Ok(())
    } else {
        Err(ValidationError::new("phone")
            .with_message("must be a phone number (digits, +, spaces, dashes, brackets)".into()))
    }
}

/// Text that must contain something other than whitespace.
pub fn not_blank(value: &str) -> Result<(), ValidationError> {
    if crate::text::trim(value).is_empty() {
        Err(ValidationError::new("required").with_message("must not be blank".into()))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert!(username("li.wei").is_ok());
        assert!(username("admin").is_ok());
        assert!(username("ab").is_err());
        assert!(username("Admin").is_err());
        assert!(username("_x1").is_err());
        assert!(username("张三").is_err());
        assert!(username(&"a".repeat(33)).is_err());
    }

    #[test]
    fn phones() {
        assert!(phone("+86 138-0013-8000").is_ok());
        assert!(phone("１３８００１３８０００").is_ok());
        assert!(phone("(010) 6552 1234").is_ok());
        assert!(phone("1380013800a").is_err());
        assert!(phone("138+0013").is_err());
        assert!(phone("(+86) 138 0013 8000").is_ok());
        assert!(phone("＋８６　１３８－００１３－８０００").is_ok());
        assert!(phone("++86 138 0013 8000").is_err());
        assert!(phone("+86 (010) 6552-1234").is_ok());
        assert!(phone("-----").is_err());
        assert!(phone("123").is_err());
    }
}
