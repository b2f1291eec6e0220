//! Tokenization for dateline: normalize → segment → filter → phrases, with byte offsets kept.
//!
//! Every count dateline reports stands on these tokens. The rules are written out in the
//! `docs/tokenization.md` in the repository; in short:
//!
//! - Words are UAX #29 words (an ASCII fast path, checked against `unicode-segmentation`),
//!   merged so that `U.S.`, `D.P.R.K.`, `Mr.`, `S.` keep their period and hyphenated compounds
//!   (`DPRK-Russia`, `anti-U.S.`) stay one token unless [`PipelineSpec::split_hyphens`].
//! - Normal forms are lower-cased (`dprk`, `dprk-russia`), except acronyms whose lower-case
//!   form is also a word or a Korean name part: `UN` (not the `un` of Kim Jong Un), `US`
//!   (not the pronoun `us`), unless they stand among ALL-CAPS words ("LET US UNITE"). Capitals
//!   joined by periods lose them (`U.S.` → `US`, `D.P.R.K.` → `dprk`), as do titles (`Mt.` →
//!   `mt`); `People's` becomes `people`; curly apostrophes are `'`; invisible characters (soft
//!   hyphen, zero-width space) are dropped; non-ASCII words are NFKC-normalized.
//! - Punctuation is never a token; numbers (`2024`, `1,000`, `10th`) only with
//!   [`PipelineSpec::keep_numbers`].
//! - Stopwords (and words shorter than `min_len`) stay in the stream with [`Token::stop`] set.
//! - Sentences end at `.`/`!`/`?` before a word that does not start lower-case, except after
//!   titles and initials; at paragraph breaks (`\n\n`); and after a dateline `(KCNA) --`.
//! - Phrases (`kim jong un`) become one token; [`ngrams`] never cross a sentence.
//!
//! ```
//! use dateline_tokenize::{Pipeline, PipelineSpec};
//! let p = Pipeline::new(&PipelineSpec {
//!     phrases: vec!["Kim Jong Un".into()],
//!     ..PipelineSpec::default()
//! });
//! let text = "Kim Jong Un met the U.S. envoy on DPRK-Russia ties. The People's Army cheered.";
//! let t = p.tokenize(text);
//! let words: Vec<&str> = t.iter().filter(|(t, _)| !t.stop).map(|(_, w)| w).collect();
//! assert_eq!(
//!     words,
//!     ["kim jong un", "met", "US", "envoy", "dprk-russia", "ties", "people", "army", "cheered"]
//! );
//! let first = t.tokens()[0];
//! assert_eq!(&text[first.start as usize..first.end as usize], "Kim Jong Un");
//! assert_eq!(t.tokens().last().unwrap().sentence, 1);
//! ```
#![warn(missing_docs)]

mod error;
mod forms;
mod ngrams;
mod normalize;
mod phrases;
mod plain;
mod segment;
mod stopwords;

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

pub use error::TokenizeError;
pub use forms::{FormScanner, RawToken, Rules};
pub use ngrams::{ngram_text, ngrams};
pub use segment::{compound_parts, is_hyphen, sentence_spans, word_ranges};
pub use stopwords::{parse_list, SNOWBALL_ENGLISH};

use phrases::Phrases;

/// The version of the token rules (segmentation and normal forms), recorded wherever counts are
/// kept (counts folders) so that counts made under other rules are never summed with or
/// answered as today's. 1: acronyms lower-cased with their periods (`u.s.`); 2: acronyms that
/// collide with a word keep their capitals (`UN`, `US`), periods dropped (`Mt.` = `mt`),
/// invisible characters removed (issue 15).
pub const RULES_VERSION: u32 = 2;

/// Which stopword list a pipeline uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Stopwords {
    /// The Snowball English list shipped with dateline (174 words, see [`SNOWBALL_ENGLISH`]).
    English,
    /// No stopwords.
    None,
    /// A user list: the file it came from and its words (lower-cased).
    List {
        /// Where the list was read from.
        path: String,
        /// The words.
        words: Vec<String>,
    },
}

/// A tokenization pipeline as data: serializable, recorded in every manifest.
///
/// Missing fields take their [`Default`] values when deserializing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PipelineSpec {
    /// `default`, `stemmed` or `custom`.
    pub name: String,
    /// Lower-case tokens (default true).
    pub lowercase: bool,
    /// Stopword list; stopwords are kept in the stream with [`Token::stop`] set.
    pub stopwords: Stopwords,
    /// Snowball English stemming.
    pub stem: bool,
    /// Tokens shorter than this (in chars) are marked [`Token::stop`].
    pub min_len: usize,
    /// Keep number tokens ("2024", "1,000", "10th").
    pub keep_numbers: bool,
    /// Keep "people's" rather than "people".
    pub keep_possessive: bool,
    /// Emit the parts of hyphenated compounds instead of the compound.
    pub split_hyphens: bool,
    /// Multi-word expressions that become one token ("kim jong un").
    pub phrases: Vec<String>,
    /// The `plain` token rules (the benchmark peers' definition, `docs/tokenization.md`
    /// section 7) instead of UAX #29 words, abbreviations and dateline's sentence rules.
    /// Left out of the serialized spec when false.
    #[serde(skip_serializing_if = "is_false")]
    pub plain: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

impl Default for PipelineSpec {
    fn default() -> Self {
        PipelineSpec {
            name: "default".into(),
            lowercase: true,
            stopwords: Stopwords::English,
            stem: false,
            min_len: 1,
            keep_numbers: false,
            keep_possessive: false,
            split_hyphens: false,
            phrases: Vec::new(),
            plain: false,
        }
    }
}

impl PipelineSpec {
    /// The default pipeline with Snowball English stemming, named `stemmed`.
    pub fn stemmed() -> Self {
        PipelineSpec {
            name: "stemmed".into(),
            stem: true,
            ..PipelineSpec::default()
        }
    }

    /// The peers' token definition (`bench/peers.py`), named `plain`: lower-case, letters and
    /// digits with inner `'` or `-`, possessive `'s` removed, numbers dropped, Snowball English
    /// stopwords, sentences split by one regex-like rule (`docs/tokenization.md` section 7).
    pub fn plain() -> Self {
        PipelineSpec {
            name: "plain".into(),
            plain: true,
            ..PipelineSpec::default()
        }
    }

    /// A named pipeline: `default`, `stemmed` or `plain`.
    pub fn from_name(name: &str) -> Result<Self, TokenizeError> {
        Ok(Self::named(name.parse()?))
    }

    /// The spec of a named pipeline.
    pub fn named(name: PipelineName) -> Self {
        match name {
            PipelineName::Default => PipelineSpec::default(),
            PipelineName::Stemmed => PipelineSpec::stemmed(),
            PipelineName::Plain => PipelineSpec::plain(),
        }
    }
}

/// The named pipelines (`--pipeline`, a study's `[tokenize] pipeline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PipelineName {
    /// dateline's rules: case folded, English stopwords out, no stems.
    #[default]
    Default,
    /// The default with Snowball stems.
    Stemmed,
    /// The benchmark peers' simpler token definition.
    Plain,
}

impl std::str::FromStr for PipelineName {
    type Err = TokenizeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "default" => Ok(PipelineName::Default),
            "stemmed" => Ok(PipelineName::Stemmed),
            "plain" => Ok(PipelineName::Plain),
            other => Err(TokenizeError::UnknownPipeline(other.to_string())),
        }
    }
}

/// One token: where it is in the text and where its normalized form is in [`Tokens`]' arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First byte in the source text.
    pub start: u32,
    /// One past the last byte in the source text.
    pub end: u32,
    /// Sentence number, from 0.
    pub sentence: u32,
    /// Position among the tokens of the document, from 0 (consecutive tokens are adjacent).
    pub position: u32,
    /// A stopword (or shorter than `min_len`): left out of unigram counts, kept for adjacency.
    pub stop: bool,
    norm_start: u32,
    norm_end: u32,
}

/// The tokens of one document, with their normalized forms in one shared buffer.
///
/// Reuse one `Tokens` across documents ([`Pipeline::tokenize_into`]) to avoid allocation: it
/// also keeps the scratch space of segmentation and a cache of stems.
#[derive(Debug, Clone, Default)]
#[allow(clippy::struct_field_names)] // `Tokens::tokens` is the API's name
pub struct Tokens {
    arena: String,
    tokens: Vec<Token>,
    /// Each token's id in the term vocabulary of an index's token map, when the tokens were
    /// rebuilt from an index ([`Tokens::push_with_id`]); empty otherwise.
    term_ids: Vec<u32>,
    /// The normal forms of an index's token map, when every token's normal form lies there
    /// ([`Tokens::share_norms`]): rebuilt tokens then copy no text.
    shared: Option<Arc<str>>,
    scratch: Scratch,
}

/// Buffers reused from one document to the next.
#[derive(Debug, Clone, Default)]
struct Scratch {
    base: Vec<(u32, u32)>,
    words: Vec<segment::Word>,
    spare: Vec<Token>,
    text: String,
    /// The units of a non-ASCII text for the `plain` rules.
    units: Vec<(char, u32, u32)>,
    /// Lower-cased word → its stem, or `None` when the stem is the word itself.
    stems: FxHashMap<Box<str>, Option<Box<str>>>,
}

/// The stem cache is emptied when it grows past this many words.
const STEM_CACHE_MAX: usize = 1 << 18;

impl Tokens {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
    /// The tokens, in order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }
    /// The text the normal forms are in.
    #[inline]
    fn norms(&self) -> &str {
        self.shared.as_deref().unwrap_or(&self.arena)
    }
    /// The normalized form of token `i`.
    pub fn norm(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.norms()[t.norm_start as usize..t.norm_end as usize]
    }
    /// Tokens with their normalized forms.
    pub fn iter(&self) -> impl Iterator<Item = (&Token, &str)> + '_ {
        let norms = self.norms();
        self.tokens
            .iter()
            .map(move |t| (t, &norms[t.norm_start as usize..t.norm_end as usize]))
    }
    /// Empties the buffer, keeping its capacity.
    pub fn clear(&mut self) {
        self.arena.clear();
        self.tokens.clear();
        self.term_ids.clear();
        self.shared = None;
    }
    /// Makes `norms` the text of every token's normal form: the tokens pushed next with
    /// [`Tokens::push_shared`] point into it (an index's token map holds each normal form once).
    /// Call on empty tokens.
    pub fn share_norms(&mut self, norms: &Arc<str>) {
        debug_assert!(self.tokens.is_empty());
        self.shared = Some(Arc::clone(norms));
    }
    /// Appends a token whose normal form is `norms[norm.0..norm.1]` of [`Tokens::share_norms`],
    /// with its term id.
    #[inline]
    pub fn push_shared(
        &mut self,
        start: u32,
        end: u32,
        sentence: u32,
        stop: bool,
        norm: (u32, u32),
        id: u32,
    ) {
        debug_assert!(self.shared.is_some());
        let position = self.tokens.len() as u32;
        self.tokens.push(Token {
            start,
            end,
            sentence,
            position,
            stop,
            norm_start: norm.0,
            norm_end: norm.1,
        });
        self.term_ids.push(id);
    }
    /// Room for `n` more tokens.
    pub fn reserve(&mut self, n: usize) {
        self.tokens.reserve(n);
        self.term_ids.reserve(n);
    }
    /// Each token's term id, when every token was pushed with one ([`Tokens::push_with_id`]):
    /// equal ids are equal normal forms, within the one token map that gave them. Lets a
    /// counter look a term up by integer instead of hashing its text.
    pub fn term_ids(&self) -> Option<&[u32]> {
        (!self.tokens.is_empty() && self.term_ids.len() == self.tokens.len())
            .then_some(&self.term_ids[..])
    }
    /// [`Tokens::push`] with the token's term id (see [`Tokens::term_ids`]).
    #[inline]
    pub fn push_with_id(
        &mut self,
        start: u32,
        end: u32,
        sentence: u32,
        stop: bool,
        norm: &str,
        id: u32,
    ) {
        self.push(start, end, sentence, stop, norm);
        self.term_ids.push(id);
    }
    /// Appends a token whose normalized form is `norm`.
    #[inline]
    pub fn push(&mut self, start: u32, end: u32, sentence: u32, stop: bool, norm: &str) {
        let norm_start = self.arena.len() as u32;
        self.arena.push_str(norm);
        let position = self.tokens.len() as u32;
        self.tokens.push(Token {
            start,
            end,
            sentence,
            position,
            stop,
            norm_start,
            norm_end: self.arena.len() as u32,
        });
    }
}

/// A built pipeline, ready to tokenize (cheap to share across threads).
#[derive(Clone)]
pub struct Pipeline {
    spec: PipelineSpec,
    stopwords: StopSet,
    /// Longest stopword in bytes (a quick reject before hashing).
    stop_max: usize,
    stemmer: Option<Arc<rust_stemmers::Stemmer>>,
    phrases: Phrases,
    /// Use [`Pipeline::fast_ascii`] (always, except in the test that checks it against the
    /// general path).
    fast_path: bool,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

impl Pipeline {
    /// Builds the pipeline a spec describes.
    pub fn new(spec: &PipelineSpec) -> Self {
        let words = spec.stopwords.to_set();
        let stop_max = words.iter().map(|w| w.len()).max().unwrap_or(0);
        let stopwords = StopSet::new(words);
        let mut p = Pipeline {
            spec: PipelineSpec {
                phrases: Vec::new(),
                ..spec.clone()
            },
            stopwords,
            stop_max,
            stemmer: spec.stem.then(|| {
                Arc::new(rust_stemmers::Stemmer::create(
                    rust_stemmers::Algorithm::English,
                ))
            }),
            phrases: Phrases::default(),
            fast_path: true,
        };
        // Phrases are normalized by the pipeline itself, so they match what it produces.
        let phrases = Phrases::build(&p, &spec.phrases);
        p.phrases = phrases;
        p.spec.phrases.clone_from(&spec.phrases);
        p
    }

    /// The spec it was built from.
    pub fn spec(&self) -> &PipelineSpec {
        &self.spec
    }

    /// The one stop rule of every token scanner: a normal form is a stop token when it is
    /// shorter than `min_len` characters or on the stopword list (compared as it is when
    /// `lowered`, else lower-cased).
    pub(crate) fn is_stop_norm(&self, norm: &str, lowered: bool) -> bool {
        let chars = if norm.is_ascii() {
            norm.len()
        } else {
            norm.chars().count()
        };
        if self.spec.min_len > 1 && chars < self.spec.min_len {
            return true;
        }
        norm.len() <= self.stop_max
            && if lowered {
                self.stopwords.contains(norm)
            } else {
                self.is_stopword(norm)
            }
    }

    /// Is `word` on this pipeline's stopword list? (`word` is compared lower-cased.)
    pub fn is_stopword(&self, word: &str) -> bool {
        if word.len() > self.stop_max {
            return false;
        }
        if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
            let w = word.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
            self.stopwords.contains(w.as_str())
        } else {
            self.stopwords.contains(word)
        }
    }

    /// Tokenizes `text` into `out` (cleared first).
    pub fn tokenize_into(&self, text: &str, out: &mut Tokens) {
        out.clear();
        let Tokens {
            arena,
            tokens,
            scratch,
            ..
        } = out;
        if self.spec.plain {
            self.tokenize_plain(text, arena, tokens, &mut scratch.units, &mut scratch.stems);
        } else {
            self.tokenize_segmented(text, arena, tokens, scratch);
        }
        if !self.phrases.is_empty() {
            self.phrases.apply(
                self.spec.lowercase,
                arena,
                tokens,
                &mut scratch.spare,
                &mut scratch.text,
            );
        }
    }

    /// Dateline's own rules: UAX #29 words, abbreviations, compounds (sections 1 to 4).
    fn tokenize_segmented(
        &self,
        text: &str,
        arena: &mut String,
        tokens: &mut Vec<Token>,
        scratch: &mut Scratch,
    ) {
        segment::words(text, &mut scratch.base, &mut scratch.words);
        let words = &scratch.words;
        for (k, w) in words.iter().enumerate() {
            let (ws, we) = (w.start as usize, w.end as usize);
            let wt = &text[ws..we];
            // Case tells an acronym from a word only outside ALL-CAPS text (normalize.rs).
            let caps_ctx = self.spec.lowercase
                && wt.len() >= 2
                && !wt.as_bytes()[0].is_ascii_lowercase()
                && !wt.as_bytes()[1].is_ascii_lowercase()
                && normalize::is_caps_word(wt)
                && normalize::caps_context(text, words, k);
            if w.compound && self.spec.split_hyphens {
                for (ps, pe) in compound_parts(text, ws, we) {
                    if !self.spec.keep_numbers && normalize::is_number(&text[ps..pe]) {
                        continue;
                    }
                    self.emit(
                        text,
                        ps,
                        pe,
                        w.sentence,
                        false,
                        caps_ctx,
                        arena,
                        tokens,
                        &mut scratch.stems,
                    );
                }
                continue;
            }
            if !self.spec.keep_numbers
                && (if w.compound {
                    compound_parts(text, ws, we).all(|(a, b)| normalize::is_number(&text[a..b]))
                } else {
                    normalize::is_number(wt)
                })
            {
                continue;
            }
            self.emit(
                text,
                ws,
                we,
                w.sentence,
                w.compound,
                caps_ctx,
                arena,
                tokens,
                &mut scratch.stems,
            );
        }
    }

    /// Writes the normal form of `text[start..end]` (a word or a compound) and pushes its token.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        text: &str,
        start: usize,
        end: usize,
        sentence: u32,
        compound: bool,
        caps_ctx: bool,
        arena: &mut String,
        tokens: &mut Vec<Token>,
        stems: &mut FxHashMap<Box<str>, Option<Box<str>>>,
    ) {
        let s = arena.len();
        if self.fast_path && !compound && self.spec.lowercase {
            if let Some(stop) = self.fast_ascii(text.as_bytes(), start, end, arena) {
                if let Some(stemmer) = &self.stemmer {
                    stem_tail(stemmer, arena, s, stems);
                }
                tokens.push(Token {
                    start: start as u32,
                    end: end as u32,
                    sentence,
                    position: tokens.len() as u32,
                    stop,
                    norm_start: s as u32,
                    norm_end: arena.len() as u32,
                });
                return;
            }
        }
        if compound {
            let mut first = true;
            for (ps, pe) in compound_parts(text, start, end) {
                if !first {
                    arena.push('-');
                }
                first = false;
                normalize::write_part(
                    arena,
                    &text[ps..pe],
                    self.spec.lowercase,
                    self.spec.keep_possessive,
                    caps_ctx,
                );
            }
        } else {
            normalize::write_part(
                arena,
                &text[start..end],
                self.spec.lowercase,
                self.spec.keep_possessive,
                caps_ctx,
            );
        }
        let norm = &arena[s..];
        let stop = self.is_stop_norm(norm, self.spec.lowercase);
        if let Some(stemmer) = &self.stemmer {
            stem_tail(stemmer, arena, s, stems);
        }
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

    /// The common case without branches on the length: a lower-cased ASCII word of up to 16
    /// bytes that is not an acronym nor `US`. Writes its normal form and returns its stop flag,
    /// or `None` (and writes nothing) when [`normalize::write_part`] must handle it; the result
    /// is the same either way (checked by a test over every word of the seed article and a
    /// proptest).
    ///
    /// The 16 bytes at `start` are loaded at once (when the text is long enough), masked to the
    /// word, lower-cased as one integer (SWAR), and looked up in the stopword table as is.
    #[inline]
    fn fast_ascii(
        &self,
        text: &[u8],
        start: usize,
        end: usize,
        arena: &mut String,
    ) -> Option<bool> {
        let n = end - start;
        if n > 16 || n == 0 || start + 16 > text.len() {
            return None;
        }
        let mut w = [0u8; 16];
        w.copy_from_slice(&text[start..start + 16]);
        let mask = if n == 16 {
            u128::MAX
        } else {
            (1u128 << (8 * n)) - 1
        };
        let orig = u128::from_le_bytes(w) & mask;
        const HIGH: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
        const ONES: u128 = 0x0101_0101_0101_0101_0101_0101_0101_0101;
        if orig & HIGH != 0 {
            return None;
        }
        // Bytes >= 'A' and <= 'Z' get 0x20 (no carries: every byte is < 0x80).
        let ge_a = orig + ONES * u128::from(0x80 - b'A');
        let gt_z = orig + ONES * u128::from(0x80 - b'Z' - 1);
        let upper = ge_a & !gt_z & HIGH & mask;
        let mut v = orig | (upper >> 2);
        let mut buf = v.to_le_bytes();
        // Two capitals (a possible acronym), dotted letters, a final period: the general path.
        if (n >= 2 && upper & 0x8080 == 0x8080) || (n >= 3 && buf[1] == b'.') || buf[n - 1] == b'.'
        {
            return None;
        }
        let mut n = n;
        if !self.spec.keep_possessive && n > 2 && buf[n - 2] == b'\'' && buf[n - 1] == b's' {
            n -= 2;
            v &= (1u128 << (8 * n)) - 1;
            buf = v.to_le_bytes();
        }
        let s = arena.len();
        arena.push_str(std::str::from_utf8(&buf).ok()?);
        arena.truncate(s + n);
        Some(n < self.spec.min_len || self.stopwords.contains_key(v))
    }

    /// Tokenizes `text` into a new [`Tokens`].
    pub fn tokenize(&self, text: &str) -> Tokens {
        let mut t = Tokens::default();
        self.tokenize_into(text, &mut t);
        t
    }
}

/// A set of stopwords: words of up to 16 bytes are packed into one integer (little-endian,
/// zero-padded) and kept in a small open-addressing table; longer words go to a hash set.
#[derive(Debug, Clone)]
struct StopSet {
    /// Power-of-two table of packed words; 0 marks an empty slot (no word is empty).
    table: Vec<u128>,
    shift: u32,
    long: FxHashSet<Box<str>>,
}

impl StopSet {
    fn new(words: FxHashSet<Box<str>>) -> Self {
        let mut short = Vec::new();
        let mut long = FxHashSet::default();
        for w in words {
            match pack(w.as_bytes()) {
                Some(k) => short.push(k),
                None if !w.is_empty() => {
                    long.insert(w);
                }
                None => {}
            }
        }
        // At most a quarter full, so that most lookups end at the first slot.
        let size = (short.len() * 4).next_power_of_two().max(16);
        let shift = 64 - size.trailing_zeros();
        let mut table = vec![0u128; size];
        for k in short {
            let mut i = Self::slot(k, shift);
            while table[i] != 0 && table[i] != k {
                i = (i + 1) & (size - 1);
            }
            table[i] = k;
        }
        StopSet { table, shift, long }
    }

    #[inline]
    fn slot(k: u128, shift: u32) -> usize {
        let x = (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
    }

    /// `k` is the packed word (see [`pack`]).
    #[inline]
    fn contains_key(&self, k: u128) -> bool {
        let mask = self.table.len() - 1;
        let mut i = Self::slot(k, self.shift);
        loop {
            let t = self.table[i];
            if t == k {
                return true;
            }
            if t == 0 {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    fn contains(&self, w: &str) -> bool {
        match pack(w.as_bytes()) {
            Some(k) => self.contains_key(k),
            None => !w.is_empty() && self.long.contains(w),
        }
    }
}

/// A word of 1 to 16 bytes as one little-endian integer, zero-padded.
fn pack(b: &[u8]) -> Option<u128> {
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let mut k = 0u128;
    for (i, &c) in b.iter().enumerate() {
        k |= u128::from(c) << (8 * i);
    }
    Some(k)
}

/// Replaces `arena[s..]` by its Snowball English stem, through the cache.
fn stem_tail(
    stemmer: &rust_stemmers::Stemmer,
    arena: &mut String,
    s: usize,
    stems: &mut FxHashMap<Box<str>, Option<Box<str>>>,
) {
    let word = &arena[s..];
    if let Some(hit) = stems.get(word) {
        if let Some(stem) = hit {
            arena.truncate(s);
            arena.push_str(stem);
        }
        return;
    }
    let stem = stemmer.stem(word);
    let stem: Option<Box<str>> = (stem != word).then(|| stem.into());
    if stems.len() >= STEM_CACHE_MAX {
        stems.clear();
    }
    stems.insert(word.into(), stem.clone());
    if let Some(stem) = stem {
        arena.truncate(s);
        arena.push_str(&stem);
    }
}

#[cfg(test)]
mod plain_tests;
#[cfg(test)]
mod tests;
