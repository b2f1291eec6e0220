//! Counts folders (`dateline count`, `dateline merge`): additive term and entity counts as
//! tables, with `counts.json` saying what they hold.
//!
//! A counts folder holds the datasets `terms/` and `cells/` (partitioned by period), with
//! `dateline count --entities` also `entities/`, `entity_cells/` and `entity_names.parquet`,
//! and `counts.json` ([`CountsMeta`]), written last, with the fingerprints of the tables.
//! Every table is additive: `merge` sums folders of one plan ([`CountsMeta::compatible`]).
//! The layout is in `docs/scale.md`.
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use dateline_analytics::entities::{entity_type, EntityCounts, Key};
use dateline_analytics::terms::{CellTotals, CountsTable, TermCount, TermOptions};
use dateline_core::{Period, PeriodIndex};
use serde::{Deserialize, Serialize};

use crate::{Table, TablesError, Values};

fn rules_before_recorded() -> u32 {
    1
}

/// `counts.json`: what a counts folder holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CountsMeta {
    /// Always `dateline`.
    pub tool: String,
    /// Tool version.
    pub version: String,
    /// The tokenization pipeline.
    pub pipeline: serde_json::Value,
    /// The token rules' version (`dateline_tokenize::RULES_VERSION`; 1 in folders written
    /// before it was recorded).
    #[serde(default = "rules_before_recorded")]
    pub token_rules: u32,
    /// What was counted.
    pub options: TermOptions,
    /// Period length.
    pub by: String,
    /// Language filter.
    pub lang: Option<String>,
    /// The periods the counts refer to.
    pub periods: Vec<Period>,
    /// The shards summed here (`1/4`, …), sorted.
    pub shards: Vec<String>,
    /// Documents counted.
    pub docs: u64,
    /// The entity counts (`--entities`): the gazetteers' fingerprint and the extractor options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<EntitiesMeta>,
    /// The corpus counted (`None` in folders of an earlier version).
    #[serde(default)]
    pub corpus: Option<CorpusId>,
    /// The `--from`/`--to` of the count (open ends: `null`).
    #[serde(default)]
    pub range: dateline_core::DateRange,
    /// The earliest and latest dates of the corpus within `range` (every language, every
    /// shard): the dates the periods were made from.
    #[serde(default)]
    pub dates: Option<CountedDates>,
    /// True when the folder holds only some shards of its plan (`merge --partial`).
    #[serde(default)]
    pub partial: bool,
    /// Fingerprints of the folder's tables (`terms`, `cells`, …: files, bytes, XXH3 over their
    /// files), set by [`write_counts`] once they are in place; `counts.json` is written last
    /// and the folder is checked against them when it is read ([`check_counts_files`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, FolderFingerprint>,
}

/// What `counts.json` records of the entity counts: enough to refuse merging counts made with
/// different gazetteers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EntitiesMeta {
    /// XXH3-64 (16 hex digits) of the gazetteers (built-in lists and the `--people` /
    /// `--countries` files) and the extractor options
    /// ([`dateline_entities::ExtractorChoice::fingerprint`]).
    pub gazetteer: String,
    /// The person-name finder was on.
    pub name_finder: bool,
    /// Demonyms counted as country mentions.
    pub demonyms: bool,
}

impl EntitiesMeta {
    /// The record of an extractor choice.
    pub fn new(
        choice: &dateline_entities::ExtractorChoice<'_>,
    ) -> Result<Self, dateline_entities::ListFileError> {
        Ok(EntitiesMeta {
            gazetteer: choice.fingerprint()?,
            name_finder: choice.name_finder,
            demonyms: choice.demonyms,
        })
    }
}

/// The corpus a counts folder was counted from: its size and content hash.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CorpusId {
    /// The corpus path as given to `count` (for messages; not compared).
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// XXH3-64 of its contents (16 hex digits).
    pub xxh3: String,
}

/// The earliest and latest dates counted.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct CountedDates {
    /// Earliest.
    pub first: chrono::NaiveDate,
    /// Latest.
    pub last: chrono::NaiveDate,
}

impl CorpusId {
    /// Fingerprints a corpus table.
    pub fn of(path: &Path) -> Self {
        let f = crate::fingerprint_paths(&[path.to_path_buf()]).remove(0);
        CorpusId {
            path: path.to_path_buf(),
            bytes: f.bytes,
            xxh3: f.xxh3,
        }
    }
}

/// Files, bytes and XXH3 of one table of a counts folder (a dataset folder or a file).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FolderFingerprint {
    /// Files below it (1 for a file).
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
    /// XXH3-64 over their relative paths and contents.
    pub xxh3: String,
}

fn fingerprint_of(p: &Path) -> FolderFingerprint {
    let f = crate::fingerprint_paths(&[p.to_path_buf()]).remove(0);
    FolderFingerprint {
        files: f.files,
        bytes: f.bytes,
        xxh3: f.xxh3,
    }
}

/// What can be wrong with a counts folder.
#[derive(Debug, thiserror::Error)]
pub enum CountsFolderError {
    /// No `counts.json` could be read.
    #[error("`{dir}` is not a counts folder (no counts.json)")]
    NotACountsFolder {
        /// The folder.
        dir: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// `counts.json` is not one.
    #[error("bad `{path}`")]
    BadMeta {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A table does not match its fingerprint in `counts.json`.
    #[error("`{table}` does not match `{meta}` (written by another run, or changed since)")]
    Changed {
        /// The table.
        table: PathBuf,
        /// `counts.json`.
        meta: PathBuf,
    },
    /// Two folders that cannot be summed.
    #[error("{0}")]
    Incompatible(String),
    /// A table of the folder holds what a counts table cannot.
    #[error("`{dir}`: {what}")]
    Bad {
        /// The folder.
        dir: PathBuf,
        /// What is wrong.
        what: String,
    },
    /// A table of the folder cannot be read.
    #[error("cannot read the {what} in `{dir}`")]
    Read {
        /// `counts` or `entity counts`.
        what: &'static str,
        /// The folder.
        dir: PathBuf,
        /// The cause.
        #[source]
        source: TablesError,
    },
    /// A `--shard` that is not `K/N`.
    #[error("bad --shard `{shard}`{why}")]
    Shard {
        /// What was given.
        shard: String,
        /// `: …` or nothing.
        why: String,
        /// The number that did not parse.
        #[source]
        source: Option<std::num::ParseIntError>,
    },
    /// Every shard counted was empty: there is nothing to analyse.
    #[error("nothing to analyse: the counts folder `{dir}` holds no document (every shard counted was empty: {shards})")]
    Empty {
        /// The folder.
        dir: PathBuf,
        /// Its shards, `, `-separated.
        shards: String,
    },
    /// The counts do not answer an option exactly (see [`crate::answer::answer`]).
    #[error("the counts folder `{dir}` cannot answer this: {why}")]
    CannotAnswer {
        /// The folder.
        dir: PathBuf,
        /// Why.
        why: String,
    },
    /// The pipeline recorded in `counts.json` cannot be read.
    #[error("bad tokenization pipeline in counts.json")]
    Pipeline(#[source] serde_json::Error),
    /// Writing failed.
    #[error(transparent)]
    Tables(#[from] TablesError),
}

impl CountsFolderError {
    /// What to do about it, when there is something.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            CountsFolderError::Changed { .. } => {
                Some("count again (dateline count / dateline merge) into this folder")
            }
            CountsFolderError::CannotAnswer { .. } => Some(
                "count again with the options you need (dateline count CORPUS …), or analyse the corpus table",
            ),
            _ => None,
        }
    }
}

type Result<T, E = CountsFolderError> = std::result::Result<T, E>;

/// The shard plan of a counts folder: `N` of its `K/N` shards (all alike, checked by
/// `merge`).
fn plan_of(shards: &[String]) -> Option<u64> {
    shards
        .first()
        .and_then(|s| parse_shard(s).ok())
        .map(|(_, n)| n)
}

/// The shards of `1/N … N/N` that `shards` lacks.
pub fn missing_shards(shards: &[String]) -> Vec<String> {
    let Some(n) = plan_of(shards) else {
        return Vec::new();
    };
    (1..=n)
        .map(|k| format!("{k}/{n}"))
        .filter(|s| !shards.contains(s))
        .collect()
}

/// `shard 2/2 is`, `shards 2/4, 4/4 are`.
pub fn missing_text(missing: &[String]) -> String {
    match missing {
        [one] => format!("shard {one} is"),
        many => format!("shards {} are", many.join(", ")),
    }
}

/// Parses `K/N` with `1 ≤ K ≤ N`.
pub fn parse_shard(s: &str) -> Result<(u64, u64)> {
    let bad = |why: &str, source| CountsFolderError::Shard {
        shard: s.to_string(),
        why: why.to_string(),
        source,
    };
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| bad(": expected K/N, e.g. 1/4", None))?;
    let k: u64 = k.trim().parse().map_err(|e| bad("", Some(e)))?;
    let n: u64 = n.trim().parse().map_err(|e| bad("", Some(e)))?;
    if n == 0 || k == 0 || k > n {
        return Err(bad(": K must lie in 1..=N", None));
    }
    Ok((k, n))
}

/// Refuses a counts folder whose tables do not match the fingerprints in its `counts.json`
/// (tables of another run beside it, or changed since). Folders written before fingerprints
/// are read unchecked.
pub fn check_counts_files(dir: &Path, meta: &CountsMeta) -> Result<()> {
    for (name, want) in &meta.files {
        let p = crate::join_name(dir, name)?;
        if &fingerprint_of(&p) != want {
            return Err(CountsFolderError::Changed {
                table: p,
                meta: dir.join("counts.json"),
            });
        }
    }
    Ok(())
}

impl CountsMeta {
    /// Refuses to sum two folders that were not counted alike from one corpus, one plan.
    pub fn compatible(&self, other: &CountsMeta) -> Result<()> {
        let no = |m: String| Err(CountsFolderError::Incompatible(m));
        if self.token_rules != other.token_rules {
            return no(format!(
                "the counts were made under different token rules (versions {} and {}): count every shard with one dateline",
                self.token_rules, other.token_rules
            ));
        }
        match (&self.corpus, &other.corpus) {
            (Some(a), Some(b)) if (a.bytes, &a.xxh3) != (b.bytes, &b.xxh3) => {
                return no(format!(
                    "the counts were made from different corpora (`{}`: {} bytes, xxh3 {}; `{}`: {} bytes, xxh3 {})",
                    a.path.display(),
                    a.bytes,
                    a.xxh3,
                    b.path.display(),
                    b.bytes,
                    b.xxh3
                ))
            }
            (Some(_), Some(_)) => {}
            _ => {
                return no("a counts folder made by an earlier dateline records no corpus fingerprint: count it again".into())
            }
        }
        if plan_of(&self.shards) != plan_of(&other.shards) {
            return no(format!(
                "the shards come from different plans ({} and {}): count every shard with the same --shard K/N",
                self.shards.join(", "),
                other.shards.join(", ")
            ));
        }
        if self.range != other.range || self.dates != other.dates {
            return no("the counts were made with different --from/--to".into());
        }
        if self.pipeline != other.pipeline {
            return no("the counts were made with different tokenization pipelines".into());
        }
        if self.options != other.options {
            return no("the counts were made with different n-gram options".into());
        }
        if self.by != other.by || self.periods != other.periods {
            return no("the counts were made with different periods (use the same --by/--from/--to on the same corpus)".into());
        }
        if self.lang != other.lang {
            return no("the counts were made with different --lang".into());
        }
        match (&self.entities, &other.entities) {
            (Some(a), Some(b)) if a != b => no(format!(
                "the entity counts were made with different gazetteers or entity options (gazetteer {} vs {})",
                a.gazetteer, b.gazetteer
            )),
            (Some(_), None) | (None, Some(_)) => {
                no("only one of the folders holds entity counts (dateline count --entities)".into())
            }
            _ => Ok(()),
        }
    }
}

/// The entity counts of a counts folder as tables.
pub struct EntityTables {
    /// `counts_entities`.
    pub counts: Table,
    /// `counts_entity_cells`.
    pub cells: Table,
    /// `counts_entity_names`.
    pub names: Table,
}

/// The additive entity tables of a counts folder.
pub fn entity_counts_tables(e: &EntityCounts, periods: &PeriodIndex) -> EntityTables {
    let ps = periods.periods();
    let period = |p: usize| (ps[p].start, ps[p].label.clone());
    let (rows, cells, names) = e.counted(ps.len());
    let counts = Table::from_rows("counts_entities", &rows)
        .period(|r| period(r.0))
        .str(|r| r.1 .0.to_string())
        .str(|r| r.1 .1.clone())
        .int(|r| r.2 as i64)
        .int(|r| r.3 as i64)
        .build();
    let cells = Table::from_rows("counts_entity_cells", &cells)
        .period(|r| period(r.0))
        .int(|r| r.2 as i64)
        .int(|r| r.1 as i64)
        .build();
    let names = Table::from_rows("counts_entity_names", &names)
        .str(|r| r.0 .0.to_string())
        .str(|r| r.0 .1.clone())
        .str(|r| r.1.clone())
        .int(|r| r.2 as i64)
        .build();
    EntityTables {
        counts,
        cells,
        names,
    }
}

fn table_strs(t: &Table, name: &str) -> std::result::Result<Vec<Option<String>>, String> {
    Ok(match t.column(name) {
        Some(Values::Str(v)) => v.iter().cloned().map(Some).collect(),
        Some(Values::OptStr(v)) => v.clone(),
        _ if t.rows() == 0 => Vec::new(),
        _ => return Err(format!("table `{}` has no text column `{name}`", t.name)),
    })
}

fn table_ints(t: &Table, name: &str) -> std::result::Result<Vec<i64>, String> {
    match t.column(name) {
        Some(Values::Int(v)) => Ok(v.clone()),
        _ if t.rows() == 0 => Ok(Vec::new()),
        _ => Err(format!("table `{}` has no integer column `{name}`", t.name)),
    }
}

/// Adds the counts of a counts folder's entity tables to `e` (`period_of` maps a period label
/// to its index, `None` to leave the period out; counts of periods that map to one index are
/// summed). An error names what is wrong.
pub fn add_entity_counts_tables(
    e: &mut EntityCounts,
    t: &EntityTables,
    period_of: &dyn Fn(&str) -> std::result::Result<Option<u32>, String>,
) -> std::result::Result<(), String> {
    let kind = |s: &str| entity_type(s).ok_or_else(|| format!("unknown entity type `{s}`"));
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let c = &t.counts;
    let (p, ty, id, m, d) = (
        table_strs(c, "period")?,
        table_strs(c, "type")?,
        table_strs(c, "entity_id")?,
        table_ints(c, "mentions")?,
        table_ints(c, "docs")?,
    );
    for i in 0..c.rows() {
        let key: Key = (kind(&text(&ty[i]))?, text(&id[i]));
        let Some(period) = period_of(&text(&p[i]))? else {
            continue;
        };
        e.add_counted(period as usize, key, m[i] as u64, d[i] as u64);
    }
    let c = &t.cells;
    let (p, d, k) = (
        table_strs(c, "period")?,
        table_ints(c, "docs")?,
        table_ints(c, "tokens")?,
    );
    for i in 0..c.rows() {
        let Some(period) = period_of(&text(&p[i]))? else {
            continue;
        };
        e.add_totals(period as usize, k[i] as u64, d[i] as u64);
    }
    let c = &t.names;
    let (ty, id, n, m) = (
        table_strs(c, "type")?,
        table_strs(c, "entity_id")?,
        table_strs(c, "name")?,
        table_ints(c, "mentions")?,
    );
    for i in 0..c.rows() {
        e.add_name(
            (kind(&text(&ty[i]))?, text(&id[i])),
            text(&n[i]),
            m[i] as u64,
        );
    }
    Ok(())
}

/// Reads the entity tables of a counts folder.
pub fn read_entity_tables(dir: &Path) -> Result<EntityTables> {
    let ctx = |source| CountsFolderError::Read {
        what: "entity counts",
        dir: dir.to_path_buf(),
        source,
    };
    Ok(EntityTables {
        counts: crate::read_partitioned(&dir.join("entities"), "counts_entities").map_err(ctx)?,
        cells: crate::read_partitioned(&dir.join("entity_cells"), "counts_entity_cells")
            .map_err(ctx)?,
        names: crate::read_parquet_table(&dir.join("entity_names.parquet"), "counts_entity_names")
            .map_err(ctx)?,
    })
}

/// An index from period labels to period numbers.
pub fn label_index(periods: &[Period]) -> BTreeMap<String, u32> {
    periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.label.clone(), i as u32))
        .collect()
}

/// Writes the datasets `terms/` and `cells/` (partitioned by period), the entity tables when
/// given, and `counts.json` into `dir`.
pub fn write_counts(
    dir: &Path,
    meta: &CountsMeta,
    t: &CountsTable,
    entities: Option<&EntityTables>,
) -> Result<()> {
    // Only a counts folder written by dateline has files of an earlier layout to remove.
    let ours = read_meta(dir).is_ok_and(|m| m.tool == "dateline");
    std::fs::create_dir_all(dir).map_err(|source| TablesError::Io {
        action: "create",
        path: dir.to_path_buf(),
        source,
    })?;
    let ps = &t.periods;
    let terms = Table::from_rows("counts_terms", &t.terms)
        .period(|r| {
            (
                ps[r.period as usize].start,
                ps[r.period as usize].label.clone(),
            )
        })
        .opt_str(|r| r.group.clone())
        .int(|r| i64::from(r.n))
        .str(|r| r.term.clone())
        .int(|r| r.count as i64)
        .int(|r| r.docs as i64)
        .build();
    let sizes: Vec<u32> = (t.options.ngram.0..=t.options.ngram.1).collect();
    let cell_rows: Vec<(&CellTotals, u32, u64)> = t
        .cells
        .iter()
        .flat_map(|c| {
            sizes
                .iter()
                .zip(&c.tokens)
                .map(move |(n, tok)| (c, *n, *tok))
        })
        .collect();
    let cells = Table::from_rows("counts_cells", &cell_rows)
        .period(|r| {
            (
                ps[r.0.period as usize].start,
                ps[r.0.period as usize].label.clone(),
            )
        })
        .opt_str(|r| r.0.group.clone())
        .int(|r| i64::from(r.1))
        .int(|r| r.0.docs as i64)
        .int(|r| r.2 as i64)
        .build();
    crate::check_declared(&terms)?;
    crate::check_declared(&cells)?;
    // Datasets partitioned by period (`terms/period=2018-01/part-0.parquet`), each written
    // atomically; counts.json, the mark of a counts folder, comes last.
    crate::write_partitioned(&terms, &dir.join("terms"), "period")?;
    crate::write_partitioned(&cells, &dir.join("cells"), "period")?;
    for legacy in ["terms.parquet", "cells.parquet"] {
        // Single files of an earlier layout would otherwise sit beside the datasets.
        if ours {
            let _ = std::fs::remove_file(dir.join(legacy));
        }
    }
    match entities {
        Some(e) => {
            for table in [&e.counts, &e.cells, &e.names] {
                crate::check_declared(table)?;
            }
            crate::write_partitioned(&e.counts, &dir.join("entities"), "period")?;
            crate::write_partitioned(&e.cells, &dir.join("entity_cells"), "period")?;
            crate::write_table(&e.names, &dir.join("entity_names.parquet"))?;
        }
        None if !ours => {}
        None => {
            // Entity counts of an earlier run into this folder no longer belong to it.
            for d in ["entities", "entity_cells"] {
                if crate::is_partitioned_dir(&dir.join(d)) {
                    let _ = std::fs::remove_dir_all(dir.join(d));
                }
            }
            let _ = std::fs::remove_file(dir.join("entity_names.parquet"));
        }
    }
    let mut meta = meta.clone();
    meta.files.clear();
    let mut tables = vec!["terms", "cells"];
    if entities.is_some() {
        tables.extend(["entities", "entity_cells", "entity_names.parquet"]);
    }
    for t in tables {
        meta.files
            .insert(t.to_string(), fingerprint_of(&dir.join(t)));
    }
    let json = serde_json::to_string_pretty(&meta).expect("counts.json serializes") + "\n";
    crate::atomic_write(&dir.join("counts.json"), |w| {
        use std::io::Write;
        w.write_all(json.as_bytes())
            .map_err(|source| TablesError::Io {
                action: "write",
                path: dir.join("counts.json"),
                source,
            })
    })?;
    Ok(())
}

/// True when `p` is a counts folder.
pub fn is_counts_dir(p: &Path) -> bool {
    p.is_dir() && p.join("counts.json").is_file()
}

/// One table of a counts folder: the dataset `dir/<stem>/` (partitioned by period), or the
/// single file `dir/<stem>.parquet` of folders written before datasets.
fn read_counts_table(dir: &Path, stem: &str, name: &str) -> Result<Table> {
    let dataset = dir.join(stem);
    let file = dir.join(format!("{stem}.parquet"));
    if !dataset.exists() && file.is_file() {
        return Ok(crate::read_parquet_table(&file, name)?);
    }
    crate::read_partitioned(&dataset, name).map_err(|source| CountsFolderError::Read {
        what: "counts",
        dir: dir.to_path_buf(),
        source,
    })
}

/// Reads `counts.json` of a counts folder.
pub fn read_meta(dir: &Path) -> Result<CountsMeta> {
    let meta_path: PathBuf = dir.join("counts.json");
    let text = std::fs::read_to_string(&meta_path).map_err(|source| {
        CountsFolderError::NotACountsFolder {
            dir: dir.to_path_buf(),
            source,
        }
    })?;
    serde_json::from_str(&text).map_err(|source| CountsFolderError::BadMeta {
        path: meta_path,
        source,
    })
}

/// Reads a counts folder back (checked against its fingerprints).
pub fn read_counts(dir: &Path) -> Result<(CountsMeta, CountsTable)> {
    let meta = read_meta(dir)?;
    check_counts_files(dir, &meta)?;
    let index: HashMap<&str, u32> = meta
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.label.as_str(), i as u32))
        .collect();
    let bad = |what: String| CountsFolderError::Bad {
        dir: dir.to_path_buf(),
        what,
    };
    let period_of = |label: &str| {
        index
            .get(label)
            .copied()
            .ok_or_else(|| bad(format!("unknown period `{label}`")))
    };
    let t = read_counts_table(dir, "terms", "counts_terms")?;
    let c = read_counts_table(dir, "cells", "counts_cells")?;
    let no_column = |what: &str, name: &str| bad(format!("no {what} column `{name}`"));
    let strs = |t: &Table, name: &str| table_strs(t, name).map_err(|_| no_column("text", name));
    let ints = |t: &Table, name: &str| table_ints(t, name).map_err(|_| no_column("integer", name));
    let (tp, tg, tn, tt, tc, td) = (
        strs(&t, "period")?,
        strs(&t, "group")?,
        ints(&t, "n")?,
        strs(&t, "term")?,
        ints(&t, "count")?,
        ints(&t, "docs")?,
    );
    let mut terms = Vec::with_capacity(t.rows());
    for i in 0..t.rows() {
        terms.push(TermCount {
            period: period_of(tp[i].as_deref().unwrap_or(""))?,
            group: tg[i].clone(),
            n: tn[i] as u32,
            term: tt[i].clone().unwrap_or_default(),
            count: tc[i] as u64,
            docs: td[i] as u64,
        });
    }
    let (cp, cg, cn, cd, ck) = (
        strs(&c, "period")?,
        strs(&c, "group")?,
        ints(&c, "n")?,
        ints(&c, "docs")?,
        ints(&c, "tokens")?,
    );
    let lo = meta.options.ngram.0;
    let sizes = (meta.options.ngram.1 - lo + 1) as usize;
    let mut cells: BTreeMap<(u32, Option<String>), CellTotals> = BTreeMap::new();
    for i in 0..c.rows() {
        let p = period_of(cp[i].as_deref().unwrap_or(""))?;
        let cell = cells
            .entry((p, cg[i].clone()))
            .or_insert_with(|| CellTotals {
                period: p,
                group: cg[i].clone(),
                docs: cd[i] as u64,
                tokens: vec![0; sizes],
            });
        let slot = (cn[i] as u32)
            .checked_sub(lo)
            .map(|s| s as usize)
            .filter(|s| *s < sizes)
            .ok_or_else(|| bad("n outside the counted sizes".into()))?;
        cell.tokens[slot] = ck[i] as u64;
    }
    let table = CountsTable {
        options: meta.options,
        periods: meta.periods.clone(),
        cells: cells.into_values().collect(),
        terms,
    };
    Ok((meta, table))
}

/// The settings of a pipeline as `option → value` (for `counted::check`): the spec is read
/// back into a [`dateline_tokenize::PipelineSpec`] (fields of earlier versions take their
/// defaults), and each field named by the option that sets it. A stopword or phrase list is
/// compared by its words, not its path.
pub fn pipeline_settings(spec: &serde_json::Value) -> Result<BTreeMap<String, String>> {
    let spec: dateline_tokenize::PipelineSpec =
        serde_json::from_value(spec.clone()).map_err(CountsFolderError::Pipeline)?;
    let v = serde_json::to_value(&spec).expect("a pipeline serializes");
    let mut out = BTreeMap::new();
    let on = |b: bool| if b { "on" } else { "off" }.to_string();
    let hash = |v: &serde_json::Value| {
        format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(v.to_string().as_bytes())
        )
    };
    let Some(fields) = v.as_object() else {
        return Ok(out);
    };
    for (k, x) in fields {
        let (option, value) = match (k.as_str(), x) {
            ("name", _) => continue,
            ("lowercase", serde_json::Value::Bool(b)) => ("--keep-case".to_string(), on(!b)),
            ("plain", serde_json::Value::Bool(b)) => ("--pipeline plain".to_string(), on(*b)),
            ("stopwords", serde_json::Value::Object(o)) => {
                let kind = o.get("type").and_then(|t| t.as_str()).unwrap_or("?");
                let mut rest = o.clone();
                rest.remove("type");
                rest.remove("path");
                let value = if rest.is_empty() {
                    kind.to_string()
                } else {
                    let n = rest
                        .get("words")
                        .and_then(|w| w.as_array())
                        .map_or(0, Vec::len);
                    format!("{kind} of {n} words (xxh3 {})", hash(&rest.into()))
                };
                ("--stopwords".to_string(), value)
            }
            ("phrases", serde_json::Value::Array(a)) => (
                "--phrase/--phrases".to_string(),
                if a.is_empty() {
                    "none".to_string()
                } else {
                    format!("{} phrases (xxh3 {})", a.len(), hash(x))
                },
            ),
            (k, serde_json::Value::Bool(b)) => (format!("--{}", k.replace('_', "-")), on(*b)),
            (k, x) => (format!("--{}", k.replace('_', "-")), x.to_string()),
        };
        out.insert(option, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_the_missing_are_named() {
        assert_eq!(parse_shard("2/4").unwrap(), (2, 4));
        assert_eq!(parse_shard(" 1 / 1 ").unwrap(), (1, 1));
        for bad in ["0/4", "5/4", "1/0", "x/4", "3"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_shard("3").unwrap_err().to_string(),
            "bad --shard `3`: expected K/N, e.g. 1/4"
        );
        let have: Vec<String> = ["1/4", "3/4"].iter().map(ToString::to_string).collect();
        let missing = missing_shards(&have);
        assert_eq!(missing, ["2/4", "4/4"]);
        assert_eq!(missing_text(&missing), "shards 2/4, 4/4 are");
        assert_eq!(missing_text(&missing[..1]), "shard 2/4 is");
    }
}
