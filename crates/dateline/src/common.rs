//! What the subcommands share: building the pipeline, choosing periods, reading the corpus,
//! writing tables with manifests, progress bars.
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_core::{By, DateRange};
use dateline_tables::Table;
use dateline_tokenize::{PipelineSpec, Stopwords};

use crate::cli::{ByArg, OutputOpts, PeriodOpts, TokenOpts};

/// A hint printed after an error.
#[derive(Debug)]
pub struct Hint(pub String);

impl std::fmt::Display for Hint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Hint {}

/// The tool version recorded in manifests.
pub use dateline_tables::writer::VERSION;

/// Builds the pipeline spec the tokenization options describe.
pub fn pipeline_spec(o: &TokenOpts) -> Result<PipelineSpec> {
    let mut spec = PipelineSpec::named(o.pipeline);
    let mut custom = false;
    if o.keep_case {
        spec.lowercase = false;
        custom = true;
    }
    if let Some(s) = &o.stopwords {
        spec.stopwords = Stopwords::parse_arg(s)?;
        custom = true;
    }
    if o.stem {
        spec.stem = true;
        custom = true;
    }
    if let Some(n) = o.min_len {
        spec.min_len = n;
        custom = true;
    }
    if o.keep_numbers {
        spec.keep_numbers = true;
        custom = true;
    }
    if o.keep_possessive {
        spec.keep_possessive = true;
        custom = true;
    }
    if o.split_hyphens {
        spec.split_hyphens = true;
        custom = true;
    }
    if let Some(p) = &o.phrases {
        spec.phrases.extend(read_phrases(p)?);
        custom = true;
    }
    if !o.phrase.is_empty() {
        spec.phrases.extend(o.phrase.iter().cloned());
        custom = true;
    }
    if custom {
        spec.name = "custom".into();
    }
    Ok(spec)
}

/// Reads a phrase list: one expression per line, `#` comments; a CSV with a `collocation` or
/// `phrase` column (as `dateline collocations` writes) also works.
pub fn read_phrases(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the phrase file `{}`", path.display()))?;
    let mut lines = text.lines();
    let first = lines.clone().next().unwrap_or("");
    let header: Vec<&str> = first.split(',').collect();
    if let Some(col) = header
        .iter()
        .position(|h| *h == "collocation" || *h == "phrase")
    {
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        let mut out = Vec::new();
        for rec in rd.records() {
            let rec = rec.with_context(|| format!("bad CSV in `{}`", path.display()))?;
            if let Some(v) = rec.get(col) {
                out.push(v.to_string());
            }
        }
        out.sort();
        out.dedup();
        return Ok(out);
    }
    lines = text.lines();
    Ok(lines
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect())
}

/// The period length, or `None` for `--by doc`.
pub fn by_of(b: ByArg) -> Option<By> {
    Some(match b {
        ByArg::Day => By::Day,
        ByArg::Week => By::Week,
        ByArg::Month => By::Month,
        ByArg::Quarter => By::Quarter,
        ByArg::Year => By::Year,
        ByArg::All => By::All,
        ByArg::Doc => return None,
    })
}

/// The date range `--from`/`--to` give (open ends stay open).
pub fn range_of(from: Option<&str>, to: Option<&str>) -> Result<DateRange> {
    let mut r = DateRange::default();
    if let Some(f) = from {
        let x: DateRange = f.parse().context("bad --from")?;
        r.start = x.start;
    }
    if let Some(t) = to {
        let x: DateRange = t.parse().context("bad --to")?;
        r.end = x.end;
    }
    if let (Some(a), Some(b)) = (r.start, r.end) {
        if b < a {
            bail!("--to {b} comes before --from {a}");
        }
    }
    Ok(r)
}

/// The range of a [`PeriodOpts`].
pub fn period_range(p: &PeriodOpts) -> Result<DateRange> {
    range_of(p.from.as_deref(), p.to.as_deref())
}

/// `Some(code)` to analyse, `None` for every language (`--lang` values are read by
/// [`dateline_core::lang::parse_lang`]: codes and English names in any case).
pub fn lang_filter(lang: &str) -> Result<Option<String>> {
    Ok(dateline_core::lang::parse_lang(lang)?
        .code()
        .map(str::to_string))
}

/// Writes an analysis' table (and its companions) with a manifest recording the options and the
/// pass statistics.
#[allow(clippy::too_many_arguments)]
pub fn write_analysis(
    out: &OutputOpts,
    corpus: &Path,
    options: serde_json::Value,
    stats: &dateline_analytics::pass::PassStats,
    main: &Table,
    companions: &[(&str, &Table)],
    started: Instant,
    quiet: bool,
) -> Result<()> {
    let mut w = dateline_tables::writer::TableWriter::new(
        out.into(),
        &[corpus.to_path_buf()],
        options,
        quiet,
    );
    w.extra(serde_json::json!({ "pass": stats_json(stats) }));
    Ok(w.write(main, companions, started)?)
}

/// Prints the warning of a partial counts folder, and returns what the manifest of an output
/// derived from it records.
pub fn warn_partial(dir: &Path, meta: &dateline_tables::counts::CountsMeta) -> serde_json::Value {
    if !meta.partial {
        return serde_json::json!({ "partial": false });
    }
    let missing = dateline_tables::counts::missing_shards(&meta.shards);
    eprintln!(
        "warning: `{}` is a partial merge ({} missing): its counts cover only part of the corpus",
        dir.display(),
        dateline_tables::counts::missing_text(&missing)
    );
    serde_json::json!({ "partial": true, "missing_shards": missing })
}

/// A progress bar on stderr when it is a terminal (and not `--quiet`); hidden otherwise.
pub fn progress(len: u64, what: &str, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(
        "{prefix:>10} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .progress_chars("=> ");
    let pb = indicatif::ProgressBar::new(len).with_style(style);
    pb.set_prefix(what.to_string());
    pb
}

pub use dateline_tables::prepared::{check_analysed, Prepared};

/// Opens a corpus for an analysis with these token options ([`Prepared::open`]), saying
/// (unless `quiet`) what was found on the way.
pub fn prepare(
    corpus: &Path,
    tok: &TokenOpts,
    by: By,
    range: DateRange,
    lang: &str,
    quiet: bool,
) -> Result<Prepared> {
    let spec = pipeline_spec(tok)?;
    let mut notes = Vec::new();
    let prep = Prepared::open(corpus, spec, by, range, None, !tok.no_index, &mut notes);
    if !quiet {
        for n in &notes {
            eprintln!("{n}");
        }
    }
    let mut prep = prep?;
    prep.lang = lang_filter(lang)?;
    Ok(prep)
}

/// [`prepare`] with the period options of an analysis that counts per period (`--by doc` is
/// refused: only `terms` counts per document).
pub fn prepare_periods(
    corpus: &Path,
    tok: &TokenOpts,
    period: &PeriodOpts,
    quiet: bool,
) -> Result<Prepared> {
    let by = by_of(period.by).context("--by doc is only for `dateline terms`")?;
    prepare(corpus, tok, by, period_range(period)?, &period.lang, quiet)
}

/// Feeds the pass the person and country mentions stored in the corpus' index when they are
/// those of `choice`'s extractor (then the extractor does not run); otherwise says why, unless
/// `quiet`. True when they are used.
pub fn use_stored_mentions(
    prep: &mut Prepared,
    choice: &dateline_entities::ExtractorChoice<'_>,
    quiet: bool,
) -> Result<bool> {
    let fp = choice.fingerprint()?;
    match prep.use_stored_mentions(&fp) {
        Ok(()) => {
            if !quiet {
                if let Some(ix) = &prep.index {
                    eprintln!(
                        "reading the mentions stored in {}",
                        ix.reader.dir().display()
                    );
                }
            }
            Ok(true)
        }
        Err(why) => {
            if !quiet && prep.index.is_some() {
                eprintln!("note: {why}");
            }
            Ok(false)
        }
    }
}

/// Opens a corpus table checked against its manifest
/// ([`dateline_tables::prepared::open_checked_corpus`]), printing its warnings unless `quiet`.
pub fn open_checked(path: &Path, quiet: bool) -> Result<dateline_tables::CorpusReader> {
    let mut notes = Vec::new();
    let r = dateline_tables::prepared::open_checked_corpus(path, &mut notes);
    if !quiet {
        for n in &notes {
            eprintln!("{n}");
        }
    }
    Ok(r?)
}

/// Runs one pass over a prepared corpus ([`Prepared::run`]) with a progress bar, prints what
/// was left out, and refuses a pass that analysed nothing (an empty shard is said with a
/// warning instead).
pub fn run_pass<A: dateline_analytics::pass::Accumulator>(
    prep: &Prepared,
    opts: &dateline_analytics::pass::PassOptions<'_>,
    make: impl Fn() -> A + Sync,
    quiet: bool,
) -> Result<(A, dateline_analytics::pass::PassStats)> {
    let pb = doc_progress(prep.corpus.rows() as u64, "analyse", quiet);
    let t = Instant::now();
    let (acc, stats) = prep.run(opts, make, &|n| pb.inc(n))?;
    pb.finish_and_clear();
    if !quiet {
        print_stats(&stats, t.elapsed().as_secs_f64());
    }
    match &prep.empty_share {
        Some(share) if stats.docs_analysed == 0 => {
            if !quiet {
                eprintln!(
                    "warning: shard {share} holds no document to analyse: its counts are empty"
                );
            }
        }
        _ => check_analysed(&stats)?,
    }
    Ok((acc, stats))
}

/// One line on stderr: how many documents were analysed and why the others were not.
pub fn print_stats(s: &dateline_analytics::pass::PassStats, secs: f64) {
    eprintln!(
        "analysed {} of {} documents in {:.2}s ({} undated, {} out of range, {} in another language left out)",
        s.docs_analysed, s.docs_total, secs, s.docs_undated, s.docs_out_of_range, s.docs_other_lang
    );
}

/// The pass statistics as JSON for manifests.
pub fn stats_json(s: &dateline_analytics::pass::PassStats) -> serde_json::Value {
    serde_json::json!({
        "docs_total": s.docs_total,
        "docs_analysed": s.docs_analysed,
        "docs_undated": s.docs_undated,
        "docs_out_of_range": s.docs_out_of_range,
        "docs_other_lang": s.docs_other_lang,
    })
}

/// A document-count progress bar (hidden when not a terminal).
pub fn doc_progress(len: u64, what: &str, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(
        "{prefix:>10} [{bar:30}] {pos}/{len} docs {per_sec} {eta}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .progress_chars("=> ");
    let pb = indicatif::ProgressBar::new(len).with_style(style);
    pb.set_prefix(what.to_string());
    pb
}

/// Parses `N` or `A..B` (inclusive) within `[lo, hi]`.
pub fn parse_size_range(s: &str, lo: usize, hi: usize, what: &str) -> Result<(usize, usize)> {
    let parse = |x: &str| -> Result<usize> {
        x.trim()
            .parse::<usize>()
            .with_context(|| format!("bad {what} `{s}`: expected N or A..B"))
    };
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (parse(a)?, parse(b.trim_start_matches('='))?),
        None => {
            let n = parse(s)?;
            (n, n)
        }
    };
    if a < lo || b > hi || a > b {
        bail!("bad {what} `{s}`: sizes must lie in {lo}..{hi} with the first not above the last");
    }
    Ok((a, b))
}

/// Parses every query, naming the one that is wrong.
pub fn parse_queries(
    qs: &[String],
    pipeline: &dateline_tokenize::Pipeline,
) -> Result<Vec<dateline_analytics::query::Query>> {
    qs.iter()
        .map(|q| {
            dateline_analytics::query::Query::parse(q, pipeline)
                .with_context(|| format!("bad query `{q}`"))
        })
        .collect()
}
