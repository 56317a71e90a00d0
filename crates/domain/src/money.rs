//! Money (金额) as integer 分 (fen, 1/100 元), never floats, and amounts per expense category.
//!
//! Every amount in the API is an `i64` count of 分 in a field ending `_fen`. `Fen` is the one
//! place that parses what people type (`1,234.50`, `1234.5`, `¥12`) and formats it for people
//! (`¥1,234.50`, `-¥0.50`), and its arithmetic is checked: an overflow is an error, not a
//! wrapped number. The one rounding rule (half away from zero, 四舍五入) is [`Fen::mul_ratio`].

use serde::{Deserialize, Serialize};

use crate::plans::ExpenseCategory;

/// An amount of money in 分. Serialised as a plain integer.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Why a typed amount was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FenError {
    #[error("enter an amount such as 1234.50")]
    Invalid,
    #[error("at most two decimals (分)")]
    TooPrecise,
    #[error("the amount is too large")]
    TooLarge,
}

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// From whole 元.
    pub fn yuan(yuan: i64) -> Option<Fen> {
        yuan.checked_mul(100).map(Fen)
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    pub fn checked_mul(self, n: i64) -> Option<Fen> {
        self.0.checked_mul(n).map(Fen)
    }

    /// `self × numerator ÷ denominator`, rounded half away from zero (四舍五入) to the 分.
    /// The only rounding in money: commissions (5‰ of a contract), proportional pay.
    /// `None` on overflow or a zero denominator.
    pub fn mul_ratio(self, numerator: i64, denominator: i64) -> Option<Fen> {
        if denominator == 0 {
            return None;
        }
        let product = i128::from(self.0) * i128::from(numerator);
        let d = i128::from(denominator);
        let (q, r) = (product / d, product % d);
        // Round half away from zero: compare twice the remainder with the divisor.
        let rounded = if 2 * r.abs() >= d.abs() {
            if (product < 0) != (d < 0) {
                q - 1
            } else {
                q + 1
            }
        } else {
            q
        };
        i64::try_from(rounded).ok().map(Fen)
    }

    /// The sum, or `None` on overflow.
    pub fn sum(amounts: impl IntoIterator<Item = Fen>) -> Option<Fen> {
        amounts
            .into_iter()
            .try_fold(Fen::ZERO, |acc, a| acc.checked_add(a))
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Parses an amount in 元 as people type it: `1234`, `1234.5`, `1,234.50`, `¥1,234.50`,
    /// `-0.50`, full-width digits. More than two decimals is refused, never rounded.
    pub fn parse(text: &str) -> Result<Fen, FenError> {
        let normalised: String = text
            .trim()
            .chars()
            .filter_map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
                '．' => Some('.'),
                '－' => Some('-'),
                ',' | '，' | ' ' | '¥' | '￥' => None,
                other => Some(other),
            })
            .collect();
        let (negative, body) = match normalised.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, normalised.as_str()),
        };
        let (whole, frac) = match body.split_once('.') {
            Some((w, f)) => (w, f),
            None => (body, ""),
        };
        if (whole.is_empty() && frac.is_empty())
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(FenError::Invalid);
        }
        if frac.len() > 2 {
            return Err(FenError::TooPrecise);
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| FenError::TooLarge)?
        };
        let cents: i64 = match frac.len() {
            0 => 0,
            1 => i64::from(frac.as_bytes()[0] - b'0') * 10,
            _ => frac.parse().map_err(|_| FenError::Invalid)?,
        };
        let value = whole
            .checked_mul(100)
            .and_then(|v| v.checked_add(cents))
            .ok_or(FenError::TooLarge)?;
        Ok(Fen(if negative { -value } else { value }))
    }

    /// `1234.50`: 元 with two decimals, no symbol or grouping (CSV cells, form inputs).
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// `¥1,234.50`, `-¥0.50`: how people read an amount (print view, screens).
impl std::fmt::Display for Fen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

impl From<i64> for Fen {
    fn from(v: i64) -> Fen {
        Fen(v)
    }
}

/// One value for each of the six expense categories (SPEC §8): budgets, estimates, totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerCategory<T> {
    #[serde(default)]
    pub travel: T,
    #[serde(default)]
    pub per_diem: T,
    #[serde(default)]
    pub entertainment: T,
    #[serde(default)]
    pub communication: T,
    #[serde(default)]
    pub business_development: T,
    #[serde(default)]
    pub other: T,
}

impl<T> PerCategory<T> {
    /// Builds one from a function of the category.
    pub fn from_fn(mut f: impl FnMut(ExpenseCategory) -> T) -> PerCategory<T> {
        PerCategory {
            travel: f(ExpenseCategory::Travel),
            per_diem: f(ExpenseCategory::PerDiem),
            entertainment: f(ExpenseCategory::Entertainment),
            communication: f(ExpenseCategory::Communication),
            business_development: f(ExpenseCategory::BusinessDevelopment),
            other: f(ExpenseCategory::Other),
        }
    }

    pub fn get(&self, c: ExpenseCategory) -> &T {
        match c {
            ExpenseCategory::Travel => &self.travel,
            ExpenseCategory::PerDiem => &self.per_diem,
            ExpenseCategory::Entertainment => &self.entertainment,
            ExpenseCategory::Communication => &self.communication,
            ExpenseCategory::BusinessDevelopment => &self.business_development,
            ExpenseCategory::Other => &self.other,
        }
    }

    pub fn get_mut(&mut self, c: ExpenseCategory) -> &mut T {
        match c {
            ExpenseCategory::Travel => &mut self.travel,
            ExpenseCategory::PerDiem => &mut self.per_diem,
            ExpenseCategory::Entertainment => &mut self.entertainment,
            ExpenseCategory::Communication => &mut self.communication,
            ExpenseCategory::BusinessDevelopment => &mut self.business_development,
            ExpenseCategory::Other => &mut self.other,
        }
    }

    /// The categories with their values, in the order of [`ExpenseCategory::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (ExpenseCategory, &T)> {
        ExpenseCategory::ALL.iter().map(move |c| (*c, self.get(*c)))
    }

    pub fn map<U>(&self, mut f: impl FnMut(ExpenseCategory, &T) -> U) -> PerCategory<U> {
        PerCategory::from_fn(|c| f(c, self.get(c)))
    }
}

impl PerCategory<i64> {
    /// The sum over the categories, `None` on overflow.
    pub fn total(&self) -> Option<i64> {
        self.iter()
            .try_fold(0_i64, |acc, (_, v)| acc.checked_add(*v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Fen::parse("1,234.50"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse("1234.5"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse("¥12"), Ok(Fen(1_200)));
        assert_eq!(Fen::parse(" ￥0.05 "), Ok(Fen(5)));
        assert_eq!(Fen::parse("-0.50"), Ok(Fen(-50)));
        assert_eq!(Fen::parse(".5"), Ok(Fen(50)));
        assert_eq!(Fen::parse("１２３．４"), Ok(Fen(12_340)));
        assert_eq!(Fen::parse("1.234"), Err(FenError::TooPrecise));
        assert_eq!(Fen::parse("abc"), Err(FenError::Invalid));
        assert_eq!(Fen::parse(""), Err(FenError::Invalid));
        assert_eq!(Fen::parse("."), Err(FenError::Invalid));
        assert_eq!(Fen::parse("1e5"), Err(FenError::Invalid));
        assert_eq!(Fen::parse("99999999999999999999"), Err(FenError::TooLarge));
    }

    #[test]
    fn formats_for_people_and_for_cells() {
        assert_eq!(Fen(123_450).to_string(), "¥1,234.50");
        assert_eq!(Fen(-50).to_string(), "-¥0.50");
        assert_eq!(Fen(0).to_string(), "¥0.00");
        assert_eq!(Fen(100_000_000).to_string(), "¥1,000,000.00");
        assert_eq!(Fen(99).to_string(), "¥0.99");
        assert_eq!(Fen(-123_456_789).plain(), "-1234567.89");
        assert_eq!(Fen(5).plain(), "0.05");
        for v in [
            0,
            1,
            -1,
            99,
            100,
            123_456,
            -987_654_321,
            i64::MAX,
            i64::MIN + 1,
        ] {
            assert_eq!(Fen::parse(&Fen(v).plain()), Ok(Fen(v)), "{v}");
            assert_eq!(Fen::parse(&Fen(v).to_string()), Ok(Fen(v)), "{v}");
        }
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
        assert_eq!(Fen::sum([Fen(1), Fen(2), Fen(3)]), Some(Fen(6)));
        assert_eq!(Fen::sum([Fen(i64::MAX), Fen(1)]), None);
        assert_eq!(Fen::yuan(i64::MAX), None);
    }

    #[test]
    fn rounds_half_away_from_zero_once() {
        // 5‰ of ¥1,234.50 = 617.25 分 → 617; of ¥1,235.00 = 617.5 → 618.
        assert_eq!(Fen(123_450).mul_ratio(5, 1000), Some(Fen(617)));
        assert_eq!(Fen(123_500).mul_ratio(5, 1000), Some(Fen(618)));
        assert_eq!(Fen(-123_500).mul_ratio(5, 1000), Some(Fen(-618)));
        assert_eq!(Fen(100).mul_ratio(1, 3), Some(Fen(33)));
        assert_eq!(Fen(200).mul_ratio(1, 3), Some(Fen(67)));
        assert_eq!(Fen(100).mul_ratio(1, 0), None);
        assert_eq!(Fen(i64::MAX).mul_ratio(2, 1), None);
    }

    #[test]
    fn per_category_visits_every_category() {
        let p = PerCategory::from_fn(|c| c.as_str().len() as i64);
        assert_eq!(p.iter().count(), ExpenseCategory::ALL.len());
        assert_eq!(*p.get(ExpenseCategory::PerDiem), 8);
        assert_eq!(p.total(), Some(6 + 8 + 13 + 13 + 20 + 5));
        let json = serde_json::to_value(p).unwrap_or_default();
        assert_eq!(json["business_development"], 20);
        let back: Result<PerCategory<i64>, _> =
            serde_json::from_value(serde_json::json!({"travel": 5, "nope": 1}));
        assert!(back.is_err(), "unknown categories are refused");
    }
}
