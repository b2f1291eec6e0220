//! `dateline count` and `dateline merge`: additive term counts as the unit of scale.
//!
//! `count --shard K/N` counts one deterministic share of the corpus (the documents whose
//! `doc_id` is `K − 1` modulo `N`) into a counts folder; `merge` sums counts folders; `terms
//! --counts DIR` derives the term table (per_10k, tf-idf, …) from a counts folder. The periods
//! are fixed from the whole corpus before sharding, so every shard counts into the same periods.
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
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

/// `counts.json`: what a counts folder holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CountsMeta {
    /// Always `dateline`.
    pub tool: String,
    /// Tool version.
    pub version: String,
    /// The tokenization pipeline.
    pub pipeline: serde_json::Value,
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
    /// Fingerprints of the folder's tables (`terms`, `cells`, …: files, bytes, XXH3 over their
    /// files), set by [`write_counts`] once they are in place; `counts.json` is written last
    /// and the folder is checked against them when it is read ([`check_counts_files`]).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub files: std::collections::BTreeMap<String, FolderFingerprint>,
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
        options: opts,
        by: by.as_str().into(),
        lang: prep.lang.clone(),
        periods: table.periods.clone(),
        shards: vec![format!("{k}/{n}")],
        docs: stats.docs_analysed,
        entities: ents_meta,
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
    let period_of = |l: &str| -> Result<u32> {
        labels
            .get(l)
            .copied()
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
    meta.shards.sort();
    let by: dateline_core::By = meta.by.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let index = dateline_core::PeriodIndex::from_periods(by, meta.periods.clone());
    let merged = acc.to_table(&index);
    let ent_tables = ents.map(|e| e.counts_tables(&index));
    crate::common::check_output(&a.output, &a.inputs)?;
    let _lock = crate::common::lock_output(&a.output)?;
    write_counts(&a.output, &meta, &merged, ent_tables.as_ref())?;
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
    crate::common::check_schema(&terms);
    crate::common::check_schema(&cells);
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
