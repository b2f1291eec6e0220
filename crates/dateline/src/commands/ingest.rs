//! `dateline ingest`: files → the corpus table, a report and a manifest.
use dateline_tables::builders::{duplicates_table, report_table};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_ingest::{CleanOptions, IngestOptions};

use crate::cli::IngestArgs;
use crate::common::{progress, VERSION};
use dateline_tables::writer::manifest_path;

pub(crate) fn clean_options(off: &[String]) -> Result<CleanOptions> {
    let mut c = CleanOptions::default();
    for step in off {
        match step.as_str() {
            "entities" => c.entities = false,
            "whitespace" => c.whitespace = false,
            "nfc" => c.nfc = false,
            "repeated-title" => c.repeated_title = false,
            "dateline" => c.dateline = false,
            "end-marks" => c.end_marks = false,
            "byline" => c.byline = false,
            other => bail!(
                "unknown cleaning step `{other}` (expected entities, whitespace, nfc, repeated-title, dateline, end-marks or byline)"
            ),
        }
    }
    Ok(c)
}

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
        clean: clean_options(&a.no_clean)?,
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
    let (report, staged) = ingest_into(&a.paths, &opts, std::slice::from_ref(&a.output), &|n| {
        pb.set_position(n);
    })?;
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
        eprintln!("{}", summary(report, secs));
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
        eprintln!("error: no document kept: {}", nothing_kept(report));
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

/// The summary line: every record accounted for.
fn summary(r: &dateline_ingest::Report, secs: f64) -> String {
    let skipped = r.problems.iter().filter(|p| p.skipped).count();
    let warnings = r.problems.len() - skipped;
    let repeated = if r.files_repeated > 0 {
        format!(
            " ({} {} a file already read, read once)",
            r.files_repeated,
            if r.files_repeated == 1 {
                "path reached"
            } else {
                "paths reached"
            }
        )
    } else {
        String::new()
    };
    format!(
        "read {} files{repeated} ({:.1} MB) in {secs:.2}s ({:.1} MB/s): {} records = {} documents kept \
         ({} title-only) + {} duplicates removed + {} teasers left out + {} empty + {} records skipped; \
         {} undated, {} not English; {skipped} skipped, {warnings} warnings",
        r.files_read,
        r.bytes_read as f64 / 1e6,
        r.bytes_read as f64 / 1e6 / secs.max(1e-9),
        r.records,
        r.kept,
        r.title_only,
        r.duplicates_removed,
        r.teasers_dropped + r.teasers_already_present,
        r.empty_records,
        r.skipped_records,
        r.undated,
        r.non_english,
    )
}

/// Why a run kept nothing, in a researcher's words.
pub(crate) fn nothing_kept(r: &dateline_ingest::Report) -> String {
    let skipped_files = r
        .problems
        .iter()
        .filter(|p| p.skipped && p.line.is_none() && p.record.is_none())
        .count();
    if r.files_read == 0 {
        return format!(
            "no file could be read ({} found, {} ignored by extension, {skipped_files} skipped)",
            r.files_seen, r.files_ignored
        );
    }
    if r.records == 0 {
        return format!("the {} files read hold no records", r.files_read);
    }
    format!(
        "{} records read: {} without text or title, {} skipped, {} teasers left out",
        r.records,
        r.empty_records,
        r.skipped_records,
        r.teasers_dropped + r.teasers_already_present
    )
}

/// Streams the inputs into the corpus tables at `outputs` (one per format; written in row
/// groups and staged: complete, not yet renamed into place); documents beyond the memory
/// budget wait in a temporary file beside the first one.
pub fn ingest_into(
    paths: &[PathBuf],
    opts: &IngestOptions,
    outputs: &[PathBuf],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(dateline_ingest::Report, Vec<dateline_tables::Staged>)> {
    let cannot = |p: &Path| format!("cannot write `{}`", p.display());
    let mut writers = outputs
        .iter()
        .map(|p| dateline_tables::CorpusWriter::create(p).with_context(|| cannot(p)))
        .collect::<Result<Vec<_>>>()?;
    for w in &writers {
        if let Some(t) = w.temp_path() {
            dateline_tables::writer::remove_on_interrupt(t);
        }
    }
    let stream = dateline_ingest::StreamOptions {
        // Beside the first output, unless that is a device (then the system's temporary folder).
        spill_dir: writers
            .first()
            .and_then(|w| w.temp_path())
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf),
        ..stream_options()
    };
    let report =
        dateline_ingest::ingest_to::<anyhow::Error>(paths, opts, &stream, progress, &mut |b| {
            for (w, p) in writers.iter_mut().zip(outputs) {
                w.write(&b).with_context(|| cannot(p))?;
            }
            Ok(())
        })?;
    let written = writers
        .into_iter()
        .zip(outputs)
        .map(|(w, p)| w.finish_staged().with_context(|| cannot(p)))
        .collect::<Result<Vec<_>>>()?;
    Ok((report, written))
}

/// The default [`dateline_ingest::StreamOptions`], with `DATELINE_MEMORY_MB` (documents held in
/// memory before they wait on disk) and `DATELINE_BATCH_ROWS` (rows per row group) when set.
fn stream_options() -> dateline_ingest::StreamOptions {
    let mut s = dateline_ingest::StreamOptions {
        batch_rows: crate::common::batch_rows(),
        ..dateline_ingest::StreamOptions::default()
    };
    if let Some(mb) = std::env::var("DATELINE_MEMORY_MB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        s.memory_bytes = mb << 20;
    }
    s
}
