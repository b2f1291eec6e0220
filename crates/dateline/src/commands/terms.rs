//! `dateline terms`: term counts per period (or per document), with the `periods` table.
use dateline_tables::builders::{doc_terms_table, periods_table, terms_table};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use dateline_analytics::terms::{DocTermCounts, RowOptions, TermCounts, TermOptions};
use dateline_core::{By, Document};

use crate::cli::TermsArgs;
use crate::common::{
    by_of, parse_size_range, period_range, prepare, run_pass, write_analysis, Prepared,
};
use dateline_tables::writer::TableWriter;

/// Counts terms.
pub fn run(a: &TermsArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let (lo, hi) = parse_size_range(&a.ngram, 1, 5, "--ngram")?;
    let topts = TermOptions {
        drop_stop_edges: !a.keep_stop_edges,
        ..TermOptions::ngrams(lo as u32, hi as u32)?
    };
    if dateline_tables::counts::is_counts_dir(&a.corpus) {
        return from_counts(a, quiet, started);
    }
    let group = a
        .group_by
        .as_deref()
        .map(dateline_core::column_fn)
        .transpose()?;
    let by = by_of(a.period.by);
    let mut prep = prepare(
        &a.corpus,
        &a.tok,
        by.unwrap_or(By::All),
        period_range(&a.period)?,
        &a.period.lang,
        quiet,
    )?;
    // Tokens only: with an index, the bodies are not read.
    prep.text_needed = false;
    if let (Some(col), Some(by)) = (&a.group_by, by) {
        check_group_cells(&prep, col, by, hi - lo + 1)?;
    }
    let options = serde_json::json!({ "args": a, "pipeline": prep.spec, "terms": topts });
    let mut pass = prep.pass_options();
    let group_ref: Option<dateline_analytics::pass::GroupBy<'_>> = group
        .as_ref()
        .map(|f| f as &(dyn Fn(&Document) -> Option<String> + Sync));
    pass.group_by = group_ref;
    if by.is_none() {
        if a.group_by.is_some() {
            bail!("--group-by does not apply to --by doc (each row is one document)");
        }
        pass.include_undated = true;
        let proto = DocTermCounts::new(topts)?;
        let (acc, stats) = run_pass(&prep, &pass, || proto.clone(), quiet)?;
        let table = doc_terms_table(&acc.into_rows());
        write_analysis(
            &a.out,
            &a.corpus,
            options,
            &stats,
            &table,
            &[],
            started,
            quiet,
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let n_periods = prep.periods.periods().len();
    let proto = TermCounts::new(topts, n_periods)?;
    let (acc, stats) = run_pass(&prep, &pass, || proto.clone(), quiet)?;
    let periods = periods_table(&acc.period_rows(&prep.periods));
    let cols = acc.term_columns(
        &prep.periods,
        &RowOptions {
            min_count: a.min_count,
            top: a.top,
        },
    );
    drop(acc);
    let table = terms_table(cols, &prep.periods);
    write_analysis(
        &a.out,
        &a.corpus,
        options,
        &stats,
        &table,
        &[("periods", &periods)],
        started,
        quiet,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses, before the pass, a `--group-by` whose `periods` table (one row per period × group
/// × n-gram size) would exceed the cell limit ([`dateline_analytics::limits::check_cells`]):
/// the groups are the distinct values of the column in the whole corpus (an upper bound).
fn check_group_cells(prep: &Prepared, col: &str, by: By, sizes: usize) -> Result<()> {
    let values = prep.corpus.text_column(col)?;
    let groups = values
        .iter()
        .collect::<std::collections::HashSet<_>>()
        .len() as u64;
    drop(values);
    let periods = prep.periods.periods().len() as u64;
    let unit = match by {
        By::All => "period".to_string(),
        by => by.as_str().to_string(),
    };
    let mut factors = vec![
        (groups, format!("{col} values")),
        (periods, format!("{unit}s")),
    ];
    if sizes > 1 {
        factors.push((sizes as u64, "n-gram sizes".to_string()));
    }
    let factors: Vec<(u64, &str)> = factors.iter().map(|(n, w)| (*n, w.as_str())).collect();
    dateline_analytics::limits::check_cells(
        &format!("--group-by {col} --by {}", by.as_str()),
        &factors,
    )?;
    Ok(())
}

/// The term table of a counts folder: the same rows as counting the corpus directly with the
/// same options, derived (coarser periods, a range on period boundaries, fewer n-gram sizes)
/// or refused ([`dateline_tables::answer::answer`]).
fn from_counts(a: &TermsArgs, quiet: bool, started: Instant) -> Result<ExitCode> {
    let (lo, hi) = parse_size_range(&a.ngram, 1, 5, "--ngram")?;
    let meta = dateline_tables::counts::read_meta(&a.corpus)?;
    let spec = crate::common::pipeline_spec(&a.tok)?;
    let ask = dateline_tables::answer::Ask {
        by: by_of(a.period.by),
        range: period_range(&a.period)?,
        lang: crate::common::lang_filter(&a.period.lang)?,
        pipeline: Some(&spec),
        whole_pipeline: crate::cli::given("pipeline") || crate::cli::given_unlisted_token_option(),
        ngram: Some(((lo as u32, hi as u32), a.keep_stop_edges)),
        entities: None,
        needs_documents: a
            .group_by
            .iter()
            .map(|g| format!("--group-by {g}"))
            .collect(),
        given: &crate::cli::given,
    };
    let derivation = dateline_tables::answer::answer(&meta, &a.corpus, &ask)?;
    let partial = crate::common::warn_partial(&a.corpus, &meta);
    let (meta, table) = dateline_tables::counts::read_counts(&a.corpus)?;
    let table = dateline_analytics::counted::derive_table(&table, &derivation);
    let index = derivation.index;
    let acc = TermCounts::from_table(&table)?;
    drop(table);
    let cols = acc.term_columns(
        &index,
        &RowOptions {
            min_count: a.min_count,
            top: a.top,
        },
    );
    let periods = periods_table(&acc.period_rows(&index));
    drop(acc);
    let table = terms_table(cols, &index);
    let options = serde_json::json!({ "args": a, "counts": meta });
    let mut w = TableWriter::new(
        (&a.out).into(),
        std::slice::from_ref(&a.corpus),
        options,
        quiet,
    );
    w.extra(serde_json::json!({ "counts_folder": partial }));
    w.write(&table, &[("periods", &periods)], started)?;
    Ok(ExitCode::SUCCESS)
}
