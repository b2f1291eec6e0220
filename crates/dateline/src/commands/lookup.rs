//! `dateline lookup`: dictionary categories per period, with their entries and documents.
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use dateline_analytics::dictionary::Dictionary;
use dateline_analytics::lookup::{CompiledDictionary, LookupCounts};
use dateline_tables::builders::{doc_lookup_table, lookup_entries_table, lookup_table};

use crate::cli::LookupArgs;
use crate::common::{prepare_periods, run_pass, write_analysis};

/// Counts the dictionary's categories.
pub fn run(a: &LookupArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let dictionary = Dictionary::read(&a.dictionary)?;
    let mut prep = prepare_periods(&a.corpus, &a.tok, &a.period, quiet)?;
    // Tokens only: with an index, the bodies are not read.
    prep.text_needed = false;
    let dict = CompiledDictionary::new(&dictionary, &prep.pipeline, a.overlap.into())
        .with_context(|| format!("in the dictionary `{}`", a.dictionary.display()))?;
    let n = prep.periods.periods().len();
    let (acc, stats) = run_pass(
        &prep,
        &prep.pass_options(),
        || LookupCounts::new(&dict, n),
        quiet,
    )?;
    write_analysis(
        &a.out,
        &a.corpus,
        serde_json::json!({
            "args": a,
            "pipeline": prep.spec,
            "dictionary": {
                "path": a.dictionary,
                "fingerprint": dateline_tables::fingerprint_file(&a.dictionary)?,
                "categories": dictionary.categories.len(),
            },
        }),
        &stats,
        &lookup_table(&acc.rows(&prep.periods)),
        &[
            (
                "entries",
                &lookup_entries_table(&acc.entry_rows(&prep.periods)),
            ),
            ("docs", &doc_lookup_table(&acc.doc_rows())),
        ],
        started,
        quiet,
    )?;
    Ok(ExitCode::SUCCESS)
}
