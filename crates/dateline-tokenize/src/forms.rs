//! Tokens as forms, for a corpus index: tokenize once with the options left open, then answer
//! every pipeline by mapping each distinct form to its tokens.
//!
//! A text is scanned once per set of rules ([`Rules`]) into [`RawToken`]s: where each token
//! is, its sentence, and its *form* — what the token's normal form under any pipeline of those
//! rules is a function of:
//!
//! - [`Rules::Default`] (dateline's rules, every pipeline but `plain`): the surface text of the
//!   word as it stands (case kept), whether it is a hyphenated compound, and whether the
//!   acronym rule sees it in an ALL-CAPS context (`caps`, which depends on the neighbours, so
//!   it is decided at the scan). Numbers are kept; hyphenated compounds stay whole.
//! - [`Rules::Plain`] (the `plain` pipeline, the peers' definition): the lower-cased token with
//!   the possessive removed, numbers kept. Only pipelines that lower-case, join hyphens and
//!   drop the possessive (the `plain` pipeline and its stopword, stemming, length and number
//!   variants) can be answered from it ([`Pipeline::index_rules`]).
//!
//! [`Pipeline::expand_form`] gives the tokens one form stands for under a pipeline (none for a
//! dropped number, several for a compound split at its hyphens), with offsets relative to the
//! form's start; [`Pipeline::apply_phrases`] then joins phrases as
//! [`Pipeline::tokenize_into`] does. Expanding every token of a scan gives exactly the tokens
//! of [`Pipeline::tokenize_into`] (checked by the tests over every option).

use crate::{normalize, segment, Pipeline, PipelineSpec, Stopwords, Tokens};

/// The token rules a scan follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rules {
    /// Dateline's rules: UAX #29 words, abbreviations, compounds.
    Default,
    /// The `plain` rules of the benchmark peers.
    Plain,
}

impl Rules {
    /// Both, in the order an index stores them.
    pub const ALL: [Rules; 2] = [Rules::Default, Rules::Plain];

    /// `default` or `plain`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rules::Default => "default",
            Rules::Plain => "plain",
        }
    }

    /// The pipeline whose tokens are this scan's forms.
    fn scanner(self) -> Pipeline {
        let spec = PipelineSpec {
            name: format!("index-{}", self.as_str()),
            stopwords: Stopwords::None,
            keep_numbers: true,
            plain: self == Rules::Plain,
            ..PipelineSpec::default()
        };
        Pipeline::new(&spec)
    }
}

/// One token of a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawToken {
    /// First byte in the text.
    pub start: u32,
    /// One past the last byte in the text.
    pub end: u32,
    /// Sentence number, from 0 (as the scan counts them).
    pub sentence: u32,
    /// A hyphenated compound ([`Rules::Default`]).
    pub compound: bool,
    /// The acronym rule sees the word among ALL-CAPS words ([`Rules::Default`]).
    pub caps: bool,
}

/// Scans texts into forms; one per worker (it keeps its buffers).
#[derive(Debug, Clone)]
pub struct FormScanner {
    rules: Rules,
    pipeline: Pipeline,
    scratch: Tokens,
}

impl FormScanner {
    /// A scanner for `rules`.
    pub fn new(rules: Rules) -> Self {
        FormScanner {
            rules,
            pipeline: rules.scanner(),
            scratch: Tokens::default(),
        }
    }

    /// The rules it follows.
    pub fn rules(&self) -> Rules {
        self.rules
    }

    /// Scans `text` into `out` (cleared first). The form of token `t` is
    /// `text[t.start..t.end]` with its flags for [`Rules::Default`], and
    /// [`FormScanner::plain_form`] for [`Rules::Plain`].
    pub fn scan(&mut self, text: &str, out: &mut Vec<RawToken>) {
        out.clear();
        match self.rules {
            Rules::Default => {
                let s = &mut self.scratch.scratch;
                segment::words(text, &mut s.base, &mut s.words);
                let words = &s.words;
                for (k, w) in words.iter().enumerate() {
                    let wt = &text[w.start as usize..w.end as usize];
                    let caps = wt.len() >= 2
                        && !wt.as_bytes()[0].is_ascii_lowercase()
                        && !wt.as_bytes()[1].is_ascii_lowercase()
                        && normalize::is_caps_word(wt)
                        && normalize::caps_context(text, words, k);
                    out.push(RawToken {
                        start: w.start,
                        end: w.end,
                        sentence: w.sentence,
                        compound: w.compound,
                        caps,
                    });
                }
            }
            Rules::Plain => {
                self.pipeline.tokenize_into(text, &mut self.scratch);
                for t in self.scratch.tokens() {
                    out.push(RawToken {
                        start: t.start,
                        end: t.end,
                        sentence: t.sentence,
                        compound: false,
                        caps: false,
                    });
                }
            }
        }
    }

    /// The normal form of token `i` of the last [`Rules::Plain`] scan (lower-cased, the
    /// possessive removed).
    pub fn plain_form(&self, i: usize) -> &str {
        self.scratch.norm(i)
    }
}

impl Pipeline {
    /// The rules of the scan this pipeline's tokens can be derived from, or why none can
    /// (then the text must be tokenized).
    pub fn index_rules(&self) -> Result<Rules, &'static str> {
        let s = &self.spec;
        if !s.plain {
            return Ok(Rules::Default);
        }
        if !s.lowercase {
            Err("the plain rules without lower-casing")
        } else if s.split_hyphens {
            Err("the plain rules with --split-hyphens")
        } else if s.keep_possessive {
            Err("the plain rules with --keep-possessive")
        } else {
            Ok(Rules::Plain)
        }
    }

    /// Pushes onto `out` the tokens that one form stands for under this pipeline (no phrases
    /// yet): none for a dropped number, the parts of a compound with `split_hyphens`, else one.
    /// Offsets are relative to the form's start; `sentence` is 0. `form` is the surface text
    /// ([`Rules::Default`]) or the plain normal form ([`Rules::Plain`], where the token's
    /// length is not the form's, so both offsets are 0).
    pub fn expand_form(
        &self,
        rules: Rules,
        form: &str,
        compound: bool,
        caps: bool,
        out: &mut Tokens,
    ) {
        let Tokens {
            arena,
            tokens,
            scratch,
            ..
        } = out;
        match rules {
            Rules::Default => {
                let caps_ctx = self.spec.lowercase && caps;
                let end = form.len();
                if compound && self.spec.split_hyphens {
                    for (ps, pe) in segment::compound_parts(form, 0, end) {
                        if !self.spec.keep_numbers && normalize::is_number(&form[ps..pe]) {
                            continue;
                        }
                        self.emit(
                            form,
                            ps,
                            pe,
                            0,
                            false,
                            caps_ctx,
                            arena,
                            tokens,
                            &mut scratch.stems,
                        );
                    }
                    return;
                }
                if !self.spec.keep_numbers
                    && (if compound {
                        segment::compound_parts(form, 0, end)
                            .all(|(a, b)| normalize::is_number(&form[a..b]))
                    } else {
                        normalize::is_number(form)
                    })
                {
                    return;
                }
                self.emit(
                    form,
                    0,
                    end,
                    0,
                    compound,
                    caps_ctx,
                    arena,
                    tokens,
                    &mut scratch.stems,
                );
            }
            Rules::Plain => {
                if !self.spec.keep_numbers && crate::plain::is_plain_number(form.as_bytes()) {
                    return;
                }
                let s = arena.len();
                arena.push_str(form);
                let norm = &arena[s..];
                let stop = self.is_stop_norm(norm, true);
                if let Some(stemmer) = &self.stemmer {
                    crate::stem_tail(stemmer, arena, s, &mut scratch.stems);
                }
                tokens.push(crate::Token {
                    start: 0,
                    end: 0,
                    sentence: 0,
                    position: tokens.len() as u32,
                    stop,
                    norm_start: s as u32,
                    norm_end: arena.len() as u32,
                });
            }
        }
    }

    /// Whether the pipeline joins phrases.
    pub fn has_phrases(&self) -> bool {
        !self.phrases.is_empty()
    }

    /// Joins this pipeline's phrases in `tokens` (filled from forms), as
    /// [`Pipeline::tokenize_into`] does at its end. Returns false (and changes nothing) when
    /// the pipeline has no phrases.
    pub fn apply_phrases(&self, tokens: &mut Tokens) -> bool {
        if self.phrases.is_empty() {
            return false;
        }
        let Tokens {
            arena,
            tokens,
            term_ids,
            scratch,
            ..
        } = tokens;
        // Joined tokens have no id in the token map.
        term_ids.clear();
        self.phrases.apply(
            self.spec.lowercase,
            arena,
            tokens,
            &mut scratch.spare,
            &mut scratch.text,
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rebuilds `tokenize_into`'s tokens from a scan, as an index does.
    fn from_forms(p: &Pipeline, text: &str) -> Option<Tokens> {
        let rules = p.index_rules().ok()?;
        let mut scanner = FormScanner::new(rules);
        let mut raw = Vec::new();
        scanner.scan(text, &mut raw);
        let mut out = Tokens::default();
        let mut one = Tokens::default();
        let mut last_base: Option<u32> = None;
        let mut sentence = 0u32;
        for (i, t) in raw.iter().enumerate() {
            one.clear();
            let form = match rules {
                Rules::Default => &text[t.start as usize..t.end as usize],
                Rules::Plain => scanner.plain_form(i),
            };
            p.expand_form(rules, form, t.compound, t.caps, &mut one);
            for (u, norm) in one.iter() {
                let s = match rules {
                    Rules::Default => t.sentence,
                    Rules::Plain => {
                        if let Some(b) = last_base {
                            if b != t.sentence {
                                sentence += 1;
                            }
                        }
                        last_base = Some(t.sentence);
                        sentence
                    }
                };
                let (a, b) = match rules {
                    Rules::Default => (t.start + u.start, t.start + u.end),
                    Rules::Plain => (t.start, t.end),
                };
                out.push(a, b, s, u.stop, norm);
            }
        }
        p.apply_phrases(&mut out);
        Some(out)
    }

    fn same(a: &Tokens, b: &Tokens) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b.iter())
                .all(|((x, nx), (y, ny))| x == y && nx == ny)
    }

    fn specs() -> Vec<PipelineSpec> {
        let mut out = Vec::new();
        for plain in [false, true] {
            for lowercase in [true, false] {
                for stem in [false, true] {
                    for keep_numbers in [false, true] {
                        for split_hyphens in [false, true] {
                            for keep_possessive in [false, true] {
                                for min_len in [1, 3] {
                                    for stopwords in [Stopwords::English, Stopwords::None] {
                                        out.push(PipelineSpec {
                                            name: "custom".into(),
                                            lowercase,
                                            stopwords,
                                            stem,
                                            min_len,
                                            keep_numbers,
                                            keep_possessive,
                                            split_hyphens,
                                            phrases: if stem {
                                                vec!["Kim Jong Un".into(), "United Nations".into()]
                                            } else {
                                                Vec::new()
                                            },
                                            plain,
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }

    const TEXTS: &[&str] = &[
        "Kim Jong Un met the U.S. envoy on DPRK-Russia ties. The People's Army cheered.",
        "LET US UNITE! The UN said us. KIM JONG UN visited Mt. Paektu on 10th May 2024, 1,000 men.",
        "Pyongyang, May 5 (KCNA) -- The 2-3 talks in 1990-1991 were anti-U.S. co-op.\n\nNew para’s here… Ok?",
        "Ünïcödé Straße's café — naïve Ⅷ ｆｕｌｌ　ｗｉｄｔｈ. Zero\u{200b}width and soft\u{ad}hyphen.",
        "1997 2018. 5. S. Korea's Mr. Moon",
        "",
    ];

    #[test]
    fn forms_rebuild_every_pipeline_exactly() {
        // The repository's sample articles (real KCNA text, in data/sample) and the cases above.
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sample");
        let mut texts: Vec<String> = TEXTS.iter().map(ToString::to_string).collect();
        let mut files: Vec<_> = std::fs::read_dir(sample)
            .expect("data/sample")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for f in files {
            texts.push(std::fs::read_to_string(f).expect("sample text"));
        }
        assert!(texts.len() > 8);
        let mut answered = 0;
        for spec in specs() {
            let p = Pipeline::new(&spec);
            for text in &texts {
                let want = p.tokenize(text);
                match from_forms(&p, text) {
                    Some(got) => {
                        answered += 1;
                        assert!(
                            same(&got, &want),
                            "{spec:?} on {text:?}:\n got {:?}\nwant {:?}",
                            got.iter()
                                .map(|(t, n)| (t.start, t.end, t.sentence, t.stop, n))
                                .collect::<Vec<_>>(),
                            want.iter()
                                .map(|(t, n)| (t.start, t.end, t.sentence, t.stop, n))
                                .collect::<Vec<_>>()
                        );
                    }
                    None => assert!(spec.plain, "only plain variants may need the text"),
                }
            }
        }
        assert!(answered > 100);
    }
}
