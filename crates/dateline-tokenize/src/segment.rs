//! Segmentation: UAX #29 words (with an ASCII fast path), merged into dateline's words
//! (abbreviations with their period, hyphenated compounds), and sentence numbers.

use unicode_segmentation::UnicodeSegmentation;

/// How a word ends when it took a following period (or is a period-less acronym).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbr {
    /// Not an abbreviation.
    None,
    /// One upper-case letter and a period: `S.` (initials, "S. Korea"): never ends a sentence.
    Initial,
    /// A title or month (`Mr.`, `Dr.`, `Gen.`, `Jan.`, `No.` before a number): never ends a sentence.
    Title,
    /// Single letters joined by periods (`U.S.`, `D.P.R.K.`, `a.m.`) or a word that can close a
    /// sentence (`etc.`, `Inc.`): ends a sentence only before a sentence starter (`The`, `It`, ...).
    Acronym,
}

/// A dateline word: a UAX #29 word, possibly with an abbreviation's period, possibly a compound.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    /// How the last part ends.
    pub abbr: Abbr,
    /// Holds a hyphen joining two parts.
    pub compound: bool,
}

/// True for the characters that join the parts of a compound: `-`, U+2010 HYPHEN,
/// U+2011 NON-BREAKING HYPHEN, U+FE63 SMALL HYPHEN-MINUS, U+FF0D FULLWIDTH HYPHEN-MINUS.
/// En and em dashes separate words.
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{FE63}' | '\u{FF0D}')
}

#[inline]
fn hyphen_at(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    if i >= b.len() {
        return 0;
    }
    if b[i] == b'-' {
        return 1;
    }
    if b[i] < 0x80 {
        return 0;
    }
    match text[i..].chars().next() {
        Some(c) if is_hyphen(c) => c.len_utf8(),
        _ => 0,
    }
}

// Word-break classes (UAX #29) of bytes; `X` marks non-ASCII bytes, `W` ASCII whitespace.
const O: u8 = 0; // other
const L: u8 = 1; // ALetter
const N: u8 = 2; // Numeric
const U: u8 = 3; // ExtendNumLet `_`
const ML: u8 = 4; // MidLetter `:`
const MNL: u8 = 5; // MidNumLet `.` and Single_Quote `'`
const MN: u8 = 6; // MidNum `,` `;`
const W: u8 = 7; // ASCII whitespace (`u8::is_ascii_whitespace`): chunk separator
const X: u8 = 8; // a byte of a non-ASCII char

const CLASS: [u8; 256] = {
    let mut t = [X; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_alphabetic() {
            L
        } else if c.is_ascii_digit() {
            N
        } else if c == b'_' {
            U
        } else if c == b':' {
            ML
        } else if c == b'.' || c == b'\'' {
            MNL
        } else if c == b',' || c == b';' {
            MN
        } else if c.is_ascii_whitespace() {
            W
        } else {
            O
        };
        i += 1;
    }
    t
};

/// The UAX #29 word segments of `text` that hold a letter or digit (`char::is_alphanumeric`),
/// as byte ranges, appended to `out`.
///
/// Text is scanned in one pass by a hand-written implementation of the UAX #29 rules for ASCII
/// (WB5–WB13b). A run between ASCII whitespace that holds a non-ASCII char is handed, whole, to
/// `unicode-segmentation` (with the whitespace byte before it, so WB4 sees the same context);
/// no UAX #29 rule joins across ASCII whitespace. A proptest checks that the result equals
/// `unicode-segmentation` on the whole text, for arbitrary strings.
pub fn word_ranges(text: &str, out: &mut Vec<(u32, u32)>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    // Start of the current run of non-whitespace bytes.
    let mut chunk = 0;
    while i < n {
        match CLASS[b[i] as usize] {
            W => {
                i += 1;
                chunk = i;
            }
            X => {
                // Undo the words already taken from this run, and segment it with UAX #29.
                while out.last().is_some_and(|w| w.0 as usize >= chunk) {
                    out.pop();
                }
                let mut j = i;
                while j < n && CLASS[b[j] as usize] != W {
                    j += 1;
                }
                let from = context_start(text, chunk);
                for (s, w) in text[from..j].split_word_bound_indices() {
                    if w.chars().any(char::is_alphanumeric) {
                        out.push(((from + s) as u32, (from + s + w.len()) as u32));
                    }
                }
                i = j;
            }
            c @ (L | N | U) => {
                let ws = i;
                let mut alnum = c != U;
                i += 1;
                loop {
                    while i < n {
                        let c = CLASS[b[i] as usize];
                        if matches!(c, L | N | U) {
                            alnum |= c != U;
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    if i + 1 < n {
                        let (p, m, x) = (
                            CLASS[b[i - 1] as usize],
                            CLASS[b[i] as usize],
                            CLASS[b[i + 1] as usize],
                        );
                        let join = (p == L && x == L && (m == ML || m == MNL))
                            || (p == N && x == N && (m == MN || m == MNL));
                        if join {
                            i += 2;
                            continue;
                        }
                    }
                    break;
                }
                if alnum {
                    out.push((ws as u32, i as u32));
                }
            }
            _ => i += 1,
        }
    }
}

/// Where UAX #29 context for a run starting at `chunk` begins: the run of WSegSpace chars
/// before it (WB3d joins them, and WB4 attaches a following Extend char to them), or else the
/// one ASCII whitespace byte before it.
fn context_start(text: &str, chunk: usize) -> usize {
    let mut from = chunk;
    while let Some(c) = text[..from].chars().next_back() {
        if is_wsegspace(c) {
            from -= c.len_utf8();
        } else {
            if from == chunk && c.is_ascii_whitespace() {
                from -= 1;
            }
            break;
        }
    }
    from
}

/// The Unicode WSegSpace property (Zs minus the no-break spaces).
fn is_wsegspace(c: char) -> bool {
    matches!(c, ' ' | '\u{1680}' | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200A}' | '\u{205F}' | '\u{3000}')
}

/// Single letters joined by periods, without a final period: `U.S`, `D.P.R.K`, `a.m`.
#[inline]
pub(crate) fn is_letter_acronym(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() < 3 || (b[0] < 0x80 && b[1] != b'.') {
        return false;
    }
    let mut n = 0;
    let mut want_letter = true;
    for c in w.chars() {
        if want_letter {
            if !c.is_alphabetic() {
                return false;
            }
            n += 1;
        } else if c != '.' {
            return false;
        }
        want_letter = !want_letter;
    }
    n >= 2 && !want_letter
}

/// Titles and months that take a period and never end a sentence (compared lower-cased; the
/// word must start with an upper-case letter).
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "sgt",
    "adm", "brig", "gov", "sen", "rep", "rev", "hon", "st", "mt", "ft", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];
/// Titles that take a period only before a number: `No. 1`, `Art. 5`.
const NUMBERED: &[&str] = &["no", "nos", "art", "vol", "fig", "p", "pp"];
/// Words whose period may or may not end the sentence (`etc.` in any case, the others capitalized).
const CLOSERS: &[&str] = &["etc", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "vs"];

fn lower_in(w: &str, list: &[&str]) -> bool {
    w.len() <= 6 && list.iter().any(|t| t.eq_ignore_ascii_case(w))
}

/// What a word followed by a period at `after` is; `Abbr::None` when the period is not its own.
fn abbr_with_period(text: &str, w: &str, after: usize) -> Abbr {
    if is_letter_acronym(w) {
        return Abbr::Acronym;
    }
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    if w.chars().count() == 1 {
        return if first_upper {
            Abbr::Initial
        } else {
            Abbr::None
        };
    }
    if w.eq_ignore_ascii_case("etc") || w == "vs" {
        return Abbr::Acronym;
    }
    if !first_upper {
        return Abbr::None;
    }
    if lower_in(w, TITLES) {
        return Abbr::Title;
    }
    if lower_in(w, NUMBERED) {
        let rest = text[after..].trim_start_matches([' ', '\u{a0}']);
        if rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return Abbr::Title;
        }
        return Abbr::None;
    }
    if lower_in(w, CLOSERS) {
        return Abbr::Acronym;
    }
    Abbr::None
}

/// Merges UAX #29 words into dateline words and numbers the sentences.
///
/// `base` is scratch space; `words` is cleared and filled.
pub(crate) fn words(text: &str, base: &mut Vec<(u32, u32)>, words: &mut Vec<Word>) {
    base.clear();
    words.clear();
    word_ranges(text, base);
    let mut i = 0;
    let mut sentence = 0u32;
    let mut prev: Option<Word> = None;
    while i < base.len() {
        let (start, mut end) = (base[i].0 as usize, base[i].1 as usize);
        i += 1;
        let mut abbr = part_abbr(text, start, &mut end, base.get(i));
        let mut compound = false;
        // Join `part-part-…` when a hyphen sits directly between two words.
        loop {
            // A zero-width space inside a word (a scraper's line-break hint) joins, invisibly.
            if text[end..].starts_with('\u{200b}')
                && i < base.len()
                && base[i].0 as usize == end + 3
            {
                end = base[i].1 as usize;
                i += 1;
                abbr = part_abbr(text, start, &mut end, base.get(i));
                continue;
            }
            let h = hyphen_at(text, end);
            if h == 0 || i >= base.len() || base[i].0 as usize != end + h {
                break;
            }
            compound = true;
            let s = base[i].0 as usize;
            end = base[i].1 as usize;
            i += 1;
            abbr = part_abbr(text, s, &mut end, base.get(i));
        }
        if let Some(p) = prev {
            if breaks(text, &p, start) {
                sentence += 1;
            }
        }
        let w = Word {
            start: start as u32,
            end: end as u32,
            sentence,
            abbr,
            compound,
        };
        words.push(w);
        prev = Some(w);
    }
}

/// The abbreviation kind of the part `[start, end)`, extending `end` over its period (unless
/// that period begins the next UAX #29 word, `next`).
#[inline]
fn part_abbr(text: &str, start: usize, end: &mut usize, next: Option<&(u32, u32)>) -> Abbr {
    let w = &text[start..*end];
    if text.as_bytes().get(*end) == Some(&b'.') && next.is_none_or(|n| n.0 as usize != *end) {
        let a = abbr_with_period(text, w, *end + 1);
        if a != Abbr::None {
            *end += 1;
        }
        a
    } else if is_letter_acronym(w) {
        Abbr::Acronym
    } else {
        Abbr::None
    }
}

/// Capitalized words that start a sentence after `U.S.`, `etc.` or an initial ("the U.S. The
/// ..."). Other capitalized words do not ("U.S. President", "U.S. Here" in a headline).
const SENTENCE_STARTERS: &[&str] = &[
    "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "there",
    "but", "and", "such",
];

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '\u{2026}' | '\u{3002}' | '\u{FF01}' | '\u{FF1F}'
    )
}

/// Does a sentence end between word `a` and the word starting at `next`?
fn breaks(text: &str, a: &Word, next: usize) -> bool {
    let gap = &text[a.end as usize..next];
    // Fast path: most gaps are one space after an ordinary word.
    if a.abbr == Abbr::None && gap == " " {
        return false;
    }
    // Paragraph break: a line break, optional blanks, another line break (or U+2029).
    let mut newline = false;
    for c in gap.chars() {
        match c {
            '\n' | '\u{2029}' => {
                if newline || c == '\u{2029}' {
                    return true;
                }
                newline = true;
            }
            c if c.is_whitespace() => {}
            _ => newline = false,
        }
    }
    let next_first = text[next..].chars().next().unwrap_or(' ');
    // Dateline: `(KCNA) --`.
    if a.start > 0 && text.as_bytes()[a.start as usize - 1] == b'(' {
        let w = &text[a.start as usize..a.end as usize];
        if w.chars().all(char::is_uppercase) {
            if let Some(rest) = gap.strip_prefix(')') {
                let rest = rest.trim_start();
                if rest.starts_with("--") || rest.starts_with(['\u{2014}', '\u{2013}']) {
                    return true;
                }
            }
        }
    }
    if next_first.is_lowercase() {
        return false;
    }
    if gap.chars().any(is_terminator) {
        return true;
    }
    // The period went to an abbreviation: break only before a sentence starter ("U.S. The").
    match a.abbr {
        Abbr::Acronym | Abbr::Initial
            if text.as_bytes()[a.end as usize - 1] == b'.' && next_first.is_uppercase() =>
        {
            let w = next_word(text, next);
            w.len() <= 5 && SENTENCE_STARTERS.iter().any(|s| s.eq_ignore_ascii_case(w))
        }
        _ => false,
    }
}

/// The letters starting at `i` (up to the first non-alphanumeric char).
fn next_word(text: &str, i: usize) -> &str {
    let rest = &text[i..];
    let e = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(j, _)| j);
    &rest[..e]
}

/// The sentences of `text` as byte ranges: from the first word to the last word of each sentence,
/// extended over the punctuation that directly follows it (up to the first whitespace).
///
/// Sentence `i` here is [`crate::Token::sentence`] `== i`. Text without words has no sentences.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut base = Vec::new();
    let mut ws = Vec::new();
    words(text, &mut base, &mut ws);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, w) in ws.iter().enumerate() {
        let last = ws.get(k + 1).is_none_or(|n| n.sentence != w.sentence);
        if out.len() <= w.sentence as usize {
            out.push((w.start as usize, w.end as usize));
        }
        if last {
            let limit = ws.get(k + 1).map_or(text.len(), |n| n.start as usize);
            let tail = &text[w.end as usize..limit];
            let ext = tail
                .char_indices()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(tail.len(), |(j, _)| j);
            out.last_mut().expect("pushed").1 = w.end as usize + ext;
        }
    }
    out
}

/// The parts of a compound token: byte ranges of the pieces between hyphens, absolute in `text`.
///
/// `start..end` is a token's range ([`crate::Token::start`], [`crate::Token::end`]). A token that
/// is not a compound gives one part, itself. Use this to match entities inside compounds
/// ("DPRK-Russia" → "DPRK" at 0..4, "Russia" at 5..11).
///
/// ```
/// let text = "the DPRK-Russia summit";
/// let parts: Vec<_> = dateline_tokenize::compound_parts(text, 4, 15).collect();
/// assert_eq!(parts, [(4, 8), (9, 15)]);
/// ```
pub fn compound_parts(
    text: &str,
    start: usize,
    end: usize,
) -> impl Iterator<Item = (usize, usize)> + '_ {
    let s = &text[start..end];
    let mut pos = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = &s[pos..];
        match rest.char_indices().find(|&(_, c)| is_hyphen(c)) {
            Some((j, c)) => {
                let part = (start + pos, start + pos + j);
                pos += j + c.len_utf8();
                Some(part)
            }
            None => {
                done = true;
                Some((start + pos, end))
            }
        }
    })
    .filter(|&(a, b)| a < b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uax(text: &str) -> Vec<(u32, u32)> {
        text.split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(|(s, w)| (s as u32, (s + w.len()) as u32))
            .collect()
    }

    fn mine(text: &str) -> Vec<(u32, u32)> {
        let mut v = Vec::new();
        word_ranges(text, &mut v);
        v
    }

    #[test]
    fn ascii_scanner_matches_uax29_on_examples() {
        for t in [
            "U.S. D.P.R.K. People's 1,000 10th 3.5 a:b a_b __ _a 1;2 1'2 a.1 1.a a..b x.",
            "Kim Jong Un. Mr. Putin's anti-U.S. DPRK-Russia 200-day (KCNA) -- \"quoted\"",
            "e.g. i.e. www.kcna.kp 2017-2018 a'b' 'a' 1,000,000.50",
        ] {
            assert_eq!(mine(t), uax(t), "{t}");
        }
    }

    #[test]
    fn letter_acronyms() {
        for (w, want) in [
            ("U.S", true),
            ("D.P.R.K", true),
            ("a.m", true),
            ("U", false),
            ("U.S.", false),
            ("US", false),
            ("Mr", false),
            ("S.Korea", false),
        ] {
            assert_eq!(is_letter_acronym(w), want, "{w}");
        }
    }

    fn spans(text: &str) -> Vec<&str> {
        sentence_spans(text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            // Real: KCNA.kp, 13/07/2025 (seed article), dateline then body.
            (
                "Pyongyang, July 13 (KCNA) -- Kim Jong Un , general secretary of the Workers' Party of Korea, met Lavrov.",
                &[
                    "Pyongyang, July 13 (KCNA)",
                    "Kim Jong Un , general secretary of the Workers' Party of Korea, met Lavrov.",
                ],
            ),
            // Title and body separated by "\n\n".
            (
                "Respected Comrade Kim Jong Un Meets Russian Foreign Minister\n\nPresent there were Andrei Rudenko.",
                &[
                    "Respected Comrade Kim Jong Un Meets Russian Foreign Minister",
                    "Present there were Andrei Rudenko.",
                ],
            ),
            (
                "He met Kim Jong Un. The talk was held.",
                &["He met Kim Jong Un.", "The talk was held."],
            ),
            // "U.S." before lower case, before a name, before a sentence starter.
            (
                "the U.S. imperialists and the U.S. President. Then the U.S. The end.",
                &["the U.S. imperialists and the U.S. President.", "Then the U.S.", "The end."],
            ),
            // Real headline (kcna.co.jp, 1997): "Here" is no sentence starter.
            ("President of NBC of U.S. Here", &["President of NBC of U.S. Here"]),
            ("Mr. Putin met Dr. Kim in S. Korea.", &["Mr. Putin met Dr. Kim in S. Korea."]),
            (
                "It was issued on Jan. 5. No. 1 was read.",
                &["It was issued on Jan. 5.", "No. 1 was read."],
            ),
            ("They said no. Then left!", &["They said no.", "Then left!"]),
            ("\"Long live!\" shouted they.", &["Long live!\" shouted they."]),
            ("One\r\n\r\nTwo", &["One", "Two"]),
            ("One\nTwo", &["One\nTwo"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(spans(text), *want, "{text:?}");
        }
    }

    #[test]
    fn compound_parts_table() {
        let t = "anti-U.S. Kimilsungism-Kimjongilism Sino\u{2010}DPRK x";
        let p: Vec<_> = compound_parts(t, 0, 9).map(|(a, b)| &t[a..b]).collect();
        assert_eq!(p, ["anti", "U.S."]);
        let p: Vec<_> = compound_parts(t, 10, 35).map(|(a, b)| &t[a..b]).collect();
        assert_eq!(p, ["Kimilsungism", "Kimjongilism"]);
        let p: Vec<_> = compound_parts(t, 36, 47).collect();
        assert_eq!(p, [(36, 40), (43, 47)]);
        let p: Vec<_> = compound_parts(t, 48, 49).collect();
        assert_eq!(p, [(48, 49)]);
    }
}
