//! Amounts in Chinese capital numerals (人民币大写), as a 催款函 or a contract writes them:
//! `123456` 分 is 壹仟贰佰叁拾肆元伍角陆分, `10000000` 分 is 壹拾万元整.

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
const GROUPS: [&str; 5] = ["", "万", "亿", "万亿", "亿亿"];

/// Four digits (0 < `g` < 10000) with their places; a run of zeros inside is one 零, zeros at
/// the end are silent.
fn group(g: u64) -> String {
    let mut out = String::new();
    let mut zero = false;
    for place in (0..4).rev() {
        let d = ((g / 10_u64.pow(place)) % 10) as usize;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d]);
        out.push_str(PLACES[place as usize]);
    }
    out
}

fn yuan(n: u64) -> String {
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut out = String::new();
    let mut gap = false;
    for (i, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            gap = !out.is_empty();
            continue;
        }
        // 壹佰万零壹: a zero group, or a group below a thousand after a higher one, reads 零.
        if !out.is_empty() && (gap || *g < 1000) {
            out.push('零');
        }
        gap = false;
        out.push_str(&group(*g));
        out.push_str(GROUPS[i.min(GROUPS.len() - 1)]);
    }
    out
}

/// The amount in capital numerals, ending 整 when it has no 角 or 分.
pub fn capital_numerals(fen: i64) -> String {
    let negative = fen < 0;
    let abs = fen.unsigned_abs();
    let (whole, jiao, fen_digit) = (abs / 100, (abs / 10 % 10) as usize, (abs % 10) as usize);
    let mut out = String::new();
    if negative {
        out.push('负');
    }
    if whole > 0 {
        out.push_str(&yuan(whole));
        out.push('元');
    }
    match (jiao, fen_digit) {
        (0, 0) => {
            if whole == 0 {
                out.push_str("零元");
            }
            out.push('整');
        }
        (j, 0) => {
            out.push(DIGITS[j]);
            out.push('角');
        }
        (j, f) => {
            if j > 0 {
                out.push(DIGITS[j]);
                out.push('角');
            } else if whole > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
    }
    out
}
