//! `dateline schema`: the documented schema of every table.
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::SchemaArgs;

/// Prints the schemas.
pub fn run(a: &SchemaArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if a.markdown {
        out.write_all(dateline_tables::schema_markdown().as_bytes())?;
    } else {
        for t in dateline_tables::schemas() {
            writeln!(out, "{}: {}", t.name, t.row)?;
            for c in t.columns {
                let null = if c.nullable { ", nullable" } else { "" };
                writeln!(out, "  {:<14} {}{null}", c.name, c.dtype)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
