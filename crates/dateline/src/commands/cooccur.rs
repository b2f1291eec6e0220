//! `dateline cooccur`: terms around targets, per period; `--pairs` for given phrase pairs.
use dateline_tables::builders::{cooccur_table, pairs_table};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_analytics::cooccur::{CooccurCounts, CooccurOptions, PairCounts, Scope};

use crate::cli::{CooccurArgs, ScopeArg};
use crate::common::{parse_queries, prepare_periods, run_pass, write_analysis};

/// Builds the co-occurrence table of the given targets.
pub fn run(a: &CooccurArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    if a.target.is_empty() && a.pairs.is_none() {
        bail!("name at least one --target (or a --pairs file)");
    }
    let mut prep = prepare_periods(&a.corpus, &a.tok, &a.period, quiet)?;
    // Tokens only: with an index, the bodies are not read.
    prep.text_needed = false;
    let options = CooccurOptions {
        left: a.left.unwrap_or(a.window),
        right: a.right.unwrap_or(a.window),
        scope: match a.scope {
            ScopeArg::Window => Scope::Window,
            ScopeArg::Sentence => Scope::Sentence,
            ScopeArg::Document => Scope::Document,
        },
        cross_sentences: a.cross_sentences,
        boolean: a.boolean,
        min_count: a.min_count,
        top: a.top,
        ..CooccurOptions::default()
    };
    let manifest_options =
        serde_json::json!({ "args": a, "pipeline": prep.spec, "cooccur": options });
    let pass = prep.pass_options();
    let (table, stats) = if let Some(pairs_file) = &a.pairs {
        let proto = PairCounts::new(read_pairs(pairs_file, &prep.pipeline)?, options);
        let (acc, stats) = run_pass(&prep, &pass, || proto.empty_like(), quiet)?;
        (pairs_table(&acc.rows(prep.periods.periods())), stats)
    } else {
        let proto = CooccurCounts::new(parse_queries(&a.target, &prep.pipeline)?, options);
        let (acc, stats) = run_pass(&prep, &pass, || proto.empty_like(), quiet)?;
        (cooccur_table(&acc.rows(prep.periods.periods())), stats)
    };
    write_analysis(
        &a.out,
        &a.corpus,
        manifest_options,
        &stats,
        &table,
        &[],
        started,
        quiet,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Reads `a,b` pairs (CSV or TSV, optional header `a,b`).
fn read_pairs(
    path: &std::path::Path,
    pipeline: &dateline_tokenize::Pipeline,
) -> Result<
    Vec<(
        dateline_analytics::query::Query,
        dateline_analytics::query::Query,
    )>,
> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the pairs file `{}`", path.display()))?;
    let delim = if text.lines().next().is_some_and(|l| l.contains('\t')) {
        b'\t'
    } else {
        b','
    };
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delim)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.with_context(|| format!("`{}`: bad CSV", path.display()))?;
        let line = i + 1;
        if rec.len() != 2 {
            bail!(
                "`{}` line {line}: expected two phrases `a,b`, found {} fields",
                path.display(),
                rec.len()
            );
        }
        if i == 0 && &rec[0] == "a" && &rec[1] == "b" {
            continue;
        }
        let q = |s: &str| {
            dateline_analytics::query::Query::parse(s.trim(), pipeline)
                .with_context(|| format!("`{}` line {line}: bad phrase `{s}`", path.display()))
        };
        out.push((q(&rec[0])?, q(&rec[1])?));
    }
    if out.is_empty() {
        bail!("`{}` holds no pairs", path.display());
    }
    Ok(out)
}
