//! Person and country mentions counted per period: mentions, documents, the names used, and
//! co-mentions (pairs of entities in one document or sentence) with their PMI.
//!
//! [`EntityCounts`] is an [`Accumulator`], so that `dateline run` counts entities in the same
//! pass as every other analysis. Its counts are additive (a counts folder stores them:
//! [`EntityCounts::counted`], [`EntityCounts::add_counted`]); the rows of the output tables
//! ([`EntityCounts::count_rows`], [`EntityCounts::co_mention_rows`]) are derived from them, the
//! statistics by [`stats`](crate::stats).
use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use dateline_core::{DocId, Document};
use dateline_entities::Extractor;
use dateline_tokenize::Tokens;

use crate::pass::{Accumulator, DocView, IndexedDoc};
use crate::stats;

/// An entity: its type (`person`, `country`) and id.
pub type Key = (&'static str, String);

/// The table name of an entity type read back from a table (`person`, `country`).
pub fn entity_type(s: &str) -> Option<&'static str> {
    match s {
        "person" => Some("person"),
        "country" => Some("country"),
        _ => None,
    }
}

/// One mention, for the `mentions` table.
#[derive(Debug, Clone)]
pub struct MentionRow {
    /// Position of the document in the input.
    pub index: usize,
    /// The document.
    pub doc_id: DocId,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// `person` or `country`.
    pub kind: &'static str,
    /// The entity.
    pub entity_id: String,
    /// Its canonical name.
    pub name: String,
    /// The text mentioning it.
    pub surface: String,
    /// First byte in the document's text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One row of `entity_counts`.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityCountRow {
    /// Period index.
    pub period: usize,
    /// The entity.
    pub key: Key,
    /// Its most used name.
    pub name: String,
    /// Mentions.
    pub mentions: u64,
    /// Documents mentioning it.
    pub docs: u64,
    /// Mentions per 10,000 counted tokens of the period.
    pub per_10k: f64,
}

/// One edge of `co_mentions`.
#[derive(Debug, Clone, PartialEq)]
pub struct CoMentionRow {
    /// Period index.
    pub period: usize,
    /// The first entity (in key order).
    pub source: Key,
    /// Its most used name.
    pub source_name: String,
    /// The second entity.
    pub target: Key,
    /// Its most used name.
    pub target_name: String,
    /// Units (documents or sentences) mentioning both.
    pub count: u64,
    /// Units mentioning the source.
    pub source_units: u64,
    /// Units mentioning the target.
    pub target_units: u64,
    /// Units of the period.
    pub units: u64,
    /// log2 of `count · units / (source_units · target_units)`.
    pub pmi: f64,
}

/// Entities and names numbered as they are first met in a shard (ids are private to it:
/// merging maps the other shard's ids onto this one's), so that counting a mention hashes two
/// integers instead of comparing strings.
#[derive(Clone, Default)]
struct Interner {
    /// id → entity.
    keys: Vec<Key>,
    /// Per entity type, id string → id.
    by_kind: Vec<(&'static str, FxHashMap<String, u32>)>,
    /// id → name.
    names: Vec<String>,
    /// name → id.
    name_ids: FxHashMap<String, u32>,
}

impl Interner {
    fn key(&mut self, kind: &'static str, id: &str) -> u32 {
        let slot = match self.by_kind.iter().position(|(k, _)| *k == kind) {
            Some(i) => i,
            None => {
                self.by_kind.push((kind, FxHashMap::default()));
                self.by_kind.len() - 1
            }
        };
        let map = &mut self.by_kind[slot].1;
        if let Some(&i) = map.get(id) {
            return i;
        }
        let i = self.keys.len() as u32;
        map.insert(id.to_string(), i);
        self.keys.push((kind, id.to_string()));
        i
    }

    fn name(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_ids.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.name_ids.insert(name.to_string(), i);
        self.names.push(name.to_string());
        i
    }

    fn find(&self, kind: &str, id: &str) -> Option<u32> {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, m)| m.get(id).copied())
    }
}

/// Mentions and counts of one shard.
#[derive(Clone)]
pub struct EntityCounts {
    extractor: Arc<Extractor>,
    /// Co-mentions counted per `sentence` instead of per document.
    sentence_scope: bool,
    /// Keep every mention row (for the `mentions` table).
    keep_mentions: bool,
    /// Collect unresolved candidates.
    unmatched: bool,
    /// Count co-mentions (`unit_counts`, `pairs`); false when only `entity_counts` is wanted.
    co_mentions: bool,
    mentions: Vec<MentionRow>,
    /// The entities and names counted below, by id.
    ids: Interner,
    /// (period, entity) → (mentions, docs).
    counts: FxHashMap<(usize, u32), (u64, u64)>,
    /// (entity, name) → mentions (the most used name is shown).
    names: FxHashMap<(u32, u32), u64>,
    /// period → (tokens, units).
    totals: BTreeMap<usize, (u64, u64)>,
    /// (period, entity) → units mentioning it.
    unit_counts: FxHashMap<(usize, u32), u64>,
    /// (period, a, b) → units mentioning both (a before b in key order).
    pairs: FxHashMap<(usize, u32, u32), u64>,
    /// candidate text → (count, example).
    candidates: BTreeMap<String, (u64, String)>,
}

impl EntityCounts {
    /// Empty counts with an extractor: co-mentions per document, or per sentence with
    /// `sentence_scope`; unresolved candidates collected with `unmatched`.
    pub fn new(extractor: Extractor, sentence_scope: bool, unmatched: bool) -> Self {
        Self::with(Arc::new(extractor), sentence_scope, true, unmatched)
    }

    fn with(
        extractor: Arc<Extractor>,
        sentence_scope: bool,
        keep_mentions: bool,
        unmatched: bool,
    ) -> Self {
        EntityCounts {
            extractor,
            sentence_scope,
            keep_mentions,
            unmatched,
            co_mentions: true,
            mentions: Vec::new(),
            ids: Interner::default(),
            counts: FxHashMap::default(),
            names: FxHashMap::default(),
            totals: BTreeMap::new(),
            unit_counts: FxHashMap::default(),
            pairs: FxHashMap::default(),
            candidates: BTreeMap::new(),
        }
    }

    /// Counts no co-mentions: the `entity_counts` rows are the same, the `co_mentions` rows
    /// and networks empty (for a caller that asks for entity counts only).
    pub fn without_co_mentions(mut self) -> Self {
        self.co_mentions = false;
        self
    }

    /// Keeps (the default) or drops the mention rows.
    pub fn keep_mentions(mut self, keep: bool) -> Self {
        self.keep_mentions = keep;
        self
    }
    /// Empty counts to sum counts tables into: the built-in extractor, never used (no
    /// document is read).
    pub fn for_sums() -> Result<Self, dateline_entities::ListFileError> {
        Ok(Self::new(
            dateline_entities::ExtractorChoice::default().extractor()?,
            false,
            false,
        )
        .counts_only())
    }

    /// Counts only (no mention rows kept, document scope): what a counts folder stores.
    pub fn counts_only(mut self) -> Self {
        self.keep_mentions = false;
        self.sentence_scope = false;
        self.unmatched = false;
        self
    }

    /// True when unresolved candidates are collected.
    pub fn collects_unmatched(&self) -> bool {
        self.unmatched
    }

    /// Empty counts sharing the extractor and options (a new shard).
    pub fn empty_like(&self) -> Self {
        let mut e = Self::with(
            Arc::clone(&self.extractor),
            self.sentence_scope,
            self.keep_mentions,
            self.unmatched,
        );
        e.co_mentions = self.co_mentions;
        e
    }

    fn key(&self, id: u32) -> &Key {
        &self.ids.keys[id as usize]
    }

    /// Sorts entity ids into key order and removes repeats.
    fn in_key_order(&self, ids: &mut Vec<u32>) {
        ids.sort_unstable_by(|a, b| self.key(*a).cmp(self.key(*b)));
        ids.dedup();
    }

    /// Counts units (documents or sentences), each given as its entities in key order.
    fn add_units(&mut self, period: usize, units: &[Vec<u32>]) {
        for keys in units {
            for &k in keys {
                *self.unit_counts.entry((period, k)).or_default() += 1;
            }
            for i in 0..keys.len() {
                for j in i + 1..keys.len() {
                    *self.pairs.entry((period, keys[i], keys[j])).or_default() += 1;
                }
            }
        }
    }

    /// Per entity id, its most used name (ties: the alphabetically first); the entity's id
    /// string when it has none.
    fn best_names(&self) -> Vec<&str> {
        let mut best: Vec<Option<(u64, &str)>> = vec![None; self.ids.keys.len()];
        for (&(k, n), &c) in &self.names {
            let name = self.ids.names[n as usize].as_str();
            let slot = &mut best[k as usize];
            if slot.is_none_or(|b| more_used((c, name), b)) {
                *slot = Some((c, name));
            }
        }
        best.into_iter()
            .enumerate()
            .map(|(i, b)| b.map_or(self.ids.keys[i].1.as_str(), |(_, n)| n))
            .collect()
    }

    /// The most used name of an entity (ties: the alphabetically first).
    pub fn name_of(&self, k: &Key) -> String {
        let Some(id) = self.ids.find(k.0, &k.1) else {
            return k.1.clone();
        };
        self.names
            .iter()
            .filter(|((e, _), _)| *e == id)
            .map(|((_, n), c)| (*c, self.ids.names[*n as usize].as_str()))
            .reduce(|a, b| if more_used(b, a) { b } else { a })
            .map_or_else(|| k.1.clone(), |(_, n)| n.to_string())
    }

    /// The mention rows in input order.
    pub fn mention_rows(&self) -> Vec<&MentionRow> {
        let mut ms: Vec<&MentionRow> = self.mentions.iter().collect();
        ms.sort_by_key(|m| (m.index, m.start, m.end));
        ms
    }

    /// The rows of `entity_counts` for periods `0..n_periods`: counted entities, plus zeros
    /// in every period for the `track`ed ids; by period, type, mentions (most first), id.
    pub fn count_rows(&self, n_periods: usize, track: &[String]) -> Vec<EntityCountRow> {
        let names = self.best_names();
        let mut cells: FxHashMap<(usize, u32), (u64, u64)> = self
            .counts
            .iter()
            .filter(|((p, _), _)| *p < n_periods)
            .map(|(&k, &v)| (k, v))
            .collect();
        let mut named = vec![false; self.ids.keys.len()];
        for &(k, _) in self.names.keys() {
            named[k as usize] = true;
        }
        // Tracked entities never seen, numbered after the seen ones.
        let mut unseen: Vec<Key> = Vec::new();
        for id in track {
            // A tracked id is the named entity of that id (the first type in key order), or a
            // country (three capitals) or a person never seen.
            let found = (0..self.ids.keys.len())
                .filter(|&i| named[i] && self.ids.keys[i].1 == *id)
                .min_by(|&a, &b| self.ids.keys[a].cmp(&self.ids.keys[b]));
            let country = id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase());
            let key = (if country { "country" } else { "person" }, id.clone());
            let k = match found
                .map(|i| i as u32)
                .or_else(|| self.ids.find(key.0, &key.1))
            {
                Some(k) => k,
                None => {
                    let j = unseen.iter().position(|u| *u == key).unwrap_or_else(|| {
                        unseen.push(key);
                        unseen.len() - 1
                    });
                    (self.ids.keys.len() + j) as u32
                }
            };
            for p in 0..n_periods {
                cells.entry((p, k)).or_insert((0, 0));
            }
        }
        let key_of = |k: u32| -> &Key {
            self.ids
                .keys
                .get(k as usize)
                .unwrap_or_else(|| &unseen[k as usize - self.ids.keys.len()])
        };
        let mut rows: Vec<(usize, u32, u64, u64)> = cells
            .into_iter()
            .map(|((p, k), (m, d))| (p, k, m, d))
            .collect();
        rows.sort_by(|a, b| {
            let (ka, kb) = (key_of(a.1), key_of(b.1));
            (a.0, ka.0, std::cmp::Reverse(a.2), &ka.1).cmp(&(
                b.0,
                kb.0,
                std::cmp::Reverse(b.2),
                &kb.1,
            ))
        });
        let tokens = |p: usize| self.totals.get(&p).map_or(0, |t| t.0);
        rows.into_iter()
            .map(|(period, k, mentions, docs)| {
                let key = key_of(k).clone();
                EntityCountRow {
                    period,
                    name: names
                        .get(k as usize)
                        .map_or_else(|| key.1.clone(), std::string::ToString::to_string),
                    key,
                    mentions,
                    docs,
                    per_10k: stats::per_10k(mentions as f64, tokens(period) as f64),
                }
            })
            .collect()
    }

    /// The edges of `co_mentions` for periods `0..n_periods`: by period, count (most first),
    /// source, target.
    pub fn co_mention_rows(&self, n_periods: usize) -> Vec<CoMentionRow> {
        let names = self.best_names();
        let mut pairs: Vec<((usize, u32, u32), u64)> = self
            .pairs
            .iter()
            .filter(|((p, _, _), _)| *p < n_periods)
            .map(|(k, v)| (*k, *v))
            .collect();
        pairs.sort_by(|a, b| {
            (
                a.0 .0,
                std::cmp::Reverse(a.1),
                self.key(a.0 .1),
                self.key(a.0 .2),
            )
                .cmp(&(
                    b.0 .0,
                    std::cmp::Reverse(b.1),
                    self.key(b.0 .1),
                    self.key(b.0 .2),
                ))
        });
        let unit_count = |p: usize, k: u32| self.unit_counts.get(&(p, k)).copied().unwrap_or(0);
        pairs
            .into_iter()
            .map(|((p, a, b), count)| {
                let units = self.totals.get(&p).map_or(0, |t| t.1);
                let (x, y) = (unit_count(p, a), unit_count(p, b));
                CoMentionRow {
                    period: p,
                    source: self.key(a).clone(),
                    source_name: names[a as usize].to_string(),
                    target: self.key(b).clone(),
                    target_name: names[b as usize].to_string(),
                    count,
                    source_units: x,
                    target_units: y,
                    units,
                    pmi: stats::pmi(count as f64, x as f64, y as f64, units as f64),
                }
            })
            .collect()
    }

    /// Unresolved candidates with their counts and an example, most frequent first.
    pub fn unmatched_rows(&self) -> Vec<(&String, u64, &String)> {
        let mut c: Vec<(&String, u64, &String)> = self
            .candidates
            .iter()
            .map(|(k, (n, ex))| (k, *n, ex))
            .collect();
        c.sort_by(|a, b| (std::cmp::Reverse(a.1), a.0).cmp(&(std::cmp::Reverse(b.1), b.0)));
        c
    }

    /// The additive counts, for a counts folder: `(period, key) → (mentions, docs)` of periods
    /// `0..n_periods` (by period, key), `period → (tokens, docs)`, and `key → name → mentions`
    /// (by key, name).
    #[allow(clippy::type_complexity)]
    pub fn counted(
        &self,
        n_periods: usize,
    ) -> (
        Vec<(usize, &Key, u64, u64)>,
        Vec<(usize, u64, u64)>,
        Vec<(&Key, &String, u64)>,
    ) {
        let mut counts: Vec<(usize, &Key, u64, u64)> = self
            .counts
            .iter()
            .filter(|((p, _), _)| *p < n_periods)
            .map(|(&(p, k), &(m, d))| (p, self.key(k), m, d))
            .collect();
        counts.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let totals = self
            .totals
            .iter()
            .filter(|(p, _)| **p < n_periods)
            .map(|(p, (t, u))| (*p, *t, *u))
            .collect();
        let mut names: Vec<(&Key, &String, u64)> = self
            .names
            .iter()
            .map(|(&(k, n), &c)| (self.key(k), &self.ids.names[n as usize], c))
            .collect();
        names.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        (counts, totals, names)
    }

    /// Adds counted mentions and documents of an entity in a period.
    pub fn add_counted(&mut self, period: usize, key: Key, mentions: u64, docs: u64) {
        let k = self.ids.key(key.0, &key.1);
        let e = self.counts.entry((period, k)).or_default();
        e.0 += mentions;
        e.1 += docs;
    }

    /// Adds a period's counted tokens and documents.
    pub fn add_totals(&mut self, period: usize, tokens: u64, docs: u64) {
        let e = self.totals.entry(period).or_default();
        e.0 += tokens;
        e.1 += docs;
    }

    /// Adds mentions of an entity under a name.
    pub fn add_name(&mut self, key: Key, name: String, mentions: u64) {
        let k = self.ids.key(key.0, &key.1);
        let n = self.ids.name(&name);
        *self.names.entry((k, n)).or_default() += mentions;
    }
}

/// Whether name `a` (mentions, name) is used more than `b`: more mentions, or as many and
/// alphabetically first (the rule for the name an entity is shown by).
fn more_used(a: (u64, &str), b: (u64, &str)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// The sentence of the token at or after byte `at` (0 when there are no tokens).
fn sentence_at(tokens: &dateline_tokenize::Tokens, at: usize) -> u32 {
    let ts = tokens.tokens();
    let i = ts.partition_point(|t| (t.end as usize) <= at);
    ts.get(i).or(ts.last()).map_or(0, |t| t.sentence)
}

/// The sentence around `start..end`, its whitespace collapsed.
fn example_around(text: &str, start: usize, end: usize) -> String {
    let lo = text[..start].rfind(['.', '\n']).map_or(0, |i| i + 1);
    let hi = text[end..]
        .find(['.', '\n'])
        .map_or(text.len(), |i| end + i + 1);
    text[lo..hi]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Accumulator for EntityCounts {
    fn add(&mut self, doc: &DocView<'_>) {
        let Some(period) = doc.period else { return };
        let extracted;
        let found: &[dateline_entities::Mention] = match doc.mentions {
            Some(m) => m,
            None => {
                extracted = self.extractor.extract(doc.text);
                &extracted
            }
        };
        let tok = doc.tokens.tokens().iter().filter(|t| !t.stop).count() as u64;
        let sentences = self.sentence_scope.then_some(doc.tokens);
        self.count_found(period, doc.index, doc.doc, found, tok, sentences);
        if self.unmatched {
            for c in self.extractor.candidates(doc.text) {
                let e = self
                    .candidates
                    .entry(c.text.clone())
                    .or_insert_with(|| (0, example_around(doc.text, c.start, c.end)));
                e.0 += 1;
            }
        }
    }

    /// With the mentions stored in the index, in documents as units, without unmatched
    /// candidates: only the number of non-stop tokens is needed, and it is counted from the
    /// forms (no tokens rebuilt, no text read).
    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        match (doc.period, doc.mentions) {
            (Some(period), Some(found)) if !self.sentence_scope && !self.unmatched => {
                let tok = doc.kept_tokens();
                self.count_found(period, doc.index, doc.doc, found, tok, None);
            }
            _ => {
                let view = doc.view();
                self.add(&view);
            }
        }
    }

    fn merge(&mut self, other: Self) {
        self.mentions.extend(other.mentions);
        // The other shard's entity and name ids, in this shard's numbering.
        let keys: Vec<u32> = other
            .ids
            .keys
            .iter()
            .map(|(kind, id)| self.ids.key(kind, id))
            .collect();
        let names: Vec<u32> = other.ids.names.iter().map(|n| self.ids.name(n)).collect();
        for ((p, k), v) in other.counts {
            let e = self.counts.entry((p, keys[k as usize])).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
        for ((k, n), c) in other.names {
            *self
                .names
                .entry((keys[k as usize], names[n as usize]))
                .or_default() += c;
        }
        for (k, v) in other.totals {
            let e = self.totals.entry(k).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
        for ((p, k), v) in other.unit_counts {
            *self.unit_counts.entry((p, keys[k as usize])).or_default() += v;
        }
        // Pairs keep key order (a before b), which numbering does not change.
        for ((p, a, b), v) in other.pairs {
            *self
                .pairs
                .entry((p, keys[a as usize], keys[b as usize]))
                .or_default() += v;
        }
        for (k, v) in other.candidates {
            let e = self.candidates.entry(k).or_insert((0, v.1.clone()));
            e.0 += v.0;
            // keep the smallest example so the result does not depend on merge order
            if v.1 < e.1 {
                e.1 = v.1;
            }
        }
    }
}

impl EntityCounts {
    /// Counts one document's mentions `found` in `period`, with its `tok` non-stop tokens;
    /// `sentences`: its tokens, given with sentence scope only (then co-mentions are counted
    /// per sentence).
    fn count_found(
        &mut self,
        period: usize,
        index: usize,
        doc: &Document,
        found: &[dateline_entities::Mention],
        tok: u64,
        sentences: Option<&Tokens>,
    ) {
        let tot = self.totals.entry(period).or_default();
        tot.0 += tok;
        tot.1 += match sentences {
            Some(t) => t.tokens().last().map_or(0, |t| t.sentence as u64 + 1),
            None => 1,
        };
        let mut in_doc: Vec<u32> = Vec::with_capacity(found.len());
        let mut by_sentence: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for m in found {
            let key = self.ids.key(m.kind.as_str(), &m.entity_id);
            let name = self.ids.name(&m.name);
            self.counts.entry((period, key)).or_default().0 += 1;
            *self.names.entry((key, name)).or_default() += 1;
            if let Some(t) = sentences {
                by_sentence
                    .entry(sentence_at(t, m.start))
                    .or_default()
                    .push(key);
            }
            in_doc.push(key);
            if self.keep_mentions {
                self.mentions.push(MentionRow {
                    index,
                    doc_id: doc.doc_id,
                    date: doc.date,
                    kind: m.kind.as_str(),
                    entity_id: m.entity_id.clone(),
                    name: m.name.clone(),
                    surface: m.surface.clone(),
                    start: m.start,
                    end: m.end,
                });
            }
        }
        if !self.co_mentions {
            // Each entity once per document; no key order needed without pairs.
            in_doc.sort_unstable();
            in_doc.dedup();
            for &k in &in_doc {
                self.counts.entry((period, k)).or_default().1 += 1;
            }
            return;
        }
        self.in_key_order(&mut in_doc);
        for &k in &in_doc {
            self.counts.entry((period, k)).or_default().1 += 1;
        }
        if sentences.is_some() {
            let units: Vec<Vec<u32>> = by_sentence
                .into_values()
                .map(|mut u| {
                    self.in_key_order(&mut u);
                    u
                })
                .collect();
            self.add_units(period, &units);
        } else {
            self.add_units(period, &[in_doc]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_co_mentions_the_entity_counts_are_the_same() {
        let extractor = dateline_entities::ExtractorChoice::default()
            .extractor()
            .unwrap();
        let texts = [
            (
                0,
                "Kim Jong Un met Vladimir Putin in Moscow. Putin spoke of Russia and China.",
            ),
            (0, "China and Russia, Putin said."),
            (1, "Xi Jinping visited Pyongyang."),
        ];
        let full = EntityCounts::new(extractor, false, false).keep_mentions(false);
        let mut with = full.empty_like();
        let mut without = full.empty_like().without_co_mentions();
        for (i, (p, text)) in texts.iter().enumerate() {
            let doc = Document {
                body: (*text).to_string(),
                ..Document::default()
            };
            let found = with.extractor.extract(text);
            for c in [&mut with, &mut without] {
                c.count_found(*p, i, &doc, &found, 10, None);
            }
        }
        // By hand: Putin is mentioned 3 times in 2 documents of period 0, Russia twice in 2.
        let rows = with.count_rows(2, &[]);
        assert_eq!(rows, without.count_rows(2, &[]));
        let putin: Vec<_> = rows
            .iter()
            .filter(|r| r.name.contains("Putin"))
            .map(|r| (r.period, r.mentions, r.docs))
            .collect();
        assert_eq!(putin, [(0, 3, 2)]);
        assert!(!with.co_mention_rows(2).is_empty());
        assert!(without.co_mention_rows(2).is_empty());
        // A new shard keeps the choice.
        assert!(!without.empty_like().co_mentions && with.empty_like().co_mentions);
    }
}
