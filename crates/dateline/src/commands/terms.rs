//! `dateline terms`: term counts per period (or per document), with the `periods` table.
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use dateline_analytics::terms::{
    DocTermCounts, DocTermRow, PeriodRow, RowOptions, TermColumns, TermCounts, TermOptions,
};
use dateline_core::{By, Document, PeriodIndex};
use dateline_tables::{Table, Values};

use crate::cli::TermsArgs;
use crate::common::{by_of, parse_size_range, period_range, write_analysis, Prepared, Writer};

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
    let mut prep = Prepared::new(
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
        let (acc, stats) = prep.run(&pass, || proto.clone(), quiet)?;
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
    let (acc, stats) = prep.run(&pass, || proto.clone(), quiet)?;
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
/// or refused ([`super::count::answer`]).
fn from_counts(a: &TermsArgs, quiet: bool, started: Instant) -> Result<ExitCode> {
    let (lo, hi) = parse_size_range(&a.ngram, 1, 5, "--ngram")?;
    let meta = dateline_tables::counts::read_meta(&a.corpus)?;
    let ask = super::count::Ask {
        by: by_of(a.period.by),
        range: period_range(&a.period)?,
        lang: &a.period.lang,
        tok: Some(&a.tok),
        ngram: Some(((lo as u32, hi as u32), a.keep_stop_edges)),
        entities: None,
        needs_documents: a
            .group_by
            .iter()
            .map(|g| format!("--group-by {g}"))
            .collect(),
    };
    let derivation = super::count::answer(&meta, &a.corpus, &ask)?;
    let partial = super::count::warn_partial(&a.corpus, &meta);
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
    let mut w = Writer::new(&a.out, std::slice::from_ref(&a.corpus), options, quiet);
    w.extra(serde_json::json!({ "counts_folder": partial }));
    w.write(&table, &[("periods", &periods)], started)?;
    Ok(ExitCode::SUCCESS)
}

/// The `terms` table, built from the columns of [`TermCounts::term_columns`]: period labels and
/// terms as dictionary columns (no string per row; written as plain text columns).
pub fn terms_table(cols: TermColumns, periods: &PeriodIndex) -> Table {
    let ps = periods.periods();
    let TermColumns {
        period,
        group,
        term,
        n,
        count,
        docs,
        per_10k,
        doc_share,
        tfidf,
        groups,
        terms,
    } = cols;
    let int = |v: Vec<u64>| Values::Int(v.into_iter().map(|x| x as i64).collect());
    Table::new("terms")
        .with(
            "period_start",
            Values::Date(period.iter().map(|&p| ps[p as usize].start).collect()),
        )
        .with(
            "period",
            Values::Dict {
                dict: ps.iter().map(|p| p.label.clone()).collect(),
                codes: period,
            },
        )
        .with(
            "group",
            Values::OptStr(group.iter().map(|&g| groups[g as usize].clone()).collect()),
        )
        .with(
            "term",
            Values::Dict {
                dict: terms,
                codes: term,
            },
        )
        .with("n", Values::Int(n.into_iter().map(i64::from).collect()))
        .with("count", int(count))
        .with("docs", int(docs))
        .with("per_10k", Values::Float(per_10k))
        .with("doc_share", Values::Float(doc_share))
        .with("tfidf", Values::Float(tfidf))
}

/// The `periods` table.
pub fn periods_table(rows: &[PeriodRow]) -> Table {
    Table::from_rows("periods", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .opt_str("group", |r| r.group.clone())
        .int("n", |r| i64::from(r.n))
        .int("docs", |r| r.docs as i64)
        .int("tokens", |r| r.tokens as i64)
        .int("types", |r| r.types as i64)
        .build()
}

/// The `doc_terms` table.
pub fn doc_terms_table(rows: &[DocTermRow]) -> Table {
    Table::from_rows("doc_terms", rows)
        .str("doc_id", |r| r.doc_id.to_string())
        .opt_date("date", |r| r.date)
        .str("term", |r| r.term.clone())
        .int("n", |r| i64::from(r.n))
        .int("count", |r| r.count as i64)
        .build()
}
