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

/// Phone numbers as people type them: 5–20 digits (full-width too) with spaces, dashes and
/// brackets between, an optional leading `+`, at most 32 characters. The OpenAPI document
/// states the same rule as a pattern, `^[+＋]?[ ()（）-]*([0-9０-９][ ()（）-]*){5,20}$`.
pub fn phone(value: &str) -> Result<(), ValidationError> {
    let body = value
        .strip_prefix('+')
        .or_else(|| value.strip_prefix('＋'))
        .unwrap_or(value);
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let digits = body.chars().filter(|c| is_digit(*c)).count();
    let allowed = body
        .chars()
        .all(|c| is_digit(c) || matches!(c, ' ' | '-' | '(' | ')' | '（' | '）'));
    if allowed && (5..=20).contains(&digits) && value.chars().count() <= 32 {
        Ok(())
    } else {
        Err(ValidationError::new("phone")
            .with_message("must be a phone number (digits, +, spaces, dashes, brackets)".into()))
    }
}

/// Text that must contain something other than whitespace.
pub fn not_blank(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
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
        assert!(phone("+86 (010) 6552-1234").is_ok());
        assert!(phone("-----").is_err());
        assert!(phone("123").is_err());
    }
}
