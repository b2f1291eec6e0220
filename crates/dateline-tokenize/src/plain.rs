//! The `plain` pipeline: the token definition of the benchmark's peers (`bench/peers.py`),
//! implemented as one scanner (no regex at run time).
//!
//! The definition, as the peers write it with regexes (see `docs/tokenization.md`, section 7):
//!
//! 1. `’` (U+2019) → `'`;
//! 2. sentences end at a blank line `\n[ \t\r]*\n`, at U+0001 (the peers' split mark), or after
//!    `[.!?…]["'”’)\]]*` followed by whitespace and a char that is neither an ASCII lower-case
//!    letter nor whitespace (on the original-case text);
//! 3. lower-case (`str::to_lowercase`, as Python's `str.lower`, final sigma included);
//! 4. a possessive `'s` after a letter or digit is removed when a word boundary follows (the next
//!    char is not a letter, digit or `_`), leftmost first, without overlap (`x's's` → `x's`);
//! 5. tokens: `[\p{L}\p{N}]+(?:['\-][\p{L}\p{N}]+)*`;
//! 6. tokens matching `^[0-9]+(?:st|nd|rd|th|s)?(?:-[0-9]+(?:st|nd|rd|th|s)?)*$` are dropped
//!    from the stream.
//!
//! Lower-casing, the possessive and the token pattern see a stream of "units": the lower-cased
//! chars with the byte range of the source char each comes from. ASCII documents (nearly all)
//! use their bytes as units directly; other documents build the units once.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::{stem_tail, Pipeline, Token};

/// The ranges of `[\p{L}\p{N}]` (from `regex-syntax`, so the same Unicode tables as the peers'
/// `regex` crate).
fn letter_digit_ranges() -> &'static [(u32, u32)] {
    static RANGES: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    RANGES.get_or_init(|| {
        let hir = regex_syntax::Parser::new()
            .parse(r"[\p{L}\p{N}]")
            .expect("a valid class");
        match hir.kind() {
            regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(c)) => c
                .ranges()
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end())))
                .collect(),
            other => panic!("unexpected HIR {other:?}"),
        }
    })
}

/// A letter or digit: `[\p{L}\p{N}]`.
#[inline]
pub(crate) fn is_letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let c = u32::from(c);
    let r = letter_digit_ranges();
    match r.binary_search_by(|&(lo, _)| lo.cmp(&c)) {
        Ok(_) => true,
        Err(0) => false,
        Err(i) => c <= r[i - 1].1,
    }
}

/// A word char for the possessive's `\b`: a letter, a digit or `_` (Python's `\w`).
#[inline]
fn is_word(c: char) -> bool {
    c == '_' || is_letter_or_digit(c)
}

/// The text as units: `ch(i)` is the `i`-th char of the lower-cased text (with `'` for `’`),
/// `start(i)..end(i)` the bytes of the source char it comes from.
trait Units {
    fn len(&self) -> usize;
    fn ch(&self, i: usize) -> char;
    fn start(&self, i: usize) -> usize;
    fn end(&self, i: usize) -> usize;
}

/// An ASCII text: one unit per byte.
struct Ascii<'a> {
    b: &'a [u8],
    lower: bool,
}

impl Units for Ascii<'_> {
    #[inline]
    fn len(&self) -> usize {
        self.b.len()
    }
    #[inline]
    fn ch(&self, i: usize) -> char {
        let b = self.b[i];
        char::from(if self.lower {
            b.to_ascii_lowercase()
        } else {
            b
        })
    }
    #[inline]
    fn start(&self, i: usize) -> usize {
        i
    }
    #[inline]
    fn end(&self, i: usize) -> usize {
        i + 1
    }
}

/// Any text: the units built by [`wide_units`].
struct Wide<'a>(&'a [(char, u32, u32)]);

impl Units for Wide<'_> {
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn ch(&self, i: usize) -> char {
        self.0[i].0
    }
    #[inline]
    fn start(&self, i: usize) -> usize {
        self.0[i].1 as usize
    }
    #[inline]
    fn end(&self, i: usize) -> usize {
        self.0[i].2 as usize
    }
}

/// The units of `text`: each char lower-cased (when `lower`) with `char::to_lowercase`, except
/// `Σ`, which takes its form from `str::to_lowercase` of the whole text (final sigma); `’`
/// becomes `'`. A char that lower-cases to several chars (`İ` → `i̇`) gives several units with
/// the same source range.
fn wide_units(text: &str, lower: bool, out: &mut Vec<(char, u32, u32)>) {
    out.clear();
    let apos = |c: char| if c == '\u{2019}' { '\'' } else { c };
    let full = (lower && text.contains('\u{3a3}')).then(|| text.to_lowercase());
    let mut fpos = 0; // byte position in `full`
    for (pos, c) in text.char_indices() {
        let (s, e) = (pos as u32, (pos + c.len_utf8()) as u32);
        if !lower {
            out.push((apos(c), s, e));
            continue;
        }
        if c == '\u{3a3}' {
            if let Some(l) = full.as_deref().and_then(|f| f[fpos..].chars().next()) {
                out.push((l, s, e));
                fpos += l.len_utf8();
                continue;
            }
        }
        for l in c.to_lowercase() {
            fpos += l.len_utf8();
            out.push((apos(l), s, e));
        }
    }
}

/// The char at byte `i` of `text`, if any.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|t| t.chars().next())
}

/// Does the sentence-end pattern `[.!?…]["'”’)\]]*\s+[^a-z\s]` match at byte `i` (where a
/// terminator is)?
fn sentence_end_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let mut j = i + char_at(text, i).map_or(1, char::len_utf8);
    // Closing quotes and brackets.
    loop {
        match b.get(j) {
            Some(b'"' | b'\'' | b')' | b']') => j += 1,
            Some(0xE2) if matches!(char_at(text, j), Some('\u{201d}' | '\u{2019}')) => j += 3,
            _ => break,
        }
    }
    let ws = j;
    while let Some(c) = char_at(text, j) {
        if !c.is_whitespace() {
            break;
        }
        j += c.len_utf8();
    }
    j > ws && char_at(text, j).is_some_and(|c| !c.is_ascii_lowercase())
}

/// Does a blank line `\n[ \t\r]*\n` start at byte `i` (where a `\n` is)?
fn blank_line_at(b: &[u8], i: usize) -> bool {
    let mut j = i + 1;
    while matches!(b.get(j), Some(b' ' | b'\t' | b'\r')) {
        j += 1;
    }
    b.get(j) == Some(&b'\n')
}

/// `^[0-9]+(?:st|nd|rd|th|s)?(?:-[0-9]+(?:st|nd|rd|th|s)?)*$`
pub(crate) fn is_plain_number(s: &[u8]) -> bool {
    let n = s.len();
    let mut i = 0;
    loop {
        let d = i;
        while i < n && s[i].is_ascii_digit() {
            i += 1;
        }
        if i == d {
            return false;
        }
        match s.get(i..i + 2) {
            Some(b"st" | b"nd" | b"rd" | b"th") => i += 2,
            _ if s.get(i) == Some(&b's') => i += 1,
            _ => {}
        }
        if i == n {
            return true;
        }
        if s[i] != b'-' {
            return false;
        }
        i += 1;
    }
}

impl Pipeline {
    /// Tokenizes `text` with the `plain` rules into `arena` and `tokens` (both cleared).
    pub(crate) fn tokenize_plain(
        &self,
        text: &str,
        arena: &mut String,
        tokens: &mut Vec<Token>,
        units: &mut Vec<(char, u32, u32)>,
        stems: &mut FxHashMap<Box<str>, Option<Box<str>>>,
    ) {
        let lower = self.spec.lowercase;
        if text.is_ascii() {
            let u = Ascii {
                b: text.as_bytes(),
                lower,
            };
            self.scan_plain(text, &u, arena, tokens, stems);
        } else {
            wide_units(text, lower, units);
            self.scan_plain(text, &Wide(units), arena, tokens, stems);
        }
    }

    fn scan_plain<U: Units>(
        &self,
        text: &str,
        u: &U,
        arena: &mut String,
        tokens: &mut Vec<Token>,
        stems: &mut FxHashMap<Box<str>, Option<Box<str>>>,
    ) {
        let bytes = text.as_bytes();
        let n = u.len();
        let hyphens = !self.spec.split_hyphens;
        let possessive = !self.spec.keep_possessive;
        let lower = self.spec.lowercase;
        let mut sentence = 0u32;
        // A sentence end was seen since the last token (kept or dropped).
        let mut brk = false;
        // A sentence end lies between the last kept token and the next one.
        let mut new_sentence = false;
        let mut i = 0;
        while i < n {
            let c = u.ch(i);
            if !is_letter_or_digit(c) {
                if !brk {
                    brk = match c {
                        '.' | '!' | '?' | '\u{2026}' => sentence_end_at(text, u.start(i)),
                        '\n' => blank_line_at(bytes, u.start(i)),
                        '\u{1}' => true,
                        _ => false,
                    };
                }
                i += 1;
                continue;
            }
            if brk {
                new_sentence = true;
                brk = false;
            }
            // A token from unit `i`: runs of letters and digits joined by `'` or `-`.
            let s = arena.len();
            let first = i;
            // Unit index just past the last removed `'s` (a char inside it cannot start another).
            let mut removed_end = usize::MAX;
            loop {
                while i < n {
                    let c = u.ch(i);
                    if !is_letter_or_digit(c) {
                        break;
                    }
                    arena.push(c);
                    i += 1;
                }
                if i + 1 >= n {
                    break;
                }
                let d = u.ch(i);
                if !(d == '\'' || (d == '-' && hyphens)) {
                    break;
                }
                let next = u.ch(i + 1);
                if !is_letter_or_digit(next) {
                    break;
                }
                if d == '\''
                    && possessive
                    && (next == 's' || (!lower && next == 'S'))
                    && removed_end != i
                    && (i + 2 >= n || !is_word(u.ch(i + 2)))
                {
                    i += 2;
                    removed_end = i;
                    continue;
                }
                arena.push(d);
                i += 1;
            }
            let (start, end) = (u.start(first), u.end(i - 1));
            let norm = &arena[s..];
            if !self.spec.keep_numbers && is_plain_number(norm.as_bytes()) {
                arena.truncate(s);
                continue;
            }
            let stop = self.is_stop_norm(norm, lower);
            if let Some(stemmer) = &self.stemmer {
                stem_tail(stemmer, arena, s, stems);
            }
            if new_sentence && !tokens.is_empty() {
                sentence += 1;
            }
            new_sentence = false;
            tokens.push(Token {
                start: start as u32,
                end: end as u32,
                sentence,
                position: tokens.len() as u32,
                stop,
                norm_start: s as u32,
                norm_end: arena.len() as u32,
            });
        }
    }
}
