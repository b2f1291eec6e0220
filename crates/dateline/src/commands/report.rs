//! `dateline report`: `report.html` rebuilt from the tables of a results folder.
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::cli::ReportArgs;

/// Rebuilds the report of a `dateline run` results folder.
pub fn run(a: &ReportArgs, quiet: bool) -> Result<ExitCode> {
    let manifest_path = a.dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).with_context(|| {
        format!(
            "`{}` is not a results folder of `dateline run` (no manifest.json)",
            a.dir.display()
        )
    })?;
    let manifest: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("bad `{}`", manifest_path.display()))?;
    if manifest["tool"] != "dateline" || manifest["options"].get("study").is_none() {
        bail!(
            "`{}` was not written by `dateline run`: its report is not rebuilt",
            manifest_path.display()
        );
    }
    let title = a
        .title
        .clone()
        .or_else(|| {
            manifest["options"]["study"]["title"]
                .as_str()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "dateline results".into());
    let path = dateline_tables::report::write_report(&a.dir, &title)?;
    if !quiet {
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
