//! Normalisation for the no-double-claims rule (撞单): two spellings of the same phone number,
//! or of the same company and contact, must compare equal.

/// Maps full-width ASCII (`１`, `＋`, `（`, `Ａ`) to half-width and the ideographic space to a space.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A phone number as its digits only: spaces, dashes, dots and brackets dropped, full-width
/// digits made ASCII, the China country prefix (`+86`, `0086`, `86` before an 11-digit mobile)
/// removed. `None` when fewer than 5 digits remain or letters are present.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let mut digits = String::with_capacity(raw.len());
    let mut plus = false;
    for c in raw.chars().map(half_width) {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() => plus = true,
            ' ' | '-' | '(' | ')' | '.' | '/' | '\t' => {}
            _ => return None,
        }
    }
    let national = if plus {
        digits.strip_prefix("86").unwrap_or(&digits)
    } else if let Some(rest) = digits.strip_prefix("0086") {
        rest
    } else if digits.len() == 13 && digits.starts_with("861") {
        &digits[2..]
    } else {
        &digits
    };
    (national.len() >= 5).then(|| national.to_owned())
}

/// Validator for client phone fields: anything [`normalize_phone`] reads, at most 20 digits.
pub fn validate_phone(value: &str) -> Result<(), validator::ValidationError> {
    match normalize_phone(value) {
        Some(n) if n.len() <= 20 && value.chars().count() <= 32 => Ok(()),
        _ => Err(validator::ValidationError::new("phone")
            .with_message("must be a phone number (digits, +, spaces, dashes, brackets)".into())),
    }
}

/// Text as compared for duplicates: half-width, lower-case, whitespace and common punctuation
/// removed (`北京 华通（集团）有限公司` and `北京华通(集团)有限公司` are the same company).
pub fn normalize_text(raw: &str) -> String {
    raw.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '.' | ',' | '-' | '·' | '、'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The company + contact duplicate key; `None` without a company (a name alone is not unique).
pub fn duplicate_key(company: Option<&str>, name: &str) -> Option<String> {
    let company = normalize_text(company.unwrap_or(""));
    let name = normalize_text(name);
    (!company.is_empty() && !name.is_empty()).then(|| format!("{company}|{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_variants_are_one_number() {
        let want = Some("13800138000".to_owned());
        for raw in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "+86-13800138000",
            "0086 13800138000",
            "8613800138000",
            "(+86) 138 0013 8000",
            "１３８００１３８０００",
            "＋８６　１３８－００１３－８０００",
        ] {
            assert_eq!(normalize_phone(raw), want, "{raw}");
        }
    }

    #[test]
    fn landlines_keep_their_area_code() {
        assert_eq!(
            normalize_phone("(010) 6552-1234"),
            Some("01065521234".to_owned())
        );
        assert_eq!(
            normalize_phone("+86 10 6552 1234"),
            Some("1065521234".to_owned())
        );
    }

    #[test]
    fn junk_is_not_a_phone() {
        assert_eq!(normalize_phone("138abc"), None);
        assert_eq!(normalize_phone("12 3"), None);
        assert_eq!(normalize_phone(""), None);
        assert_eq!(normalize_phone("+86"), None);
    }

    #[test]
    fn company_and_name_keys() {
        assert_eq!(
            duplicate_key(Some("北京 华通（集团）有限公司"), " 张伟 "),
            duplicate_key(Some("北京华通(集团)有限公司"), "张伟")
        );
        assert_eq!(
            duplicate_key(Some("ACME Ltd."), "Li Wei"),
            Some("acmeltd|liwei".to_owned())
        );
        assert_eq!(duplicate_key(None, "张伟"), None);
        assert_eq!(duplicate_key(Some("  "), "张伟"), None);
    }
}
