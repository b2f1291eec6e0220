//! `dateline run`: a whole study from one TOML file, into one output folder.
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_analytics::collocations::{CollocationCounts, CollocationOptions};
use dateline_analytics::cooccur::{CooccurCounts, CooccurOptions, Scope};
use dateline_analytics::keyness::{keyness, Correction, KeynessOptions};
use dateline_analytics::kwic::{KwicLines, KwicOptions};
use dateline_analytics::pass::{run_pass_batches, PassOptions};
use dateline_analytics::terms::{RowOptions, TermCounts, TermOptions};
use dateline_analytics::trend::TrendCounts;
use dateline_core::By;
use dateline_ingest::IngestOptions;
use dateline_tables::writer::{commit_guarded, on_interrupt, FolderWriter, Formats, Interrupted};
use dateline_tables::{staging, Manifest};

use crate::cli::{RunArgs, TokenOpts};
use crate::common::{
    doc_progress, parse_queries, parse_size_range, pipeline_spec, range_of, VERSION,
};
use crate::study::Study;
use dateline_analytics::sides::{Side, TwoSides};

fn study_tok(study: &Study, base: &Path) -> TokenOpts {
    let t = &study.tokenize;
    TokenOpts {
        pipeline: t.pipeline.unwrap_or_default(),
        keep_case: t.keep_case,
        lowercase: false,
        stopwords: t
            .stopwords
            .as_ref()
            .map(|s| dateline_tokenize::Stopwords::resolve_arg(s, base)),
        stem: t.stem,
        min_len: t.min_len,
        keep_numbers: t.keep_numbers,
        keep_possessive: t.keep_possessive,
        split_hyphens: t.split_hyphens,
        phrases: t.phrases_file.as_ref().map(|p| base.join(p)),
        phrase: t.phrases.clone(),
        no_index: false,
    }
}

/// Runs the study.
pub fn run(a: &RunArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let study_path = a
        .study
        .clone()
        .unwrap_or_else(|| PathBuf::from("data/dateline.toml"));
    if !study_path.exists() {
        return Err(
            anyhow::anyhow!("no study file `{}`", study_path.display()).context(
                crate::common::Hint(
                    "run from the repository root, or write one with `dateline init study.toml`"
                        .into(),
                ),
            ),
        );
    }
    let (study, study_text) = Study::load(&study_path)?;
    let base = study_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let out_dir = a
        .output
        .clone()
        .unwrap_or_else(|| base.join(&study.output.dir));
    check_replaceable(&out_dir, a.force)?;
    // Names from the study become file names only after the one check.
    for c in &study.compare {
        dateline_tables::check_name(&c.name).map_err(|e| {
            anyhow::anyhow!(
                "{}: [[compare]] name: {e}",
                crate::study::key_at(&study_path, &study_text, "compare", "name")
            )
        })?;
    }
    let inputs: Vec<PathBuf> = study.input.paths.iter().map(|p| base.join(p)).collect();
    dateline_tables::check_output_vs_inputs(&out_dir, &inputs)?;
    let owned = staging::files_listed(&out_dir).unwrap_or_default();
    let _lock = dateline_tables::OutputLock::acquire(&out_dir)?;

    // Everything is written into a staging folder beside the output, then moved into place.
    staging::remove_stale_staging(&out_dir);
    let staging = staging::staging_path(&out_dir);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).ok();
    }
    on_interrupt(Interrupted::Staging {
        staging: staging.clone(),
        out: out_dir.clone(),
    });
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create `{}`", staging.display()))?;
    let result = run_into(
        &study,
        &study_text,
        &study_path,
        &base,
        &staging,
        quiet,
        started,
    );
    match result {
        Ok(code) => {
            // Ctrl-C waits until the folder is in place (see `on_interrupt`).
            let moved =
                commit_guarded(|| staging::merge_into(&staging, &out_dir, &owned, "manifest.json"));
            if let Err(e) = moved {
                std::fs::remove_dir_all(&staging).ok();
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot move the results into `{}`",
                    out_dir.display()
                )));
            }
            if !quiet {
                eprintln!(
                    "wrote {} in {:.2}s",
                    out_dir.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(code)
        }
        Err(e) => {
            std::fs::remove_dir_all(&staging).ok();
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn run_into(
    study: &Study,
    study_text: &str,
    study_path: &Path,
    base: &Path,
    staging: &Path,
    quiet: bool,
    started: Instant,
) -> Result<ExitCode> {
    let sp = study_path.display().to_string();
    let at = |section: &str, key: &str| crate::study::key_at(study_path, study_text, section, key);
    let inputs: Vec<PathBuf> = study.input.paths.iter().map(|p| base.join(p)).collect();
    for p in &inputs {
        if !p.exists() {
            bail!(
                "{}: [input] paths: `{}` does not exist",
                crate::study::key_at(study_path, study_text, "input", "paths"),
                p.display()
            );
        }
    }
    let mut manifest = Manifest::new(
        VERSION,
        serde_json::json!({ "study_file": study_path, "study": study }),
    );
    manifest.inputs = dateline_tables::fingerprint_paths(&inputs);
    let formats: Vec<Formats> = study.output.formats.iter().map(|&f| f.into()).collect();
    let mut out = FolderWriter::new(staging, &formats, false, &inputs, serde_json::Value::Null)
        .relative_names();
    out.manifest = manifest;

    // 1. Ingest.
    let t = Instant::now();
    let total = dateline_ingest::total_input_bytes(&inputs);
    let pb = crate::common::progress(total, "ingest", quiet);
    let opts = IngestOptions {
        format: study
            .input
            .format
            .as_deref()
            .map(|f| {
                f.parse()
                    .map_err(|e| anyhow::anyhow!("{}: [input] format: {e}", at("input", "format")))
            })
            .transpose()?,
        teasers: study.input.teasers,
        records: study.input.records.clone(),
        source: study.input.source.clone(),
        text_field: study.input.text_field.clone(),
        title_field: study.input.title_field.clone(),
        date_field: study.input.date_field.clone(),
        text_col: study.input.text_col.clone(),
        title_col: study.input.title_col.clone(),
        date_col: study.input.date_col.clone(),
        date_order: study
            .input
            .date_order
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e: String| {
                anyhow::anyhow!("{}: [input] date_order: {e}", at("input", "date_order"))
            })?,
        date_from: match study.input.date_from.as_deref() {
            Some(f) => f.parse().map_err(|e: String| {
                anyhow::anyhow!("{}: [input] date_from: {e}", at("input", "date_from"))
            })?,
            None => dateline_ingest::DateFrom::default(),
        },
        dedupe: match study.input.dedupe.as_deref() {
            Some(d) => d.parse().map_err(|e: String| {
                anyhow::anyhow!("{}: [input] dedupe: {e}", at("input", "dedupe"))
            })?,
            None => dateline_ingest::Dedupe::default(),
        },
        na: study.input.na.clone(),
        clean: dateline_ingest::CleanOptions::without(&study.input.no_clean),
        limits: dateline_ingest::Limits::from_env().map_err(anyhow::Error::msg)?,
        ..IngestOptions::default()
    };
    let mut corpus_files = vec![staging.join("corpus.parquet")];
    if study
        .output
        .formats
        .contains(&crate::study::StudyFormat::Csv)
    {
        corpus_files.push(staging.join("corpus.csv"));
    }
    let (report, staged) =
        dateline_tables::ingest::ingest_into(&inputs, &opts, &corpus_files, &|n| {
            pb.set_position(n);
        })?;
    let written = staged
        .into_iter()
        .map(dateline_tables::Staged::commit)
        .collect::<Result<Vec<_>, _>>()?;
    pb.finish_and_clear();
    for p in &report.problems {
        if !quiet || p.skipped {
            eprintln!(
                "{}: {}",
                if p.skipped { "skipped" } else { "warning" },
                p.message()
            );
        }
    }
    if report.kept == 0 {
        bail!("no document kept: {}", report.nothing_kept());
    }
    let corpus = dateline_tables::corpus_table(&[]);
    let n_docs = report.kept as usize;
    for (i, w) in written.into_iter().enumerate() {
        let name = w.path.file_name().map(PathBuf::from).unwrap_or_default();
        let mut w = w;
        w.path.clone_from(&name);
        out.manifest
            .add_output(&corpus, w, (i == 0).then(|| t.elapsed().as_secs_f64()));
        out.rows
            .push(("corpus".into(), name.display().to_string(), n_docs));
    }
    if !quiet {
        eprintln!(
            "ingested {} documents ({} duplicates removed, {} undated) in {:.2}s",
            n_docs,
            report.duplicates_removed,
            report.undated,
            t.elapsed().as_secs_f64()
        );
    }
    let reader = dateline_tables::prepared::open_corpus(&corpus_files[0])?;
    let column = reader.dates()?;

    // 2. One tokenization pass for every analysis.
    let spec = pipeline_spec(&study_tok(study, base))?;
    let pipeline = dateline_tokenize::Pipeline::new(&spec);
    let by: By = study.periods.by;
    let range = range_of(study.periods.from.as_deref(), study.periods.to.as_deref())
        .with_context(|| format!("{}: [periods]", at("periods", "from")))?;
    let periods = dateline_analytics::pass::plan_periods(&column, by, range)
        .map_err(|e| dateline_tables::prepared::span_refusal(&reader, e))?
        .index;
    let dates: Vec<_> = column.into_iter().flatten().collect();
    let n_periods = periods.periods().len();
    let mut pass = PassOptions::new(&periods);
    pass.range = range;
    pass.lang = crate::common::lang_filter(&study.periods.lang)?;

    let (lo, hi) =
        parse_size_range(&study.terms.ngram, 1, 5, "[terms] ngram").with_context(|| sp.clone())?;
    let terms_proto = TermCounts::new(TermOptions::ngrams(lo as u32, hi as u32)?, n_periods)?;
    let queries = parse_queries(&study.trends.queries, &pipeline)
        .with_context(|| format!("{}: [trends] queries", at("trends", "queries")))?;
    if study.trends.smooth == 0 {
        bail!(
            "{}: [trends] smooth must be at least 1",
            at("trends", "smooth")
        );
    }
    let mut sides = Vec::new();
    for c in &study.compare {
        let side_a = compare_side(c.a.as_deref(), c.a_where.as_deref(), &sp, &c.name, "a")?;
        let side_b = if c.b.is_some() || c.b_where.is_some() {
            Some(compare_side(
                c.b.as_deref(),
                c.b_where.as_deref(),
                &sp,
                &c.name,
                "b",
            )?)
        } else {
            None
        };
        sides.push(TwoSides::new(side_a, side_b, 1)?);
    }
    let cooc_proto = if study.cooccur.targets.is_empty() {
        None
    } else {
        let targets = parse_queries(&study.cooccur.targets, &pipeline)
            .with_context(|| format!("{}: [cooccur] targets", at("cooccur", "targets")))?;
        let scope: Scope = study.cooccur.scope;
        Some(CooccurCounts::new(
            targets,
            CooccurOptions {
                left: study.cooccur.window,
                right: study.cooccur.window,
                scope,
                boolean: study.cooccur.boolean,
                min_count: study.cooccur.min_count,
                top: study.cooccur.top,
                ..CooccurOptions::default()
            },
        ))
    };
    let colloc_proto = if study.collocations.enabled {
        let (min_n, max_n) =
            parse_size_range(&study.collocations.size, 2, 5, "[collocations] size")
                .with_context(|| sp.clone())?;
        Some(CollocationCounts::new(CollocationOptions {
            min_n,
            max_n,
            drop_stop_edges: true,
            min_count: study.collocations.min_count,
            top: study.collocations.top,
            measure: super::collocations::measure_of(study.collocations.measure),
        })?)
    } else {
        None
    };
    let entity_proto = super::entities::study_accumulator(study, base)?;
    let lookup = match &study.lookup {
        Some(l) => {
            let path = base.join(&l.dictionary);
            let d = dateline_analytics::dictionary::Dictionary::read(&path)
                .with_context(|| at("lookup", "dictionary"))?;
            Some(
                dateline_analytics::lookup::CompiledDictionary::new(
                    &d,
                    &pipeline,
                    l.overlap.into(),
                )
                .with_context(|| format!("in the dictionary `{}`", path.display()))?,
            )
        }
        None => None,
    };

    let t = Instant::now();
    let pb = doc_progress(reader.rows() as u64, "analyse", quiet);
    let trend_proto = TrendCounts::new(&queries, n_periods);
    // The concordance sample of each trend query, as `dateline kwic QUERY --sample N --seed 1`.
    let kwic_protos: Vec<KwicLines> = if study.trends.concordance == 0 {
        Vec::new()
    } else {
        queries
            .iter()
            .map(|q| {
                KwicLines::new(
                    q.clone(),
                    KwicOptions {
                        window: 10,
                        sample: Some((study.trends.concordance, 1)),
                    },
                )
            })
            .collect()
    };
    let make = || {
        (
            terms_proto.clone(),
            trend_proto.clone(),
            sides.clone(),
            cooc_proto.as_ref().map(CooccurCounts::empty_like),
            colloc_proto.as_ref().map(CollocationCounts::empty_like),
            entity_proto
                .as_ref()
                .map(dateline_analytics::entities::EntityCounts::empty_like),
            lookup
                .as_ref()
                .map(|d| dateline_analytics::lookup::LookupCounts::new(d, n_periods)),
            kwic_protos
                .iter()
                .map(KwicLines::empty_like)
                .collect::<Vec<_>>(),
        )
    };
    let ((terms, trends, comparisons, cooc, colloc, ents, looked_up, kwics), stats) =
        run_pass_batches(
            reader.batches(dateline_tables::prepared::batch_rows()),
            &pipeline,
            &pass,
            make,
            &|n| pb.inc(n),
        )
        .context("cannot read back the corpus")?;
    pb.finish_and_clear();
    let pass_secs = t.elapsed().as_secs_f64();
    if !quiet {
        crate::common::print_stats(&stats, pass_secs);
    }
    dateline_tables::prepared::check_analysed(&stats)?;

    // 3. Tables and charts.
    let t = Instant::now();
    out.table(
        &dateline_tables::builders::periods_table(&terms.period_rows(&periods)),
        pass_secs,
    )?;
    // The largest table: the counts, then the columns, are dropped as soon as the next form exists.
    let term_cols = terms.term_columns(
        &periods,
        &RowOptions {
            min_count: study.terms.min_count,
            top: study.terms.top,
        },
    );
    drop(terms);
    let terms_table = dateline_tables::builders::terms_table(term_cols, &periods);
    out.table(&terms_table, pass_secs)?;
    drop(terms_table);
    let trend_rows = trends.rows(&periods, study.trends.smooth);
    out.table(
        &dateline_tables::builders::trends_table(&trend_rows),
        pass_secs,
    )?;
    if !kwics.is_empty() {
        let lines: Vec<(String, Vec<dateline_analytics::kwic::KwicRow>)> = queries
            .iter()
            .zip(kwics)
            .map(|(q, k)| (q.label.clone(), k.rows()))
            .collect();
        out.table(
            &dateline_tables::builders::concordance_table(&lines),
            pass_secs,
        )?;
    }
    if study.output.charts && !queries.is_empty() && n_periods > 0 {
        super::trend::draw(
            &staging.join("trends.svg"),
            &dateline_tables::chart::ChartStyle::titled("Trends"),
            &trend_rows,
            &periods,
            study.trends.smooth,
            false,
        )?;
    }
    for (c, acc) in study.compare.iter().zip(&comparisons) {
        let (fa, fb) = acc.lists(1);
        let correction: Correction = c.correction.into();
        let rows = keyness(
            &fa,
            &fb,
            &KeynessOptions {
                min_total: c.min_count,
                correction,
                top: c.top,
                ..KeynessOptions::default()
            },
        );
        let mut table = dateline_tables::builders::keyness_table(&rows);
        table.name = format!("keyness_{}", c.name);
        out.table(&table, pass_secs)?;
    }
    drop(comparisons);
    if let Some(cooc) = cooc {
        out.table(
            &dateline_tables::builders::cooccur_table(&cooc.rows(periods.periods())),
            pass_secs,
        )?;
    }
    if let Some(colloc) = colloc {
        out.table(
            &dateline_tables::builders::collocations_table(&colloc.rows(periods.periods())),
            pass_secs,
        )?;
    }
    if let Some(l) = looked_up {
        use dateline_tables::builders::{doc_lookup_table, lookup_entries_table, lookup_table};
        out.table(&lookup_table(&l.rows(&periods)), pass_secs)?;
        out.table(&lookup_entries_table(&l.entry_rows(&periods)), pass_secs)?;
        out.table(&doc_lookup_table(&l.doc_rows()), pass_secs)?;
    }
    if let Some(ents) = ents {
        let tables =
            dateline_tables::entity_tables::entity_tables(&ents, &periods, &study.entities.track);
        for t in &tables {
            if t.name == "mentions" && !study.entities.mentions {
                continue;
            }
            out.table(t, pass_secs)?;
        }
        if !study.entities.graph.is_empty() {
            let rows = dateline_tables::graph::NetworkRows::new(&ents, &periods);
            let formats: Vec<_> = study.entities.graph.iter().map(|&g| g.into()).collect();
            for (name, bytes) in super::entities::network_files(&rows.networks(&periods), &formats)
            {
                out.file(&name, &bytes)?;
            }
        }
        if study.output.charts && n_periods > 0 {
            let rows = dateline_tables::graph::NetworkRows::new(&ents, &periods);
            let all = rows.summed("all periods");
            let svg = all.network().to_svg(20, "Co-mentions, all periods");
            out.file("network.svg", svg.as_bytes())?;
        }
        if study.output.charts && n_periods > 0 {
            super::entities::draw_top(
                &staging.join("entities.svg"),
                &dateline_tables::chart::ChartStyle::titled(super::entities::TOP_TITLE),
                &tables[1],
                &periods,
                study.entities.top,
                false,
            )?;
        }
    }

    // 4. Manifest and summary.
    out.manifest.extra = serde_json::json!({
        "pass": crate::common::stats_json(&stats),
        "ingest": {
            "files_read": report.files_read,
            "bytes_read": report.bytes_read,
            "records": report.records,
            "kept": report.kept,
            "duplicates_removed": report.duplicates_removed,
            "undated": report.undated,
            "non_english": report.non_english,
            "problems": report.problems.iter().map(dateline_ingest::Problem::message).collect::<Vec<_>>(),
        },
        "pipeline": spec,
        "periods": periods.periods().len(),
        "seconds": { "pass": pass_secs, "tables": t.elapsed().as_secs_f64(), "total": started.elapsed().as_secs_f64() },
        "study_text": study_text,
    });
    let summary = summary(
        study,
        study_path,
        reader.rows(),
        &dates,
        &stats,
        &periods,
        &out.rows,
        staging,
    );
    std::fs::write(staging.join("summary.md"), summary)
        .with_context(|| format!("cannot write `{}`", staging.join("summary.md").display()))?;
    // Every other file of the set, fingerprinted; the manifest comes last.
    for f in ["trends.svg", "entities.svg", "summary.md"] {
        let p = staging.join(f);
        if p.is_file() {
            out.manifest.files.push(dateline_tables::FileEntry {
                path: PathBuf::from(f),
                fingerprint: dateline_tables::fingerprint_file(&p)?,
            });
        }
    }
    let title = study
        .title
        .clone()
        .unwrap_or_else(|| "dateline results".into());
    out.finish_then(|dir| {
        let html = dateline_tables::report::report_html(dir, &title)?;
        Ok(vec![("report.html".to_string(), html.into_bytes())])
    })?;
    Ok(ExitCode::SUCCESS)
}

/// One side of a `[[compare]]`: parsed by [`Side::parse`], errors placed in the study file.
fn compare_side(
    range: Option<&str>,
    filter: Option<&str>,
    sp: &str,
    name: &str,
    which: &str,
) -> Result<Side> {
    let s =
        Side::parse(range, filter, which).with_context(|| format!("{sp}: [[compare]] `{name}`"))?;
    if which == "a" && s.range.is_none() && s.filter.is_none() {
        bail!("{sp}: [[compare]] `{name}`: give `a` (a date range) or `a_where`");
    }
    Ok(s)
}

#[allow(clippy::too_many_arguments)]
fn summary(
    study: &Study,
    study_path: &Path,
    n_docs: usize,
    dated: &[chrono::NaiveDate],
    stats: &dateline_analytics::pass::PassStats,
    periods: &dateline_core::PeriodIndex,
    rows: &[(String, String, usize)],
    staging: &Path,
) -> String {
    let first = dated
        .iter()
        .min()
        .map(ToString::to_string)
        .unwrap_or_else(|| "-".into());
    let last = dated
        .iter()
        .max()
        .map(ToString::to_string)
        .unwrap_or_else(|| "-".into());
    let mut s = format!(
        "# {}\n\nMade by dateline {VERSION} from `{}`.\n\n\
         - Documents: {} in the corpus ({} dated, {} to {}); {} analysed, {} undated, {} out of range, {} in another language left out.\n\
         - Periods: {} by {}.\n- Inputs: {}.\n\n## Tables\n\n| table | file | rows |\n|---|---|---|\n",
        study.title.as_deref().unwrap_or("dateline study"),
        study_path.display(),
        n_docs,
        dated.len(),
        first,
        last,
        stats.docs_analysed,
        stats.docs_undated,
        stats.docs_out_of_range,
        stats.docs_other_lang,
        periods.periods().len(),
        study.periods.by.as_str(),
        study.input.paths.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", "),
    );
    for (t, f, n) in rows {
        s.push_str(&format!("| {t} | [{f}]({f}) | {n} |\n"));
    }
    let charts: Vec<&str> = ["trends.svg", "entities.svg"]
        .into_iter()
        .filter(|c| staging.join(c).exists())
        .collect();
    if !charts.is_empty() {
        s.push_str("\n## Charts\n\n");
        for c in charts {
            s.push_str(&format!("![{c}]({c})\n\n"));
        }
    }
    s.push_str("\nColumns of every table: docs/tables.md in the dateline repository (`dateline schema`). `manifest.json` records the options, input fingerprints, row counts and timings.\n");
    s
}

/// An existing output folder may be replaced when it is empty, holds an earlier dateline run
/// (a `manifest.json` written by dateline), or `--force` is given.
fn check_replaceable(dir: &Path, force: bool) -> Result<()> {
    if !dir.exists() || force {
        return Ok(());
    }
    if !dir.is_dir() {
        bail!("the output `{}` exists and is not a folder", dir.display());
    }
    let empty = std::fs::read_dir(dir)
        .map(|mut r| r.next().is_none())
        .unwrap_or(false);
    let ours = std::fs::read_to_string(dir.join("manifest.json"))
        .is_ok_and(|m| m.contains("\"tool\": \"dateline\""));
    if empty || ours {
        return Ok(());
    }
    Err(anyhow::anyhow!(
        "the output folder `{}` holds files that dateline did not write",
        dir.display()
    )
    .context(crate::common::Hint(
        "choose another folder with --output, or replace it with --force".into(),
    )))
}
