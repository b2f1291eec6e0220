//! `dateline compare`: keyness between two date ranges or subsets (or against a reference list).
use dateline_tables::builders::keyness_table;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_analytics::keyness::{keyness, normalize_reference, FreqList, KeynessOptions, SortBy};
use dateline_analytics::sides::{Side, TwoSides};
use dateline_core::By;

use crate::cli::{CompareArgs, KeynessSortArg};
use crate::common::{parse_size_range, prepare, run_pass, stats_json};
use dateline_tables::writer::TableWriter;

/// Reads a reference frequency list (CSV with `term` and `count` columns) and puts its terms
/// through the corpus's pipeline ([`normalize_reference`]); the entries left out are named in
/// one warning and recorded in the manifest (so that `-q` never hides them).
pub fn read_reference(
    path: &Path,
    pipeline: &dateline_tokenize::Pipeline,
    n: usize,
    quiet: bool,
) -> Result<(FreqList, serde_json::Value)> {
    let mut rd = csv::Reader::from_path(path)
        .with_context(|| format!("cannot read the reference list `{}`", path.display()))?;
    let h = rd.headers()?.clone();
    let ti = h.iter().position(|c| c == "term");
    let ci = h.iter().position(|c| c == "count");
    let (Some(ti), Some(ci)) = (ti, ci) else {
        bail!("`{}` needs the columns `term` and `count`", path.display());
    };
    let mut pairs = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.with_context(|| format!("`{}`: bad CSV", path.display()))?;
        let line = i + 2;
        let count: u64 = rec.get(ci).unwrap_or("").parse().with_context(|| {
            format!(
                "`{}` line {line}: `count` is not a whole number",
                path.display()
            )
        })?;
        pairs.push((rec.get(ti).unwrap_or("").to_string(), count));
    }
    let r = normalize_reference(pairs, pipeline, n);
    if !r.left_out.is_empty() && !quiet {
        const NAMED: usize = 5;
        let first: Vec<String> = r
            .left_out
            .iter()
            .take(NAMED)
            .map(|t| format!("`{t}`"))
            .collect();
        eprintln!(
            "warning: {} of the entries of `{}` ({} occurrences) left out: they give no term of the pipeline or not one {n}-gram (a stopword, a phrase not in --phrase/--phrases): {}{}",
            r.left_out.len(),
            path.display(),
            r.left_out_count,
            first.join(", "),
            if r.left_out.len() > NAMED { ", …" } else { "" }
        );
    }
    let left_out = serde_json::json!({
        "entries": r.left_out.len(),
        "occurrences": r.left_out_count,
        "first": r.left_out.iter().take(20).collect::<Vec<_>>(),
    });
    Ok((r.list, left_out))
}

/// The keyness options the flags give.
pub fn keyness_options(a: &CompareArgs) -> KeynessOptions {
    KeynessOptions {
        min_total: a.min_count,
        correction: a.correction.into(),
        sort_by: match a.sort {
            KeynessSortArg::G2 => SortBy::G2,
            KeynessSortArg::LogRatio => SortBy::LogRatio,
            KeynessSortArg::Chi2 => SortBy::Chi2,
        },
        top: a.top,
        ..KeynessOptions::default()
    }
}

/// Compares A with B.
pub fn run(a: &CompareArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let (n, n2) = parse_size_range(&a.ngram, 1, 5, "--ngram")?;
    if n != n2 {
        bail!("compare takes one n-gram size (--ngram 2), not a range");
    }
    let side_a = Side::parse(a.a.as_deref(), a.a_where.as_deref(), "a")?;
    if side_a.range.is_none() && side_a.filter.is_none() {
        bail!("say what A is: --a RANGE and/or --a-where COLUMN=VALUE");
    }
    let side_b = if a.b.is_some() || a.b_where.is_some() {
        Some(Side::parse(a.b.as_deref(), a.b_where.as_deref(), "b")?)
    } else {
        None
    };
    let mut prep = prepare(
        &a.corpus,
        &a.tok,
        By::All,
        dateline_core::DateRange::default(),
        &a.lang,
        quiet,
    )?;
    // Tokens only: with an index, the bodies are not read.
    prep.text_needed = false;
    let reference = a
        .reference
        .as_deref()
        .map(|p| read_reference(p, &prep.pipeline, n, quiet))
        .transpose()?;
    let mut pass = prep.pass_options();
    pass.include_undated = true;
    let proto = TwoSides::new(side_a.clone(), side_b.clone(), n as u32)?;
    let (acc, stats) = run_pass(&prep, &pass, || proto.clone(), quiet)?;
    let (fa, fb) = acc.lists(n as u32);
    let (fb, reference_left_out) = match reference {
        Some((list, left_out)) => (list, Some(left_out)),
        None => (fb, None),
    };
    if fa.total == 0 {
        bail!("corpus A holds no tokens: check --a / --a-where (and --lang)");
    }
    if fb.total == 0 {
        bail!("corpus B holds no tokens: check --b / --b-where (and --lang)");
    }
    let opts = keyness_options(a);
    let rows = keyness(&fa, &fb, &opts);
    let mut w = TableWriter::new(
        (&a.out).into(),
        std::slice::from_ref(&a.corpus),
        serde_json::json!({ "args": a, "pipeline": prep.spec, "a": side_a, "b": side_b, "keyness": opts }),
        quiet,
    );
    w.extra(serde_json::json!({
        "pass": stats_json(&stats),
        "tokens_a": fa.total,
        "tokens_b": fb.total,
        "reference_left_out": reference_left_out,
    }));
    w.write(&keyness_table(&rows), &[], started)?;
    Ok(ExitCode::SUCCESS)
}
