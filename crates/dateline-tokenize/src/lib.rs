//! Tokenization for dateline: normalize → segment → filter → phrases, with byte offsets kept.
//!
//! (API skeleton: the types are final, the implementation of [`Pipeline::tokenize_into`] is a
//! placeholder to be replaced by the real pipeline.)
#![warn(missing_docs)]

use serde::{Deserialize, Serialize};

/// Which stopword list a pipeline uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Stopwords {
    /// The Snowball English list shipped with dateline.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
/// Reuse one `Tokens` across documents ([`Pipeline::tokenize_into`]) to avoid allocation.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    arena: String,
    tokens: Vec<Token>,
}

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
    /// The normalized form of token `i`.
    pub fn norm(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.arena[t.norm_start as usize..t.norm_end as usize]
    }
    /// Tokens with their normalized forms.
    pub fn iter(&self) -> impl Iterator<Item = (&Token, &str)> + '_ {
        self.tokens
            .iter()
            .map(|t| (t, &self.arena[t.norm_start as usize..t.norm_end as usize]))
    }
    /// Empties the buffer, keeping its capacity.
    pub fn clear(&mut self) {
        self.arena.clear();
        self.tokens.clear();
    }
    /// Appends a token whose normalized form is `norm`.
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
#[derive(Debug, Clone)]
pub struct Pipeline {
    spec: PipelineSpec,
}

impl Pipeline {
    /// Builds the pipeline a spec describes.
    pub fn new(spec: &PipelineSpec) -> Self {
        Pipeline { spec: spec.clone() }
    }

    /// The spec it was built from.
    pub fn spec(&self) -> &PipelineSpec {
        &self.spec
    }

    /// Tokenizes `text` into `out` (cleared first).
    pub fn tokenize_into(&self, text: &str, out: &mut Tokens) {
        // PLACEHOLDER: whitespace/punctuation split; replaced by the real pipeline.
        out.clear();
        let mut sentence = 0;
        let mut start = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            if c.is_alphanumeric() || c == '\'' {
                if start.is_none() {
                    start = Some(i);
                }
            } else if let Some(s) = start.take() {
                let w = text[s..i].to_lowercase();
                out.push(s as u32, i as u32, sentence, false, &w);
            }
            if c == '.' {
                sentence += 1;
            }
        }
    }

    /// Tokenizes `text` into a new [`Tokens`].
    pub fn tokenize(&self, text: &str) -> Tokens {
        let mut t = Tokens::default();
        self.tokenize_into(text, &mut t);
        t
    }
}
