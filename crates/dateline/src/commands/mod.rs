//! One module per subcommand.
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command};

mod collocations;
mod compare;
mod cooccur;
pub(crate) mod count;
mod entities;
mod explore;
mod index;
mod ingest;
mod kwic;
mod lookup;
mod report;
mod run;
mod schema;
mod terms;
mod tokens;
mod trend;

/// Runs the subcommand the command line names.
pub fn dispatch(cli: &Cli) -> Result<ExitCode> {
    let out = match &cli.command {
        Command::Terms(a) => Some(&a.out),
        Command::Trend(a) => Some(&a.out),
        Command::Lookup(a) => Some(&a.out),
        Command::Compare(a) => Some(&a.out),
        Command::Cooccur(a) => Some(&a.out),
        Command::Collocations(a) => Some(&a.out),
        _ => None,
    };
    if let Some(o) = out {
        dateline_tables::writer::check_partition(&o.into(), false)?;
        // An output path dateline will not write is refused before the analysis.
        if let (Some(path), false) = (&o.output, o.partition) {
            for p in dateline_tables::writer::output_paths(path, o.format.map(Into::into)) {
                dateline_tables::plan_output(&p)?;
            }
        }
    }
    match &cli.command {
        Command::Ingest(a) => ingest::run(a, cli.quiet),
        Command::Tokens(a) => tokens::run(a, cli.quiet),
        Command::Schema(a) => schema::run(a),
        Command::Terms(a) => terms::run(a, cli.quiet),
        Command::Trend(a) => trend::run(a, cli.quiet),
        Command::Report(a) => report::run(a, cli.quiet),
        Command::Explore(a) => explore::run(a, cli.quiet),
        Command::Lookup(a) => lookup::run(a, cli.quiet),
        Command::Compare(a) => compare::run(a, cli.quiet),
        Command::Cooccur(a) => cooccur::run(a, cli.quiet),
        Command::Collocations(a) => collocations::run(a, cli.quiet),
        Command::Kwic(a) => kwic::run(a, cli.quiet),
        Command::Entities(a) => entities::run(a, cli.quiet),
        Command::Run(a) => run::run(a, cli.quiet),
        Command::Init(a) => init(a),
        Command::Count(a) => count::run_count(a, cli.quiet),
        Command::Merge(a) => count::run_merge(a, cli.quiet),
        Command::Index(a) => index::run(a, cli.quiet),
    }
}

/// `dateline init`: writes the commented example study.
fn init(a: &crate::cli::InitArgs) -> Result<ExitCode> {
    if a.path.exists() && !a.force {
        anyhow::bail!("`{}` exists; use --force to overwrite it", a.path.display());
    }
    std::fs::write(&a.path, crate::study::EXAMPLE)
        .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", a.path.display()))?;
    eprintln!(
        "wrote {}: edit [input] paths, then run `dateline run {}`",
        a.path.display(),
        a.path.display()
    );
    Ok(ExitCode::SUCCESS)
}
