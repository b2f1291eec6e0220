//! `dateline kwic`: concordance lines.
use dateline_tables::builders::kwic_table;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use dateline_analytics::kwic::{format_aligned, KwicLines, KwicOptions};
use dateline_analytics::query::Query;
use dateline_core::By;

use crate::cli::{KwicArgs, OutputOpts};
use crate::common::{prepare, range_of, run_pass, stats_json};
use dateline_tables::writer::TableWriter;

/// Prints (or writes) the concordance lines of a query.
pub fn run(a: &KwicArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let range = range_of(a.from.as_deref(), a.to.as_deref())?;
    let prep = prepare(&a.corpus, &a.tok, By::All, range, &a.lang, quiet)?;
    let query = Query::parse(&a.query, &prep.pipeline)
        .with_context(|| format!("bad query `{}`", a.query))?;
    let options = KwicOptions {
        window: a.window,
        sample: a.sample.map(|n| (n, a.seed)),
    };
    let proto = KwicLines::new(query, options);
    let mut pass = prep.pass_options();
    // Concordances show undated documents too, unless a date range is asked for.
    pass.include_undated = range.start.is_none() && range.end.is_none();
    let (acc, stats) = run_pass(&prep, &pass, || proto.empty_like(), quiet)?;
    let rows = acc.rows();
    if a.output.is_none() {
        let width = if std::io::stdout().is_terminal() {
            160
        } else {
            200
        };
        let mut out = std::io::stdout().lock();
        out.write_all(format_aligned(&rows, width).as_bytes())?;
        if !quiet {
            eprintln!("{} lines", rows.len());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let out = OutputOpts {
        output: a.output.clone(),
        format: None,
        partition: false,
    };
    let mut w = TableWriter::new(
        (&out).into(),
        std::slice::from_ref(&a.corpus),
        serde_json::json!({ "args": a, "pipeline": prep.spec }),
        quiet,
    );
    w.extra(serde_json::json!({ "pass": stats_json(&stats) }));
    w.write(&kwic_table(&rows), &[], started)?;
    Ok(ExitCode::SUCCESS)
}
