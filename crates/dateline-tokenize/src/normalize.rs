//! Normal forms of words: case, apostrophes, acronyms, possessives, numbers.

use unicode_normalization::UnicodeNormalization;

use crate::segment::{is_letter_acronym, Word};

/// Appends the normal form of one word (or one part of a compound) to `arena`.
///
/// - ASCII: lower-cased when `lowercase`.
/// - Other text: NFKC, curly apostrophes (U+2019, U+2018, U+02BC) to `'`, lower-cased.
/// - `US` (exactly, upper case) becomes `u.s.` when `lowercase`, unless `us_pronoun`.
/// - An acronym written without its final period gets one: `U.S` → `u.s.`.
/// - A final `'s` is removed unless `keep_possessive` (and unless that would leave nothing).
pub(crate) fn write_part(
    arena: &mut String,
    p: &str,
    lowercase: bool,
    keep_possessive: bool,
    us_pronoun: bool,
) {
    let s = arena.len();
    if lowercase && p == "US" && !us_pronoun {
        arena.push_str("u.s.");
        return;
    }
    if p.is_ascii() {
        arena.push_str(p);
        if lowercase {
            arena[s..].make_ascii_lowercase();
        }
    } else {
        for c in p.nfkc() {
            let c = match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
                c => c,
            };
            if lowercase {
                arena.extend(c.to_lowercase());
            } else {
                arena.push(c);
            }
        }
    }
    if is_letter_acronym(p) {
        arena.push('.');
    }
    if !keep_possessive && arena.len() - s > 2 {
        let b = arena.as_bytes();
        let n = b.len();
        if b[n - 2] == b'\'' && (b[n - 1] == b's' || b[n - 1] == b'S') {
            arena.truncate(n - 2);
        }
    }
}

/// A number: ASCII digits with `,` `.` `'` `;` `:` between them, optionally followed by an
/// ordinal or plural ending (`st`, `nd`, `rd`, `th`, `s`, any case): `2024`, `1,000`, `3.5`,
/// `10th`, `1990s`.
#[inline]
pub fn is_number(w: &str) -> bool {
    let b = w.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let digits_end = b
        .iter()
        .position(|c| !(c.is_ascii_digit() || matches!(c, b',' | b'.' | b'\'' | b';' | b':')))
        .unwrap_or(b.len());
    let suffix = &w[digits_end..];
    suffix.is_empty()
        || ["st", "nd", "rd", "th", "s"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(suffix))
}

fn all_caps(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Is word `k` ("US") among ALL-CAPS words, so that it is the pronoun ("LET US UNITE")?
///
/// True when it has at least one neighbour in its sentence and every such neighbour is an
/// ALL-CAPS word of two or more letters.
pub(crate) fn caps_context(text: &str, words: &[Word], k: usize) -> bool {
    let w = words[k];
    let neighbours = [k.checked_sub(1), Some(k + 1)];
    let mut seen = 0;
    for j in neighbours.into_iter().flatten() {
        let Some(n) = words.get(j) else { continue };
        if n.sentence != w.sentence {
            continue;
        }
        seen += 1;
        if !all_caps(&text[n.start as usize..n.end as usize]) {
            return false;
        }
    }
    seen > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for (w, want) in [
            ("2024", true),
            ("1,000", true),
            ("3.5", true),
            ("10th", true),
            ("1ST", true),
            ("1990s", true),
            ("113", true),
            ("200-day", false),
            ("Hwasong-15", false),
            ("15a", false),
            ("juche", false),
            ("", false),
        ] {
            assert_eq!(is_number(w), want, "{w}");
        }
    }

    fn norm(p: &str, lowercase: bool, keep: bool) -> String {
        let mut s = String::from("x");
        write_part(&mut s, p, lowercase, keep, false);
        s[1..].to_string()
    }

    #[test]
    fn normal_forms() {
        for (p, lc, keep, want) in [
            ("People's", true, false, "people"),
            ("People’s", true, false, "people"),
            ("People’s", true, true, "people's"),
            ("PEOPLE'S", true, false, "people"),
            ("PEOPLE'S", false, false, "PEOPLE"),
            ("'s", true, false, "'s"),
            ("U.S.", true, false, "u.s."),
            ("U.S", true, false, "u.s."),
            ("US", true, false, "u.s."),
            ("US", false, false, "US"),
            ("D.P.R.K.", true, false, "d.p.r.k."),
            ("ＤＰＲＫ", true, false, "dprk"),
            ("Ⅵ", true, false, "vi"),
            ("don't", true, false, "don't"),
        ] {
            assert_eq!(norm(p, lc, keep), want, "{p} lowercase={lc} keep={keep}");
        }
    }
}
