//! The corpus index: every document tokenized once, as form ids, and every pipeline answered
//! from it by mapping forms to tokens.
//!
//! An index holds, per set of token rules ([`Rules`]), a vocabulary of forms ([`FormVocab`]:
//! the surface of a word with its compound and ALL-CAPS flags, or the plain normal form) and
//! each document's stream of form ids with offsets and sentence numbers ([`StreamBatch`]).
//! [`IndexBuilder`] makes them from document batches; `dateline_tables::index_io` writes and
//! reads them (`docs/index.md`: the layout and its version rule).
//!
//! A pipeline is then integer work on the vocabulary: [`TokenMap::new`] expands each distinct
//! form once (case folding, stopwords, stems, minimum length, numbers, split compounds) and
//! [`TokenMap::fill`] rebuilds a document's [`Tokens`] from its stream — the same tokens, offsets
//! and sentences as [`Pipeline::tokenize_into`] on the text (tests in this module and in the
//! binary's index tests compare them), with each token's term id so that counters look terms
//! up by integer. Phrases are joined after, on the rebuilt tokens.

use dateline_core::Document;
use dateline_entities::{Extractor, Mention};
use dateline_tokenize::{FormScanner, Pipeline, RawToken, Rules, Tokens};
use rayon::prelude::*;

use crate::intern::Interner;

/// The version of the index layout; an index of another version is rebuilt or refused.
pub const INDEX_VERSION: u32 = 2;

/// Separates a surface from its flags in a [`FormVocab`] key (never inside a word).
const FLAG_MARK: char = '\u{1}';

/// The forms of one set of rules, with dense ids in order of first sight (documents in corpus
/// order), so the same corpus gives the same ids whatever the number of threads.
#[derive(Debug, Clone)]
pub struct FormVocab {
    rules: Rules,
    keys: Interner,
}

impl FormVocab {
    /// An empty vocabulary for `rules`.
    pub fn new(rules: Rules) -> Self {
        FormVocab {
            rules,
            keys: Interner::default(),
        }
    }

    /// The rules of its forms.
    pub fn rules(&self) -> Rules {
        self.rules
    }

    /// Number of forms.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when it holds no form.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Form `id`: its text, whether it is a compound, whether it stands among ALL-CAPS words.
    pub fn form(&self, id: u32) -> (&str, bool, bool) {
        split_key(self.keys.name(id))
    }

    /// Adds a form (as read back from disk); returns its id.
    pub fn push(&mut self, text: &str, compound: bool, caps: bool) -> u32 {
        let mut key = String::new();
        write_key(&mut key, text, compound, caps);
        self.keys.id(&key)
    }
}

fn write_key(buf: &mut String, text: &str, compound: bool, caps: bool) {
    buf.clear();
    buf.push_str(text);
    if compound || caps {
        buf.push(FLAG_MARK);
        buf.push(char::from(b'0' + u8::from(compound) + 2 * u8::from(caps)));
    }
}

fn split_key(key: &str) -> (&str, bool, bool) {
    match key.rsplit_once(FLAG_MARK) {
        Some((text, f)) => {
            let f = f.as_bytes().first().map_or(0, |b| b - b'0');
            (text, f & 1 != 0, f & 2 != 0)
        }
        None => (key, false, false),
    }
}

/// The token streams of a batch of documents under one set of rules, flat: document `d`'s
/// tokens are `offsets[d]..offsets[d + 1]` of the other vectors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamBatch {
    /// Per document, where its tokens start (one more entry than documents).
    pub offsets: Vec<u32>,
    /// Form id of each token.
    pub forms: Vec<u32>,
    /// First byte of each token in [`Document::text`].
    pub starts: Vec<u32>,
    /// One past the last byte of each token ([`Rules::Plain`] only: for [`Rules::Default`] the
    /// end is the start plus the form's length, and this is empty).
    pub ends: Vec<u32>,
    /// Sentence number of each token, as the scan counts them.
    pub sentences: Vec<u32>,
    /// The person and country mentions of each document, when the index stores them and the
    /// analysis asked for the extractor they were found with.
    pub mentions: Option<MentionBatch>,
}

/// Which documents hold each form of a [`StreamBatch`] (postings): form `f`'s documents are
/// `docs[offsets[f]..offsets[f + 1]]`, ascending. Built once in memory for a server that
/// answers many queries of one corpus (`dateline explore`): a query then visits only the
/// documents where a match can start ([`Postings::query_docs`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    offsets: Vec<u32>,
    docs: Vec<u32>,
}

impl Postings {
    /// The postings of `batch`, whose form ids lie in `0..forms`.
    pub fn new(batch: &StreamBatch, forms: usize) -> Postings {
        // Two passes over the forms: count each form's documents, then place them.
        let docs = batch.docs();
        let mut last = vec![u32::MAX; forms];
        let mut counts = vec![0u32; forms + 1];
        for d in 0..docs {
            for &f in &batch.forms[batch.range(d)] {
                if last[f as usize] != d as u32 {
                    last[f as usize] = d as u32;
                    counts[f as usize + 1] += 1;
                }
            }
        }
        for f in 0..forms {
            counts[f + 1] += counts[f];
        }
        let mut next = counts.clone();
        let mut out = vec![0u32; counts[forms] as usize];
        last.fill(u32::MAX);
        for d in 0..docs {
            for &f in &batch.forms[batch.range(d)] {
                if last[f as usize] != d as u32 {
                    last[f as usize] = d as u32;
                    out[next[f as usize] as usize] = d as u32;
                    next[f as usize] += 1;
                }
            }
        }
        Postings {
            offsets: counts,
            docs: out,
        }
    }

    /// The documents holding form `f`, ascending.
    pub fn docs_of(&self, f: u32) -> &[u32] {
        let f = f as usize;
        &self.docs[self.offsets[f] as usize..self.offsets[f + 1] as usize]
    }

    /// Number of forms.
    pub fn forms(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The documents (of `docs` in all) where a match of `query` can start: those holding a
    /// form with a token (under `map`) that [`Query::can_start`](crate::query::Query::can_start)
    /// admits, as a bit set (bit `d % 64` of word `d / 64`). Every document where the query
    /// matches is in it (the set may hold more: a phrase's first word without the rest).
    pub fn query_docs(&self, query: &crate::query::Query, map: &TokenMap, docs: usize) -> Vec<u64> {
        let mut memo = Vec::new();
        let mut set = vec![0u64; docs.div_ceil(64)];
        for f in 0..self.forms() as u32 {
            if map
                .items(f)
                .any(|(t, _)| query.can_start_memo(t, map.term(t), &mut memo))
            {
                for &d in self.docs_of(f) {
                    set[d as usize / 64] |= 1 << (d % 64);
                }
            }
        }
        set
    }
}

/// The person and country mentions of a batch of documents, flat: document `d`'s are
/// `mentions[offsets[d]..offsets[d + 1]]`, in the order [`Extractor::extract`] gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentionBatch {
    /// Per document, where its mentions start (one more entry than documents).
    pub offsets: Vec<u32>,
    /// The mentions.
    pub mentions: Vec<Mention>,
}

impl MentionBatch {
    /// The mentions `extractor` finds in each document's [`Document::text`] (documents in
    /// parallel, kept in order).
    pub fn extract(extractor: &Extractor, docs: &[Document]) -> MentionBatch {
        let found: Vec<Vec<Mention>> = docs
            .par_iter()
            .with_min_len(64)
            .map(|d| extractor.extract(&d.text()))
            .collect();
        let mut out = MentionBatch {
            offsets: Vec::with_capacity(docs.len() + 1),
            mentions: Vec::with_capacity(found.iter().map(Vec::len).sum()),
        };
        out.offsets.push(0);
        for f in found {
            out.mentions.extend(f);
            out.offsets.push(out.mentions.len() as u32);
        }
        out
    }

    /// Number of documents.
    pub fn docs(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The mentions of document `d`.
    pub fn doc(&self, d: usize) -> &[Mention] {
        &self.mentions[self.offsets[d] as usize..self.offsets[d + 1] as usize]
    }

    /// The mentions of the documents `keep` says yes to (one flag per document), in order.
    pub fn select(&self, keep: &[bool]) -> MentionBatch {
        let mut out = MentionBatch {
            offsets: vec![0],
            mentions: Vec::new(),
        };
        for (d, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
            out.mentions.extend_from_slice(self.doc(d));
            out.offsets.push(out.mentions.len() as u32);
        }
        out
    }
}

impl StreamBatch {
    /// Number of documents.
    pub fn docs(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of tokens.
    pub fn tokens(&self) -> usize {
        self.forms.len()
    }

    /// True when the batch holds each token's offsets and sentence, not only its form (a batch
    /// read for an analysis that counts from the forms alone holds the forms only).
    pub fn has_positions(&self) -> bool {
        self.starts.len() == self.forms.len() && self.sentences.len() == self.forms.len()
    }

    /// The streams of the documents `keep` says yes to (one flag per document), in order.
    pub fn select(&self, keep: &[bool]) -> StreamBatch {
        let mut out = StreamBatch {
            offsets: vec![0],
            ..StreamBatch::default()
        };
        for (d, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
            let r = self.range(d);
            out.forms.extend_from_slice(&self.forms[r.clone()]);
            if !self.starts.is_empty() {
                out.starts.extend_from_slice(&self.starts[r.clone()]);
            }
            if !self.ends.is_empty() {
                out.ends.extend_from_slice(&self.ends[r.clone()]);
            }
            if !self.sentences.is_empty() {
                out.sentences.extend_from_slice(&self.sentences[r]);
            }
            out.offsets.push(out.forms.len() as u32);
        }
        out.mentions = self.mentions.as_ref().map(|m| m.select(keep));
        out
    }

    /// Appends the streams of the documents that follow (`other`'s first document becomes
    /// this batch's next one): the batches of a corpus joined into one. Mentions are kept only
    /// when both batches have them.
    pub fn append(&mut self, other: StreamBatch) {
        if self.offsets.is_empty() {
            *self = other;
            return;
        }
        let base = self.forms.len() as u32;
        self.offsets
            .extend(other.offsets.iter().skip(1).map(|o| o + base));
        self.forms.extend(other.forms);
        self.starts.extend(other.starts);
        self.ends.extend(other.ends);
        self.sentences.extend(other.sentences);
        self.mentions = match (self.mentions.take(), other.mentions) {
            (Some(mut a), Some(b)) => {
                let base = a.mentions.len() as u32;
                a.offsets.extend(b.offsets.iter().skip(1).map(|o| o + base));
                a.mentions.extend(b.mentions);
                Some(a)
            }
            _ => None,
        };
    }

    pub(crate) fn range(&self, d: usize) -> std::ops::Range<usize> {
        self.offsets[d] as usize..self.offsets[d + 1] as usize
    }
}

/// Builds an index batch by batch; the batches must come in corpus order.
#[derive(Debug, Clone)]
pub struct IndexBuilder {
    vocabs: Vec<FormVocab>,
}

/// One chunk of a batch, scanned by one worker: its streams with chunk-local form ids.
struct Chunk {
    keys: Interner,
    streams: Vec<StreamBatch>,
}

impl IndexBuilder {
    /// A builder for the given rules (each once, in [`Rules::ALL`] order).
    pub fn new(rules: &[Rules]) -> Self {
        let mut rules = rules.to_vec();
        rules.sort();
        rules.dedup();
        IndexBuilder {
            vocabs: rules.into_iter().map(FormVocab::new).collect(),
        }
    }

    /// The vocabularies so far, one per rules.
    pub fn vocabs(&self) -> &[FormVocab] {
        &self.vocabs
    }

    /// Consumes the builder, giving the vocabularies.
    pub fn into_vocabs(self) -> Vec<FormVocab> {
        self.vocabs
    }

    /// Scans a batch of documents: one [`StreamBatch`] per rules, in the order of
    /// [`IndexBuilder::vocabs`]. Chunks of the batch are scanned in parallel with their own
    /// form ids, then given the vocabulary's ids in chunk order — so ids are in order of first
    /// sight, whatever the number of threads.
    pub fn add_batch(&mut self, docs: &[Document]) -> Vec<StreamBatch> {
        let threads = rayon::current_num_threads().max(1);
        let chunk = docs.len().div_ceil(threads * 4).max(1);
        let mut out = Vec::with_capacity(self.vocabs.len());
        for vocab in &mut self.vocabs {
            let rules = vocab.rules;
            let chunks: Vec<Chunk> = docs
                .par_chunks(chunk)
                .map(|docs| scan_chunk(rules, docs))
                .collect();
            let maps: Vec<Vec<u32>> = chunks.iter().map(|c| vocab.keys.absorb(&c.keys)).collect();
            let parts: Vec<StreamBatch> = chunks
                .into_par_iter()
                .zip(maps.par_iter())
                .map(|(c, map)| {
                    let mut s = c.streams.into_iter().next().unwrap_or_default();
                    for f in &mut s.forms {
                        *f = map[*f as usize];
                    }
                    s
                })
                .collect();
            out.push(concat(parts));
        }
        out
    }
}

fn scan_chunk(rules: Rules, docs: &[Document]) -> Chunk {
    let mut scanner = FormScanner::new(rules);
    let mut keys = Interner::default();
    let mut raw: Vec<RawToken> = Vec::new();
    let mut key = String::new();
    let mut s = StreamBatch {
        offsets: vec![0],
        ..StreamBatch::default()
    };
    for doc in docs {
        let text = doc.text();
        scanner.scan(&text, &mut raw);
        for (i, t) in raw.iter().enumerate() {
            let id = match rules {
                Rules::Default => {
                    let surface = &text[t.start as usize..t.end as usize];
                    if t.compound || t.caps {
                        write_key(&mut key, surface, t.compound, t.caps);
                        keys.id(&key)
                    } else {
                        keys.id(surface)
                    }
                }
                Rules::Plain => {
                    s.ends.push(t.end);
                    keys.id(scanner.plain_form(i))
                }
            };
            s.forms.push(id);
            s.starts.push(t.start);
            s.sentences.push(t.sentence);
        }
        s.offsets.push(s.forms.len() as u32);
    }
    Chunk {
        keys,
        streams: vec![s],
    }
}

fn concat(parts: Vec<StreamBatch>) -> StreamBatch {
    let mut out = StreamBatch {
        offsets: vec![0],
        ..StreamBatch::default()
    };
    for p in parts {
        let base = out.forms.len() as u32;
        out.offsets.extend(p.offsets[1..].iter().map(|o| o + base));
        out.forms.extend(p.forms);
        out.starts.extend(p.starts);
        out.ends.extend(p.ends);
        out.sentences.extend(p.sentences);
    }
    out
}

/// A chunk of forms expanded: each form's number of tokens, and the tokens (normal form, stop,
/// offsets relative to the form).
type Expanded = (Vec<u32>, Vec<(Box<str>, bool, u32, u32)>);

/// One token a form stands for under a pipeline.
#[derive(Debug, Clone, Copy)]
struct Item {
    term: u32,
    stop: bool,
    start: u32,
    end: u32,
    /// Where the normal form is in [`TokenMap::norms`].
    norm: (u32, u32),
}

/// Source of [`TokenMap::id`].
static NEXT_MAP_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A pipeline as a map from forms to tokens: each form's tokens (none, one, or the parts of a
/// split compound) with their term ids; [`TokenMap::fill`] rebuilds a document's tokens.
#[derive(Debug, Clone)]
pub struct TokenMap {
    rules: Rules,
    /// Form `f`'s items are `items[offsets[f]..offsets[f + 1]]`.
    offsets: Vec<u32>,
    items: Vec<Item>,
    /// Normal forms by term id.
    terms: Interner,
    /// Every normal form, once (rebuilt tokens point into it).
    norms: std::sync::Arc<str>,
    pipeline: Pipeline,
    /// Unique to this map (tables computed per term id are kept per map).
    id: u64,
    /// Per form, its items that are not stopwords (a document's counted tokens are the sum
    /// over its forms).
    kept: Vec<u32>,
}

impl TokenMap {
    /// Expands every form of `vocab` under `pipeline` (in parallel chunks; term ids in form
    /// order). `None` when the pipeline cannot be answered from these forms (another set of
    /// rules, or plain rules with options they do not keep).
    pub fn new(pipeline: &Pipeline, vocab: &FormVocab) -> Option<TokenMap> {
        if pipeline.index_rules().ok()? != vocab.rules {
            return None;
        }
        let rules = vocab.rules;
        let n = vocab.len();
        let step = n
            .div_ceil(rayon::current_num_threads().max(1) * 4)
            .max(1024);
        let ids: Vec<u32> = (0..n as u32).collect();
        let parts: Vec<Expanded> = ids
            .par_chunks(step)
            .map(|ids| {
                let mut counts = Vec::with_capacity(ids.len());
                let mut items = Vec::new();
                let mut one = Tokens::default();
                for &id in ids {
                    let (text, compound, caps) = vocab.form(id);
                    one.clear();
                    pipeline.expand_form(rules, text, compound, caps, &mut one);
                    counts.push(one.len() as u32);
                    for (t, norm) in one.iter() {
                        items.push((norm.into(), t.stop, t.start, t.end));
                    }
                }
                (counts, items)
            })
            .collect();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        let mut items = Vec::new();
        let mut terms = Interner::default();
        for (counts, its) in parts {
            let mut k = 0;
            for c in counts {
                for (norm, stop, start, end) in &its[k..k + c as usize] {
                    items.push(Item {
                        term: terms.id(norm),
                        stop: *stop,
                        start: *start,
                        end: *end,
                        norm: (0, 0),
                    });
                }
                k += c as usize;
                offsets.push(items.len() as u32);
            }
        }
        let mut all = String::new();
        let mut spans = Vec::with_capacity(terms.len());
        for id in 0..terms.len() as u32 {
            let a = all.len() as u32;
            all.push_str(terms.name(id));
            spans.push((a, all.len() as u32));
        }
        for it in &mut items {
            it.norm = spans[it.term as usize];
        }
        let kept = offsets
            .windows(2)
            .map(|w| {
                let n = items[w[0] as usize..w[1] as usize]
                    .iter()
                    .filter(|it| !it.stop)
                    .count();
                n as u32
            })
            .collect();
        Some(TokenMap {
            kept,
            rules,
            offsets,
            items,
            terms,
            norms: all.into(),
            pipeline: pipeline.clone(),
            id: NEXT_MAP_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// A number no other map of this process has: tables computed per term id of this map
    /// ([`TrendCounts`](crate::trend::TrendCounts)' query masks) are kept under it.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Pushes the tokens of stream range `r` with `push`.
    #[inline]
    fn fill_with(
        &self,
        batch: &StreamBatch,
        r: std::ops::Range<usize>,
        out: &mut Tokens,
        push: impl Fn(&mut Tokens, u32, u32, u32, &Item),
    ) {
        let (forms, starts, sentences) = (
            &batch.forms[r.clone()],
            &batch.starts[r.clone()],
            &batch.sentences[r.clone()],
        );
        match self.rules {
            Rules::Default => {
                for ((&f, &s), &sentence) in forms.iter().zip(starts).zip(sentences) {
                    let f = f as usize;
                    let (a, b) = (self.offsets[f] as usize, self.offsets[f + 1] as usize);
                    for it in &self.items[a..b] {
                        push(out, s + it.start, s + it.end, sentence, it);
                    }
                }
            }
            Rules::Plain => {
                // Sentences are renumbered over the tokens kept: a sentence starts where the
                // scan's sentence number changes between two kept tokens (dropped numbers in
                // between or not), as the plain tokenizer counts them.
                let ends = &batch.ends[r];
                let mut last: Option<u32> = None;
                let mut sentence = 0u32;
                for (((&f, &s), &base), &e) in forms.iter().zip(starts).zip(sentences).zip(ends) {
                    let f = f as usize;
                    let (a, b) = (self.offsets[f] as usize, self.offsets[f + 1] as usize);
                    for it in &self.items[a..b] {
                        if last.is_some_and(|l| l != base) {
                            sentence += 1;
                        }
                        last = Some(base);
                        push(out, s, e, sentence, it);
                    }
                }
            }
        }
    }

    /// True when the pipeline joins phrases (then a document's tokens are not the
    /// concatenation of its forms' items, and [`TokenMap::items`] does not give them).
    pub fn has_phrases(&self) -> bool {
        self.pipeline.has_phrases()
    }

    /// The tokens form `form` gives under the pipeline (none, one, or a split compound's
    /// parts), each as (term id, stop), without phrases.
    #[inline]
    pub fn items(&self, form: u32) -> impl Iterator<Item = (u32, bool)> + '_ {
        let f = form as usize;
        self.items[self.offsets[f] as usize..self.offsets[f + 1] as usize]
            .iter()
            .map(|it| (it.term, it.stop))
    }

    /// The number of a form's items that are not stopwords.
    #[inline]
    pub fn kept(&self, form: u32) -> u64 {
        u64::from(self.kept[form as usize])
    }

    /// Number of forms the map covers (form ids are `0..forms()`).
    pub fn forms(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Distinct normal forms (term ids are `0..terms()`).
    pub fn terms(&self) -> usize {
        self.terms.len()
    }

    /// The normal form of a term id.
    pub fn term(&self, id: u32) -> &str {
        self.terms.name(id)
    }

    /// The term id of a normal form, if some form maps to it.
    pub fn term_id(&self, norm: &str) -> Option<u32> {
        self.terms.get(norm)
    }

    /// Rebuilds document `d` of `batch` into `out` (cleared first): exactly the tokens of
    /// [`Pipeline::tokenize_into`] on its text, each with its term id unless phrases joined
    /// some (then [`Tokens::term_ids`] is `None`).
    ///
    /// # Panics
    /// When the batch was read without positions ([`StreamBatch::has_positions`]): a pass
    /// reads them whenever an accumulator says it needs them
    /// ([`Accumulator::needs_positions`](crate::pass::Accumulator::needs_positions)).
    pub fn fill(&self, batch: &StreamBatch, d: usize, out: &mut Tokens) {
        assert!(
            batch.has_positions(),
            "tokens rebuilt from a batch read without positions (an accumulator's \
             needs_positions is wrong)"
        );
        out.clear();
        let r = batch.range(d);
        out.reserve(r.len());
        // Without phrases the tokens point into the map's normal forms (no text is copied);
        // phrases join tokens into new text, so then each normal form is copied.
        let shared = !self.pipeline.has_phrases();
        if shared {
            out.share_norms(&self.norms);
            self.fill_with(batch, r, out, |out, start, end, sentence, it| {
                out.push_shared(start, end, sentence, it.stop, it.norm, it.term);
            });
        } else {
            self.fill_with(batch, r, out, |out, start, end, sentence, it| {
                out.push_with_id(
                    start,
                    end,
                    sentence,
                    it.stop,
                    self.terms.name(it.term),
                    it.term,
                );
            });
        }
        if !shared {
            self.pipeline.apply_phrases(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::DocId;
    use dateline_tokenize::PipelineSpec;

    fn doc(title: &str, body: &str) -> Document {
        Document {
            doc_id: DocId::of_text(title, body),
            title: Some(title.into()),
            body: body.into(),
            lang: "en".into(),
            copies: 1,
            ..Document::default()
        }
    }

    fn sample() -> Vec<Document> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sample");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("data/sample")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        let mut docs: Vec<Document> = files
            .iter()
            .map(|f| doc("", &std::fs::read_to_string(f).expect("text")))
            .collect();
        docs.push(doc(
            "LET US UNITE",
            "The UN and us. 1,000 men; 2-3 talks, U.S.-DPRK.",
        ));
        docs.push(doc("", ""));
        docs
    }

    #[test]
    fn appended_batches_are_the_batch_of_all_their_documents() {
        let docs = sample();
        let mut whole = IndexBuilder::new(&Rules::ALL);
        let all = whole.add_batch(&docs);
        let mut parts = IndexBuilder::new(&Rules::ALL);
        let mut joined = vec![StreamBatch::default(); Rules::ALL.len()];
        for chunk in [&docs[..2], &docs[2..5], &docs[5..]] {
            for (j, s) in joined.iter_mut().zip(parts.add_batch(chunk)) {
                j.append(s);
            }
        }
        assert!(all[0].tokens() > 1000);
        assert_eq!(joined, all);
        assert_eq!(joined[0].docs(), docs.len());
        let mb = |d: &[Document]| MentionBatch {
            offsets: vec![0; d.len() + 1],
            mentions: Vec::new(),
        };
        let mut a = StreamBatch {
            mentions: Some(mb(&docs[..2])),
            ..all[0].clone()
        };
        a.append(StreamBatch {
            mentions: Some(mb(&docs[..3])),
            ..all[0].clone()
        });
        assert_eq!(a.docs(), 2 * docs.len());
        assert_eq!(a.mentions.as_ref().map(MentionBatch::docs), Some(5));
    }

    #[test]
    fn postings_name_each_forms_documents_and_a_querys_candidates() {
        let docs = vec![
            doc("", "Nuclear war. The nuclear deterrent."),
            doc("", "No war here, only peace."),
            doc("", "Nuclear-armed forces; Kim Jong Un spoke."),
            doc("", "Kim Il Sung and Kim Jong Il."),
        ];
        let mut b = IndexBuilder::new(&[Rules::Default]);
        let batch = b.add_batch(&docs).remove(0);
        let vocab = b.into_vocabs().remove(0);
        let p = Postings::new(&batch, vocab.len());
        assert_eq!(p.forms(), vocab.len());
        // Independently: the documents whose forms hold each form id.
        for f in 0..vocab.len() as u32 {
            let want: Vec<u32> = (0..docs.len() as u32)
                .filter(|&d| batch.forms[batch.range(d as usize)].contains(&f))
                .collect();
            assert_eq!(p.docs_of(f), want.as_slice(), "form {}", vocab.form(f).0);
        }
        let pipeline = Pipeline::new(&PipelineSpec::default());
        let map = TokenMap::new(&pipeline, &vocab).expect("default rules");
        let set = |q: &str| {
            let q = crate::query::Query::parse(q, &pipeline).expect("query");
            let bits = p.query_docs(&q, &map, docs.len());
            (0..docs.len())
                .filter(|&d| bits[d / 64] & (1 << (d % 64)) != 0)
                .collect::<Vec<_>>()
        };
        // By hand: "nuclear" in 0 only ("Nuclear-armed" is one token under the default rules).
        assert_eq!(set("nuclear"), [0]);
        assert_eq!(set("war"), [0, 1]);
        assert_eq!(set("peace*"), [1]);
        // A phrase's candidates: the documents with its first word (Kim), a superset.
        assert_eq!(set("Kim Jong Un"), [2, 3]);
        assert_eq!(set("sanctions"), Vec::<usize>::new());
        // Every document where a query matches (counted on the text) is a candidate.
        for q in [
            "nuclear",
            "war",
            "Kim Jong Un",
            "Kim Il Sung",
            "nuclear-armed",
            "peace*",
        ] {
            let query = crate::query::Query::parse(q, &pipeline).expect("query");
            let matching: Vec<usize> = (0..docs.len())
                .filter(|&d| query.count(&pipeline.tokenize(&docs[d].text())) > 0)
                .collect();
            assert!(!matching.is_empty(), "{q}");
            assert!(matching.iter().all(|d| set(q).contains(d)), "{q}");
        }
    }

    #[test]
    fn a_documents_kept_tokens_are_its_non_stop_tokens_rebuilt_or_tokenized() {
        let docs = sample();
        let mut b = IndexBuilder::new(&[Rules::Default]);
        let batch = b.add_batch(&docs).remove(0);
        let vocab = b.into_vocabs().remove(0);
        for spec in [
            PipelineSpec::default(),
            PipelineSpec {
                split_hyphens: true,
                ..PipelineSpec::default()
            },
        ] {
            let pipeline = Pipeline::new(&spec);
            let map = TokenMap::new(&pipeline, &vocab).expect("default rules");
            for (d, doc) in docs.iter().enumerate() {
                let per_form: u64 = batch.forms[batch.range(d)]
                    .iter()
                    .map(|&f| map.kept(f))
                    .sum();
                // Independently: the document tokenized from its text.
                let text = pipeline.tokenize(&doc.text());
                let want = text.tokens().iter().filter(|t| !t.stop).count() as u64;
                assert_eq!(per_form, want, "document {d}");
            }
        }
    }

    #[test]
    fn ids_do_not_depend_on_threads_or_batches() {
        let docs = sample();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let a = one.install(|| {
            let mut b = IndexBuilder::new(&Rules::ALL);
            let s = b.add_batch(&docs);
            (s, b.into_vocabs())
        });
        let mut b = IndexBuilder::new(&Rules::ALL);
        let mut s1 = b.add_batch(&docs[..3]);
        let s2 = b.add_batch(&docs[3..]);
        let v = b.into_vocabs();
        for (k, (x, y)) in s1.iter_mut().zip(s2).enumerate() {
            let base = *x.offsets.last().unwrap();
            x.offsets.extend(y.offsets[1..].iter().map(|o| o + base));
            x.forms.extend(y.forms);
            x.starts.extend(y.starts);
            x.ends.extend(y.ends);
            x.sentences.extend(y.sentences);
            assert_eq!(*x, a.0[k]);
            assert_eq!(v[k].len(), a.1[k].len());
            for id in 0..v[k].len() as u32 {
                assert_eq!(v[k].form(id), a.1[k].form(id));
            }
        }
        // The first form of the first document is its first word.
        assert_eq!(
            v[0].form(0).0,
            docs[0].text()[..docs[0].text().find(' ').unwrap()].trim()
        );
    }

    #[test]
    fn query_memos_by_term_id_count_as_the_text() {
        use crate::query::Query;
        let docs = sample();
        let mut b = IndexBuilder::new(&[Rules::Default]);
        let streams = b.add_batch(&docs);
        let vocab = &b.vocabs()[0];
        let p = Pipeline::new(&PipelineSpec::default());
        let map = TokenMap::new(&p, vocab).expect("answerable");
        let queries: Vec<Query> = [
            "nuclear",
            "missile*",
            "us=US|America",
            "kim jong*",
            "*ism",
            "party|workers' party",
        ]
        .iter()
        .map(|q| Query::parse(q, &p).expect("query"))
        .collect();
        let mut memos = vec![Vec::new(); queries.len()];
        let mut got = Tokens::default();
        let mut total = 0;
        for (d, doc) in docs.iter().enumerate() {
            map.fill(&streams[0], d, &mut got);
            let want = p.tokenize(&doc.text());
            for (q, memo) in queries.iter().zip(&mut memos) {
                let n = q.count_memo(&got, memo);
                assert_eq!(n, q.count(&want), "{q} in doc {d}");
                total += n;
            }
        }
        assert!(total > 50, "{total}");
    }

    #[test]
    fn token_maps_rebuild_the_pipelines_tokens() {
        let docs = sample();
        let mut b = IndexBuilder::new(&Rules::ALL);
        let streams = b.add_batch(&docs);
        let vocabs = b.into_vocabs();
        let mut specs = vec![
            PipelineSpec::default(),
            PipelineSpec::stemmed(),
            PipelineSpec::plain(),
            PipelineSpec {
                keep_numbers: true,
                split_hyphens: true,
                lowercase: false,
                ..PipelineSpec::default()
            },
            PipelineSpec {
                keep_numbers: true,
                min_len: 3,
                stem: true,
                ..PipelineSpec::plain()
            },
        ];
        specs.push(PipelineSpec {
            phrases: vec!["Kim Jong Un".into(), "Korean People's Army".into()],
            ..PipelineSpec::default()
        });
        let mut got = Tokens::default();
        for spec in &specs {
            let p = Pipeline::new(spec);
            let k = Rules::ALL
                .iter()
                .position(|&r| Ok(r) == p.index_rules())
                .unwrap();
            let map = TokenMap::new(&p, &vocabs[k]).expect("answerable");
            for (d, doc) in docs.iter().enumerate() {
                let want = p.tokenize(&doc.text());
                map.fill(&streams[k], d, &mut got);
                assert_eq!(got.len(), want.len(), "{spec:?} doc {d}");
                let key = |(t, n): (&dateline_tokenize::Token, &str)| {
                    (
                        t.start,
                        t.end,
                        t.sentence,
                        t.position,
                        t.stop,
                        n.to_string(),
                    )
                };
                for (x, y) in got.iter().zip(want.iter()) {
                    assert_eq!(key(x), key(y), "{spec:?} doc {d}");
                }
                if spec.phrases.is_empty() && !got.is_empty() {
                    let ids = got.term_ids().expect("ids");
                    for (i, &id) in ids.iter().enumerate() {
                        assert_eq!(map.term(id), got.norm(i));
                    }
                }
            }
        }
        // A plain pipeline that splits hyphens cannot be answered from the plain forms.
        let p = Pipeline::new(&PipelineSpec {
            split_hyphens: true,
            ..PipelineSpec::plain()
        });
        assert!(TokenMap::new(&p, &vocabs[1]).is_none());
        assert!(TokenMap::new(&Pipeline::new(&PipelineSpec::default()), &vocabs[1]).is_none());
    }
}
