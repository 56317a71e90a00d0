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

/// Email addresses, as `validator`'s `email` rule (HTML's definition) has it, without its
/// regular expressions and IDNA tables, which would weigh on the browser build: a local part of
/// 1–64 of `a-z A-Z 0-9 .!#$%&'*+/=?^_`{|}~-`, `@`, then a domain of at most 255 bytes made of
/// dot-separated labels of 1–63 letters, digits or hyphens, neither starting nor ending with a
/// hyphen (letters beyond ASCII count as letters: an internationalised domain as typed), or an
/// address literal in brackets.
pub fn email(value: &str) -> Result<(), ValidationError> {
    if email_ok(value) {
        Ok(())
    } else {
        Err(ValidationError::new("email"))
    }
}

fn email_ok(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    if !local_ok || domain.is_empty() || domain.len() > 255 {
        return false;
    }
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return literal.parse::<std::net::IpAddr>().is_ok()
            || literal
                .strip_prefix("IPv6:")
                .is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok());
    }
    domain.split('.').all(|label| {
        let n = label.chars().count();
        (1..=63).contains(&n)
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| {
                c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && c.is_alphanumeric())
            })
    })
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

    #[test]
    fn emails_as_the_html_rule_has_them() {
        for ok in [
            "a@b",
            "wang.fang@example.com",
            "x+tag@sub.example.cn",
            "o'brien@example.com",
            "li@例子.中国",
            "a@[127.0.0.1]",
            "a@[IPv6:::1]",
        ] {
            assert!(email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a b@example.com",
            "a@-example.com",
            "a@example-.com",
            "a@exa_mple.com",
            "a@example..com",
            "王@example.com",
            "a@[not-an-ip]",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert!(email(&format!("{}@example.com", "a".repeat(65))).is_err());
        assert!(email(&format!("a@{}.com", "b".repeat(64))).is_err());
    }
}
