//! What the subcommands share: building the pipeline, choosing periods, reading the corpus,
//! writing tables with manifests, progress bars.
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_core::{By, DateRange, Document};
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
    let mut spec = PipelineSpec::from_name(&o.pipeline)?;
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

/// Keeps a document in an analysis (a shard of the corpus, say).
pub type DocFilter = Box<dyn Fn(&Document) -> bool + Sync + Send>;

/// Everything an analysis of a corpus table needs: the table (read in batches), pipeline,
/// periods.
pub struct Prepared {
    /// The corpus table, read batch by batch by [`Prepared::run`].
    pub corpus: dateline_tables::CorpusReader,
    /// Only documents it keeps are read into the pass (`None`: all).
    pub filter: Option<DocFilter>,
    /// A share of a plan (`count --shard K/N`, N > 1): analysing nothing is a valid, empty
    /// share (merge needs every shard), said with a warning instead of refused.
    pub empty_share: Option<String>,
    /// The pipeline's spec (recorded in the manifest).
    pub spec: PipelineSpec,
    /// The pipeline.
    pub pipeline: dateline_tokenize::Pipeline,
    /// The analysed range (`--from`/`--to`).
    pub range: DateRange,
    /// The periods covering it.
    pub periods: dateline_core::PeriodIndex,
    /// The earliest and latest dates in the range (of the whole corpus, every language), with
    /// their rows.
    pub dates: Option<dateline_analytics::pass::DateSpan>,
    /// Language filter.
    pub lang: Option<String>,
    /// The corpus' index, when it can give this pipeline's tokens (else the text is tokenized).
    pub index: Option<dateline_tables::index_io::IndexedTokens>,
    /// The analysis reads the documents' text (KWIC lines, entity names), not only their
    /// tokens: true unless the command says otherwise. With an index and no need of the text,
    /// the bodies are not read at all.
    pub text_needed: bool,
}

/// Documents per batch of a pass; `DATELINE_BATCH_ROWS` overrides it (tests use it to check
/// that batching does not change results).
pub fn batch_rows() -> usize {
    std::env::var("DATELINE_BATCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(dateline_tables::DEFAULT_BATCH_ROWS)
}

/// A span of too many periods, with the documents at its ends named (doc_id, origin).
pub fn span_refusal(
    reader: &dateline_tables::CorpusReader,
    e: dateline_analytics::pass::SpanError,
) -> anyhow::Error {
    let dateline_analytics::pass::SpanError::TooManyPeriods {
        dates: Some(span), ..
    } = &e
    else {
        return e.into();
    };
    let (ids, origins) = (
        reader.text_column("doc_id").unwrap_or_default(),
        reader.text_column("origin").unwrap_or_default(),
    );
    let name = |(date, row): (chrono::NaiveDate, usize)| {
        let get = |v: &[Option<String>]| v.get(row).cloned().flatten().unwrap_or_default();
        format!("{date} (document {}, {})", get(&ids), get(&origins))
    };
    anyhow::anyhow!(
        "{e}: the dates run from {} to {}",
        name(span.first),
        name(span.last)
    )
    .context(Hint(
        "limit the dates with --from/--to, or correct the date of that document in the corpus"
            .into(),
    ))
}

/// Opens a corpus table, with a hint when the file is not one; a counts folder is refused by
/// name (only `terms` and `entities` read counts folders).
pub fn open_corpus(path: &Path) -> Result<dateline_tables::CorpusReader> {
    if dateline_tables::counts::is_counts_dir(path) {
        return Err(anyhow::anyhow!(
            "`{}` is a counts folder: this analysis needs the documents (a corpus table)",
            path.display()
        )
        .context(Hint(
            "give the corpus table; of the analyses, only `dateline terms` and `dateline entities` read counts folders".into(),
        )));
    }
    dateline_tables::CorpusReader::open(path)
        .with_context(|| format!("cannot read the corpus `{}`", path.display()))
        .map_err(|e| {
            e.context(Hint(
                "make a corpus table first: dateline ingest <FOLDER> -o corpus.parquet".into(),
            ))
        })
}

/// Opens a corpus table after checking it against the manifest that lists it: a table that does
/// not match its manifest (written by another run, or changed since) is refused; a table no
/// manifest lists is read with a warning.
pub fn open_checked_corpus(path: &Path, quiet: bool) -> Result<dateline_tables::CorpusReader> {
    use dateline_tables::ManifestCheck;
    if !path.is_file() {
        return open_corpus(path); // the reader says what is wrong
    }
    match dateline_tables::check_against_manifest(path) {
        Ok(ManifestCheck::Matches(_)) => {}
        Ok(ManifestCheck::NoManifest) => {
            if !quiet {
                eprintln!(
                    "warning: no manifest lists `{}`: it cannot be checked for completeness (made by hand, or by an older dateline?)",
                    path.display()
                );
            }
        }
        Ok(ManifestCheck::NoFingerprint(m)) => {
            if !quiet {
                eprintln!(
                    "warning: `{}` lists `{}` without a fingerprint (an older dateline): it cannot be checked for completeness",
                    m.display(),
                    path.display()
                );
            }
        }
        Err(e @ dateline_tables::TablesError::ManifestMismatch { .. }) => {
            return Err(anyhow::Error::new(e).context(Hint(
                "re-run dateline ingest (or dateline run) to make the corpus and its manifest again".into(),
            )));
        }
        Err(_) => {} // unreadable: the reader says why
    }
    open_corpus(path)
}

impl Prepared {
    /// Opens the corpus and builds the pipeline and the periods (from the `date` column alone).
    pub fn new(
        corpus: &Path,
        tok: &TokenOpts,
        by: By,
        range: DateRange,
        lang: &str,
        quiet: bool,
    ) -> Result<Self> {
        let spec = pipeline_spec(tok)?;
        let t = Instant::now();
        let reader = open_checked_corpus(corpus, quiet)?;
        let dates = reader
            .dates()
            .with_context(|| format!("cannot read the corpus `{}`", corpus.display()))?;
        let plan = match dateline_analytics::pass::plan_periods(&dates, by, range) {
            Ok(plan) => plan,
            Err(e) => return Err(span_refusal(&reader, e)),
        };
        drop(dates);
        if !quiet {
            eprintln!(
                "opened {} ({} documents) in {:.2}s",
                corpus.display(),
                reader.rows(),
                t.elapsed().as_secs_f64()
            );
        }
        let pipeline = dateline_tokenize::Pipeline::new(&spec);
        let index = if tok.no_index {
            None
        } else {
            match dateline_tables::index_io::indexed_tokens(corpus, &pipeline)
                .with_context(|| format!("cannot read the index of `{}`", corpus.display()))?
            {
                Ok(ix) => Some(ix),
                Err(why) => {
                    if !quiet {
                        eprintln!("note: {why}");
                    }
                    None
                }
            }
        };
        Ok(Prepared {
            corpus: reader,
            filter: None,
            empty_share: None,
            spec,
            pipeline,
            range,
            periods: plan.index,
            dates: plan.dates,
            lang: lang_filter(lang)?,
            index,
            text_needed: true,
        })
    }

    /// Pass options for this analysis.
    pub fn pass_options(&self) -> dateline_analytics::pass::PassOptions<'_> {
        let mut o = dateline_analytics::pass::PassOptions::new(&self.periods);
        o.range = self.range;
        o.lang.clone_from(&self.lang);
        o
    }

    /// Runs one pass over the corpus, batch by batch, with a progress bar, and prints what was
    /// left out.
    pub fn run<A: dateline_analytics::pass::Accumulator>(
        &self,
        opts: &dateline_analytics::pass::PassOptions<'_>,
        make: impl Fn() -> A + Sync,
        quiet: bool,
    ) -> Result<(A, dateline_analytics::pass::PassStats)> {
        let pb = doc_progress(self.corpus.rows() as u64, "analyse", quiet);
        let t = Instant::now();
        let (acc, stats) = if let Some(ix) = &self.index {
            let mut start = 0;
            let batches = if self.text_needed {
                self.corpus.batches(batch_rows())
            } else {
                self.corpus.batches_without_body(batch_rows())
            };
            let batches = batches.map(|b| {
                let mut b = b?;
                let mut streams = ix.reader.streams(ix.rules, start, b.len())?;
                start += b.len();
                if let Some(keep) = &self.filter {
                    let flags: Vec<bool> = b.iter().map(keep).collect();
                    streams = streams.select(&flags);
                    let before = b.len();
                    b.retain(|d| keep(d));
                    pb.inc((before - b.len()) as u64);
                }
                Ok::<_, dateline_tables::TablesError>((b, streams))
            });
            dateline_analytics::pass::run_indexed_pass_batches(batches, &ix.map, opts, make, &|n| {
                pb.inc(n);
            })
        } else {
            let batches = self.corpus.batches(batch_rows()).map(|b| {
                let mut b = b?;
                if let Some(keep) = &self.filter {
                    let before = b.len();
                    b.retain(|d| keep(d));
                    pb.inc((before - b.len()) as u64);
                }
                Ok::<_, dateline_tables::TablesError>(b)
            });
            dateline_analytics::pass::run_pass_batches(batches, &self.pipeline, opts, make, &|n| {
                pb.inc(n);
            })
        }
        .with_context(|| format!("cannot read the corpus `{}`", self.corpus.path().display()))?;
        pb.finish_and_clear();
        if !quiet {
            print_stats(&stats, t.elapsed().as_secs_f64());
        }
        match &self.empty_share {
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
}

/// One line on stderr: how many documents were analysed and why the others were not.
pub fn print_stats(s: &dateline_analytics::pass::PassStats, secs: f64) {
    eprintln!(
        "analysed {} of {} documents in {:.2}s ({} undated, {} out of range, {} in another language left out)",
        s.docs_analysed, s.docs_total, secs, s.docs_undated, s.docs_out_of_range, s.docs_other_lang
    );
}

/// Refuses a pass that analysed no document (every one undated, out of range or in another
/// language): the one check of every analysis command, made before anything is written
/// ([`dateline_analytics::pass::PassStats::nothing_analysed`] says why).
pub fn check_analysed(s: &dateline_analytics::pass::PassStats) -> Result<()> {
    let Some((reason, hints)) = s.nothing_analysed() else {
        return Ok(());
    };
    let e = anyhow::anyhow!(reason);
    if s.docs_total == 0 {
        return Err(e);
    }
    Err(e.context(Hint(hints.join("; "))))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        for (n, s) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1061, "1,061"),
            (63476, "63,476"),
            (1_000_000, "1,000,000"),
        ] {
            assert_eq!(dateline_analytics::limits::thousands(n), s);
        }
    }

    #[test]
    fn a_pass_that_analysed_nothing_is_refused_with_the_reasons() {
        let mut s = dateline_analytics::pass::PassStats {
            docs_total: 1061,
            docs_analysed: 0,
            docs_undated: 3,
            docs_out_of_range: 8,
            docs_other_lang: 1050,
        };
        let e = check_analysed(&s).unwrap_err();
        assert_eq!(
            format!("{:#}", e),
            "choose the language with --lang (`--lang all` for every one); widen --from/--to; \
             undated documents are analysed only with --by doc: nothing to analyse: 0 of 1,061 \
             documents analysed (1,050 in another language, 8 out of range, 3 undated)"
        );
        s.docs_analysed = 1;
        assert!(check_analysed(&s).is_ok());
    }
}
