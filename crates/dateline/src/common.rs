//! What the subcommands share: building the pipeline, choosing periods, reading the corpus,
//! writing tables with manifests, progress bars.
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_core::{By, DateRange, Document};
use dateline_tables::{Manifest, Table};
use dateline_tokenize::{PipelineSpec, Stopwords};

use crate::cli::{ByArg, FormatArg, OutputOpts, PeriodOpts, TokenOpts};

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
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

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

/// The files an output option asks for: one per format. The format's extension replaces the
/// given one (`terms.csv` → `terms.parquet`); a gzipped CSV stays gzipped (`-o t.csv.gz
/// --format both` → `t.csv.gz` and `t.parquet`, not `t.csv.csv`).
pub fn output_paths(out: &Path, format: Option<FormatArg>) -> Vec<PathBuf> {
    let gz = out
        .file_name()
        .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().ends_with(".gz"));
    let with = |ext: &str| {
        let stem = output_stem(out);
        let name = if ext == "csv" && gz {
            format!("{stem}.csv.gz")
        } else {
            format!("{stem}.{ext}")
        };
        out.with_file_name(name)
    };
    match format {
        None => vec![out.to_path_buf()],
        Some(FormatArg::Csv) => vec![with("csv")],
        Some(FormatArg::Parquet) => vec![with("parquet")],
        Some(FormatArg::Both) => vec![with("csv"), with("parquet")],
    }
}

/// The name of an output without its format extensions: `terms.parquet` → `terms`,
/// `corpus.csv.gz` → `corpus`.
fn output_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `terms.parquet` → `terms.periods.parquet`, `corpus.csv.gz` → `corpus.report.csv.gz`: a
/// companion table beside an output.
pub fn companion(path: &Path, name: &str) -> PathBuf {
    let stem = output_stem(path);
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let inner = if gz {
        path.with_extension("")
    } else {
        path.to_path_buf()
    };
    let ext = inner
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "csv".into());
    let gz = if gz { ".gz" } else { "" };
    path.with_file_name(format!("{stem}.{name}.{ext}{gz}"))
}

/// Refuses an output inside an input folder (the next run would read it back as an article)
/// or over an input file: every command's outputs go through this one check
/// ([`dateline_tables::check_output_vs_inputs`]).
pub fn check_output(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    match dateline_tables::check_output_vs_inputs(out, inputs) {
        Ok(()) => Ok(()),
        Err(e @ dateline_tables::TablesError::InsideInput { .. }) => Err(anyhow::Error::new(e)
            .context(Hint(
                "write it elsewhere (-o ../corpus.parquet): a later run would read it back as an article".into(),
            ))),
        Err(e) => Err(e.into()),
    }
}

/// Refuses to write over an input file (see [`check_output`]).
pub fn check_not_input(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    check_output(out, inputs)
}

/// Refuses, before any work, an output path dateline will not write (a folder, a dangling
/// link, `.parquet.gz`, `.bz2`, …): the same decision [`dateline_tables::plan_output`] makes
/// when the file is written.
pub fn check_output_path(out: &Path) -> Result<dateline_tables::OutputSpec> {
    Ok(dateline_tables::plan_output(out)?)
}

/// Takes the lock of an output (a second dateline writing it at once is refused).
pub fn lock_output(out: &Path) -> Result<dateline_tables::OutputLock> {
    dateline_tables::OutputLock::acquire(out).map_err(|e| {
        let hint = matches!(e, dateline_tables::TablesError::Locked { .. });
        let e = anyhow::Error::new(e);
        if hint {
            e.context(Hint(
                "wait for it to finish, or write elsewhere; a lock of a process that is gone is taken over".into(),
            ))
        } else {
            e
        }
    })
}

/// Writes tables to an output option (or CSV to stdout without `-o`) with a manifest beside
/// the main output.
pub struct Writer<'a> {
    out: &'a OutputOpts,
    inputs: Vec<PathBuf>,
    manifest: Manifest,
    quiet: bool,
}

impl<'a> Writer<'a> {
    /// A writer for a command's output options.
    pub fn new(
        out: &'a OutputOpts,
        inputs: &[PathBuf],
        options: serde_json::Value,
        quiet: bool,
    ) -> Self {
        let mut manifest = Manifest::new(VERSION, options);
        manifest.inputs = dateline_tables::fingerprint_paths(inputs);
        Writer {
            out,
            inputs: inputs.to_vec(),
            manifest,
            quiet,
        }
    }

    /// Extra facts for the manifest.
    pub fn extra(&mut self, extra: serde_json::Value) {
        self.manifest.extra = extra;
    }

    /// Writes the main table and its companions (`(name, table)`, written beside it as
    /// `<stem>.<name>.<ext>`; to stdout only the main table goes).
    pub fn write(
        mut self,
        main: &Table,
        companions: &[(&str, &Table)],
        started: Instant,
    ) -> Result<()> {
        check_schema(main)?;
        for (_, t) in companions {
            check_schema(t)?;
        }
        if self.out.partition {
            return self.write_datasets(main, companions, started);
        }
        let Some(out) = &self.out.output else {
            let stdout = std::io::stdout();
            main.write_csv_to(stdout.lock())
                .context("cannot write to stdout")?;
            return Ok(());
        };
        let paths = output_paths(out, self.out.format);
        for path in &paths {
            check_output(path, &self.inputs)?;
            for (name, _) in companions {
                check_output(&companion(path, name), &self.inputs)?;
            }
        }
        let _lock = lock_output(out)?;
        let mut staged = Vec::new();
        let mut streamed = false;
        for path in &paths {
            let s = dateline_tables::stage_table(main, path)?.named_by_user();
            if s.is_stream() {
                // A device or pipe: the table is written through; no companions, no manifest.
                streamed = true;
                let w = s.commit()?;
                if !self.quiet {
                    eprintln!(
                        "wrote {} (a device or pipe: no companion tables, no manifest)",
                        w.path.display()
                    );
                }
                continue;
            }
            self.manifest.add_output(
                main,
                s.written.clone(),
                Some(started.elapsed().as_secs_f64()),
            );
            staged.push(s);
            for (name, t) in companions {
                let s = dateline_tables::stage_table(t, &companion(path, name))?;
                self.manifest.add_output(t, s.written.clone(), None);
                staged.push(s);
            }
        }
        if streamed && staged.is_empty() {
            return Ok(());
        }
        let written_paths: Vec<PathBuf> = staged.iter().map(|s| s.written.path.clone()).collect();
        let mpath = manifest_path(out);
        dateline_tables::commit_all(staged, Some((&self.manifest, &mpath)))?;
        self.report(&written_paths, &mpath);
        Ok(())
    }

    /// Lists what was written.
    fn report(&self, written_paths: &[PathBuf], mpath: &Path) {
        if !self.quiet {
            for p in written_paths {
                eprintln!("wrote {}", p.display());
            }
            eprintln!("wrote {}", mpath.display());
        }
    }

    /// Writes the manifest beside `out` and lists what was written.
    fn finish(&self, out: &Path, written_paths: &[PathBuf]) -> Result<()> {
        let mpath = manifest_path(out);
        self.manifest.write(&mpath)?;
        self.report(written_paths, &mpath);
        Ok(())
    }
}

/// With `--partition`: refuses what cannot be a Parquet dataset (no `-o`, CSV output), so that
/// the command stops before the analysis.
pub fn check_partition(o: &OutputOpts) -> Result<()> {
    if !o.partition {
        return Ok(());
    }
    let Some(out) = &o.output else {
        return Err(anyhow::anyhow!(
            "--partition writes folders of Parquet files, not CSV to stdout"
        )
        .context(Hint(
            "name the output: -o terms.parquet writes the dataset folder terms/".into(),
        )));
    };
    let csv_asked = match o.format {
        Some(FormatArg::Csv | FormatArg::Both) => true,
        Some(FormatArg::Parquet) => false,
        None => {
            out.extension().is_some()
                && dateline_tables::OutputFormat::from_path(out)
                    != dateline_tables::OutputFormat::Parquet
        }
    };
    if csv_asked {
        return Err(anyhow::anyhow!(
            "--partition writes Parquet datasets only, not CSV (`{}`{})",
            out.display(),
            o.format
                .map(|f| format!(", --format {}", serde_json::json!(f).as_str().unwrap_or("")))
                .unwrap_or_default()
        )
        .context(Hint(
            "use -o NAME.parquet (or drop --partition for CSV)".into(),
        )));
    }
    Ok(())
}

impl Writer<'_> {
    /// `--partition`: the tables with a `period` column as Parquet datasets partitioned by
    /// period (`-o terms.parquet` → `terms/period=…/part-0.parquet`, the companion `periods`
    /// → `terms.periods/…`), the others as single Parquet files; one manifest lists them all.
    fn write_datasets(
        mut self,
        main: &Table,
        companions: &[(&str, &Table)],
        started: Instant,
    ) -> Result<()> {
        check_partition(self.out)?;
        let Some(out) = self.out.output.clone() else {
            bail!("--partition needs -o");
        };
        let main_path = out.with_extension("parquet");
        let _lock = lock_output(&main_path)?;
        let mut tables: Vec<(&Table, PathBuf, Option<f64>)> = vec![(
            main,
            main_path.clone(),
            Some(started.elapsed().as_secs_f64()),
        )];
        for (name, t) in companions {
            tables.push((t, companion(&main_path, name), None));
        }
        let mut written_paths = Vec::new();
        for (t, path, seconds) in tables {
            if t.column("period").is_some() {
                let dir = path.with_extension("");
                check_not_input(&dir, &self.inputs)?;
                let files = dateline_tables::write_partitioned(t, &dir, "period")?;
                self.manifest
                    .add_dataset(t, &dir, "period", &files, seconds);
                written_paths.push(dir);
            } else {
                check_not_input(&path, &self.inputs)?;
                let w = dateline_tables::write_table(t, &path)?;
                self.manifest.add_output(t, w, seconds);
                written_paths.push(path);
            }
        }
        self.finish(&out, &written_paths)
    }
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
    let mut w = Writer::new(out, &[corpus.to_path_buf()], options, quiet);
    w.extra(serde_json::json!({ "pass": stats_json(stats) }));
    w.write(main, companions, started)
}

/// `terms.parquet` → `terms.manifest.json`.
pub fn manifest_path(out: &Path) -> PathBuf {
    let stem = output_stem(out);
    out.with_file_name(format!("{stem}.manifest.json"))
}

/// Refuses, in every build, a table whose columns are not those of its documented schema
/// (`dateline-tables/src/schema.rs`): a table is never written against its documentation.
pub fn check_schema(t: &Table) -> Result<()> {
    Ok(dateline_tables::check_declared(t)?)
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

/// Temporary files that Ctrl-C removes (see [`on_interrupt_remove_partial_files`]).
static PARTIAL_FILES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Held while a result set is renamed into place: Ctrl-C waits for it, so that it never removes
/// the temporary files of a set half renamed in.
static COMMITTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Renames a result set into place (`commit`) with Ctrl-C held off, then records that the
/// output is complete.
pub fn commit_guarded<E>(
    commit: impl FnOnce() -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let _held = COMMITTING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    commit()?;
    output_complete();
    Ok(())
}

/// `corpus.parquet` → `corpus.report.csv` (`corpus.csv.gz` → `corpus.report.csv.gz`): the
/// ingest report beside a corpus.
pub fn report_path(out: &Path) -> PathBuf {
    if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        companion(out, "report")
    } else {
        companion(&out.with_extension("csv"), "report")
    }
}

/// Set once the main output is complete and in place (Ctrl-C then says so).
static OUTPUT_COMPLETE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Records that the main output is complete and in place.
pub fn output_complete() {
    OUTPUT_COMPLETE.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Registers a temporary file for removal on Ctrl-C.
pub fn remove_on_interrupt(path: &Path) {
    if let Ok(mut v) = PARTIAL_FILES.lock() {
        v.push(path.to_path_buf());
    }
}

/// Ctrl-C (SIGINT) stops a command that writes `out` promptly: the registered temporary files
/// are removed, `out` is left as it was, and the process exits with 130.
///
/// Besides the registered files, the hidden temporary files of `out`'s companions (report,
/// manifest: `.<name>.<random>.tmp` beside them) are removed.
pub fn on_interrupt_remove_partial_files(out: &Path, companions: &[PathBuf]) {
    let out = out.to_path_buf();
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefixes: Vec<String> = [out.clone(), manifest_path(&out)]
        .iter()
        .chain(companions)
        .filter_map(|p| p.file_name().map(|n| format!(".{}.", n.to_string_lossy())))
        .collect();
    // Setting the handler fails only when one is already set (then that one applies).
    let _ = ctrlc::set_handler(move || {
        // Never released: the process exits below.
        let _held = COMMITTING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Ok(v) = PARTIAL_FILES.lock() {
            for p in v.iter() {
                let _ = std::fs::remove_file(p);
            }
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if dateline_tables::temp_file_pid(&name) == Some(std::process::id())
                    && prefixes.iter().any(|p| name.starts_with(p.as_str()))
                {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        dateline_tables::release_locks();
        if OUTPUT_COMPLETE.load(std::sync::atomic::Ordering::SeqCst) {
            eprintln!(
                "interrupted after `{}` was written, with its report and manifest",
                out.display()
            );
        } else {
            eprintln!(
                "interrupted: nothing was written to `{}` (an earlier file, if any, is unchanged)",
                out.display()
            );
        }
        std::process::exit(130);
    });
}

#[cfg(test)]
mod output_path_tests {
    use super::*;

    #[test]
    fn formats_replace_the_extension_and_keep_gzip() {
        let p = |out: &str, f| -> Vec<String> {
            output_paths(Path::new(out), Some(f))
                .iter()
                .map(|p| p.display().to_string())
                .collect()
        };
        assert_eq!(
            p("o/t.csv.gz", FormatArg::Both),
            ["o/t.csv.gz", "o/t.parquet"]
        );
        assert_eq!(p("o/t.csv.gz", FormatArg::Csv), ["o/t.csv.gz"]);
        assert_eq!(p("o/t.csv.gz", FormatArg::Parquet), ["o/t.parquet"]);
        assert_eq!(p("t.parquet", FormatArg::Both), ["t.csv", "t.parquet"]);
        assert_eq!(p("t", FormatArg::Csv), ["t.csv"]);
        assert_eq!(
            p("a.b/terms.csv", FormatArg::Parquet),
            ["a.b/terms.parquet"]
        );
    }
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
