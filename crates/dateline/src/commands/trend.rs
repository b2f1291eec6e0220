//! `dateline trend`: queries over time, with a chart.
use dateline_tables::builders::trends_table;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use dateline_analytics::trend::{TrendCounts, TrendRow};

use crate::cli::TrendArgs;
use crate::common::{parse_queries, prepare_periods, run_pass, write_analysis};
use dateline_tables::chart::{line_chart, ChartStyle, Series};

/// Counts the queries per period.
pub fn run(a: &TrendArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    if a.smooth == 0 {
        bail!("--smooth must be at least 1 (1 means no smoothing)");
    }
    let mut prep = prepare_periods(&a.corpus, &a.tok, &a.period, quiet)?;
    // Tokens only: with an index, the bodies are not read.
    prep.text_needed = false;
    let queries = parse_queries(&a.queries, &prep.pipeline)?;
    let n = prep.periods.periods().len();
    let proto = TrendCounts::new(&queries, n);
    let (acc, stats) = run_pass(&prep, &prep.pass_options(), || proto.clone(), quiet)?;
    let rows = acc.rows(&prep.periods, a.smooth);
    if let Some(plot) = &a.plot {
        let mut style = a.chart.style("Trends")?;
        if a.volume {
            style.volume = Some((0..n).map(|p| acc.period_totals(p).0).collect());
        }
        draw(plot, &style, &rows, &prep.periods, a.smooth, a.plot_counts)?;
        if !quiet {
            eprintln!("wrote {}", plot.display());
        }
    }
    write_analysis(
        &a.out,
        &a.corpus,
        serde_json::json!({ "args": a, "pipeline": prep.spec }),
        &stats,
        &trends_table(&rows),
        &[],
        started,
        quiet,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Draws one line per query.
pub fn draw(
    path: &std::path::Path,
    style: &ChartStyle,
    rows: &[TrendRow],
    periods: &dateline_core::PeriodIndex,
    smooth: usize,
    counts: bool,
) -> Result<()> {
    let n = periods.periods().len();
    let mut series: Vec<Series> = Vec::new();
    for r in rows {
        if series.last().is_none_or(|s| s.label != r.query) {
            series.push(Series {
                label: r.query.clone(),
                values: Vec::with_capacity(n),
            });
        }
        let v = if counts {
            r.count as f64
        } else if smooth > 1 {
            r.smoothed
        } else {
            r.per_10k
        };
        series.last_mut().expect("pushed").values.push(v);
    }
    let y = if counts {
        "matches".to_string()
    } else if smooth > 1 {
        format!("per 10,000 tokens ({smooth}-period trailing mean)")
    } else {
        "per 10,000 tokens".to_string()
    };
    Ok(line_chart(path, style, &y, periods.periods(), &series)?)
}
