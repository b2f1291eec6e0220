//! The `plain` pipeline: table tests (expected tokens worked out by hand from the rules in
//! `docs/tokenization.md` section 7) and a proptest against a `regex`-crate implementation of
//! the peers' definition (`bench/peers.py`).

use proptest::prelude::*;
use regex::Regex;

use super::*;

fn plain() -> Pipeline {
    Pipeline::new(&PipelineSpec::plain())
}

/// `(norm, start, end, sentence, stop)` of every token.
type Tok = (&'static str, u32, u32, u32, bool);

const TABLE: &[(&str, &str, &[Tok])] = &[
    (
        "possessive",
        "The People's Army",
        &[
            ("the", 0, 3, 0, true),
            ("people", 4, 12, 0, false),
            ("army", 13, 17, 0, false),
        ],
    ),
    (
        "possessive_acronym",
        "DPRK's stand",
        &[("dprk", 0, 6, 0, false), ("stand", 7, 12, 0, false)],
    ),
    (
        // `’` is `'`; upper-case `'S` is lower-cased before the possessive rule.
        "curly_apostrophe",
        "People\u{2019}s Korea DPRK\u{2019}S",
        &[
            ("people", 0, 10, 0, false),
            ("korea", 11, 16, 0, false),
            ("dprk", 17, 25, 0, false),
        ],
    ),
    (
        // `U.S.` gives two single letters; ". i" (lower case) does not end the sentence,
        // ". U" and ". A" do.
        "us_single_letters",
        "the U.S. imperialists. U.S. Army",
        &[
            ("the", 0, 3, 0, true),
            ("u", 4, 5, 0, false),
            ("s", 6, 7, 0, false),
            ("imperialists", 9, 21, 0, false),
            ("u", 23, 24, 1, false),
            ("s", 25, 26, 1, false),
            ("army", 28, 32, 2, false),
        ],
    ),
    (
        "us_word",
        "LET US UNITE",
        &[
            ("let", 0, 3, 0, false),
            ("us", 4, 6, 0, false),
            ("unite", 7, 12, 0, false),
        ],
    ),
    (
        // A hyphen joins only letters or digits: `S.-Japan` and `a--b` are separate words.
        "hyphens",
        "anti-U.S. struggle DPRK-U.S.-Japan a--b -x",
        &[
            ("anti-u", 0, 6, 0, false),
            ("s", 7, 8, 0, false),
            ("struggle", 10, 18, 0, false),
            ("dprk-u", 19, 25, 0, false),
            ("s", 26, 27, 0, false),
            ("japan", 29, 34, 0, false),
            ("a", 35, 36, 0, true),
            ("b", 38, 39, 0, false),
            ("x", 41, 42, 0, false),
        ],
    ),
    (
        // Numbers are dropped: `1990s`, `10th`, `2017-2018`, `1990's` (possessive removed
        // first), `3rd-4th`; `1990s-era` is a word.
        "numbers",
        "the 1990s and 10th 2017-2018 1990s-era year 1990's 3rd-4th",
        &[
            ("the", 0, 3, 0, true),
            ("and", 10, 13, 0, true),
            ("1990s-era", 29, 38, 0, false),
            ("year", 39, 43, 0, false),
        ],
    ),
    (
        // `Ⅵ` is a number letter (`ⅵ`); final sigma (`ς`) before `.`; `İ` lower-cases to `i`
        // and a combining dot, which is not a letter, so `İstanbul` gives `i` (a stopword) and
        // `stanbul`.
        "non_ascii",
        "Carl X\u{2165} Gustaf \u{39f}\u{394}\u{39f}\u{3a3}. \u{130}stanbul caf\u{e9} \u{391}\u{3a3}\u{391}",
        &[
            ("carl", 0, 4, 0, false),
            ("x\u{2175}", 5, 9, 0, false),
            ("gustaf", 10, 16, 0, false),
            ("\u{3bf}\u{3b4}\u{3bf}\u{3c2}", 17, 25, 0, false),
            ("i", 27, 29, 1, true),
            ("stanbul", 29, 36, 1, false),
            ("caf\u{e9}", 37, 42, 1, false),
            ("\u{3b1}\u{3c3}\u{3b1}", 43, 49, 1, false),
        ],
    ),
    (
        // Quotes are not part of words; `x's's` loses one `'s` (the second `'s` follows the
        // removed one's `s`); `x's_y` keeps it (no word boundary before `_`, which separates
        // words); the possessive inside a compound goes; `it's` is the stopword `it`.
        "quotes_and_possessive_corners",
        "'Peace' is x's's x's_y people's-army it's",
        &[
            ("peace", 1, 6, 0, false),
            ("is", 8, 10, 0, true),
            ("x's", 11, 16, 0, false),
            ("x's", 17, 20, 0, false),
            ("y", 21, 22, 0, false),
            ("people-army", 23, 36, 0, false),
            ("it", 37, 41, 0, true),
        ],
    ),
    (
        "sentence_ends",
        "He left. The end. then. Yes!\" She\nwent.) (Next A.B end.\n\nnext one\ntwo\n \nthree",
        &[
            ("he", 0, 2, 0, true),
            ("left", 3, 7, 0, false),
            ("the", 9, 12, 1, true),
            ("end", 13, 16, 1, false),
            ("then", 18, 22, 1, true),
            ("yes", 24, 27, 2, false),
            ("she", 30, 33, 3, true),
            ("went", 34, 38, 3, false),
            ("next", 42, 46, 4, false),
            ("a", 47, 48, 4, true),
            ("b", 49, 50, 4, false),
            ("end", 51, 54, 4, false),
            ("next", 57, 61, 5, false),
            ("one", 62, 65, 5, false),
            ("two", 66, 69, 5, false),
            ("three", 72, 77, 6, false),
        ],
    ),
    (
        // `…` ends a sentence; `.` then `”` then a capital; `?` before a digit.
        "ellipsis_and_closing_quotes",
        "Wait\u{2026} Then \u{201c}Ok.\u{201d} Go? 9 lives",
        &[
            ("wait", 0, 4, 0, false),
            ("then", 8, 12, 1, true),
            ("ok", 16, 18, 1, false),
            ("go", 23, 25, 2, false),
            ("lives", 29, 34, 3, false),
        ],
    ),
    (
        // The sentence end before a dropped number still separates `x` and `b`; the peers'
        // split mark U+0001 ends a sentence; "end. . Next" ends one sentence.
        "ends_around_numbers_and_marks",
        "x. 5. b a\u{1}c end. . Next",
        &[
            ("x", 0, 1, 0, false),
            ("b", 6, 7, 1, false),
            ("a", 8, 9, 1, true),
            ("c", 10, 11, 2, false),
            ("end", 12, 15, 2, false),
            ("next", 19, 23, 3, false),
        ],
    ),
];

#[test]
fn plain_table() {
    let p = plain();
    for (name, text, want) in TABLE {
        let t = p.tokenize(text);
        let got: Vec<(&str, u32, u32, u32, bool)> = t
            .iter()
            .map(|(t, n)| (n, t.start, t.end, t.sentence, t.stop))
            .collect();
        assert_eq!(&got, want, "case {name}: {text:?}");
        for (i, tok) in t.tokens().iter().enumerate() {
            assert_eq!(tok.position as usize, i, "case {name}");
        }
    }
}

/// `U.S. Army`: the sentence ends after `U.S.` (". A"), so there is no `s army`; `2017` is
/// left out of the stream, so `army troops` is a bigram.
#[test]
fn plain_bigrams() {
    let text =
        "The U.S. imperialists and their allies. U.S. Army, 2017 troops of the DPRK\u{2019}s army";
    let t = plain().tokenize(text);
    let mut got = Vec::new();
    let mut s = String::new();
    ngrams(&t, 2, true, |ix| {
        ngram_text(&t, ix, &mut s);
        got.push(s.clone());
    });
    assert_eq!(
        got,
        ["u s", "s imperialists", "u s", "army troops", "dprk army"]
    );
}

#[test]
fn plain_options() {
    let text = "DPRK-Russia People's 2017 Victories";
    let run = |spec: PipelineSpec| -> Vec<String> {
        Pipeline::new(&spec)
            .tokenize(text)
            .iter()
            .map(|(_, n)| n.to_string())
            .collect()
    };
    let d = PipelineSpec::plain;
    assert_eq!(run(d()), ["dprk-russia", "people", "victories"]);
    assert_eq!(
        run(PipelineSpec {
            split_hyphens: true,
            ..d()
        }),
        ["dprk", "russia", "people", "victories"]
    );
    assert_eq!(
        run(PipelineSpec {
            keep_possessive: true,
            keep_numbers: true,
            ..d()
        }),
        ["dprk-russia", "people's", "2017", "victories"]
    );
    assert_eq!(
        run(PipelineSpec {
            lowercase: false,
            ..d()
        }),
        ["DPRK-Russia", "People", "Victories"]
    );
    assert_eq!(
        run(PipelineSpec { stem: true, ..d() }),
        ["dprk-russia", "peopl", "victori"]
    );
    let p = Pipeline::new(&PipelineSpec {
        phrases: vec!["People's Victories".into()],
        ..d()
    });
    let t = p.tokenize(text);
    assert_eq!(t.norm(1), "people victories");
    assert_eq!((t.tokens()[1].start, t.tokens()[1].end), (12, 35));
}

#[test]
fn plain_spec_name_and_serde() {
    let s = PipelineSpec::from_name("plain").unwrap();
    assert_eq!(s, PipelineSpec::plain());
    assert!(s.plain);
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        r#"{"name":"plain","lowercase":true,"stopwords":{"type":"english"},"stem":false,"min_len":1,"keep_numbers":false,"keep_possessive":false,"split_hyphens":false,"phrases":[],"plain":true}"#
    );
    let back: PipelineSpec = serde_json::from_str(r#"{"name":"plain","plain":true}"#).unwrap();
    assert_eq!(back, s);
}

#[test]
fn plain_numbers() {
    for n in [
        "0",
        "2017",
        "10th",
        "1st",
        "2nd",
        "3rd",
        "1990s",
        "2017-2018",
        "3rd-4th",
        "1-2-3",
    ] {
        assert!(plain::is_plain_number(n.as_bytes()), "{n}");
    }
    for n in [
        "",
        "th",
        "1sth",
        "10x",
        "2017-",
        "-2017",
        "1,000",
        "1990s-era",
        "1ST",
        "１",
    ] {
        assert!(!plain::is_plain_number(n.as_bytes()), "{n}");
    }
}

/// The peers' definition written with the `regex` crate, as `bench/peers.py` does: the tokens
/// of the whole text (for unigrams) and of each sentence (for bigrams), numbers removed.
struct Reference {
    token: Regex,
    poss: Regex,
    number: Regex,
    sent_end: Regex,
    para: Regex,
}

impl Reference {
    fn new() -> Self {
        Reference {
            token: Regex::new(r"[\p{L}\p{N}]+(?:['\-][\p{L}\p{N}]+)*").unwrap(),
            // `'s\b` with Python's `\w` (letters, digits, `_`): the boundary char is consumed,
            // which cannot change the result (it cannot start another match).
            poss: Regex::new(r"([\p{L}\p{N}])'s([^\p{L}\p{N}_]|$)").unwrap(),
            number: Regex::new(r"^[0-9]+(?:st|nd|rd|th|s)?(?:-[0-9]+(?:st|nd|rd|th|s)?)*$")
                .unwrap(),
            sent_end: Regex::new("([.!?\u{2026}][\"'\u{201d}\u{2019})\\]]*)\\s+([^a-z\\s])")
                .unwrap(),
            para: Regex::new(r"\n[ \t\r]*\n").unwrap(),
        }
    }

    fn tokens(&self, s: &str) -> Vec<String> {
        let low = s.to_lowercase();
        let low = self.poss.replace_all(&low, "$1$2");
        self.token
            .find_iter(&low)
            .map(|m| m.as_str().to_string())
            .filter(|w| !self.number.is_match(w))
            .collect()
    }

    /// (tokens of the whole text, tokens of each non-empty sentence)
    fn run(&self, text: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let t = text.replace('\u{2019}', "'");
        let all = self.tokens(&t);
        let marked = self.sent_end.replace_all(&t, "${1}\u{1}${2}");
        let marked = self.para.replace_all(&marked, "\u{1}");
        let sents = marked
            .split('\u{1}')
            .map(|s| self.tokens(s))
            .filter(|s| !s.is_empty())
            .collect();
        (all, sents)
    }

    /// For ASCII text: `(norm, start, end)` of every kept token. The possessive never changes
    /// which chars form a token, so the tokens of the lower-cased text (possessives kept) give
    /// the ranges.
    fn spans(&self, text: &str) -> Vec<(String, u32, u32)> {
        let low = text.to_ascii_lowercase();
        let raw: Vec<(u32, u32)> = self
            .token
            .find_iter(&low)
            .map(|m| (m.start() as u32, m.end() as u32))
            .collect();
        let normed: Vec<String> = self
            .token
            .find_iter(&self.poss.replace_all(&low, "$1$2"))
            .map(|m| m.as_str().to_string())
            .collect();
        assert_eq!(raw.len(), normed.len(), "{text:?}");
        normed
            .into_iter()
            .zip(raw)
            .filter(|(w, _)| !self.number.is_match(w))
            .map(|(w, (s, e))| (w, s, e))
            .collect()
    }
}

fn check_against_reference(r: &Reference, text: &str) {
    let p = plain();
    let t = p.tokenize(text);
    let (all, sents) = r.run(text);
    let mine: Vec<String> = t.iter().map(|(_, n)| n.to_string()).collect();
    assert_eq!(mine, all, "tokens of {text:?}");
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut last = None;
    for (tok, n) in t.iter() {
        if last != Some(tok.sentence) {
            groups.push(Vec::new());
            last = Some(tok.sentence);
        }
        groups.last_mut().unwrap().push(n.to_string());
    }
    assert_eq!(groups, sents, "sentences of {text:?}");
    let mut prev_end = 0;
    let mut prev_sentence = 0;
    for (i, tok) in t.tokens().iter().enumerate() {
        assert!(text.get(tok.start as usize..tok.end as usize).is_some());
        assert!(tok.start < tok.end && tok.start >= prev_end);
        assert_eq!(tok.position as usize, i);
        assert!(tok.sentence == prev_sentence || (tok.sentence == prev_sentence + 1 && i > 0));
        prev_end = tok.end;
        prev_sentence = tok.sentence;
        assert_eq!(tok.stop, p.is_stopword(t.norm(i)), "{text:?}");
    }
    if text.is_ascii() {
        let got: Vec<(String, u32, u32)> = t
            .iter()
            .map(|(t, n)| (n.to_string(), t.start, t.end))
            .collect();
        assert_eq!(got, r.spans(text), "ranges of {text:?}");
    }
}

#[test]
fn plain_equals_reference_on_table_texts() {
    let r = Reference::new();
    for (_, text, _) in TABLE {
        check_against_reference(&r, text);
    }
}

/// Pieces that exercise every rule.
const PIECES: &[&str] = &[
    "U.S.",
    "US",
    "people's",
    "People\u{2019}s",
    "'s",
    "\u{2019}S",
    "'",
    "\u{2019}",
    "-",
    "--",
    "x",
    "Ab",
    "1990s",
    "10th",
    "2017",
    "3rd",
    "-2018",
    ".",
    "!",
    "?",
    "\u{2026}",
    "\"",
    "\u{201d}",
    ")",
    "]",
    "(",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\n \n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{3000}",
    "\u{1}",
    "_",
    "\u{3a3}",
    "\u{391}\u{3a3}",
    "\u{3c3}",
    "\u{130}",
    "\u{e9}",
    "\u{2165}",
    "\u{661}",
    "the",
    "and",
    "it's",
    "a",
    "The",
    "s",
    "S",
    "\u{1c5}",
    "\u{301}",
    "\u{fffd}",
    "\u{ff26}",
];

proptest! {
    #[test]
    fn plain_equals_reference_pieces(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40)
    ) {
        check_against_reference(&Reference::new(), &pieces.concat());
    }

    #[test]
    fn plain_equals_reference_ascii(text in "[ -~\\t\\n\\r]{0,120}") {
        check_against_reference(&Reference::new(), &text);
    }

    #[test]
    fn plain_equals_reference_arbitrary(text in "\\PC{0,120}") {
        check_against_reference(&Reference::new(), &text);
    }

    #[test]
    fn plain_equals_reference_any(text in "(.|\\s){0,80}") {
        check_against_reference(&Reference::new(), &text);
    }
}
