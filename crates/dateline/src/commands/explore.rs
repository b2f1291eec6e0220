//! `dateline explore`: the corpus loaded once, then served on a local port.
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::ExploreArgs;

/// Loads the corpus and serves the explorer until the process is stopped.
pub fn run(a: &ExploreArgs, quiet: bool) -> Result<ExitCode> {
    dateline_explore::server::check_bind(a.bind, a.allow_remote)?;
    let mut notes = Vec::new();
    let explorer = dateline_explore::Explorer::load(&a.corpus, &mut notes)?;
    if !quiet {
        for n in &notes {
            eprintln!("{n}");
        }
    }
    dateline_explore::server::serve(explorer, SocketAddr::new(a.bind, a.port), |addr| {
        // The URL goes to stdout (a script reads it there), the rest to stderr.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", dateline_explore::server::url_of(addr));
        let _ = out.flush();
        if !quiet {
            eprintln!("serving the explorer on {addr}; stop it with Ctrl-C");
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
