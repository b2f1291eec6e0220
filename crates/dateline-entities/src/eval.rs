//! Scoring entity counts against hand-labelled gold counts.
//!
//! The gold set (`tests/entities/` in the repository) gives, for each labelled article, how often
//! each person and country is mentioned (see `docs/ENTITIES.md`). [`load_labels`] reads it;
//! [`evaluate`] compares predicted counts with it. Per article and entity,
//! `TP = min(predicted, gold)`, `FP = predicted − TP`, `FN = gold − TP`; these are summed over all
//! articles and entities of a type (micro average) into [`Scores`].
//!
//! Everything here is pure: no corpus is read. The corpus-reading evaluation lives in
//! `tests/it/eval_corpus.rs`.
//!
//! ```
//! use std::collections::BTreeMap;
//! use dateline_entities::eval::{evaluate, Counts, Gold};
//!
//! let mut gold_counts = Counts::new();
//! gold_counts.insert(("country".into(), "PRK".into()), 3);
//! let gold = Gold::from_counts(BTreeMap::from([("a1".to_string(), gold_counts)]));
//!
//! let mut predicted_counts = Counts::new();
//! predicted_counts.insert(("country".into(), "PRK".into()), 2);
//! predicted_counts.insert(("country".into(), "KOR".into()), 1);
//! let predicted = BTreeMap::from([("a1".to_string(), predicted_counts)]);
//!
//! let eval = evaluate(&gold, &predicted);
//! let country = &eval.by_type["country"];
//! assert_eq!((country.tp, country.fp, country.fn_), (2, 1, 1));
//! assert!((country.f1 - 2.0 / 3.0).abs() < 1e-12);
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// `(type, entity_id)`: `("person", "kim-jong-un")`, `("country", "PRK")`.
pub type EntityKey = (String, String);

/// Mention counts of one article, by entity.
pub type Counts = BTreeMap<EntityKey, u64>;

/// The entity types of the gold set, always reported by [`evaluate`].
pub const ENTITY_TYPES: [&str; 2] = ["person", "country"];

/// Why the gold files could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be opened or its header read.
    #[error("cannot read `{path}`")]
    Open {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// A row that does not parse (missing column, count not a non-negative integer, ...).
    #[error("`{path}`:{line}: bad row")]
    Row {
        /// The file.
        path: PathBuf,
        /// 1-based line where the row starts.
        line: u64,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// A required field is empty.
    #[error("`{path}`:{line}: empty `{field}`")]
    EmptyField {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The column name.
        field: &'static str,
    },
    /// An entity type other than `person` or `country`.
    #[error("`{path}`:{line}: unknown entity type `{value}`, expected `person` or `country`")]
    UnknownType {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The type found.
        value: String,
    },
    /// A label with count 0 (absent entities have no row).
    #[error("`{path}`:{line}: count of `{entity_id}` in `{article}` is 0")]
    ZeroCount {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The article id.
        article: String,
        /// The entity id.
        entity_id: String,
    },
    /// The same article id twice in the articles file.
    #[error("`{path}`:{line}: article `{article}` listed twice")]
    DuplicateArticle {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The article id.
        article: String,
    },
    /// A label for an article the articles file does not list.
    #[error("`{path}`:{line}: article `{article}` is not in the articles file")]
    UnknownArticle {
        /// The labels file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The article id.
        article: String,
    },
    /// A label whose corpus, file or record differ from the articles file.
    #[error(
        "`{path}`:{line}: corpus, file or record of `{article}` differ from the articles file"
    )]
    MismatchedSource {
        /// The labels file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The article id.
        article: String,
    },
    /// The same (article, type, entity) twice in the labels file.
    #[error("`{path}`:{line}: `{entity_type}` `{entity_id}` labelled twice in `{article}`")]
    DuplicateLabel {
        /// The labels file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The article id.
        article: String,
        /// `person` or `country`.
        entity_type: String,
        /// The entity id.
        entity_id: String,
    },
}

/// Where a labelled article comes from (one row of `articles.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ArticleRef {
    /// Short id, e.g. `cojp-2003-01-05-2`.
    pub article: String,
    /// Corpus folder under `corpora/`.
    pub corpus: String,
    /// File relative to the corpus folder.
    pub file: String,
    /// 0-based index of the article within the file.
    pub record: u64,
    /// The article's title.
    pub title: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    /// Hard cases met while labelling.
    #[serde(default)]
    pub notes: String,
    /// The labelling round the article belongs to (`h1`: the first 42 articles, `h2`: the
    /// foreign-names round of issue 18), so that a later round can be scored apart as held-out
    /// data. Empty when the articles file has no `set` column.
    #[serde(default)]
    pub set: String,
}

/// Gold mention counts: per article, `(type, entity_id) -> count`.
///
/// Every labelled article is present, also those without any entity (empty [`Counts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gold {
    counts: BTreeMap<String, Counts>,
    articles: Vec<ArticleRef>,
    names: BTreeMap<EntityKey, String>,
}

impl Gold {
    /// Gold counts without article sources or names (for tests and ad-hoc sets).
    pub fn from_counts(counts: BTreeMap<String, Counts>) -> Self {
        Self {
            counts,
            articles: Vec::new(),
            names: BTreeMap::new(),
        }
    }

    /// The articles for which `keep` is true, with their counts and the names of their entities
    /// (to score one corpus or one labelling round apart).
    #[must_use]
    pub fn filter(&self, keep: impl Fn(&ArticleRef) -> bool) -> Gold {
        let articles: Vec<ArticleRef> = self.articles.iter().filter(|a| keep(a)).cloned().collect();
        let counts: BTreeMap<String, Counts> = articles
            .iter()
            .filter_map(|a| Some((a.article.clone(), self.counts.get(&a.article)?.clone())))
            .collect();
        let names = self
            .names
            .iter()
            .filter(|(k, _)| counts.values().any(|c| c.contains_key(*k)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Gold {
            counts,
            articles,
            names,
        }
    }

    /// The counts of one article, `None` if it is not labelled.
    pub fn get(&self, article: &str) -> Option<&Counts> {
        self.counts.get(article)
    }

    /// All labelled articles with their counts, ordered by article id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Counts)> {
        self.counts.iter().map(|(a, c)| (a.as_str(), c))
    }

    /// Number of labelled articles.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// No labelled article.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The articles as listed in `articles.csv` (empty when built with [`Gold::from_counts`]).
    pub fn articles(&self) -> &[ArticleRef] {
        &self.articles
    }

    /// The canonical name given to an entity in the labels, if any.
    pub fn name(&self, entity_type: &str, entity_id: &str) -> Option<&str> {
        self.names
            .get(&(entity_type.to_string(), entity_id.to_string()))
            .map(String::as_str)
    }

    /// Total gold mentions of a type.
    pub fn total(&self, entity_type: &str) -> u64 {
        self.counts
            .values()
            .flat_map(|c| c.iter())
            .filter(|((t, _), _)| t == entity_type)
            .map(|(_, n)| n)
            .sum()
    }
}

#[derive(Debug, Deserialize)]
struct LabelRow {
    article: String,
    corpus: String,
    file: String,
    record: u64,
    #[serde(rename = "type")]
    entity_type: String,
    entity_id: String,
    name: String,
    count: u64,
}

fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}

fn read_rows<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<(u64, T)>, EvalError> {
    let mut reader = csv::Reader::from_path(path).map_err(|source| EvalError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let headers = reader
        .headers()
        .map_err(|source| EvalError::Open {
            path: path.to_path_buf(),
            source,
        })?
        .clone();
    let mut rows = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|source| EvalError::Row {
            path: path.to_path_buf(),
            line: source.position().map_or(0, csv::Position::line),
            source,
        })?;
        let line = line_of(&record);
        let row = record
            .deserialize(Some(&headers))
            .map_err(|source| EvalError::Row {
                path: path.to_path_buf(),
                line,
                source,
            })?;
        rows.push((line, row));
    }
    Ok(rows)
}

/// Reads the gold set: `articles_csv` lists every labelled article
/// (`article,corpus,file,record,title,date,notes[,set]`; without a `set` column every article's
/// [`ArticleRef::set`] is empty), `labels_csv` has one row per article and entity
/// (`article,corpus,file,record,type,entity_id,name,count`).
///
/// Rejects unknown types, zero counts, duplicate articles or labels, labels of unlisted articles
/// and labels whose corpus/file/record disagree with the articles file; each error names the file
/// and line.
pub fn load_labels(labels_csv: &Path, articles_csv: &Path) -> Result<Gold, EvalError> {
    let mut gold = Gold::default();
    for (line, article) in read_rows::<ArticleRef>(articles_csv)? {
        if article.article.trim().is_empty() {
            return Err(EvalError::EmptyField {
                path: articles_csv.to_path_buf(),
                line,
                field: "article",
            });
        }
        if gold.counts.contains_key(&article.article) {
            return Err(EvalError::DuplicateArticle {
                path: articles_csv.to_path_buf(),
                line,
                article: article.article,
            });
        }
        gold.counts.insert(article.article.clone(), Counts::new());
        gold.articles.push(article);
    }
    let sources: BTreeMap<String, (String, String, u64)> = gold
        .articles
        .iter()
        .map(|a| {
            (
                a.article.clone(),
                (a.corpus.clone(), a.file.clone(), a.record),
            )
        })
        .collect();

    for (line, row) in read_rows::<LabelRow>(labels_csv)? {
        let path = || labels_csv.to_path_buf();
        if row.entity_id.trim().is_empty() {
            return Err(EvalError::EmptyField {
                path: path(),
                line,
                field: "entity_id",
            });
        }
        if !ENTITY_TYPES.contains(&row.entity_type.as_str()) {
            return Err(EvalError::UnknownType {
                path: path(),
                line,
                value: row.entity_type,
            });
        }
        if row.count == 0 {
            return Err(EvalError::ZeroCount {
                path: path(),
                line,
                article: row.article,
                entity_id: row.entity_id,
            });
        }
        let Some(source) = sources.get(&row.article) else {
            return Err(EvalError::UnknownArticle {
                path: path(),
                line,
                article: row.article,
            });
        };
        if *source != (row.corpus.clone(), row.file.clone(), row.record) {
            return Err(EvalError::MismatchedSource {
                path: path(),
                line,
                article: row.article,
            });
        }
        let key = (row.entity_type, row.entity_id);
        let counts = gold.counts.entry(row.article.clone()).or_default();
        if counts.contains_key(&key) {
            return Err(EvalError::DuplicateLabel {
                path: path(),
                line,
                article: row.article,
                entity_type: key.0,
                entity_id: key.1,
            });
        }
        counts.insert(key.clone(), row.count);
        gold.names.entry(key).or_insert(row.name);
    }
    Ok(gold)
}

/// Micro-averaged scores of one entity type.
///
/// With no prediction at all `precision` is 1 (nothing wrong was claimed), with no gold mention
/// `recall` is 1; `f1` is 0 when both precision and recall are 0.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Mentions both predicted and in the gold set.
    pub tp: u64,
    /// Predicted mentions beyond the gold count.
    pub fp: u64,
    /// Gold mentions not predicted.
    pub fn_: u64,
    /// `tp / (tp + fp)`.
    pub precision: f64,
    /// `tp / (tp + fn)`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Scores {
    /// Scores from the three counts.
    pub fn from_counts(tp: u64, fp: u64, fn_: u64) -> Self {
        let ratio = |num: u64, den: u64| {
            if den == 0 {
                1.0
            } else {
                num as f64 / den as f64
            }
        };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Self {
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }
}

/// One (article, entity) where the predicted count differs from the gold count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// The article id.
    pub article: String,
    /// `person` or `country`.
    pub entity_type: String,
    /// The entity id.
    pub entity_id: String,
    /// Gold count (0: not in the gold set).
    pub gold: u64,
    /// Predicted count (0: not predicted).
    pub predicted: u64,
}

impl Disagreement {
    /// `predicted − gold`: positive for over-counting, negative for missed mentions.
    pub fn delta(&self) -> i64 {
        self.predicted as i64 - self.gold as i64
    }
}

/// Errors summed over articles for one entity (for error analysis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityErrors {
    /// `person` or `country`.
    pub entity_type: String,
    /// The entity id.
    pub entity_id: String,
    /// False positives over all articles.
    pub fp: u64,
    /// False negatives over all articles.
    pub fn_: u64,
    /// Articles where the counts differ.
    pub articles: usize,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    /// Scores per entity type; always has `person` and `country`.
    pub by_type: BTreeMap<String, Scores>,
    /// Every (article, entity) whose counts differ, largest `|delta|` first, then by article and
    /// entity.
    pub disagreements: Vec<Disagreement>,
    /// Predicted articles that are not in the gold set (ignored in the scores).
    pub unlabelled_articles: Vec<String>,
}

impl Evaluation {
    /// Scores over all types together.
    pub fn overall(&self) -> Scores {
        let (tp, fp, fn_) = self.by_type.values().fold((0, 0, 0), |(tp, fp, fn_), s| {
            (tp + s.tp, fp + s.fp, fn_ + s.fn_)
        });
        Scores::from_counts(tp, fp, fn_)
    }

    /// Disagreements summed per entity, largest `fp + fn` first.
    pub fn errors_by_entity(&self) -> Vec<EntityErrors> {
        let mut sums: BTreeMap<(&str, &str), EntityErrors> = BTreeMap::new();
        for d in &self.disagreements {
            let e = sums
                .entry((&d.entity_type, &d.entity_id))
                .or_insert_with(|| EntityErrors {
                    entity_type: d.entity_type.clone(),
                    entity_id: d.entity_id.clone(),
                    fp: 0,
                    fn_: 0,
                    articles: 0,
                });
            e.fp += d.predicted.saturating_sub(d.gold);
            e.fn_ += d.gold.saturating_sub(d.predicted);
            e.articles += 1;
        }
        let mut out: Vec<EntityErrors> = sums.into_values().collect();
        out.sort_by(|a, b| {
            (b.fp + b.fn_)
                .cmp(&(a.fp + a.fn_))
                .then_with(|| a.entity_type.cmp(&b.entity_type))
                .then_with(|| a.entity_id.cmp(&b.entity_id))
        });
        out
    }
}

/// Compares predicted counts with the gold counts.
///
/// A gold article missing from `predicted` counts as predicting nothing; predicted articles that
/// are not in the gold set are listed in [`Evaluation::unlabelled_articles`] and not scored.
pub fn evaluate(gold: &Gold, predicted: &BTreeMap<String, Counts>) -> Evaluation {
    let empty = Counts::new();
    let mut sums: BTreeMap<String, (u64, u64, u64)> = ENTITY_TYPES
        .iter()
        .map(|t| ((*t).to_string(), (0, 0, 0)))
        .collect();
    let mut disagreements = Vec::new();
    for (article, gold_counts) in gold.iter() {
        let pred_counts = predicted.get(article).unwrap_or(&empty);
        let keys: BTreeSet<&EntityKey> = gold_counts.keys().chain(pred_counts.keys()).collect();
        for key in keys {
            let g = gold_counts.get(key).copied().unwrap_or(0);
            let p = pred_counts.get(key).copied().unwrap_or(0);
            let tp = g.min(p);
            let sum = sums.entry(key.0.clone()).or_default();
            sum.0 += tp;
            sum.1 += p - tp;
            sum.2 += g - tp;
            if g != p {
                disagreements.push(Disagreement {
                    article: article.to_string(),
                    entity_type: key.0.clone(),
                    entity_id: key.1.clone(),
                    gold: g,
                    predicted: p,
                });
            }
        }
    }
    disagreements.sort_by(|a, b| {
        b.delta()
            .unsigned_abs()
            .cmp(&a.delta().unsigned_abs())
            .then_with(|| a.article.cmp(&b.article))
            .then_with(|| a.entity_type.cmp(&b.entity_type))
            .then_with(|| a.entity_id.cmp(&b.entity_id))
    });
    let unlabelled_articles = predicted
        .keys()
        .filter(|a| gold.get(a).is_none())
        .cloned()
        .collect();
    Evaluation {
        by_type: sums
            .into_iter()
            .map(|(t, (tp, fp, fn_))| (t, Scores::from_counts(tp, fp, fn_)))
            .collect(),
        disagreements,
        unlabelled_articles,
    }
}

/// Tallies `(type, entity_id)` pairs (one per mention) into [`Counts`].
pub fn tally<I, T, E>(mentions: I) -> Counts
where
    I: IntoIterator<Item = (T, E)>,
    T: Into<String>,
    E: Into<String>,
{
    let mut counts = Counts::new();
    for (t, e) in mentions {
        *counts.entry((t.into(), e.into())).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(t: &str, e: &str) -> EntityKey {
        (t.to_string(), e.to_string())
    }

    fn counts(items: &[(&str, &str, u64)]) -> Counts {
        items.iter().map(|&(t, e, n)| (key(t, e), n)).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn scores_from_counts_table() {
        // (tp, fp, fn, precision, recall, f1), computed by hand.
        let cases = [
            (8, 2, 2, 0.8, 0.8, 0.8),
            (3, 1, 0, 0.75, 1.0, 6.0 / 7.0),
            (1, 0, 3, 1.0, 0.25, 0.4),
            (0, 0, 0, 1.0, 1.0, 1.0),
            (0, 5, 0, 0.0, 1.0, 0.0),
            (0, 0, 4, 1.0, 0.0, 0.0),
            (0, 2, 3, 0.0, 0.0, 0.0),
        ];
        for (tp, fp, fn_, p, r, f) in cases {
            let s = Scores::from_counts(tp, fp, fn_);
            assert!(
                close(s.precision, p),
                "{tp} {fp} {fn_}: precision {}",
                s.precision
            );
            assert!(close(s.recall, r), "{tp} {fp} {fn_}: recall {}", s.recall);
            assert!(close(s.f1, f), "{tp} {fp} {fn_}: f1 {}", s.f1);
        }
    }

    #[test]
    fn evaluate_two_articles_by_hand() {
        let gold = Gold::from_counts(BTreeMap::from([
            (
                "a1".to_string(),
                counts(&[
                    ("person", "kim-jong-un", 4),
                    ("country", "PRK", 3),
                    ("country", "RUS", 2),
                ]),
            ),
            (
                "a2".to_string(),
                counts(&[("person", "vladimir-putin", 1), ("country", "USA", 5)]),
            ),
            ("a3".to_string(), Counts::new()),
        ]));
        let predicted = BTreeMap::from([
            (
                "a1".to_string(),
                counts(&[
                    ("person", "kim-jong-un", 3),
                    ("person", "jong-un", 1),
                    ("country", "PRK", 5),
                    ("country", "RUS", 2),
                ]),
            ),
            (
                "a2".to_string(),
                counts(&[("person", "vladimir-putin", 1), ("country", "USA", 4)]),
            ),
            ("a3".to_string(), counts(&[("country", "KOR", 1)])),
            ("zz".to_string(), counts(&[("country", "JPN", 7)])),
        ]);
        let e = evaluate(&gold, &predicted);
        // person: kim-jong-un tp3 fn1; jong-un fp1; putin tp1  -> tp4 fp1 fn1
        let p = e.by_type["person"];
        assert_eq!((p.tp, p.fp, p.fn_), (4, 1, 1));
        assert!(close(p.precision, 0.8) && close(p.recall, 0.8) && close(p.f1, 0.8));
        // country: PRK tp3 fp2; RUS tp2; USA tp4 fn1; KOR fp1 -> tp9 fp3 fn1
        let c = e.by_type["country"];
        assert_eq!((c.tp, c.fp, c.fn_), (9, 3, 1));
        assert!(close(c.precision, 0.75));
        assert!(close(c.recall, 0.9));
        assert!(close(c.f1, 2.0 * 0.75 * 0.9 / 1.65));
        let all = e.overall();
        assert_eq!((all.tp, all.fp, all.fn_), (13, 4, 2));
        assert_eq!(e.unlabelled_articles, vec!["zz".to_string()]);

        let got: Vec<(&str, &str, u64, u64)> = e
            .disagreements
            .iter()
            .map(|d| {
                (
                    d.article.as_str(),
                    d.entity_id.as_str(),
                    d.gold,
                    d.predicted,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("a1", "PRK", 3, 5),
                ("a1", "jong-un", 0, 1),
                ("a1", "kim-jong-un", 4, 3),
                ("a2", "USA", 5, 4),
                ("a3", "KOR", 0, 1),
            ]
        );
        assert_eq!(e.disagreements[0].delta(), 2);
        assert_eq!(e.disagreements[2].delta(), -1);

        let by_entity = e.errors_by_entity();
        assert_eq!(by_entity[0].entity_id, "PRK");
        assert_eq!((by_entity[0].fp, by_entity[0].fn_), (2, 0));
        assert_eq!(by_entity.len(), 5);
    }

    #[test]
    fn missing_prediction_is_all_false_negatives() {
        let gold = Gold::from_counts(BTreeMap::from([(
            "a".to_string(),
            counts(&[("country", "CHN", 2), ("person", "xi-jinping", 1)]),
        )]));
        let e = evaluate(&gold, &BTreeMap::new());
        assert_eq!(e.by_type["country"], Scores::from_counts(0, 0, 2));
        assert_eq!(e.by_type["person"], Scores::from_counts(0, 0, 1));
        assert_eq!(e.by_type["person"].precision, 1.0);
        assert_eq!(e.by_type["person"].f1, 0.0);
        assert_eq!(e.disagreements.len(), 2);
    }

    #[test]
    fn invariants_on_a_grid_of_counts() {
        // For every gold/predicted pair in 0..4 over two entities: tp + fn = gold total,
        // tp + fp = predicted total, and gold against itself is perfect.
        for g1 in 0..4u64 {
            for g2 in 0..4u64 {
                for p1 in 0..4u64 {
                    for p2 in 0..4u64 {
                        let g = counts(&[("country", "PRK", g1), ("country", "USA", g2)]);
                        let p = counts(&[("country", "PRK", p1), ("country", "USA", p2)]);
                        let gold = Gold::from_counts(BTreeMap::from([("a".to_string(), g)]));
                        let pred = BTreeMap::from([("a".to_string(), p)]);
                        let s = evaluate(&gold, &pred).by_type["country"];
                        assert_eq!(s.tp + s.fn_, g1 + g2);
                        assert_eq!(s.tp + s.fp, p1 + p2);
                        assert_eq!(s.tp, g1.min(p1) + g2.min(p2));
                        let gold_as_pred: BTreeMap<String, Counts> = gold
                            .iter()
                            .map(|(a, c)| (a.to_string(), c.clone()))
                            .collect();
                        let perfect = evaluate(&gold, &gold_as_pred);
                        assert!(perfect.disagreements.is_empty());
                        assert_eq!(perfect.by_type["country"].f1, 1.0);
                    }
                }
            }
        }
    }

    #[test]
    fn tally_counts_pairs() {
        let c = tally([
            ("country", "PRK"),
            ("person", "kim-jong-un"),
            ("country", "PRK"),
        ]);
        assert_eq!(
            c,
            counts(&[("country", "PRK", 2), ("person", "kim-jong-un", 1)])
        );
    }

    #[test]
    fn committed_gold_set_loads() {
        // Totals computed independently (Python csv) from tests/entities/labels.csv.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/entities");
        let gold = load_labels(&dir.join("labels.csv"), &dir.join("articles.csv")).unwrap();
        assert_eq!(gold.len(), 87);
        assert_eq!(gold.articles().len(), 87);
        assert_eq!(gold.total("person"), 463);
        assert_eq!(gold.total("country"), 784);
        assert_eq!(gold.name("country", "SUN"), Some("Soviet Union"));
        assert_eq!(
            gold.get("stiles-1052")
                .and_then(|c| c.get(&key("person", "sergei-shoigu"))),
            Some(&7)
        );
        // The two labelling rounds: the first 42 articles and the 45 of issue 18.
        let h1 = gold.filter(|a| a.set == "h1");
        assert_eq!(
            (h1.len(), h1.total("person"), h1.total("country")),
            (42, 232, 397)
        );
        let h2 = gold.filter(|a| a.set == "h2");
        assert_eq!(
            (h2.len(), h2.total("person"), h2.total("country")),
            (45, 231, 387)
        );
        assert_eq!(
            h2.get("stiles-1585")
                .and_then(|c| c.get(&key("person", "vladimir-putin"))),
            Some(&4)
        );
        assert_eq!(h2.name("country", "SUN"), None);
        let stiles = gold.filter(|a| a.corpus == "stiles-kcna-kp-2024");
        assert_eq!(stiles.len(), 8 + 29);
    }

    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            let dir =
                std::env::temp_dir().join(format!("dateline-eval-{}-{name}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }

        fn write(&self, file: &str, text: &str) -> PathBuf {
            let path = self.0.join(file);
            std::fs::write(&path, text).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const ARTICLES: &str = "article,corpus,file,record,title,date,notes\n\
        a1,c,f.json,0,\"Kim, Putin\",2024-01-01,\"quoted, note\"\n\
        a2,c,f.json,1,Nothing here,2024-01-02,\n";

    #[test]
    fn load_labels_reads_both_files() {
        let dir = TempDir::new("ok");
        let articles = dir.write("articles.csv", ARTICLES);
        let labels = dir.write(
            "labels.csv",
            "article,corpus,file,record,type,entity_id,name,count\n\
             a1,c,f.json,0,person,vladimir-putin,Vladimir Putin,3\n\
             a1,c,f.json,0,country,RUS,Russia,2\n",
        );
        let gold = load_labels(&labels, &articles).unwrap();
        assert_eq!(gold.len(), 2);
        assert_eq!(
            gold.get("a1"),
            Some(&counts(&[
                ("person", "vladimir-putin", 3),
                ("country", "RUS", 2)
            ]))
        );
        assert_eq!(gold.get("a2"), Some(&Counts::new()));
        assert_eq!(gold.articles()[0].title, "Kim, Putin");
        assert_eq!(gold.articles()[1].record, 1);
        // No `set` column: every set is empty.
        assert_eq!(gold.articles()[0].set, "");
        assert_eq!(gold.name("country", "RUS"), Some("Russia"));
        assert_eq!(gold.total("person"), 3);
        assert_eq!(gold.total("country"), 2);
    }

    #[test]
    fn load_labels_reads_the_set_column() {
        let dir = TempDir::new("set");
        let articles = dir.write(
            "articles.csv",
            "article,corpus,file,record,title,date,notes,set\n\
             a1,c,f.json,0,One,2024-01-01,,h1\n\
             a2,c,f.json,1,Two,2024-01-02,note,h2\n\
             a3,d,g.json,0,Three,2024-01-03,,h2\n",
        );
        let labels = dir.write(
            "labels.csv",
            "article,corpus,file,record,type,entity_id,name,count\n\
             a1,c,f.json,0,country,RUS,Russia,2\n\
             a2,c,f.json,1,country,RUS,Russia,1\n\
             a2,c,f.json,1,person,wang-yi,Wang Yi,3\n\
             a3,d,g.json,0,country,CHN,China,4\n",
        );
        let gold = load_labels(&labels, &articles).unwrap();
        let sets: Vec<&str> = gold.articles().iter().map(|a| a.set.as_str()).collect();
        assert_eq!(sets, ["h1", "h2", "h2"]);
        let h2 = gold.filter(|a| a.set == "h2");
        assert_eq!(h2.len(), 2);
        assert_eq!((h2.total("country"), h2.total("person")), (5, 3));
        assert_eq!(h2.name("person", "wang-yi"), Some("Wang Yi"));
        assert_eq!(h2.name("country", "RUS"), Some("Russia"));
        let h2_c = h2.filter(|a| a.corpus == "c");
        assert_eq!(h2_c.len(), 1);
        assert_eq!(h2_c.name("country", "CHN"), None);
        assert_eq!(h2_c.articles()[0].article, "a2");
    }

    #[test]
    fn load_labels_rejects_bad_rows_with_line() {
        let dir = TempDir::new("bad");
        let articles = dir.write("articles.csv", ARTICLES);
        let header = "article,corpus,file,record,type,entity_id,name,count\n";
        let ok = "a1,c,f.json,0,country,RUS,Russia,2\n";
        let cases: [(&str, &str); 7] = [
            (
                "a1,c,f.json,0,place,RUS,Russia,2\n",
                "unknown entity type `place`",
            ),
            ("a1,c,f.json,0,country,RUS,Russia,0\n", "is 0"),
            ("a1,c,f.json,0,country,RUS,Russia,-1\n", "bad row"),
            (
                "a9,c,f.json,0,country,RUS,Russia,1\n",
                "article `a9` is not in",
            ),
            (
                "a1,c,f.json,5,country,RUS,Russia,1\n",
                "differ from the articles file",
            ),
            ("a1,c,f.json,0,country,RUS,Russia,1\n", "labelled twice"),
            ("a1,c,f.json,0,country,,Russia,1\n", "empty `entity_id`"),
        ];
        for (row, expected) in cases {
            let labels = dir.write("labels.csv", &format!("{header}{ok}{row}"));
            let err = load_labels(&labels, &articles).unwrap_err().to_string();
            assert!(err.contains(expected), "{row}: {err}");
            assert!(err.contains("labels.csv`:3:"), "{row}: {err}");
        }
        let dup = dir.write(
            "dup.csv",
            &format!("{ARTICLES}a1,c,g.json,0,t,2024-01-03,\n"),
        );
        let labels = dir.write("labels.csv", header);
        let err = load_labels(&labels, &dup).unwrap_err().to_string();
        assert!(
            err.contains("dup.csv`:4: article `a1` listed twice"),
            "{err}"
        );
        let missing = dir.0.join("missing.csv");
        let err = load_labels(&missing, &articles).unwrap_err().to_string();
        assert!(err.starts_with("cannot read `"), "{err}");
    }
}
