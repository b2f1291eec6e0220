//! Term queries: words, phrases and globs, matched on a document's token stream.
//!
//! A query is `label=alt1|alt2|…` or `alt1|alt2|…` (then the label is the whole string). Each
//! alternative is a word (`sanctions`), a phrase of several words (`United States`,
//! `Kim Jong Un`) or contains glob words (`nuclear*`, `*ism`, `?` for one character).
//!
//! Words and phrases are tokenized with the same [`Pipeline`] as the documents, so a stemming
//! pipeline stems the query too, and a pipeline phrase (`kim jong un` as one token) matches as
//! one token. Stop tokens are kept inside phrases: `Party of Labour` matches the tokens `party`,
//! `of`, `labour` even though `of` is a stopword. Words and phrases match the normalized forms
//! exactly, so a query means what the same words mean in `terms`: under the default pipeline
//! `UN` finds the United Nations (normal form `UN`) and `Un` or `un` the name part (`un`), and with
//! `--keep-case` `Un` and `UN` are told apart as typed. Glob words ignore case and are matched
//! against the normalized forms as they are (after stemming, when the pipeline stems): a glob
//! is a wide net, `un*` finds `UN`, `un` and `unity`.
//!
//! A phrase never spans two sentences. Matches do not overlap: at each position the longest
//! matching alternative wins (the first one listed on a tie), and the search resumes after it.
//!
//! ```
//! use dateline_analytics::query::Query;
//! use dateline_tokenize::{Pipeline, PipelineSpec};
//! let pipeline = Pipeline::new(&PipelineSpec::default());
//! let q = Query::parse("us=United States|america*", &pipeline).unwrap();
//! assert_eq!(q.label, "us");
//! let tokens = pipeline.tokenize("The United States and Americans");
//! let found: Vec<_> = q.find(&tokens).iter().map(|m| (m.first, m.last)).collect();
//! assert_eq!(found, [(1, 2), (4, 4)]);
//! ```

use std::fmt;

use dateline_tokenize::{Pipeline, Tokens};
use rustc_hash::FxHashMap;

/// A query that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The query string is empty (or only spaces).
    #[error("empty query")]
    Empty,
    /// `label=` with nothing before the `=`.
    #[error("empty label in query `{query}`")]
    EmptyLabel {
        /// The whole query.
        query: String,
    },
    /// An alternative between `|` is empty.
    #[error("empty alternative in query `{query}`")]
    EmptyAlternative {
        /// The whole query.
        query: String,
    },
    /// An alternative gives no token once tokenized (only punctuation, say).
    #[error("alternative `{alternative}` of query `{query}` has no words")]
    NoWords {
        /// The alternative.
        alternative: String,
        /// The whole query.
        query: String,
    },
}

/// One element of a pattern: a normalized word or a glob.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Elem {
    /// A normalized word (as the pipeline writes it), compared for equality.
    Word(Box<str>),
    /// A lower-cased glob (`*` any run of characters, `?` one character).
    Glob(Box<str>),
}

impl Elem {
    fn matches(&self, norm: &str) -> bool {
        match self {
            Elem::Word(w) => **w == *norm,
            Elem::Glob(g) => {
                if norm.chars().any(char::is_uppercase) {
                    glob_match(g, &norm.to_lowercase())
                } else {
                    glob_match(g, norm)
                }
            }
        }
    }
}

/// One alternative of a query: a sequence of words and globs matched on consecutive tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    elems: Vec<Elem>,
}

impl Pattern {
    /// Number of tokens the pattern matches.
    pub fn len(&self) -> usize {
        self.elems.len()
    }

    /// Always false: a pattern has at least one element.
    pub fn is_empty(&self) -> bool {
        self.elems.is_empty()
    }

    /// True when some element is a glob.
    pub fn has_glob(&self) -> bool {
        self.elems.iter().any(|e| matches!(e, Elem::Glob(_)))
    }

    /// True when the pattern matches the normalized tokens `norms`.
    fn matches_at<'a>(&self, norms: impl Iterator<Item = &'a str>) -> bool {
        let mut n = 0;
        for (e, norm) in self.elems.iter().zip(norms) {
            if !e.matches(norm) {
                return false;
            }
            n += 1;
        }
        n == self.elems.len()
    }
}

impl fmt::Display for Pattern {
    /// The normalized form, words separated by single spaces (`united states`, `nuclear*`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.elems.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match e {
                Elem::Word(w) | Elem::Glob(w) => f.write_str(w)?,
            }
        }
        Ok(())
    }
}

/// One occurrence of a query in a token stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Match {
    /// Index of the first token matched.
    pub first: usize,
    /// Index of the last token matched (inclusive).
    pub last: usize,
    /// First byte of the match in the document text.
    pub start: u32,
    /// One past the last byte of the match in the document text.
    pub end: u32,
}

/// A parsed query: a label and one or more alternatives.
#[derive(Debug, Clone)]
pub struct Query {
    /// The name the query is reported under.
    pub label: String,
    alternatives: Vec<Pattern>,
    /// Each alternative as it was written (the first one, when several normalize alike).
    written: Vec<String>,
    /// Alternatives whose first element is a word, by that word (indices into `alternatives`).
    by_first: FxHashMap<Box<str>, Vec<usize>>,
    /// Alternatives whose first element is a glob.
    glob_first: Vec<usize>,
}

impl Query {
    /// Parses `label=alt1|alt2` or `alt1|alt2`, tokenizing each alternative with `pipeline`.
    pub fn parse(s: &str, pipeline: &Pipeline) -> Result<Query, QueryError> {
        let query = s.trim();
        if query.is_empty() {
            return Err(QueryError::Empty);
        }
        let (label, body) = match query.split_once('=') {
            Some((l, b)) => {
                let l = l.trim();
                if l.is_empty() {
                    return Err(QueryError::EmptyLabel {
                        query: query.to_string(),
                    });
                }
                (l.to_string(), b)
            }
            None => (query.to_string(), query),
        };
        let alts: Vec<&str> = body.split('|').collect();
        Query::from_alternatives(&label, &alts, pipeline).map_err(|e| match e {
            QueryError::EmptyAlternative { .. } => QueryError::EmptyAlternative {
                query: query.to_string(),
            },
            QueryError::NoWords { alternative, .. } => QueryError::NoWords {
                alternative,
                query: query.to_string(),
            },
            other => other,
        })
    }

    /// A query named `label` matching any of `alternatives` (each a word, a phrase or globs,
    /// taken whole: `|` and `=` are not special), tokenized with `pipeline`. Errors name the
    /// label as the query.
    pub fn from_alternatives(
        label: &str,
        alternatives: &[&str],
        pipeline: &Pipeline,
    ) -> Result<Query, QueryError> {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut written = Vec::new();
        for alt in alternatives {
            let alt = alt.trim();
            if alt.is_empty() {
                return Err(QueryError::EmptyAlternative {
                    query: label.to_string(),
                });
            }
            let pattern = parse_alternative(alt, pipeline);
            if pattern.is_empty() {
                return Err(QueryError::NoWords {
                    alternative: alt.to_string(),
                    query: label.to_string(),
                });
            }
            if !patterns.contains(&pattern) {
                patterns.push(pattern);
                written.push(alt.to_string());
            }
        }
        let mut by_first: FxHashMap<Box<str>, Vec<usize>> = FxHashMap::default();
        let mut glob_first = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match &p.elems[0] {
                Elem::Word(w) => by_first.entry(w.clone()).or_default().push(i),
                Elem::Glob(_) => glob_first.push(i),
            }
        }
        Ok(Query {
            label: label.to_string(),
            alternatives: patterns,
            written,
            by_first,
            glob_first,
        })
    }

    /// Alternative `i` as it was written.
    pub fn written(&self, i: usize) -> &str {
        &self.written[i]
    }

    /// The alternatives, in the order given (duplicates removed).
    pub fn alternatives(&self) -> &[Pattern] {
        &self.alternatives
    }

    /// The number of tokens of the longest alternative.
    pub fn max_len(&self) -> usize {
        self.alternatives
            .iter()
            .map(Pattern::len)
            .max()
            .unwrap_or(0)
    }

    /// Every match in `tokens`, left to right, non-overlapping, leftmost-longest.
    pub fn find(&self, tokens: &Tokens) -> Vec<Match> {
        let mut out = Vec::new();
        self.find_each(tokens, |m| out.push(m));
        out
    }

    /// The number of matches in `tokens` (what [`Query::find`] would return, without the vector).
    pub fn count(&self, tokens: &Tokens) -> usize {
        let mut n = 0;
        self.find_each(tokens, |_| n += 1);
        n
    }

    /// Calls `f` on every match, as [`Query::find`] returns them.
    pub fn find_each(&self, tokens: &Tokens, f: impl FnMut(Match)) {
        self.find_each_memo(tokens, &mut Vec::new(), f);
    }

    /// True when every alternative is one word or one glob: then each token a match can
    /// start at ([`Query::can_start`]) is one match, and a document's count is the number of
    /// such tokens.
    pub fn single_tokens(&self) -> bool {
        self.alternatives.iter().all(|p| p.len() == 1)
    }

    /// Whether a match can start at a token of normal form `norm` (for a query of
    /// [`Query::single_tokens`], whether the token is a match).
    pub fn can_start(&self, norm: &str) -> bool {
        self.by_first.contains_key(norm)
            || self
                .glob_first
                .iter()
                .any(|&a| self.alternatives[a].elems[0].matches(norm))
    }

    /// [`Query::can_start`] for term id `t` whose normal form is `norm`, decided once per
    /// term id and kept in `memo` (0 unknown, 1 no, 2 yes; one memo per query and token map).
    pub fn can_start_memo(&self, t: u32, norm: &str, memo: &mut Vec<u8>) -> bool {
        let t = t as usize;
        if t >= memo.len() {
            memo.resize((t + 1).max(memo.len() * 2), 0);
        }
        if memo[t] == 0 {
            memo[t] = if self.can_start(norm) { 2 } else { 1 };
        }
        memo[t] == 2
    }

    /// [`Query::count`] with a memo of which term ids can start a match (see
    /// [`Query::find_each_memo`]).
    pub fn count_memo(&self, tokens: &Tokens, memo: &mut Vec<u8>) -> usize {
        let mut n = 0;
        self.find_each_memo(tokens, memo, |_| n += 1);
        n
    }

    /// [`Query::find_each`] for tokens rebuilt from an index ([`Tokens::term_ids`]): whether a
    /// match can start at a term is decided once per term id and kept in `memo` (one per
    /// query and token map; 0 unknown, 1 no, 2 maybe), so most tokens cost one array read
    /// instead of a hash look-up and the globs. Tokens without term ids ignore the memo.
    pub fn find_each_memo(&self, tokens: &Tokens, memo: &mut Vec<u8>, mut f: impl FnMut(Match)) {
        self.find_each_alt(tokens, memo, |m, _| f(m));
    }

    /// [`Query::find_each_memo`], telling also which alternative matched (its index in
    /// [`Query::alternatives`]: the longest, the first listed on a tie).
    pub fn find_each_alt(
        &self,
        tokens: &Tokens,
        memo: &mut Vec<u8>,
        mut f: impl FnMut(Match, usize),
    ) {
        let toks = tokens.tokens();
        if toks.is_empty() {
            return;
        }
        let ids = tokens.term_ids();
        let norm = |i: usize| -> &str { tokens.norm(i) };
        let simple = self.glob_first.is_empty() && self.alternatives.iter().all(|p| p.len() == 1);
        let mut i = 0;
        while i < toks.len() {
            let first = norm(i);
            if let Some(ids) = ids {
                if !self.can_start_memo(ids[i], first, memo) {
                    i += 1;
                    continue;
                }
            }
            if simple {
                // Fast path: single words only, one hash look-up per token.
                if let Some(alts) = self.by_first.get(first) {
                    f(
                        Match {
                            first: i,
                            last: i,
                            start: toks[i].start,
                            end: toks[i].end,
                        },
                        alts[0],
                    );
                }
                i += 1;
                continue;
            }
            let (mut best, mut best_alt) = (0usize, usize::MAX);
            let mut consider = |alt: usize| {
                let p = &self.alternatives[alt];
                let n = p.len();
                if i + n > toks.len() || n < best || (n == best && alt > best_alt) {
                    return;
                }
                let sentence = toks[i].sentence;
                if toks[i + n - 1].sentence != sentence {
                    return;
                }
                if p.matches_at((i..i + n).map(norm)) {
                    best = n;
                    best_alt = alt;
                }
            };
            if let Some(alts) = self.by_first.get(first) {
                for &a in alts {
                    consider(a);
                }
            }
            for &a in &self.glob_first {
                consider(a);
            }
            if best > 0 {
                let last = i + best - 1;
                f(
                    Match {
                        first: i,
                        last,
                        start: toks[i].start,
                        end: toks[last].end,
                    },
                    best_alt,
                );
                i += best;
            } else {
                i += 1;
            }
        }
    }
}

impl fmt::Display for Query {
    /// `label=alt1|alt2` with the normalized alternatives.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}=", self.label)?;
        for (i, p) in self.alternatives.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

fn is_glob(word: &str) -> bool {
    word.contains(['*', '?'])
}

/// Splits an alternative on white space; runs of plain words are tokenized together by the
/// pipeline (so pipeline phrases, stemming and the acronym rule apply), glob words are
/// lower-cased as they are.
fn parse_alternative(alt: &str, pipeline: &Pipeline) -> Pattern {
    let mut elems = Vec::new();
    let mut run = String::new();
    let mut tokens = Tokens::default();
    let mut flush = |run: &mut String, elems: &mut Vec<Elem>| {
        if run.is_empty() {
            return;
        }
        pipeline.tokenize_into(run, &mut tokens);
        for (_, norm) in tokens.iter() {
            elems.push(Elem::Word(norm.into()));
        }
        run.clear();
    };
    for word in alt.split_whitespace() {
        if is_glob(word) {
            flush(&mut run, &mut elems);
            elems.push(Elem::Glob(word.to_lowercase().into_boxed_str()));
        } else {
            if !run.is_empty() {
                run.push(' ');
            }
            run.push_str(word);
        }
    }
    flush(&mut run, &mut elems);
    Pattern { elems }
}

/// Glob match on characters: `*` matches any run (also empty), `?` exactly one character.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    // Position after the last `*` seen in the pattern, and where the text was then.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi + 1, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_tokenize::PipelineSpec;

    fn pipeline() -> Pipeline {
        Pipeline::new(&PipelineSpec::default())
    }

    fn spans(q: &str, text: &str) -> Vec<(usize, usize, String)> {
        let p = pipeline();
        let q = Query::parse(q, &p).unwrap();
        let toks = p.tokenize(text);
        q.find(&toks)
            .into_iter()
            .map(|m| {
                assert_eq!(q.count(&toks), q.find(&toks).len());
                (
                    m.first,
                    m.last,
                    text[m.start as usize..m.end as usize].to_string(),
                )
            })
            .collect()
    }

    fn check(q: &str, text: &str, want: &[(usize, usize, &str)]) {
        let want: Vec<(usize, usize, String)> = want
            .iter()
            .map(|&(a, b, t)| (a, b, t.to_string()))
            .collect();
        assert_eq!(spans(q, text), want, "{q} in {text}");
    }

    #[test]
    fn glob_table() {
        let cases = [
            ("nuclear*", "nuclear", true),
            ("nuclear*", "nuclearization", true),
            ("nuclear*", "nuclea", false),
            ("*ism", "imperialism", true),
            ("*ism", "isms", false),
            ("?ar", "war", true),
            ("?ar", "ar", false),
            ("w?r*", "warmonger", true),
            ("*a*b*", "xaxxbx", true),
            ("*a*b*", "xbxxax", false),
            ("*", "", true),
            ("é?", "éa", true),
        ];
        for (p, t, want) in cases {
            assert_eq!(glob_match(p, t), want, "{p} ~ {t}");
        }
    }

    #[test]
    fn parses_labels_and_alternatives() {
        let p = pipeline();
        let q = Query::parse(" usa = United States | America ", &p).unwrap();
        assert_eq!(q.label, "usa");
        assert_eq!(q.to_string(), "usa=united states|america");
        assert_eq!(q.max_len(), 2);
        let q = Query::parse("nuclear*|Atom", &p).unwrap();
        assert_eq!(q.label, "nuclear*|Atom");
        assert!(q.alternatives()[0].has_glob());
        assert!(!q.alternatives()[1].has_glob());
        // Duplicates after normalization are dropped.
        assert_eq!(Query::parse("War|war", &p).unwrap().alternatives().len(), 1);
    }

    #[test]
    fn rejects_bad_queries() {
        let p = pipeline();
        assert_eq!(Query::parse("  ", &p).unwrap_err(), QueryError::Empty);
        let e = Query::parse("=war", &p).unwrap_err();
        assert_eq!(e.to_string(), "empty label in query `=war`");
        let e = Query::parse("war||peace", &p).unwrap_err();
        assert_eq!(e.to_string(), "empty alternative in query `war||peace`");
        let e = Query::parse("x=war|--", &p).unwrap_err();
        assert_eq!(
            e.to_string(),
            "alternative `--` of query `x=war|--` has no words"
        );
    }

    #[test]
    fn finds_words_phrases_and_globs() {
        // Token indices: the0 united1 states2 and3 the4 nuclear5 states6 war7
        let text = "The United States and the nuclear states war";
        check(
            "United States|states",
            text,
            &[(1, 2, "United States"), (6, 6, "states")],
        );
        check("WAR", text, &[(7, 7, "war")]);
        check(
            "nuc*|*tes",
            text,
            &[(2, 2, "States"), (5, 5, "nuclear"), (6, 6, "states")],
        );
        // Glob inside a phrase.
        check("the n* states", text, &[(4, 6, "the nuclear states")]);
        check("peace", text, &[]);
    }

    #[test]
    fn leftmost_longest_non_overlapping() {
        // a0 b1 c2 a3 b4
        let text = "a b c a b";
        check("a|a b|a b c", text, &[(0, 2, "a b c"), (3, 4, "a b")]);
        // Overlapping occurrences of one phrase are counted once each, left to right.
        check("x x", "x x x x x", &[(0, 1, "x x"), (2, 3, "x x")]);
    }

    #[test]
    fn phrases_do_not_cross_sentences() {
        check(
            "united states",
            "United. States united states",
            &[(2, 3, "united states")],
        );
    }

    #[test]
    fn empty_tokens_give_no_matches() {
        let p = pipeline();
        let q = Query::parse("war", &p).unwrap();
        assert!(q.find(&Tokens::default()).is_empty());
    }
}

#[cfg(test)]
mod case_tests {
    use super::*;
    use dateline_tokenize::PipelineSpec;

    /// Query words mean what the same words mean in `terms` (issue 15, section 5).
    #[test]
    fn acronyms_and_keep_case() {
        let text = "Kim Jong Un spoke at the UN. The U.N. and the US, and us.";
        let count = |q: &str, spec: &PipelineSpec| {
            let p = Pipeline::new(spec);
            Query::parse(q, &p).unwrap().count(&p.tokenize(text))
        };
        let default = PipelineSpec::default();
        let keep = PipelineSpec {
            lowercase: false,
            ..PipelineSpec::default()
        };
        // Default pipeline: `UN` and `U.N.` are the United Nations, `Un`/`un` the name part.
        assert_eq!(count("UN", &default), 2);
        assert_eq!(count("U.N.", &default), 2);
        assert_eq!(count("un", &default), 1);
        assert_eq!(count("Un", &default), 1);
        assert_eq!(count("US", &default), 1);
        assert_eq!(count("us", &default), 1);
        assert_eq!(count("Kim Jong Un", &default), 1);
        // A glob ignores case.
        assert_eq!(count("u?", &default), 5); // un, UN, UN (U.N.), US, us
                                              // --keep-case: as typed (`U.N.` loses its periods only).
        assert_eq!(count("UN", &keep), 2);
        assert_eq!(count("Un", &keep), 1);
        assert_eq!(count("un", &keep), 0);
        assert_eq!(count("Kim Jong Un", &keep), 1);
        assert_eq!(count("kim jong un", &keep), 0);
    }
}
