//! `dateline count` and `dateline merge`: additive term counts as the unit of scale.
//!
//! `count --shard K/N` counts one deterministic share of the corpus (the documents whose
//! `doc_id` is `K − 1` modulo `N`) into a counts folder; `merge` sums counts folders; `terms
//! --counts DIR` derives the term table (per_10k, tf-idf, …) from a counts folder. The periods
//! are fixed from the whole corpus before sharding, so every shard counts into the same periods.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_analytics::counted::{self, Asked, Counted, Derivation};
use dateline_analytics::terms::{CellTotals, CountsTable, TermCount, TermCounts, TermOptions};
use dateline_core::Period;
use dateline_tables::{Table, Values};
use serde::{Deserialize, Serialize};

use super::entities::counts::{
    read_entity_tables, write_entity_tables, EntitiesMeta, EntityTables,
};
use super::entities::EntityCounts;
use crate::cli::{CountArgs, MergeArgs};
use crate::common::{by_of, parse_size_range, period_range, Prepared, VERSION};

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
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub files: std::collections::BTreeMap<String, FolderFingerprint>,
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
        let f = dateline_tables::fingerprint_paths(&[path.to_path_buf()]).remove(0);
        CorpusId {
            path: path.to_path_buf(),
            bytes: f.bytes,
            xxh3: f.xxh3,
        }
    }
}

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
fn missing_text(missing: &[String]) -> String {
    match missing {
        [one] => format!("shard {one} is"),
        many => format!("shards {} are", many.join(", ")),
    }
}

/// Prints the warning of a partial counts folder, and returns what the manifest of an output
/// derived from it records.
pub fn warn_partial(dir: &Path, meta: &CountsMeta) -> serde_json::Value {
    if !meta.partial {
        return serde_json::json!({ "partial": false });
    }
    let missing = missing_shards(&meta.shards);
    eprintln!(
        "warning: `{}` is a partial merge ({} missing): its counts cover only part of the corpus",
        dir.display(),
        missing_text(&missing)
    );
    serde_json::json!({ "partial": true, "missing_shards": missing })
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
    let f = dateline_tables::fingerprint_paths(&[p.to_path_buf()]).remove(0);
    FolderFingerprint {
        files: f.files,
        bytes: f.bytes,
        xxh3: f.xxh3,
    }
}

/// Refuses a counts folder whose tables do not match the fingerprints in its `counts.json`
/// (tables of another run beside it, or changed since). Folders written before fingerprints
/// are read unchecked.
pub fn check_counts_files(dir: &Path, meta: &CountsMeta) -> Result<()> {
    for (name, want) in &meta.files {
        let p = dateline_tables::join_name(dir, name)?;
        if &fingerprint_of(&p) != want {
            return Err(anyhow::anyhow!(
                "`{}` does not match `{}` (written by another run, or changed since)",
                p.display(),
                dir.join("counts.json").display()
            )
            .context(crate::common::Hint(
                "count again (dateline count / dateline merge) into this folder".into(),
            )));
        }
    }
    Ok(())
}

impl CountsMeta {
    fn compatible(&self, other: &CountsMeta) -> Result<()> {
        if self.token_rules != other.token_rules {
            bail!(
                "the counts were made under different token rules (versions {} and {}): count every shard with one dateline",
                self.token_rules,
                other.token_rules
            );
        }
        match (&self.corpus, &other.corpus) {
            (Some(a), Some(b)) if (a.bytes, &a.xxh3) != (b.bytes, &b.xxh3) => bail!(
                "the counts were made from different corpora (`{}`: {} bytes, xxh3 {}; `{}`: {} bytes, xxh3 {})",
                a.path.display(),
                a.bytes,
                a.xxh3,
                b.path.display(),
                b.bytes,
                b.xxh3
            ),
            (Some(_), Some(_)) => {}
            _ => bail!("a counts folder made by an earlier dateline records no corpus fingerprint: count it again"),
        }
        if plan_of(&self.shards) != plan_of(&other.shards) {
            bail!(
                "the shards come from different plans ({} and {}): count every shard with the same --shard K/N",
                self.shards.join(", "),
                other.shards.join(", ")
            );
        }
        if self.range != other.range || self.dates != other.dates {
            bail!("the counts were made with different --from/--to");
        }
        if self.pipeline != other.pipeline {
            bail!("the counts were made with different tokenization pipelines");
        }
        if self.options != other.options {
            bail!("the counts were made with different n-gram options");
        }
        if self.by != other.by || self.periods != other.periods {
            bail!("the counts were made with different periods (use the same --by/--from/--to on the same corpus)");
        }
        if self.lang != other.lang {
            bail!("the counts were made with different --lang");
        }
        match (&self.entities, &other.entities) {
            (Some(a), Some(b)) if a != b => bail!(
                "the entity counts were made with different gazetteers or entity options (gazetteer {} vs {})",
                a.gazetteer,
                b.gazetteer
            ),
            (Some(_), None) | (None, Some(_)) => {
                bail!("only one of the folders holds entity counts (dateline count --entities)")
            }
            _ => {}
        }
        Ok(())
    }
}

/// Parses `K/N` with `1 ≤ K ≤ N`.
pub fn parse_shard(s: &str) -> Result<(u64, u64)> {
    let (k, n) = s
        .split_once('/')
        .with_context(|| format!("bad --shard `{s}`: expected K/N, e.g. 1/4"))?;
    let k: u64 = k
        .trim()
        .parse()
        .with_context(|| format!("bad --shard `{s}`"))?;
    let n: u64 = n
        .trim()
        .parse()
        .with_context(|| format!("bad --shard `{s}`"))?;
    if n == 0 || k == 0 || k > n {
        bail!("bad --shard `{s}`: K must lie in 1..=N");
    }
    Ok((k, n))
}

/// Counts one shard into a counts folder.
pub fn run_count(a: &CountArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let (k, n) = parse_shard(&a.shard)?;
    let by = by_of(a.period.by).context("--by doc has no periods to count into")?;
    let (lo, hi) = parse_size_range(&a.ngram, 1, 5, "--ngram")?;
    let opts = TermOptions {
        drop_stop_edges: !a.keep_stop_edges,
        ..TermOptions::ngrams(lo as u32, hi as u32)?
    };
    // Periods come from the whole corpus, so that every shard uses the same ones.
    let mut prep = Prepared::new(
        &a.corpus,
        &a.tok,
        by,
        period_range(&a.period)?,
        &a.period.lang,
        quiet,
    )?;
    prep.filter = Some(Box::new(move |d| d.doc_id.0 % n == k - 1));
    // Term counts need only tokens; entity counts read the text.
    prep.text_needed = a.entities;
    if n > 1 {
        prep.empty_share = Some(format!("{k}/{n}"));
    }
    let proto = TermCounts::new(opts, prep.periods.periods().len())?;
    let (entities, ents_meta) = if a.entities {
        let x = super::entities::extractor(
            a.people.as_deref(),
            a.countries.as_deref(),
            !a.no_name_finder,
            !a.no_demonyms,
        )?;
        let meta = EntitiesMeta::new(
            a.people.as_deref(),
            a.countries.as_deref(),
            !a.no_name_finder,
            !a.no_demonyms,
        )?;
        (
            Some(EntityCounts::new(x, false, false).counts_only()),
            Some(meta),
        )
    } else {
        (None, None)
    };
    let ((acc, ents), stats) = prep.run(
        &prep.pass_options(),
        || {
            (
                proto.clone(),
                entities.as_ref().map(EntityCounts::empty_like),
            )
        },
        quiet,
    )?;
    let table = acc.to_table(&prep.periods);
    let ent_tables = ents.map(|e| e.counts_tables(&prep.periods));
    let meta = CountsMeta {
        tool: "dateline".into(),
        version: VERSION.into(),
        pipeline: serde_json::to_value(&prep.spec)?,
        token_rules: dateline_tokenize::RULES_VERSION,
        options: opts,
        by: by.as_str().into(),
        lang: prep.lang.clone(),
        periods: table.periods.clone(),
        shards: vec![format!("{k}/{n}")],
        docs: stats.docs_analysed,
        entities: ents_meta,
        corpus: Some(CorpusId::of(&a.corpus)),
        range: prep.range,
        dates: prep.dates.map(|d| CountedDates {
            first: d.first.0,
            last: d.last.0,
        }),
        partial: false,
        files: std::collections::BTreeMap::new(),
    };
    crate::common::check_output(&a.output, std::slice::from_ref(&a.corpus))?;
    let _lock = crate::common::lock_output(&a.output)?;
    write_counts(&a.output, &meta, &table, ent_tables.as_ref())?;
    if !quiet {
        eprintln!(
            "counted shard {k}/{n} ({} documents) into {} in {:.2}s",
            stats.docs_analysed,
            a.output.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Sums counts folders.
pub fn run_merge(a: &MergeArgs, quiet: bool) -> Result<ExitCode> {
    let mut inputs = a.inputs.iter();
    let first = inputs.next().context("name at least one counts folder")?;
    let (mut meta, table) = read_counts(first)?;
    let mut acc = TermCounts::from_table(&table)?;
    let labels = super::entities::counts::label_index(&meta.periods);
    let period_of = |l: &str| -> Result<Option<u32>> {
        labels
            .get(l)
            .copied()
            .map(Some)
            .with_context(|| format!("unknown period `{l}` in the entity counts"))
    };
    let mut ents = match meta.entities {
        Some(_) => {
            let mut e = super::entities::counts::placeholder()?;
            e.add_counts_tables(&read_entity_tables(first)?, &period_of)?;
            Some(e)
        }
        None => None,
    };
    for dir in inputs {
        let (m, t) = read_counts(dir)?;
        meta.compatible(&m).with_context(|| {
            format!(
                "cannot merge `{}` with `{}`",
                dir.display(),
                first.display()
            )
        })?;
        for s in m.shards {
            if meta.shards.contains(&s) {
                bail!(
                    "shard {s} is in `{}` and in an earlier input: it would be counted twice",
                    dir.display()
                );
            }
            meta.shards.push(s);
        }
        meta.docs += m.docs;
        acc.try_merge(TermCounts::from_table(&t)?)?;
        if let Some(e) = ents.as_mut() {
            e.add_counts_tables(&read_entity_tables(dir)?, &period_of)
                .with_context(|| format!("bad entity counts in `{}`", dir.display()))?;
        }
    }
    meta.shards
        .sort_by_key(|s| parse_shard(s).map(|(k, _)| k).unwrap_or(0));
    let missing = missing_shards(&meta.shards);
    if !missing.is_empty() && !a.partial {
        return Err(anyhow::anyhow!(
            "{} missing; give them or use --partial",
            missing_text(&missing)
        )
        .context(crate::common::Hint(format!(
            "the folders given hold shards {}",
            meta.shards.join(", ")
        ))));
    }
    meta.partial = !missing.is_empty();
    let by: dateline_core::By = meta.by.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let index = dateline_core::PeriodIndex::from_periods(by, meta.periods.clone());
    let merged = acc.to_table(&index);
    let ent_tables = ents.map(|e| e.counts_tables(&index));
    crate::common::check_output(&a.output, &a.inputs)?;
    let _lock = crate::common::lock_output(&a.output)?;
    write_counts(&a.output, &meta, &merged, ent_tables.as_ref())?;
    if meta.partial {
        eprintln!(
            "warning: `{}` is a partial merge: {} missing (marked `partial` in its counts.json)",
            a.output.display(),
            missing_text(&missing)
        );
    }
    if !quiet {
        eprintln!(
            "merged {} folders ({} documents) into {}",
            a.inputs.len(),
            meta.docs,
            a.output.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the datasets `terms/` and `cells/` (partitioned by period) and `counts.json` into
/// `dir`.
pub fn write_counts(
    dir: &Path,
    meta: &CountsMeta,
    t: &CountsTable,
    entities: Option<&EntityTables>,
) -> Result<()> {
    // Only a counts folder written by dateline has files of an earlier layout to remove.
    let ours = read_meta(dir).is_ok_and(|m| m.tool == "dateline");
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let ps = &t.periods;
    let terms = Table::from_rows("counts_terms", &t.terms)
        .period(|r| {
            (
                ps[r.period as usize].start,
                ps[r.period as usize].label.clone(),
            )
        })
        .opt_str("group", |r| r.group.clone())
        .int("n", |r| i64::from(r.n))
        .str("term", |r| r.term.clone())
        .int("count", |r| r.count as i64)
        .int("docs", |r| r.docs as i64)
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
        .opt_str("group", |r| r.0.group.clone())
        .int("n", |r| i64::from(r.1))
        .int("docs", |r| r.0.docs as i64)
        .int("tokens", |r| r.2 as i64)
        .build();
    crate::common::check_schema(&terms)?;
    crate::common::check_schema(&cells)?;
    // Datasets partitioned by period (`terms/period=2018-01/part-0.parquet`), each written
    // atomically; counts.json, the mark of a counts folder, comes last.
    dateline_tables::write_partitioned(&terms, &dir.join("terms"), "period")?;
    dateline_tables::write_partitioned(&cells, &dir.join("cells"), "period")?;
    for legacy in ["terms.parquet", "cells.parquet"] {
        // Single files of an earlier layout would otherwise sit beside the datasets.
        if ours {
            let _ = std::fs::remove_file(dir.join(legacy));
        }
    }
    match entities {
        Some(e) => write_entity_tables(dir, e)?,
        None if !ours => {}
        None => {
            // Entity counts of an earlier run into this folder no longer belong to it.
            for d in ["entities", "entity_cells"] {
                if dateline_tables::is_partitioned_dir(&dir.join(d)) {
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
    let json = serde_json::to_string_pretty(&meta)? + "\n";
    dateline_tables::atomic_write(&dir.join("counts.json"), |w| {
        use std::io::Write;
        w.write_all(json.as_bytes())
            .map_err(|source| dateline_tables::TablesError::Io {
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
        return Ok(dateline_tables::read_parquet_table(&file, name)?);
    }
    dateline_tables::read_partitioned(&dataset, name)
        .with_context(|| format!("cannot read the counts in `{}`", dir.display()))
}

/// Reads `counts.json` of a counts folder.
pub fn read_meta(dir: &Path) -> Result<CountsMeta> {
    let meta_path: PathBuf = dir.join("counts.json");
    serde_json::from_str(&std::fs::read_to_string(&meta_path).with_context(|| {
        format!(
            "`{}` is not a counts folder (no counts.json)",
            dir.display()
        )
    })?)
    .with_context(|| format!("bad `{}`", meta_path.display()))
}

/// Reads a counts folder back.
pub fn read_counts(dir: &Path) -> Result<(CountsMeta, CountsTable)> {
    let meta = read_meta(dir)?;
    check_counts_files(dir, &meta)?;
    let index: std::collections::HashMap<&str, u32> = meta
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.label.as_str(), i as u32))
        .collect();
    let bad = |what: &str| anyhow::anyhow!("`{}`: {what}", dir.display());
    let period_of = |label: &str| {
        index
            .get(label)
            .copied()
            .ok_or_else(|| bad(&format!("unknown period `{label}`")))
    };
    let t = read_counts_table(dir, "terms", "counts_terms")?;
    let c = read_counts_table(dir, "cells", "counts_cells")?;
    let strs = |t: &Table, name: &str| -> Result<Vec<Option<String>>> {
        Ok(match t.column(name) {
            Some(Values::Str(v)) => v.iter().cloned().map(Some).collect(),
            Some(Values::OptStr(v)) => v.clone(),
            _ => {
                if t.rows() == 0 {
                    Vec::new()
                } else {
                    return Err(bad(&format!("no text column `{name}`")));
                }
            }
        })
    };
    let ints = |t: &Table, name: &str| -> Result<Vec<i64>> {
        match t.column(name) {
            Some(Values::Int(v)) => Ok(v.clone()),
            _ if t.rows() == 0 => Ok(Vec::new()),
            _ => Err(bad(&format!("no integer column `{name}`"))),
        }
    };
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
    let mut cells: std::collections::BTreeMap<(u32, Option<String>), CellTotals> =
        std::collections::BTreeMap::new();
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
            .ok_or_else(|| bad("n outside the counted sizes"))?;
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

/// The settings of a pipeline as `option → value` (for [`counted::check`]): the spec is read
/// back into a [`dateline_tokenize::PipelineSpec`] (fields of earlier versions take their
/// defaults), and each field named by the option that sets it. A stopword or phrase list is
/// compared by its words, not its path.
pub fn pipeline_settings(spec: &serde_json::Value) -> Result<BTreeMap<String, String>> {
    let spec: dateline_tokenize::PipelineSpec =
        serde_json::from_value(spec.clone()).context("bad tokenization pipeline in counts.json")?;
    let v = serde_json::to_value(&spec)?;
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

/// `--lang` as a setting.
fn lang_setting(lang: Option<&str>) -> String {
    lang.unwrap_or("all").to_string()
}

/// What a counts folder counted, for [`counted::check`]; `settings` are the counted values of
/// the settings the analysis compares (see [`Ask`]).
fn counted_of(meta: &CountsMeta, settings: BTreeMap<String, String>) -> Result<Counted> {
    Ok(Counted {
        by: meta.by.parse().map_err(|e: String| anyhow::anyhow!(e))?,
        periods: meta.periods.clone(),
        range: meta.range,
        dates: meta.dates.map(|d| (d.first, d.last)),
        ngram: meta.options.ngram,
        settings,
    })
}

/// What an analysis of a counts folder asks: every option it accepts, for
/// [`CountsMeta::answer`] (which tells the options given from those left to their defaults).
pub struct Ask<'a> {
    /// `--by` (`None`: `--by doc`).
    pub by: Option<dateline_core::By>,
    /// `--from`/`--to`.
    pub range: dateline_core::DateRange,
    /// `--lang`.
    pub lang: &'a str,
    /// The tokenization options; `None` for an analysis without them, which always uses the
    /// default pipeline (`entities`).
    pub tok: Option<&'a crate::cli::TokenOpts>,
    /// `--ngram` and `--keep-stop-edges` (`None`: no n-grams, as `entities`).
    pub ngram: Option<((u32, u32), bool)>,
    /// The entity options, as a fingerprint (`None`: not an entity analysis).
    pub entities: Option<EntitiesMeta>,
    /// Options that need the documents (`--group-by`, `--unmatched`, …) and were given.
    pub needs_documents: Vec<String>,
}

/// The token options (field names) that set each pipeline setting of [`pipeline_settings`].
const TOKEN_OPTIONS: &[(&str, &[&str])] = &[
    ("--keep-case", &["keep_case", "lowercase"]),
    ("--stopwords", &["stopwords"]),
    ("--stem", &["stem"]),
    ("--min-len", &["min_len"]),
    ("--keep-numbers", &["keep_numbers"]),
    ("--keep-possessive", &["keep_possessive"]),
    ("--split-hyphens", &["split_hyphens"]),
    ("--phrase/--phrases", &["phrase", "phrases"]),
];

/// True when a token option that [`TOKEN_OPTIONS`] does not list was given: then the whole
/// pipeline is compared (an option added later is never ignored).
fn given_unlisted_token_option() -> bool {
    let cmd = <crate::cli::TokenOpts as clap::Args>::augment_args(clap::Command::new("tok"));
    let unlisted = cmd.get_arguments().any(|a| {
        let id = a.get_id().as_str();
        id != "pipeline"
            && !TOKEN_OPTIONS.iter().any(|(_, ids)| ids.contains(&id))
            && crate::cli::given(id)
    });
    unlisted
}

impl CountsMeta {
    /// Checks that the counts in `dir` answer `ask` exactly, and says how to derive the answer:
    /// one place decides, for every option of every analysis of a counts folder.
    ///
    /// An option left to its default takes the counted value (`terms COUNTS` gives the
    /// counted periods, sizes, pipeline and language); an option given is applied when it can
    /// be derived from the counts and refused otherwise ([`counted::check`]): the answer is
    /// the same as the analysis of the corpus with the counted options and the given ones.
    pub fn answer(&self, dir: &Path, ask: &Ask<'_>) -> Result<Derivation> {
        use crate::cli::given;
        let refuse = |e: String| {
            anyhow::anyhow!("the counts folder `{}` cannot answer this: {e}", dir.display()).context(
                crate::common::Hint(
                    "count again with the options you need (dateline count CORPUS …), or analyse the corpus table".into(),
                ),
            )
        };
        if self.docs == 0 {
            // Every shard was an empty share (`count --shard`): the analysis would find
            // nothing, and a run that finds nothing says so and exits non-zero.
            return Err(anyhow::anyhow!(
                "nothing to analyse: the counts folder `{}` holds no document (every shard counted was empty: {})",
                dir.display(),
                self.shards.join(", ")
            ));
        }
        if self.token_rules != dateline_tokenize::RULES_VERSION {
            return Err(refuse(format!(
                "it was counted under token rules version {}, and this dateline tokenizes by version {} (`UN` and `un` apart, among others: docs/tokenization.md)",
                self.token_rules,
                dateline_tokenize::RULES_VERSION
            )));
        }
        if let Some(opt) = ask.needs_documents.first() {
            return Err(refuse(format!(
                "{opt} needs the documents, which a counts folder does not hold"
            )));
        }
        let by: dateline_core::By = if given("by") {
            ask.by.ok_or_else(|| {
                refuse("--by doc needs the documents, which a counts folder does not hold".into())
            })?
        } else {
            self.by.parse().map_err(|e: String| anyhow::anyhow!(e))?
        };
        let range = dateline_core::DateRange {
            start: if given("from") {
                ask.range.start
            } else {
                self.range.start
            },
            end: if given("to") {
                ask.range.end
            } else {
                self.range.end
            },
        };
        let counted_pipeline = pipeline_settings(&self.pipeline)?;
        let mut asked = BTreeMap::new();
        let mut counted = BTreeMap::new();
        match ask.tok {
            None => {
                // The analysis always tokenizes with the default pipeline.
                let default = serde_json::to_value(dateline_tokenize::PipelineSpec::default())?;
                asked = pipeline_settings(&default)?;
                counted.clone_from(&counted_pipeline);
            }
            Some(tok) if given("pipeline") || given_unlisted_token_option() => {
                asked =
                    pipeline_settings(&serde_json::to_value(crate::common::pipeline_spec(tok)?)?)?;
                counted.clone_from(&counted_pipeline);
            }
            Some(tok) => {
                let spec =
                    pipeline_settings(&serde_json::to_value(crate::common::pipeline_spec(tok)?)?)?;
                for (setting, ids) in TOKEN_OPTIONS {
                    if ids.iter().any(|id| given(id)) {
                        for (side, from) in [(&mut asked, &spec), (&mut counted, &counted_pipeline)]
                        {
                            if let Some(v) = from.get(*setting) {
                                side.insert((*setting).to_string(), v.clone());
                            }
                        }
                    }
                }
            }
        }
        if given("lang") {
            asked.insert(
                "--lang".into(),
                lang_setting(crate::common::lang_filter(ask.lang)?.as_deref()),
            );
            counted.insert("--lang".into(), lang_setting(self.lang.as_deref()));
        }
        let ngram = match ask.ngram {
            Some((n, keep_edges)) => {
                let n = if given("ngram") {
                    n
                } else {
                    self.options.ngram
                };
                if given("keep_stop_edges") && n.1 >= 2 {
                    let on = |b: bool| if b { "on" } else { "off" }.to_string();
                    asked.insert("--keep-stop-edges".into(), on(keep_edges));
                    counted.insert(
                        "--keep-stop-edges".into(),
                        on(!self.options.drop_stop_edges),
                    );
                }
                Some(n)
            }
            None => None,
        };
        if let Some(e) = &ask.entities {
            let ids = ["people", "countries", "no_name_finder", "no_demonyms"];
            if ids.iter().any(|id| given(id)) {
                let key = "--people/--countries/--no-name-finder/--no-demonyms".to_string();
                let show = |m: &EntitiesMeta| format!("(gazetteer {})", m.gazetteer);
                asked.insert(key.clone(), show(e));
                counted.insert(
                    key,
                    self.entities
                        .as_ref()
                        .map_or("(no entity counts)".to_string(), show),
                );
            }
        }
        let want = Asked {
            by,
            range,
            ngram,
            settings: asked,
        };
        counted::check(&counted_of(self, counted)?, &want).map_err(|e| refuse(e.to_string()))
    }
}
