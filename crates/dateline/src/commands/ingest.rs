//! `dateline ingest`: files → the corpus table, a report and a manifest.
use dateline_tables::builders::{duplicates_table, report_table};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_ingest::{CleanOptions, IngestOptions};

use crate::cli::IngestArgs;
use crate::common::{progress, VERSION};
use dateline_tables::writer::manifest_path;

/// Reads the inputs and writes the corpus table.
pub fn run(a: &IngestArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let format = match &a.format {
        None => None,
        Some(f) => Some(f.parse().map_err(|e| anyhow::anyhow!("{e}"))?),
    };
    let opts = IngestOptions {
        format,
        teasers: a.teasers,
        records: a.records.clone(),
        text_field: a.text_field.clone(),
        title_field: a.title_field.clone(),
        date_field: a.date_field.clone(),
        text_col: a.text_col.clone(),
        title_col: a.title_col.clone(),
        date_col: a.date_col.clone(),
        date_order: a
            .date_order
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e: String| anyhow::anyhow!("--date-order: {e}"))?,
        date_from: a
            .date_from
            .parse()
            .map_err(|e: String| anyhow::anyhow!("--date-from: {e}"))?,
        source: a.source.clone(),
        clean: CleanOptions::without(&a.no_clean),
        dedupe: a
            .dedupe
            .parse()
            .map_err(|e: String| anyhow::anyhow!("{e}"))?,
        na: (!a.na.is_empty()).then(|| a.na.clone()),
        limits: dateline_ingest::Limits::from_env().map_err(anyhow::Error::msg)?,
        ..IngestOptions::default()
    };
    for p in &a.paths {
        if !p.exists() {
            bail!("input `{}` does not exist", p.display());
        }
    }
    dateline_tables::check_output_vs_inputs(&a.output, &a.paths)?;
    let spec = dateline_tables::plan_output(&a.output)?;
    let report_path = dateline_tables::writer::report_path(&a.output);
    let dups_path = dateline_tables::writer::csv_companion(&a.output, "duplicates", true);
    if !spec.is_stream() {
        for companion in [&report_path, &dups_path] {
            dateline_tables::check_output_vs_inputs(companion, &a.paths)?;
            dateline_tables::plan_output(companion)?;
        }
    }
    let _lock = dateline_tables::OutputLock::acquire(&a.output)?;
    dateline_tables::writer::on_interrupt(dateline_tables::writer::Interrupted::Files {
        out: a.output.clone(),
        companions: vec![report_path.clone(), dups_path.clone()],
    });
    let total = dateline_ingest::total_input_bytes(&a.paths);
    let pb = progress(total, "ingest", quiet);
    let (report, staged) = dateline_tables::ingest::ingest_into(
        &a.paths,
        &opts,
        std::slice::from_ref(&a.output),
        &|n| {
            pb.set_position(n);
        },
    )?;
    let corpus = staged
        .into_iter()
        .next()
        .context("one output")?
        .named_by_user();
    pb.finish_and_clear();
    let report = &report;
    let table = dateline_tables::corpus_table(&[]);
    let rows_written = corpus.written.rows;
    let secs = started.elapsed().as_secs_f64();
    if corpus.is_stream() {
        // A device or pipe (`-o /dev/null`, `-o /proc/self/fd/1`): the corpus is written
        // through; a report and a manifest beside a device have no place.
        dateline_tables::writer::commit_guarded(|| corpus.commit().map(|_| ()))?;
        if !quiet {
            eprintln!(
                "note: `{}` is a device or pipe: no report or manifest is written beside it",
                a.output.display()
            );
        }
    } else {
        let report_table = report_table(report);
        let report_staged = dateline_tables::stage_table(&report_table, &report_path)?;
        let dups_table = duplicates_table(&report.duplicates);
        let dups_staged = dateline_tables::stage_table(&dups_table, &dups_path)?;

        let mut manifest = dateline_tables::Manifest::new(
            VERSION,
            serde_json::json!({
                "paths": a.paths,
                "format": a.format,
                "teasers": a.teasers,
                "records": a.records,
                "text_field": a.text_field, "title_field": a.title_field, "date_field": a.date_field,
                "text_col": a.text_col, "title_col": a.title_col, "date_col": a.date_col,
                "date_order": a.date_order, "date_from": a.date_from,
                "source": a.source,
                "no_clean": a.no_clean,
                "dedupe": a.dedupe,
                "na": opts.na.clone().unwrap_or_else(|| dateline_ingest::DEFAULT_NA.iter().map(|s| (*s).to_string()).collect()),
                "lenient": a.lenient,
            }),
        );
        manifest.inputs = dateline_tables::fingerprint_paths(&a.paths);
        manifest.add_output(&table, corpus.written.clone(), Some(secs));
        manifest.add_output(&report_table, report_staged.written.clone(), None);
        manifest.add_output(&dups_table, dups_staged.written.clone(), None);
        manifest.extra = serde_json::json!({
            "report": {
                "files_seen": report.files_seen,
                "files_read": report.files_read,
                "files_ignored": report.files_ignored,
                "files_repeated": report.files_repeated,
                "bytes_read": report.bytes_read,
                "records": report.records,
                "kept": report.kept,
                "duplicates_removed": report.duplicates_removed,
                "teasers_dropped": report.teasers_dropped,
                "teasers_already_present": report.teasers_already_present,
                "empty_records": report.empty_records,
                "skipped_records": report.skipped_records,
                "title_only": report.title_only,
                "undated": report.undated,
                "non_english": report.non_english,
                "problems": report.problems.len(),
            }
        });
        // The corpus, its report, its duplicates and its manifest (last) are renamed in together.
        let mpath = manifest_path(&a.output);
        dateline_tables::writer::commit_guarded(|| {
            dateline_tables::commit_all(
                vec![corpus, report_staged, dups_staged],
                Some((&manifest, &mpath)),
            )
            .map(|_| ())
        })?;
    }

    let skipped = report.problems.iter().filter(|p| p.skipped).count();
    for p in &report.problems {
        if !quiet || p.skipped {
            let kind = if p.skipped { "skipped" } else { "warning" };
            eprintln!("{kind}: {}", p.message());
        }
    }
    if !quiet {
        eprintln!("{}", report.summary(secs));
        if !spec.is_stream() {
            eprintln!(
                "wrote {} ({} rows), {}, {}, {}",
                a.output.display(),
                rows_written,
                report_path.display(),
                dups_path.display(),
                manifest_path(&a.output).display()
            );
        }
    }
    // The index is made from the corpus as committed, and matched to it by fingerprint: should
    // this step fail or be killed, analyses find no (or a stale) index and tokenize the text.
    if !a.no_index && report.kept > 0 && !spec.is_stream() {
        if let Err(e) = super::index::build(&a.output, quiet) {
            eprintln!(
                "warning: the corpus is written, but not its index: {e:#} (analyses tokenize the text)"
            );
        }
    }
    if report.kept == 0 {
        // An error, not progress: printed even with --quiet, and never exit 0.
        eprintln!("error: no document kept: {}", report.nothing_kept());
        return Ok(ExitCode::from(1));
    }
    if skipped > 0 && !a.lenient {
        eprintln!(
            "hint: {skipped} {} skipped (see above); --lenient exits 0 anyway",
            if skipped == 1 {
                "input was"
            } else {
                "inputs were"
            }
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
