//! The client search's index (客户检索): free text over name, company and phone, matched
//! anywhere in the field ("contains"), found through an index instead of by reading every client.
//!
//! Each client is stored with the suffixes of its searchable fields, lower-cased and cut to
//! [`KEY_CHARS`] characters. A text occurs in a field exactly when it is the beginning of one of
//! the field's suffixes, so a search is a range scan (`key >= text AND key < text + U+10FFFF`)
//! whose cost grows with the number of matches, not with the number of clients. Chinese needs
//! no word segmentation: `何娟` is found in `何娟` and in `上海何娟贸易`.

/// Longest key kept per suffix. Longer search texts are looked up by their first `KEY_CHARS`
/// characters and the match is then confirmed on the client's fields.
pub const KEY_CHARS: usize = 16;

/// Phone search needs at least this many digits (fewer would match most numbers).
pub const MIN_PHONE_DIGITS: usize = 3;

/// The keys a client is found by: every suffix of its name and company (lower-cased, at most
/// [`KEY_CHARS`] characters) and every suffix of at least [`MIN_PHONE_DIGITS`] digits of its
/// normalised phones. Sorted and without repeats.
pub fn index_keys(name: &str, company: Option<&str>, phones: &[&str]) -> Vec<String> {
    let mut keys = Vec::new();
    for text in std::iter::once(name).chain(company) {
        let chars: Vec<char> = text.trim().chars().flat_map(char::to_lowercase).collect();
        for start in 0..chars.len() {
            if chars[start].is_whitespace() {
                continue;
            }
            let end = (start + KEY_CHARS).min(chars.len());
            keys.push(chars[start..end].iter().collect::<String>());
        }
    }
    for phone in phones {
        let digits: Vec<char> = phone.chars().collect();
        for start in 0..digits.len().saturating_sub(MIN_PHONE_DIGITS - 1) {
            let end = (start + KEY_CHARS).min(digits.len());
            keys.push(digits[start..end].iter().collect::<String>());
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A search text as looked up in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    /// Lower-cased and trimmed; matched against names and companies.
    pub text: String,
    /// The digits it may mean as a phone number (`+86 138-00` → `13800`), when it reads as one.
    pub digits: Option<String>,
}

/// One key range `[from, to)` of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRange {
    pub from: String,
    pub to: String,
}

impl SearchText {
    /// `None` for a blank text.
    pub fn parse(raw: &str) -> Option<SearchText> {
        let text: String = raw.trim().chars().flat_map(char::to_lowercase).collect();
        if text.is_empty() {
            return None;
        }
        let digits = phone_digits(raw.trim()).filter(|d| *d != text);
        Some(SearchText { text, digits })
    }

    /// Whether the index alone decides the match (the text fits in a key).
    pub fn exact_in_index(&self) -> bool {
        self.text.chars().count() <= KEY_CHARS
            && self
                .digits
                .as_ref()
                .is_none_or(|d| d.chars().count() <= KEY_CHARS)
    }

    /// The key ranges to scan: the text, and the phone digits when they differ from it.
    pub fn ranges(&self) -> (KeyRange, Option<KeyRange>) {
        (range(&self.text), self.digits.as_deref().map(range))
    }
}

/// The keys that start with `text` (cut to a key's length).
fn range(text: &str) -> KeyRange {
    let from: String = text.chars().take(KEY_CHARS).collect();
    // Byte order is code point order in UTF-8, so every key that starts with `from` sorts
    // below `from` followed by the highest code point.
    let to = format!("{from}\u{10FFFF}");
    KeyRange { from, to }
}

/// The digits a search text may mean as a phone number: full-width digits made ASCII, spaces,
/// dashes and brackets dropped, a `+86`/`0086` prefix removed; `None` unless only such
/// characters are present and at least [`MIN_PHONE_DIGITS`] digits remain.
fn phone_digits(text: &str) -> Option<String> {
    if let Some(n) = crate::phone::normalize_phone(text) {
        return Some(n);
    }
    let half: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    if !half
        .chars()
        .all(|c| c.is_ascii_digit() || " -+()".contains(c))
    {
        return None;
    }
    let digits: String = half.chars().filter(char::is_ascii_digit).collect();
    let national = if half.trim_start().starts_with('+') {
        digits.strip_prefix("86").unwrap_or(&digits)
    } else {
        digits.strip_prefix("0086").unwrap_or(&digits)
    };
    (national.len() >= MIN_PHONE_DIGITS).then(|| national.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the index finds for `query` among the keys of one client.
    fn finds(keys: &[String], query: &str) -> bool {
        let Some(s) = SearchText::parse(query) else {
            return false;
        };
        let (first, second) = s.ranges();
        std::iter::once(first).chain(second).any(|r| {
            keys.iter()
                .any(|k| k.as_str() >= r.from.as_str() && k.as_str() < r.to.as_str())
        })
    }

    #[test]
    fn any_fragment_of_a_chinese_name_or_company_is_found() {
        let keys = index_keys("何娟", Some("上海华通贸易有限公司"), &["13813570000"]);
        for q in [
            "何",
            "娟",
            "何娟",
            "华通",
            "贸易有限",
            "有限公司",
            "上海华通贸易有限公司",
        ] {
            assert!(finds(&keys, q), "{q}");
        }
        for q in ["何丽", "北京", "公司X"] {
            assert!(!finds(&keys, q), "{q}");
        }
    }

    #[test]
    fn phones_are_found_by_prefix_middle_and_tail_in_any_spelling() {
        let keys = index_keys("王", None, &["13813570000"]);
        for q in [
            "138",
            "1381357",
            "3570",
            "0000",
            "13813570000",
            "+86 138",
            "１３８",
            "138-1357",
        ] {
            assert!(finds(&keys, q), "{q}");
        }
        assert!(!finds(&keys, "139"));
        // Two digits are too few to mean a phone.
        assert!(SearchText::parse("13").is_some_and(|s| s.digits.is_none()));
    }

    #[test]
    fn latin_text_is_case_insensitive_and_literal() {
        let keys = index_keys("Zhang Wei", Some("ACME_Trading 100%"), &[]);
        assert!(finds(&keys, "zhang"));
        assert!(finds(&keys, "WEI"));
        assert!(finds(&keys, "me_t"));
        assert!(finds(&keys, "100%"));
        // `_` and `%` are not wildcards.
        assert!(!finds(&keys, "acme%"));
        assert!(!finds(&keys, "z_ang"));
    }

    #[test]
    fn keys_are_cut_and_long_texts_need_a_second_look() {
        let company = "中华人民共和国北京市海淀区中关村科技园区某某有限公司";
        let keys = index_keys("李", Some(company), &[]);
        assert!(keys.iter().all(|k| k.chars().count() <= KEY_CHARS));
        assert!(finds(&keys, company));
        assert!(SearchText::parse(company).is_some_and(|s| !s.exact_in_index()));
        assert!(SearchText::parse("中关村").is_some_and(|s| s.exact_in_index()));
    }

    #[test]
    fn blank_text_searches_nothing() {
        assert_eq!(SearchText::parse("   "), None);
        assert_eq!(index_keys("甲", Some("  "), &[]), vec!["甲".to_owned()]);
    }
}
