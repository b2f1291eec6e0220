//! `dateline tokens`: the tokens of a document or of stdin, for checking by eye.
use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use dateline_tokenize::Pipeline;

use crate::cli::TokensArgs;
use crate::common::pipeline_spec;

/// Prints one line per token: position, sentence, byte range, source text, normalized form.
pub fn run(a: &TokensArgs, quiet: bool) -> Result<ExitCode> {
    let spec = pipeline_spec(&a.tok)?;
    let pipeline = Pipeline::new(&spec);
    let text = match &a.input {
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read stdin as UTF-8 text")?;
            s
        }
        Some(p) if is_table(p) => {
            let docs = crate::common::open_checked(p, quiet)?
                .read_all()
                .with_context(|| format!("cannot read the corpus `{}`", p.display()))?;
            let Some(want) = &a.doc else {
                bail!("name the document to show with --doc <doc_id or row number>");
            };
            let doc = docs
                .iter()
                .find(|d| d.doc_id.to_string() == *want)
                .or_else(|| want.parse::<usize>().ok().and_then(|i| docs.get(i)))
                .with_context(|| format!("no document `{want}` in `{}`", p.display()))?;
            doc.text()
        }
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("cannot read `{}` as UTF-8 text", p.display()))?,
    };
    let toks = pipeline.tokenize(&text);
    let mut out = std::io::stdout().lock();
    writeln!(out, "position\tsentence\tstart\tend\tstop\ttext\tnorm")?;
    for (t, norm) in toks.iter() {
        let src = text
            .get(t.start as usize..t.end as usize)
            .unwrap_or("")
            .replace('\n', "\\n");
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            t.position,
            t.sentence,
            t.start,
            t.end,
            if t.stop { "stop" } else { "" },
            src,
            norm
        )?;
    }
    if let Some(n) = a.ngram {
        writeln!(out)?;
        writeln!(out, "{n}-grams:")?;
        let ts = toks.tokens();
        for w in 0..ts.len().saturating_sub(n - 1) {
            let win = &ts[w..w + n];
            if win.iter().any(|t| t.sentence != win[0].sentence) {
                continue;
            }
            let words: Vec<&str> = (w..w + n).map(|i| toks.norm(i)).collect();
            writeln!(out, "{}", words.join(" "))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn is_table(p: &std::path::Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("parquet" | "pq")
    ) || p
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv"))
}
