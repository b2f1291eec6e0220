//! `dateline`: the command-line tool. See `dateline --help`.
#![warn(missing_docs)]

mod cli;
mod commands;
mod common;
mod study;

/// mimalloc: the analyses allocate many small strings and maps from several threads, where
/// glibc malloc spends a sixth of the CPU time of `dateline terms` (perf, BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = <cli::Cli as clap::CommandFactory>::command().get_matches();
    let cli = match <cli::Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli::remember(matches);
    if let Some(n) = cli.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            eprintln!("error: cannot start {n} threads: {e}");
            return ExitCode::from(2);
        }
    }
    match commands::dispatch(&cli) {
        Ok(code) => code,
        Err(err) => report(&err),
    }
}

/// Prints an error with its causes and a hint; a broken pipe (`dateline … | head`) is not an error.
fn report(err: &anyhow::Error) -> ExitCode {
    for cause in err.chain() {
        let io = cause.downcast_ref::<std::io::Error>().or_else(|| {
            match cause.downcast_ref::<csv::Error>().map(csv::Error::kind) {
                Some(csv::ErrorKind::Io(io)) => Some(io),
                _ => None,
            }
        });
        if io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
            return ExitCode::SUCCESS;
        }
    }
    // A hint is attached as context, so it may sit anywhere in the chain: print it last.
    let hint = err
        .downcast_ref::<common::Hint>()
        .map(|h| h.0.clone())
        .or_else(|| {
            err.chain().find_map(|c| {
                c.downcast_ref::<dateline_tables::counts::CountsFolderError>()
                    .and_then(dateline_tables::counts::CountsFolderError::hint)
                    .map(str::to_string)
                    .or_else(|| {
                        c.downcast_ref::<dateline_tables::TablesError>()
                            .and_then(dateline_tables::TablesError::hint)
                    })
            })
        });
    let messages: Vec<String> = err
        .chain()
        .map(ToString::to_string)
        .filter(|m| hint.as_deref() != Some(m.as_str()))
        .collect();
    let mut lines = messages.into_iter();
    if let Some(first) = lines.next() {
        eprintln!("error: {first}");
    }
    for cause in lines {
        eprintln!("  caused by: {cause}");
    }
    if let Some(h) = hint {
        eprintln!("hint: {h}");
    }
    ExitCode::from(1)
}
