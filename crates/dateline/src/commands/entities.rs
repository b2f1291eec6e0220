//! `dateline entities`: person and country mentions, counts per period, co-mention networks.
//!
//! The counting is an [`Accumulator`] so that `dateline run` computes it in the same
//! tokenization pass as every other analysis.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use dateline_analytics::pass::{Accumulator, DocView};
use dateline_core::{DocId, PeriodIndex};
use dateline_entities::{Extractor, ExtractorOptions, Gazetteer};
use dateline_tables::{Table, Values};

use crate::cli::{EntitiesArgs, FormatArg};
use crate::common::{by_of, period_range, stats_json, Prepared, VERSION};
use crate::plot::{line_chart, Series};
use crate::study::Study;

pub mod counts;

/// One mention row.
#[derive(Debug, Clone)]
struct MentionRow {
    index: usize,
    doc_id: DocId,
    date: Option<NaiveDate>,
    kind: &'static str,
    entity_id: String,
    name: String,
    surface: String,
    start: usize,
    end: usize,
}

/// An entity key: (type, id).
type Key = (&'static str, String);

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
    mentions: Vec<MentionRow>,
    /// (period, key) → (mentions, docs).
    counts: BTreeMap<(usize, Key), (u64, u64)>,
    /// key → name → mentions (the most used name is shown).
    names: BTreeMap<Key, BTreeMap<String, u64>>,
    /// period → (tokens, units).
    totals: BTreeMap<usize, (u64, u64)>,
    /// (period, key) → units mentioning it.
    unit_counts: BTreeMap<(usize, Key), u64>,
    /// (period, a, b) → units mentioning both (a < b).
    pairs: BTreeMap<(usize, Key, Key), u64>,
    /// candidate text → (count, example).
    candidates: BTreeMap<String, (u64, String)>,
}

impl EntityCounts {
    /// Empty counts with an extractor.
    pub fn new(extractor: Extractor, sentence_scope: bool, unmatched: bool) -> Self {
        Self::with_extractor(Arc::new(extractor), sentence_scope, unmatched)
    }

    fn with_extractor(extractor: Arc<Extractor>, sentence_scope: bool, unmatched: bool) -> Self {
        EntityCounts {
            extractor,
            sentence_scope,
            keep_mentions: true,
            unmatched,
            mentions: Vec::new(),
            counts: BTreeMap::new(),
            names: BTreeMap::new(),
            totals: BTreeMap::new(),
            unit_counts: BTreeMap::new(),
            pairs: BTreeMap::new(),
            candidates: BTreeMap::new(),
        }
    }

    /// Empty counts sharing the extractor and options (a new shard).
    pub fn empty_like(&self) -> Self {
        let mut e = EntityCounts::with_extractor(
            Arc::clone(&self.extractor),
            self.sentence_scope,
            self.unmatched,
        );
        e.keep_mentions = self.keep_mentions;
        e
    }

    fn add_units(&mut self, period: usize, units: &[BTreeSet<Key>]) {
        for unit in units {
            let keys: Vec<&Key> = unit.iter().collect();
            for k in &keys {
                *self.unit_counts.entry((period, (*k).clone())).or_default() += 1;
            }
            for i in 0..keys.len() {
                for j in i + 1..keys.len() {
                    *self
                        .pairs
                        .entry((period, keys[i].clone(), keys[j].clone()))
                        .or_default() += 1;
                }
            }
        }
    }

    /// The most used name of an entity (ties: the alphabetically first).
    fn name_of(&self, k: &Key) -> String {
        self.names
            .get(k)
            .and_then(|m| {
                m.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(n, _)| n.clone())
            })
            .unwrap_or_else(|| k.1.clone())
    }

    /// The three tables: `mentions`, `entity_counts` (zeros for `track`ed ids), `co_mentions`
    /// (and `unmatched` when asked).
    pub fn tables(&self, periods: &PeriodIndex, track: &[String]) -> Vec<Table> {
        let ps = periods.periods();
        let period = |p: usize| (ps[p].start, ps[p].label.clone());

        let mut ms: Vec<&MentionRow> = self.mentions.iter().collect();
        ms.sort_by_key(|m| (m.index, m.start, m.end));
        let mentions = Table::from_rows("mentions", &ms)
            .str("doc_id", |m| m.doc_id.to_string())
            .opt_date("date", |m| m.date)
            .str("type", |m| m.kind.to_string())
            .str("entity_id", |m| m.entity_id.clone())
            .str("name", |m| m.name.clone())
            .str("surface", |m| m.surface.clone())
            .int("start", |m| m.start as i64)
            .int("end", |m| m.end as i64)
            .build();

        // entity_counts: counted entities plus zeros for tracked ones.
        let mut cells: BTreeMap<(usize, Key), (u64, u64)> = self.counts.clone();
        for id in track {
            let key = self
                .names
                .keys()
                .find(|k| k.1 == *id)
                .cloned()
                .unwrap_or_else(|| {
                    let country = id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase());
                    (if country { "country" } else { "person" }, id.clone())
                });
            for p in 0..ps.len() {
                cells.entry((p, key.clone())).or_insert((0, 0));
            }
        }
        let mut rows: Vec<(usize, Key, u64, u64)> = cells
            .into_iter()
            .filter(|((p, _), _)| *p < ps.len())
            .map(|((p, k), (m, d))| (p, k, m, d))
            .collect();
        rows.sort_by(|a, b| {
            (a.0, a.1 .0, std::cmp::Reverse(a.2), &a.1 .1).cmp(&(
                b.0,
                b.1 .0,
                std::cmp::Reverse(b.2),
                &b.1 .1,
            ))
        });
        let tokens = |p: usize| self.totals.get(&p).map_or(0, |t| t.0);
        let counts = Table::from_rows("entity_counts", &rows)
            .period(|r| period(r.0))
            .str("type", |r| r.1 .0.to_string())
            .str("entity_id", |r| r.1 .1.clone())
            .str("name", |r| self.name_of(&r.1))
            .int("mentions", |r| r.2 as i64)
            .int("docs", |r| r.3 as i64)
            .float("per_10k", |r| {
                dateline_analytics::stats::per_10k(r.2 as f64, tokens(r.0) as f64)
            })
            .build();

        // co_mentions: an edge list per period.
        let mut pairs: Vec<(&(usize, Key, Key), u64)> = self
            .pairs
            .iter()
            .filter(|((p, _, _), _)| *p < ps.len())
            .map(|(k, v)| (k, *v))
            .collect();
        pairs.sort_by(|a, b| {
            (a.0 .0, std::cmp::Reverse(a.1), &a.0 .1, &a.0 .2).cmp(&(
                b.0 .0,
                std::cmp::Reverse(b.1),
                &b.0 .1,
                &b.0 .2,
            ))
        });
        let unit_count =
            |p: usize, k: &Key| self.unit_counts.get(&(p, k.clone())).copied().unwrap_or(0);
        let units = |p: usize| self.totals.get(&p).map_or(0, |t| t.1);
        let co = Table::from_rows("co_mentions", &pairs)
            .period(|r| period(r.0 .0))
            .str("source", |r| r.0 .1 .1.clone())
            .str("source_name", |r| self.name_of(&r.0 .1))
            .str("source_type", |r| r.0 .1 .0.to_string())
            .str("target", |r| r.0 .2 .1.clone())
            .str("target_name", |r| self.name_of(&r.0 .2))
            .str("target_type", |r| r.0 .2 .0.to_string())
            .int("count", |r| r.1 as i64)
            .int("source_docs", |r| unit_count(r.0 .0, &r.0 .1) as i64)
            .int("target_docs", |r| unit_count(r.0 .0, &r.0 .2) as i64)
            .int("units", |r| units(r.0 .0) as i64)
            .float("pmi", |r| {
                let (p, a, b) = r.0;
                let (n, x, y) = (
                    units(*p) as f64,
                    unit_count(*p, a) as f64,
                    unit_count(*p, b) as f64,
                );
                (r.1 as f64 * n / (x * y)).log2()
            })
            .build();
        let mut out = vec![mentions, counts, co];
        if self.unmatched {
            let mut c: Vec<(&String, &(u64, String))> = self.candidates.iter().collect();
            c.sort_by(|a, b| {
                (std::cmp::Reverse(a.1 .0), a.0).cmp(&(std::cmp::Reverse(b.1 .0), b.0))
            });
            out.push(
                Table::from_rows("unmatched", &c)
                    .str("candidate", |x| x.0.clone())
                    .int("count", |x| x.1 .0 as i64)
                    .str("example", |x| x.1 .1.clone())
                    .build(),
            );
        }
        out
    }
}

/// The sentence of the token at or after byte `at` (0 when there are no tokens).
fn sentence_at(tokens: &dateline_tokenize::Tokens, at: usize) -> u32 {
    let ts = tokens.tokens();
    let i = ts.partition_point(|t| (t.end as usize) <= at);
    ts.get(i).or(ts.last()).map_or(0, |t| t.sentence)
}

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
        let found = self.extractor.extract(doc.text);
        let tok = doc.tokens.tokens().iter().filter(|t| !t.stop).count() as u64;
        let n_sent = doc
            .tokens
            .tokens()
            .last()
            .map_or(0, |t| t.sentence as u64 + 1);
        let tot = self.totals.entry(period).or_default();
        tot.0 += tok;
        tot.1 += if self.sentence_scope { n_sent } else { 1 };
        let mut in_doc: BTreeSet<Key> = BTreeSet::new();
        let mut by_sentence: BTreeMap<u32, BTreeSet<Key>> = BTreeMap::new();
        for m in &found {
            let key: Key = (m.kind.as_str(), m.entity_id.clone());
            self.counts.entry((period, key.clone())).or_default().0 += 1;
            *self
                .names
                .entry(key.clone())
                .or_default()
                .entry(m.name.clone())
                .or_default() += 1;
            if self.sentence_scope {
                by_sentence
                    .entry(sentence_at(doc.tokens, m.start))
                    .or_default()
                    .insert(key.clone());
            }
            in_doc.insert(key);
            if self.keep_mentions {
                self.mentions.push(MentionRow {
                    index: doc.index,
                    doc_id: doc.doc.doc_id,
                    date: doc.doc.date,
                    kind: m.kind.as_str(),
                    entity_id: m.entity_id.clone(),
                    name: m.name.clone(),
                    surface: m.surface.clone(),
                    start: m.start,
                    end: m.end,
                });
            }
        }
        for k in &in_doc {
            self.counts.entry((period, k.clone())).or_default().1 += 1;
        }
        if self.sentence_scope {
            let units: Vec<BTreeSet<Key>> = by_sentence.into_values().collect();
            self.add_units(period, &units);
        } else {
            self.add_units(period, &[in_doc]);
        }
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

    fn merge(&mut self, other: Self) {
        self.mentions.extend(other.mentions);
        for (k, v) in other.counts {
            let e = self.counts.entry(k).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
        for (k, m) in other.names {
            let e = self.names.entry(k).or_default();
            for (n, c) in m {
                *e.entry(n).or_default() += c;
            }
        }
        for (k, v) in other.totals {
            let e = self.totals.entry(k).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
        for (k, v) in other.unit_counts {
            *self.unit_counts.entry(k).or_default() += v;
        }
        for (k, v) in other.pairs {
            *self.pairs.entry(k).or_default() += v;
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

/// Builds the gazetteer and the extractor the options describe.
pub fn extractor(
    people: Option<&Path>,
    countries: Option<&Path>,
    name_finder: bool,
    demonyms: bool,
) -> Result<Extractor> {
    let mut g = Gazetteer::builtin();
    if let Some(p) = people {
        g.add_people_file(p)
            .with_context(|| format!("cannot read the people file `{}`", p.display()))?;
    }
    if let Some(c) = countries {
        g.add_countries_file(c)
            .with_context(|| format!("cannot read the countries file `{}`", c.display()))?;
    }
    let o = ExtractorOptions {
        find_names: name_finder,
        demonyms,
        ..ExtractorOptions::default()
    };
    Ok(Extractor::new(&g, &o))
}

/// The accumulator a study asks for (`None` when entities are turned off).
pub fn study_accumulator(study: &Study, base: &Path, sp: &str) -> Result<Option<EntityCounts>> {
    let e = &study.entities;
    if !e.enabled {
        return Ok(None);
    }
    let sentence = match e.co_scope.as_str() {
        "document" => false,
        "sentence" => true,
        other => bail!("{sp}: [entities] co_scope: `{other}` is not `document` or `sentence`"),
    };
    let people = e.people.as_ref().map(|p| base.join(p));
    let countries = e.countries.as_ref().map(|p| base.join(p));
    let x = extractor(
        people.as_deref(),
        countries.as_deref(),
        e.name_finder,
        e.demonyms,
    )?;
    let mut counts = EntityCounts::new(x, sentence, false);
    counts.keep_mentions = e.mentions;
    Ok(Some(counts))
}

/// Draws the `top` most mentioned entities over time from an `entity_counts` table.
pub fn draw_top(path: &Path, counts: &Table, periods: &PeriodIndex, top: usize) -> Result<()> {
    let (
        Some(Values::Str(ids)),
        Some(Values::Str(names)),
        Some(Values::Str(plabels)),
        Some(Values::Int(m)),
    ) = (
        counts.column("entity_id"),
        counts.column("name"),
        counts.column("period"),
        counts.column("mentions"),
    )
    else {
        bail!("not an entity_counts table");
    };
    let mut total: BTreeMap<&str, i64> = BTreeMap::new();
    for (id, v) in ids.iter().zip(m) {
        *total.entry(id).or_default() += v;
    }
    let mut ranked: Vec<(&str, i64)> = total.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(top);
    let labels: Vec<String> = periods.periods().iter().map(|p| p.label.clone()).collect();
    let pos: BTreeMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let mut series = Vec::new();
    for (id, _) in &ranked {
        let mut values = vec![0.0; labels.len()];
        let mut name = (*id).to_string();
        for i in 0..ids.len() {
            if ids[i] == *id {
                if let Some(&p) = pos.get(plabels[i].as_str()) {
                    values[p] += m[i] as f64;
                }
                name.clone_from(&names[i]);
            }
        }
        series.push(Series {
            label: name,
            values,
        });
    }
    line_chart(
        path,
        "Leading people and countries",
        "mentions",
        &labels,
        &series,
    )
}

/// The tokenization of `dateline entities` (the default pipeline: it has no token options).
pub fn entity_token_opts() -> crate::cli::TokenOpts {
    crate::cli::TokenOpts {
        pipeline: "default".into(),
        keep_case: false,
        lowercase: false,
        stopwords: None,
        stem: false,
        min_len: None,
        keep_numbers: false,
        keep_possessive: false,
        split_hyphens: false,
        phrases: None,
        phrase: Vec::new(),
        no_index: false,
    }
}

/// Runs `dateline entities`.
pub fn run(a: &EntitiesArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    check_partition(a)?;
    if super::count::is_counts_dir(&a.corpus) {
        return counts::from_counts(a, quiet, started);
    }
    let by = by_of(a.period.by).context("--by doc is only for `dateline terms`")?;
    let sentence = match a.co_scope.as_str() {
        "document" => false,
        "sentence" => true,
        other => bail!("--co-scope `{other}`: expected `document` or `sentence`"),
    };
    let x = extractor(
        a.people.as_deref(),
        a.countries.as_deref(),
        !a.no_name_finder,
        !a.no_demonyms,
    )?;
    let tok = entity_token_opts();
    let prep = Prepared::new(
        &a.corpus,
        &tok,
        by,
        period_range(&a.period)?,
        &a.period.lang,
        quiet,
    )?;
    let proto = EntityCounts::new(x, sentence, a.unmatched);
    let (acc, stats) = prep.run(&prep.pass_options(), || proto.empty_like(), quiet)?;
    let mut tables = acc.tables(&prep.periods, &a.track);
    if let Some(top) = a.top {
        tables[1] = top_per_period(&tables[1], top, &a.track);
    }
    if let Some(plot) = &a.plot {
        draw_top(plot, &tables[1], &prep.periods, a.top.unwrap_or(8))?;
        if !quiet {
            eprintln!("wrote {}", plot.display());
        }
    }
    write_tables(
        a,
        &tables,
        1,
        serde_json::json!({ "pass": stats_json(&stats) }),
        started,
        quiet,
    )
}

/// Writes `tables` into the `--output` folder with a manifest (`extra` in it), or, without a
/// folder, the table `main` as CSV to stdout.
fn write_tables(
    a: &EntitiesArgs,
    tables: &[Table],
    main: usize,
    extra: serde_json::Value,
    started: Instant,
    quiet: bool,
) -> Result<ExitCode> {
    let Some(dir) = &a.output else {
        // No folder: print entity_counts as CSV.
        tables[main].write_csv_to(std::io::stdout().lock())?;
        return Ok(ExitCode::SUCCESS);
    };
    crate::common::check_output(dir, std::slice::from_ref(&a.corpus))?;
    let _lock = crate::common::lock_output(dir)?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let exts: &[&str] = match (a.format, a.partition) {
        (Some(FormatArg::Csv), _) => &["csv"],
        (Some(FormatArg::Parquet), _) | (None, true) => &["parquet"],
        (Some(FormatArg::Both) | None, _) => &["csv", "parquet"],
    };
    let mut manifest = dateline_tables::Manifest::new(VERSION, serde_json::json!({ "args": a }));
    manifest.inputs = dateline_tables::fingerprint_paths(std::slice::from_ref(&a.corpus));
    let mut staged = Vec::new();
    for t in tables {
        crate::common::check_schema(t)?;
        if a.partition && t.column("period").is_some() {
            let d = dir.join(&t.name);
            crate::common::check_not_input(&d, std::slice::from_ref(&a.corpus))?;
            let files = dateline_tables::write_partitioned(t, &d, "period")?;
            let seconds = Some(started.elapsed().as_secs_f64());
            manifest.add_dataset(t, &d, "period", &files, seconds);
            if !quiet {
                eprintln!(
                    "wrote {} ({} rows, {} files)",
                    d.display(),
                    t.rows(),
                    files.len()
                );
            }
            continue;
        }
        for ext in exts {
            let p: PathBuf = dir.join(format!("{}.{ext}", t.name));
            crate::common::check_not_input(&p, std::slice::from_ref(&a.corpus))?;
            let st = dateline_tables::stage_table(t, &p)?;
            manifest.add_output(t, st.written.clone(), Some(started.elapsed().as_secs_f64()));
            staged.push((st, t.rows()));
        }
    }
    manifest.extra = extra;
    // The tables are renamed in together, the manifest last.
    let rows: Vec<usize> = staged.iter().map(|(_, n)| *n).collect();
    let written = dateline_tables::commit_all(
        staged.into_iter().map(|(s, _)| s).collect(),
        Some((&manifest, &dir.join("manifest.json"))),
    )?;
    if !quiet {
        for (w, n) in written.iter().zip(rows) {
            eprintln!("wrote {} ({n} rows)", w.path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// With `--partition`: refuses CSV and stdout, before any work is done.
fn check_partition(a: &EntitiesArgs) -> Result<()> {
    if !a.partition {
        return Ok(());
    }
    if a.output.is_none() {
        return Err(anyhow::anyhow!(
            "--partition writes folders of Parquet files, not CSV to stdout"
        )
        .context(crate::common::Hint(
            "name the output folder: -o entities/".into(),
        )));
    }
    if matches!(a.format, Some(FormatArg::Csv | FormatArg::Both)) {
        return Err(anyhow::anyhow!(
            "--partition writes Parquet datasets only, not CSV (--format {})",
            if a.format == Some(FormatArg::Csv) {
                "csv"
            } else {
                "both"
            }
        )
        .context(crate::common::Hint(
            "drop --format (or use --format parquet) with --partition".into(),
        )));
    }
    Ok(())
}

/// Keeps the `top` entities of each type per period (tracked ones always).
fn top_per_period(t: &Table, top: usize, track: &[String]) -> Table {
    let (Some(Values::Str(period)), Some(Values::Str(kind)), Some(Values::Str(id))) =
        (t.column("period"), t.column("type"), t.column("entity_id"))
    else {
        return t.clone();
    };
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let keep: Vec<bool> = (0..t.rows())
        .map(|i| {
            let n = seen
                .entry((period[i].as_str(), kind[i].as_str()))
                .or_default();
            *n += 1;
            *n <= top || track.contains(&id[i])
        })
        .collect();
    let mut out = Table::new(&t.name);
    for (name, v) in &t.columns {
        out.push(name, v.filter(&keep));
    }
    out
}
