//! `dateline collocations`: multi-word expressions of each period.
use dateline_tables::builders::collocations_table;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use dateline_analytics::assoc::Measure;
use dateline_analytics::collocations::{phrase_list, CollocationCounts, CollocationOptions};

use crate::cli::{CollocationsArgs, MeasureArg};
use crate::common::{parse_size_range, prepare_periods, run_pass, write_analysis};

/// The measure a flag names.
pub fn measure_of(m: MeasureArg) -> Measure {
    match m {
        MeasureArg::Pmi => Measure::Pmi,
        MeasureArg::Npmi => Measure::Npmi,
        MeasureArg::G2 => Measure::G2,
        MeasureArg::TScore => Measure::TScore,
        MeasureArg::Count => Measure::Count,
    }
}

/// Finds and scores the collocations.
pub fn run(a: &CollocationsArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let (min_n, max_n) = parse_size_range(&a.size, 2, 5, "--size")?;
    let options = CollocationOptions {
        min_n,
        max_n,
        drop_stop_edges: !a.keep_stop_edges,
        min_count: a.min_count,
        top: a.top,
        measure: measure_of(a.measure),
    };
    let proto = CollocationCounts::new(options.clone())?;
    let mut prep = prepare_periods(&a.corpus, &a.tok, &a.period, quiet)?;
    // Tokens only: with an index, the bodies are not read.
    prep.text_needed = false;
    let (acc, stats) = run_pass(&prep, &prep.pass_options(), || proto.empty_like(), quiet)?;
    let rows = acc.rows(prep.periods.periods());
    if let Some(p) = &a.phrases_out {
        let list = phrase_list(&rows);
        dateline_tables::atomic_write(p, |w| {
            use std::io::Write;
            w.write_all(list.as_bytes())
                .map_err(|source| dateline_tables::TablesError::Io {
                    action: "write",
                    path: p.clone(),
                    source,
                })
        })?;
    }
    let table = collocations_table(&rows);
    write_analysis(
        &a.out,
        &a.corpus,
        serde_json::json!({ "args": a, "pipeline": prep.spec, "collocations": options }),
        &stats,
        &table,
        &[],
        started,
        quiet,
    )?;
    Ok(ExitCode::SUCCESS)
}
