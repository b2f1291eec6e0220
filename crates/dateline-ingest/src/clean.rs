//! Text cleaning: entities and tag residue, whitespace and paragraphs, NFC, repeated headline,
//! dateline, end marks, byline. Each step can be switched off.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::dates::month_prefix;

/// Which cleaning steps run (all on by default).
///
/// Detection never depends on these switches: with `dateline` off the dateline is still parsed
/// into `place` and checked against the date, it is just left in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CleanOptions {
    /// Decode HTML entities (`&nbsp;`, `&#039;`, `&amp;`) and drop tag residue (`<nobr>`, `<br>`).
    pub entities: bool,
    /// CR LF → LF, Unicode spaces → space, runs collapsed, one paragraph per line joined by
    /// `"\n\n"`, trimmed.
    pub whitespace: bool,
    /// Unicode NFC.
    pub nfc: bool,
    /// Remove the headline repeated at the start of the body.
    pub repeated_title: bool,
    /// Remove the dateline (`Pyongyang, July 13 (KCNA) --`).
    pub dateline: bool,
    /// Remove end marks (`-0-`, `www.kcna.kp (2025.07.13.)`).
    pub end_marks: bool,
    /// Move a closing byline (`By Ri Hak Nam`, `Rodong Sinmun`) out of the body.
    pub byline: bool,
}

/// A cleaning step that can be turned off (`--no-clean`, a study's `[input] no_clean`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CleanStep {
    /// [`CleanOptions::entities`].
    Entities,
    /// [`CleanOptions::whitespace`].
    Whitespace,
    /// [`CleanOptions::nfc`].
    Nfc,
    /// [`CleanOptions::repeated_title`].
    RepeatedTitle,
    /// [`CleanOptions::dateline`].
    Dateline,
    /// [`CleanOptions::end_marks`].
    EndMarks,
    /// [`CleanOptions::byline`].
    Byline,
}

impl std::str::FromStr for CleanStep {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|_| {
            format!(
                "unknown cleaning step `{s}` (expected entities, whitespace, nfc, repeated-title, dateline, end-marks or byline)"
            )
        })
    }
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            entities: true,
            whitespace: true,
            nfc: true,
            repeated_title: true,
            dateline: true,
            end_marks: true,
            byline: true,
        }
    }
}

impl CleanOptions {
    /// Every step but the ones named (`--no-clean byline`).
    pub fn without(steps: &[CleanStep]) -> Self {
        let mut c = CleanOptions::default();
        for step in steps {
            match step {
                CleanStep::Entities => c.entities = false,
                CleanStep::Whitespace => c.whitespace = false,
                CleanStep::Nfc => c.nfc = false,
                CleanStep::RepeatedTitle => c.repeated_title = false,
                CleanStep::Dateline => c.dateline = false,
                CleanStep::EndMarks => c.end_marks = false,
                CleanStep::Byline => c.byline = false,
            }
        }
        c
    }

    /// Every step off: text kept as read.
    pub fn none() -> Self {
        CleanOptions {
            entities: false,
            whitespace: false,
            nfc: false,
            repeated_title: false,
            dateline: false,
            end_marks: false,
            byline: false,
        }
    }
}

/// A parsed dateline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    pub place: Option<String>,
    pub month: u32,
    pub day: u32,
    /// Year, when the dateline carries one (Juche style).
    pub year: Option<i32>,
}

/// The result of cleaning a body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CleanBody {
    pub body: String,
    pub dateline: Option<Dateline>,
    /// The date of a `www.kcna.kp (YYYY.MM.DD.)` end line.
    pub end_date: Option<NaiveDate>,
    pub byline: Option<String>,
}

/// Cleans a headline: entities, one line of collapsed spaces, NFC.
pub(crate) fn clean_title(title: &str, opts: CleanOptions) -> String {
    let mut t: Cow<str> = Cow::Borrowed(title);
    if opts.entities {
        t = Cow::Owned(decode_entities(&t).into_owned());
    }
    if opts.whitespace {
        t = Cow::Owned(normalize_whitespace(&strip_invisible(&t)).replace("\n\n", " "));
    }
    if opts.nfc {
        t = Cow::Owned(nfc(&t).into_owned());
    }
    t.trim().to_string()
}

/// Cleans a body. `title` is the cleaned headline (for the repeated-title step); `rodong` allows
/// bylines without `By` (`Ri Hak Nam`, `Rodong News Team`).
pub(crate) fn clean_body(
    body: &str,
    title: Option<&str>,
    rodong: bool,
    opts: CleanOptions,
) -> CleanBody {
    let mut b: String = if opts.entities {
        decode_entities(body).into_owned()
    } else {
        body.to_string()
    };
    if opts.whitespace {
        b = normalize_whitespace(&strip_invisible(&b));
    }
    if opts.nfc {
        if let Cow::Owned(n) = nfc(&b) {
            b = n;
        }
    }
    let mut out = CleanBody::default();
    // End marks.
    let (without_end, end_date) = strip_end_marks(&b);
    out.end_date = end_date;
    if opts.end_marks {
        match without_end {
            Cow::Owned(o) => b = o,
            // Unchanged but for trailing white space: cut in place, no copy.
            Cow::Borrowed(kept) => {
                let len = kept.len();
                b.truncate(len);
            }
        }
    }
    // Repeated headline.
    if opts.repeated_title {
        if let Some(t) = title {
            if let Some(rest) = strip_repeated_title(&b, t) {
                b = rest;
            }
        }
    }
    // Dateline (possibly after a headline that was not removed).
    if let Some((dl, range)) = find_dateline(&b, title) {
        out.dateline = Some(dl);
        if opts.dateline {
            b.replace_range(range, "");
            b = trim_owned(b);
        }
    }
    // Byline.
    if let Some((rest, by)) = split_byline(&b, rodong) {
        out.byline = Some(by);
        if opts.byline {
            b = rest;
        }
    }
    out.body = trim_owned(b);
    out
}

/// Whether `c` is a control character that must not reach the corpus: C0 but tab, line feed and
/// carriage return; DEL; C1; the non-characters U+FFFE and U+FFFF; a byte-order mark inside
/// the text.
fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' | '\u{feff}')
}

/// Removes control characters (see `is_control`), whatever the cleaning options: U+0085 (next
/// line) becomes a line break, a byte-order mark or non-character disappears, any other becomes
/// a space (so that words it separated stay apart). Returns the text and the characters
/// removed, in order. The one place where control characters are handled.
pub(crate) fn strip_controls(s: &str) -> (Cow<'_, str>, Vec<char>) {
    if !s.chars().any(is_control) {
        return (Cow::Borrowed(s), Vec::new());
    }
    let mut out = String::with_capacity(s.len());
    let mut removed = Vec::new();
    for c in s.chars() {
        if is_control(c) {
            removed.push(c);
            match c {
                '\u{85}' => out.push('\n'),
                '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {}
                _ => out.push(' '),
            }
        } else {
            out.push(c);
        }
    }
    (Cow::Owned(out), removed)
}

/// Unicode NFC, borrowing when already normalized.
pub(crate) fn nfc(s: &str) -> Cow<'_, str> {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(nobr|br|p|div|b|i|u|em|strong|span|font|a|img|sup|sub)\b[^<>]{0,300}/?>")
        .expect("valid regex")
});

/// Decodes HTML entities and removes tag residue (`<br>`, `<p>`, `<div>` become line breaks).
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') && !s.contains('<') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match tail[1..].find(';').filter(|&j| j <= 10) {
            Some(j) => {
                let name = &tail[1..=j];
                if let Some(c) = entity(name) {
                    out.push(c);
                    rest = &tail[j + 2..];
                    continue;
                }
                out.push('&');
                rest = &tail[1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    if out.contains('<') {
        let replaced = TAG.replace_all(&out, |c: &regex::Captures| {
            let t = c[1].to_ascii_lowercase();
            if matches!(t.as_str(), "br" | "p" | "div") {
                "\n"
            } else {
                ""
            }
        });
        if let Cow::Owned(r) = replaced {
            return Cow::Owned(r);
        }
    }
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // A control character is never decoded (the entity stays as written).
        return char::from_u32(code).filter(|c| !is_control(*c));
    }
    Some(match name {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "middot" => '\u{b7}',
        "deg" => '\u{b0}',
        "times" => '\u{d7}',
        _ => return None,
    })
}

/// Removes the invisible characters that split or disguise words: soft hyphen (U+00AD),
/// zero-width space (U+200B) and word joiner (U+2060). "nu\u{ad}clear" is "nuclear".
pub(crate) fn strip_invisible(s: &str) -> Cow<'_, str> {
    const INVISIBLE: [char; 3] = ['\u{ad}', '\u{200b}', '\u{2060}'];
    if s.contains(INVISIBLE) {
        Cow::Owned(s.replace(INVISIBLE, ""))
    } else {
        Cow::Borrowed(s)
    }
}

/// True for spaces to fold into ' ': tab, NBSP, U+2000..U+200A, U+202F, U+205F, U+3000, …
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{0b}' | '\u{0c}'
    )
}

/// One paragraph per non-empty line, spaces collapsed and trimmed, joined by `"\n\n"`.
pub(crate) fn normalize_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Whether the current line already wrote text, and whether a space is owed before the next
    // word of the line.
    let mut line_has_text = false;
    let mut pending_space = false;
    let mut word_start: Option<usize> = None;
    let mut flush = |word: &str, line_has_text: &mut bool, pending_space: &mut bool| {
        if !*line_has_text {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
        } else if *pending_space {
            out.push(' ');
        }
        out.push_str(word);
        *line_has_text = true;
        *pending_space = false;
    };
    for (i, c) in s.char_indices() {
        let line_break = matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}');
        if line_break || is_space(c) {
            if let Some(st) = word_start.take() {
                flush(&s[st..i], &mut line_has_text, &mut pending_space);
            }
            if line_break {
                line_has_text = false;
                pending_space = false;
            } else if line_has_text {
                pending_space = true;
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(st) = word_start {
        flush(&s[st..], &mut line_has_text, &mut pending_space);
    }
    out
}

static END_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*www\.kcna\.kp[ \t]*\((\d{4})\.(\d{1,2})\.(\d{1,2})\.?\)[ \t]*\r?$")
        .expect("valid regex")
});
static END_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t]*-0-[ \t]*(\r?\n|$)").expect("valid regex"));

/// Removes `www.kcna.kp (YYYY.MM.DD.)` lines and `-0-` marks; returns the end line's date.
pub(crate) fn strip_end_marks(s: &str) -> (Cow<'_, str>, Option<NaiveDate>) {
    let mut date = None;
    let mut out = Cow::Borrowed(s);
    if s.contains("www.kcna.kp") {
        if let Some(c) = END_LINE.captures(s) {
            date = NaiveDate::from_ymd_opt(
                c[1].parse().unwrap_or(0),
                c[2].parse().unwrap_or(0),
                c[3].parse().unwrap_or(0),
            );
        }
        out = Cow::Owned(END_LINE.replace_all(&out, "").into_owned());
    }
    if out.contains("-0-") {
        out = Cow::Owned(END_MARK.replace_all(&out, "$1").into_owned());
    }
    let out = match out {
        Cow::Borrowed(b) => Cow::Borrowed(b.trim_end()),
        Cow::Owned(mut o) => {
            o.truncate(o.trim_end().len());
            Cow::Owned(o)
        }
    };
    (out, date)
}

/// `s` without white space at either end, in place (a large body is not copied).
fn trim_owned(mut s: String) -> String {
    s.truncate(s.trim_end().len());
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
    s
}

/// Letters and digits only, lower case: the key for comparing a headline with a first line.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance over chars, giving up (None) beyond `max`.
fn edit_distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

/// The body without its first line when that line repeats the headline (ignoring case,
/// punctuation and a few typos, as `onwar`/`onward`); or without the headline prefix when the
/// first line starts with it.
pub(crate) fn strip_repeated_title(body: &str, title: &str) -> Option<String> {
    let t = squash(title);
    if t.is_empty() {
        return None;
    }
    let b = body.trim_start();
    let (first, rest) = match b.find('\n') {
        Some(i) => (&b[..i], &b[i..]),
        None => (b, ""),
    };
    let tc: Vec<char> = t.chars().collect();
    let max = (tc.len() / 20).max(1);
    // A first line with more letters and digits than the headline and the typos allowed cannot
    // repeat it (its squashed form is at least that long): not squashed, so that a one-line
    // body of any size costs no copy here.
    let alnum = first.chars().filter(|c| c.is_alphanumeric()).count();
    let same = alnum <= tc.len() + max && {
        let f = squash(first);
        f == t || {
            let fc: Vec<char> = f.chars().collect();
            tc.len() >= 12 && edit_distance_within(&tc, &fc, max).is_some()
        }
    };
    if same {
        return Some(rest.trim_start().to_string());
    }
    // Headline glued to the first paragraph on the same line.
    let tt = title.trim();
    if tt.len() >= 10
        && first.len() > tt.len()
        && first.is_char_boundary(tt.len())
        && first[..tt.len()].eq_ignore_ascii_case(tt)
    {
        let after = first[tt.len()..].trim_start();
        if find_dateline(after, None).is_some() {
            return Some(format!("{after}{rest}"));
        }
    }
    None
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:([A-Z][A-Za-z.'’ -]{1,40}?)\s*,\s*)?([A-Z][a-z]{2,8}\.?)\s+(\d{1,2})\s*\((?:KCNA|kcna)\)\s*(?:-{1,3}|–|—|:)?\s*",
    )
    .expect("valid regex")
});
static JUCHE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:([A-Z][A-Za-z.'’ -]{1,40}?)\s*,\s*)?Juche\s*\d+\s*\((\d{4})\)\.(\d{1,2})\.(\d{1,2})\.?\s*(?:\((?:KCNA|kcna)\))?\s*(?:-{1,3}|–|—)?\s*",
    )
    .expect("valid regex")
});

/// Finds a dateline at the start of `body` (after leading spaces). Returns it and the byte range
/// to remove.
pub(crate) fn find_dateline(
    body: &str,
    _title: Option<&str>,
) -> Option<(Dateline, std::ops::Range<usize>)> {
    let lead = body.len() - body.trim_start().len();
    let s = &body[lead..];
    if let Some(c) = DATELINE.captures(s) {
        let month = month_prefix(&c[2])?;
        let day: u32 = c[3].parse().ok()?;
        if !(1..=31).contains(&day) {
            return None;
        }
        let place = c.get(1).map(|m| m.as_str().trim().to_string());
        let end = c.get(0)?.end();
        return Some((
            Dateline {
                place,
                month,
                day,
                year: None,
            },
            lead..lead + end,
        ));
    }
    if let Some(c) = JUCHE_DATELINE.captures(s) {
        let end = c.get(0)?.end();
        return Some((
            Dateline {
                place: c.get(1).map(|m| m.as_str().trim().to_string()),
                year: c[2].parse().ok(),
                month: c[3].parse().ok()?,
                day: c[4].parse().ok()?,
            },
            lead..lead + end,
        ));
    }
    None
}

static BY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}$").expect("valid regex")
});
static NAME_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,3}$").expect("valid regex"));
static GLUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([.!?"”’])\s+((?:By\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,3})$"#)
        .expect("valid regex")
});

/// Splits a closing byline off the body: a last paragraph `By …`; for Rodong Sinmun also a short
/// last paragraph of capitalized words (`Ri Hak Nam`, `Rodong Sinmun`) or such a name glued
/// after the last sentence.
pub(crate) fn split_byline(body: &str, rodong: bool) -> Option<(String, String)> {
    let b = body.trim_end();
    let (head, last) = match b.rfind('\n') {
        Some(i) => (&b[..i], b[i + 1..].trim()),
        None => ("", b.trim()),
    };
    if !head.trim().is_empty()
        && last.len() <= 60
        && (BY_LINE.is_match(last) || (rodong && NAME_LINE.is_match(last)))
    {
        let by = last.strip_prefix("By ").unwrap_or(last).trim().to_string();
        return Some((head.trim_end().to_string(), by));
    }
    if rodong {
        if let Some(c) = GLUED.captures(b) {
            let m = c.get(2)?;
            let by = m.as_str();
            let by = by.strip_prefix("By ").unwrap_or(by).trim().to_string();
            let cut = c.get(1)?.end();
            return Some((b[..cut].to_string(), by));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters() {
        assert_eq!(
            strip_invisible("nu\u{ad}clear de\u{200b}ter\u{2060}rent"),
            "nuclear deterrent"
        );
        assert!(matches!(strip_invisible("plain"), Cow::Borrowed(_)));
        let b = clean_body(
            "The nu\u{ad}clear\u{200b} force.",
            None,
            false,
            CleanOptions::default(),
        );
        assert_eq!(b.body, "The nuclear force.");
    }

    #[test]
    fn control_characters() {
        let (t, removed) = strip_controls("a\u{7}b\u{85}c\u{0}d\u{9f}e\u{feff}f\u{ffff}g\tok\r\n");
        assert_eq!(t, "a b\nc d efg\tok\r\n");
        assert_eq!(
            removed,
            ['\u{7}', '\u{85}', '\u{0}', '\u{9f}', '\u{feff}', '\u{ffff}']
        );
        let (t, removed) = strip_controls("plain text, tab\tand é");
        assert!(matches!(t, Cow::Borrowed(_)));
        assert!(removed.is_empty());
        // Entities never produce one.
        assert_eq!(
            decode_entities("bell&#7;here &#x85; &#65;"),
            "bell&#7;here &#x85; A"
        );
    }
    use proptest::prelude::*;

    #[test]
    fn entities_table() {
        let cases = [
            ("a&nbsp;b", "a\u{a0}b"),
            ("Women&#039;s", "Women's"),
            ("A &amp; B", "A & B"),
            ("&quot;x&quot;", "\"x\""),
            ("&#x41;", "A"),
            (
                "President <nobr>Kim Il Sung</nobr>",
                "President Kim Il Sung",
            ),
            ("a<br>b<br />c", "a\nb\nc"),
            ("AT&T &unknown; & more", "AT&T &unknown; & more"),
            ("a < b > c", "a < b > c"),
        ];
        for (input, want) in cases {
            assert_eq!(decode_entities(input), want, "{input:?}");
        }
    }

    #[test]
    fn whitespace_table() {
        let cases = [
            ("  a  b \r\n\r\n c\td ", "a b\n\nc d"),
            (
                "T\r\nP1\n\t\t\t\t\t P2\n\t\t\t\t\t\n\t\t\t\t\t P3",
                "T\n\nP1\n\nP2\n\nP3",
            ),
            ("x\u{3000}y\u{a0}\u{a0}z", "x y z"),
            ("\n\n\n", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_whitespace(input), want, "{input:?}");
        }
    }

    #[test]
    fn end_marks() {
        let (b, d) = strip_end_marks("Text ends here. -0-\n\nwww.kcna.kp (2025.07.13.)\n");
        assert_eq!(b, "Text ends here.");
        assert_eq!(d, NaiveDate::from_ymd_opt(2025, 7, 13));
        let (b, d) = strip_end_marks("Score 3-0-1 is kept. -0-");
        assert_eq!(b, "Score 3-0-1 is kept.");
        assert_eq!(d, None);
    }

    #[test]
    fn datelines_table() {
        type Case<'a> = (&'a str, Option<(&'a str, u32, u32)>, &'a str);
        let cases: &[Case] = &[
            (
                "Pyongyang, July 13 (KCNA) -- Kim met.",
                Some(("Pyongyang", 7, 13)),
                "Kim met.",
            ),
            (
                "Pyongyang, July 13 (KCNA) – Kim met.",
                Some(("Pyongyang", 7, 13)),
                "Kim met.",
            ),
            (
                "Moscow, July 12 (KCNA) --Lavrov said.",
                Some(("Moscow", 7, 12)),
                "Lavrov said.",
            ),
            (
                "Pyongyang, Sept. 4 (KCNA) -- X.",
                Some(("Pyongyang", 9, 4)),
                "X.",
            ),
            (
                "Pyongyang, Juche 107(2018).1.2 -- X.",
                Some(("Pyongyang", 1, 2)),
                "X.",
            ),
            ("Kim Jong Un met July 13 people.", None, ""),
            (
                "Pyongyang, Febuary 13 (KCNA) -- X.",
                Some(("Pyongyang", 2, 13)),
                "X.",
            ),
            ("Pyongyang, Smarch 13 (KCNA) -- X.", None, ""),
        ];
        for (input, want, rest) in cases {
            let got = find_dateline(input, None);
            match (got, want) {
                (Some((dl, r)), Some((place, m, d))) => {
                    assert_eq!(dl.place.as_deref(), Some(*place), "{input}");
                    assert_eq!((dl.month, dl.day), (*m, *d), "{input}");
                    assert_eq!(&input[r.end..], *rest, "{input}");
                }
                (None, None) => {}
                (got, _) => panic!("{input}: got {got:?}"),
            }
        }
    }

    #[test]
    fn repeated_title() {
        let t =
            "New Year editorial calls for stepping up general onwar movement of Korean socialism";
        let b = "New Year editorial calls for stepping up general onward movement of Korean socialism\n\nPyongyang, January 1 (KCNA) -- Text.";
        assert_eq!(
            strip_repeated_title(b, t).unwrap(),
            "Pyongyang, January 1 (KCNA) -- Text."
        );
        assert_eq!(strip_repeated_title("Other line\n\nText", t), None);
        assert_eq!(
            strip_repeated_title("Talks Held Pyongyang, May 2 (KCNA) -- Text.", "Talks Held")
                .unwrap(),
            "Pyongyang, May 2 (KCNA) -- Text."
        );
    }

    #[test]
    fn bylines_table() {
        type Case<'a> = (&'a str, bool, Option<(&'a str, &'a str)>);
        let cases: &[Case] = &[
            (
                "Para one.\n\nBy Ri Hak Nam",
                false,
                Some(("Para one.", "Ri Hak Nam")),
            ),
            (
                "Para one.\n\nRodong Sinmun",
                true,
                Some(("Para one.", "Rodong Sinmun")),
            ),
            ("Para one.\n\nRodong Sinmun", false, None),
            (
                "self-development. Ri Hak Nam",
                true,
                Some(("self-development.", "Ri Hak Nam")),
            ),
            ("self-development. Ri Hak Nam", false, None),
            ("Long live Kim Jong Un!", true, None),
        ];
        for (input, rodong, want) in cases {
            let got = split_byline(input, *rodong);
            assert_eq!(
                got.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
                *want,
                "{input}"
            );
        }
    }

    #[test]
    fn full_body() {
        let c = clean_body(
            "Talks Held\r\n&nbsp;&nbsp;Pyongyang, May 2 (KCNA) -- Kim&#039;s talks.\n\t\t\t More. -0-",
            Some("Talks Held"),
            false,
            CleanOptions::default(),
        );
        assert_eq!(c.body, "Kim's talks.\n\nMore.");
        assert_eq!(c.dateline.unwrap().place.as_deref(), Some("Pyongyang"));
        let off = clean_body(
            "Talks Held\nPyongyang, May 2 (KCNA) -- X. -0-",
            Some("Talks Held"),
            false,
            CleanOptions::none(),
        );
        assert_eq!(off.body, "Talks Held\nPyongyang, May 2 (KCNA) -- X. -0-");
    }

    proptest! {
        #[test]
        fn whitespace_is_idempotent_and_tidy(s in "[a-c \t\r\n\u{3000}\u{a0}]{0,40}") {
            let once = normalize_whitespace(&s);
            prop_assert_eq!(normalize_whitespace(&once), once.clone());
            prop_assert!(!once.contains("  "));
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
            prop_assert!(!once.contains("\n\n\n"));
        }

        #[test]
        fn entity_decoding_without_markup_is_identity(s in "[a-zA-Z0-9 .,;]{0,40}") {
            prop_assert_eq!(decode_entities(&s), s.clone());
        }
    }
}
