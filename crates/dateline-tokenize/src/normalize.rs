//! Normal forms of words: case, apostrophes, acronyms, possessives, numbers.

use unicode_normalization::UnicodeNormalization;

use crate::segment::{is_letter_acronym, Word};

/// Appends the normal form of one word (or one part of a compound) to `arena`.
///
/// - ASCII: lower-cased when `lowercase`.
/// - Other text: NFKC, curly apostrophes (U+2019, U+2018, U+02BC) to `'`, invisible characters
///   (soft hyphen, zero-width space and joiners, word joiner, BOM) removed, lower-cased.
/// - Capitals joined by periods lose the periods: `U.S.`, `U.S` → `US`, `D.P.R.K.` → `DPRK`
///   (then the acronym rule below). Lower-case ones keep them: `a.m.`, `e.g.`.
/// - The period of a title, an initial or a closer goes: `Mt.` → `mt`, `S.` → `s`, `etc.` → `etc`.
/// - **Acronyms that would collide with a word keep their capitals**: an ALL-CAPS word of two or
///   more letters (or capitals joined by periods) whose lower-case form is also a common word or
///   a part of a Korean name ([`collides`]: `UN`/`Un`, `US`/`us`, `IS`/`is`, `NAM`/`Nam`) stays
///   upper case, unless `caps_ctx` (it sits among ALL-CAPS words, as in a headline "LET US
///   UNITE", where case tells nothing). Other acronyms are lower-cased (`DPRK` → `dprk`).
/// - A final `'s` is removed unless `keep_possessive` (and unless that would leave nothing).
pub(crate) fn write_part(
    arena: &mut String,
    p: &str,
    lowercase: bool,
    keep_possessive: bool,
    caps_ctx: bool,
) {
    let s = arena.len();
    // The possessive, split off first so that `UN's` is the acronym `UN` plus `'s`.
    let (base, poss) = split_possessive(p);
    let dotted = is_dotted_capitals(base);
    let base = if !dotted
        && base.len() > 1
        && base.ends_with('.')
        && !is_letter_acronym(&base[..base.len() - 1])
    {
        // A title, an initial or a closer with its period.
        &base[..base.len() - 1]
    } else {
        base
    };
    let keep_caps = lowercase && (dotted || (!caps_ctx && is_caps_word(base))) && {
        let mut lower = String::with_capacity(base.len());
        lower.extend(
            base.chars()
                .filter(|&c| c != '.')
                .flat_map(char::to_lowercase),
        );
        collides(&lower)
    };
    if dotted {
        for c in base.chars().filter(|&c| c != '.') {
            if lowercase && !keep_caps {
                arena.extend(c.to_lowercase());
            } else {
                arena.push(c);
            }
        }
    } else if base.is_ascii() {
        arena.push_str(base);
        if lowercase && !keep_caps {
            arena[s..].make_ascii_lowercase();
        }
    } else {
        for c in base.nfkc() {
            let c = match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
                c if is_invisible(c) => continue,
                c => c,
            };
            if lowercase && !keep_caps {
                arena.extend(c.to_lowercase());
            } else {
                arena.push(c);
            }
        }
    }
    if is_letter_acronym(base) && !dotted {
        arena.push('.');
    }
    if keep_possessive && !poss.is_empty() {
        arena.push('\'');
        arena.push(if lowercase {
            's'
        } else {
            poss.chars().last().unwrap_or('s')
        });
    }
    if arena.len() == s {
        // Nothing left (`'s` alone): keep the word as written.
        arena.push_str(p);
    }
}

/// Splits a final `'s` (any apostrophe, any case) off a word longer than the suffix.
fn split_possessive(p: &str) -> (&str, &str) {
    for suffix in [
        "'s",
        "'S",
        "\u{2019}s",
        "\u{2019}S",
        "\u{2018}s",
        "\u{02BC}s",
    ] {
        if p.len() > suffix.len() {
            if let Some(base) = p.strip_suffix(suffix) {
                return (base, &p[base.len()..]);
            }
        }
    }
    (p, "")
}

/// Characters that are invisible and never part of a word's form: soft hyphen, zero-width
/// space, zero-width non-joiner and joiner, word joiner, byte-order mark.
#[inline]
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Capitals joined by periods, with or without the last period: `U.S.`, `U.N`, `D.P.R.K.`.
fn is_dotted_capitals(w: &str) -> bool {
    let core = w.strip_suffix('.').unwrap_or(w);
    is_letter_acronym(core) && core.chars().all(|c| c == '.' || c.is_uppercase())
}

/// An ALL-CAPS word: two or more letters, none lower-case.
pub(crate) fn is_caps_word(w: &str) -> bool {
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

/// Romanized Korean name parts that KCNA also writes, in capitals, as acronyms or that an
/// acronym would fold onto (`Un` of Kim Jong Un and the `UN`, `Nam` and the Non-Aligned
/// Movement's `NAM`). Lower-case, sorted.
const NAME_PARTS: &[&str] = &[
    "ae", "an", "bok", "chan", "choe", "chol", "chun", "dok", "gil", "gum", "hak", "han", "ho",
    "hui", "hyon", "il", "in", "jo", "jong", "ju", "kim", "man", "mun", "myong", "nam", "ok",
    "pak", "ri", "ryong", "so", "sol", "son", "song", "su", "sun", "sung", "un", "yong",
];

/// Is `lower` (a lower-cased word) also a common word or a Korean name part, so that writing it
/// in capitals is what tells the acronym apart? The Snowball English stopwords, `us`, and
/// [`NAME_PARTS`].
pub fn collides(lower: &str) -> bool {
    lower == "us"
        || NAME_PARTS.binary_search(&lower).is_ok()
        || crate::stopwords::english().contains(lower)
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

/// Does case tell nothing about ALL-CAPS word `k`? True when it has at least one neighbour in
/// its sentence and every such neighbour is an ALL-CAPS word of two or more letters (a headline,
/// "LET US UNITE"), or when it is a Korean name part beside another capitalized name part (a
/// name written in capitals, "KIM JONG UN", "Kim Jong UN").
pub(crate) fn caps_context(text: &str, words: &[Word], k: usize) -> bool {
    let w = words[k];
    let neighbours = [k.checked_sub(1), Some(k + 1)];
    let mut seen = 0;
    let mut all_caps = true;
    let mut name_beside = false;
    let own = &text[w.start as usize..w.end as usize];
    let own_name = is_name_part(own);
    for j in neighbours.into_iter().flatten() {
        let Some(n) = words.get(j) else { continue };
        if n.sentence != w.sentence {
            continue;
        }
        seen += 1;
        let nt = &text[n.start as usize..n.end as usize];
        if !is_caps_word(nt) {
            all_caps = false;
        }
        if own_name && nt.chars().next().is_some_and(char::is_uppercase) && is_name_part(nt) {
            name_beside = true;
        }
    }
    (seen > 0 && all_caps) || name_beside
}

/// A word (any case) that is one of [`NAME_PARTS`].
fn is_name_part(w: &str) -> bool {
    w.len() <= 5 && {
        let lower = w.to_ascii_lowercase();
        NAME_PARTS.binary_search(&lower.as_str()).is_ok()
    }
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
            ("U.S.", true, false, "US"),
            ("U.S", true, false, "US"),
            ("US", true, false, "US"),
            ("US", false, false, "US"),
            ("U.S.", false, false, "US"),
            ("UN", true, false, "UN"),
            ("Un", true, false, "un"),
            ("UN's", true, false, "UN"),
            ("UN's", true, true, "UN's"),
            ("U.N.", true, false, "UN"),
            ("DPRK", true, false, "dprk"),
            ("DPRK's", true, false, "dprk"),
            ("IS", true, false, "IS"),
            ("NAM", true, false, "NAM"),
            ("Mt.", true, false, "mt"),
            ("Mt.", false, false, "Mt"),
            ("Mt", true, false, "mt"),
            ("S.", true, false, "s"),
            ("a.m.", true, false, "a.m."),
            ("etc.", true, false, "etc"),
            ("nu\u{ad}clear", true, false, "nuclear"),
            ("nu\u{2060}clear", true, false, "nuclear"),
            ("D.P.R.K.", true, false, "dprk"),
            ("ＤＰＲＫ", true, false, "dprk"),
            ("Ⅵ", true, false, "vi"),
            ("don't", true, false, "don't"),
        ] {
            assert_eq!(norm(p, lc, keep), want, "{p} lowercase={lc} keep={keep}");
        }
    }
}
