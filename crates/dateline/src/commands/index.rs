//! `dateline index`: the corpus tokenized once, beside it.
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cli::IndexArgs;

/// Builds (or rebuilds) the index of a corpus table.
pub fn run(a: &IndexArgs, quiet: bool) -> Result<ExitCode> {
    crate::common::open_checked(&a.corpus, quiet)?;
    build(&a.corpus, quiet)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the index of `corpus` and says what it holds.
pub fn build(corpus: &std::path::Path, quiet: bool) -> Result<()> {
    let t = Instant::now();
    let rows = dateline_tables::CorpusReader::open(corpus)
        .map(|r| r.rows() as u64)
        .unwrap_or(0);
    let pb = crate::common::doc_progress(rows, "index", quiet);
    let meta =
        dateline_tables::index_io::build_index(corpus, env!("CARGO_PKG_VERSION"), &|n| pb.inc(n))
            .with_context(|| format!("cannot index `{}`", corpus.display()))?;
    pb.finish_and_clear();
    if !quiet {
        let parts: Vec<String> = meta
            .rules
            .iter()
            .map(|r| {
                format!(
                    "{} tokens, {} forms ({})",
                    dateline_analytics::limits::thousands(r.tokens),
                    dateline_analytics::limits::thousands(r.forms),
                    r.name
                )
            })
            .collect();
        eprintln!(
            "indexed {} documents into {}: {} in {:.2}s",
            dateline_analytics::limits::thousands(meta.rows),
            dateline_tables::index_io::index_dir(corpus).display(),
            parts.join("; "),
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
