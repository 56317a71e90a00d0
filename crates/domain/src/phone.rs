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

/// The version of [`normalize_phone`]'s normal form. Clients store it (`phone_norm`), so a
/// change that maps any number differently must bump this: the server then recomputes the
/// stored forms once at start-up (`salesops::clients::phones`).
pub const PHONE_NORM_VERSION: u32 = 2;

/// A phone number in one normal form, so that every spelling of a number compares equal:
///
/// - spaces, dashes, dots, slashes and brackets dropped, full-width digits made ASCII;
/// - a China number (`+86`, `0086`, or `86` before a 12- or 13-digit number) in its domestic
///   form: a landline with its area code's trunk `0` (`(010) 6552-1234`, `+86 10 6552 1234`,
///   `0086 10 65521234` and `+86 (0)10 6552 1234` are all `01065521234`), a mobile as its 11
///   digits `1[3-9]…` (`+86 138 0013 8000`, `0086…`, `86…` and a long-distance `0138…` are all
///   `13800138000`), a 400/800 service number as written;
/// - any other country as `00` and its digits (`+1 415 555 0100` and `001 415 555 0100` are
///   `0014155550100`), so it can never equal a domestic number.
///
/// `None` when fewer than 5 digits remain or anything else (letters) is present.
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
    let international = if plus {
        Some(digits.as_str())
    } else if let Some(rest) = digits.strip_prefix("00") {
        Some(rest)
    } else if digits.starts_with("86") && (12..=13).contains(&digits.len()) {
        // Domestic numbers start with 0 (area code) or 1 (mobile), or are 7-8 digit local
        // numbers: 12 or 13 digits after an 86 are the country code written without `+`.
        Some(digits.as_str())
    } else {
        None
    };
    let (significant, normal) = match international {
        Some(intl) => match intl.strip_prefix("86") {
            Some(national) => (national.len(), from_china_national(national)),
            None => (intl.len(), format!("00{intl}")),
        },
        None => (digits.len(), from_domestic(&digits)),
    };
    (significant >= 5).then_some(normal)
}

/// A number written after `+86`: the national significant number, the trunk `0` of a landline
/// not written (sometimes it is, as `(0)`).
fn from_china_national(n: &str) -> String {
    let mut chars = n.chars();
    let first = chars.next();
    let second = chars.next();
    let trunk = match (first, second) {
        // Written with its trunk 0 anyway.
        (Some('0'), _) => false,
        // Beijing's area code 10; any other 1… is a mobile (1[3-9]) or a special number.
        (Some('1'), Some('0')) => true,
        (Some('1'), _) => false,
        // 400 numbers, and 800 numbers (no area code begins 80).
        (Some('4'), _) => false,
        (Some('8'), Some('0')) => false,
        // Area codes 2x and 3xx, 5xx … 9xx.
        (Some(_), _) => true,
        (None, _) => false,
    };
    let domestic = if trunk { format!("0{n}") } else { n.to_owned() };
    from_domestic(&domestic)
}

/// A number as dialled inside China: as written, except a mobile dialled with a long-distance
/// `0` before it (`0138 0013 8000`): there is no area code `01[3-9]`.
fn from_domestic(d: &str) -> String {
    let b = d.as_bytes();
    if b.len() == 12 && b[0] == b'0' && b[1] == b'1' && (b'3'..=b'9').contains(&b[2]) {
        d[1..].to_owned()
    } else {
        d.to_owned()
    }
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
    fn mobiles_with_a_long_distance_zero_are_the_mobile() {
        assert_eq!(
            normalize_phone("0138 0013 8000"),
            Some("13800138000".to_owned())
        );
        assert_eq!(
            normalize_phone("+86 0138 0013 8000"),
            Some("13800138000".to_owned())
        );
    }

    #[test]
    fn landlines_are_one_number_with_or_without_the_country_code() {
        for (want, spellings) in [
            (
                "01065521234",
                &[
                    "(010) 6552-1234",
                    "010-6552 1234",
                    "01065521234",
                    "+86 10 6552 1234",
                    "+86-10-65521234",
                    "+86 (0)10 6552 1234",
                    "(+86) 10 6552 1234",
                    "0086 10 6552 1234",
                    "86 10 6552 1234",
                    "８６－１０－６５５２－１２３４",
                ][..],
            ),
            (
                "02155556666",
                &["021-5555 6666", "+86 21 5555 6666", "0086-21-55556666"][..],
            ),
            (
                "075588886666",
                &["(0755) 8888-6666", "+86 755 8888 6666", "86 755 88886666"][..],
            ),
            ("08712345678", &["0871-2345678", "+86 871 2345678"][..]),
        ] {
            for raw in spellings {
                assert_eq!(normalize_phone(raw).as_deref(), Some(want), "{raw}");
            }
        }
        // Local numbers without an area code stay as written: the area is unknown.
        assert_eq!(normalize_phone("6552 1234"), Some("65521234".to_owned()));
        // 8-digit local numbers that begin 86 are not a country code.
        assert_eq!(normalize_phone("8655 1234"), Some("86551234".to_owned()));
    }

    #[test]
    fn service_numbers_have_no_trunk_zero() {
        assert_eq!(
            normalize_phone("400-810-8888"),
            Some("4008108888".to_owned())
        );
        assert_eq!(
            normalize_phone("+86 400 810 8888"),
            Some("4008108888".to_owned())
        );
        assert_eq!(
            normalize_phone("+86 800 810 8888"),
            Some("8008108888".to_owned())
        );
    }

    #[test]
    fn other_countries_keep_their_code_and_never_equal_a_domestic_number() {
        for raw in ["+1 385 555 0100", "001 385 555 0100", "+1-385-555-0100"] {
            assert_eq!(
                normalize_phone(raw),
                Some("0013855550100".to_owned()),
                "{raw}"
            );
        }
        // Without the country code it would read as the mobile 138 5555 0100.
        assert_ne!(
            normalize_phone("+1 385 555 0100"),
            normalize_phone("13855550100")
        );
        assert_eq!(
            normalize_phone("+852 2123 4567"),
            Some("0085221234567".to_owned())
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
