//! Integration tests of dateline-ingest: the seed page, hand-made fixtures, the sample corpus
//! and the shared real corpora.

mod corpora;
mod fixtures;
mod invariants;
mod sample;
mod seed;

use std::path::{Path, PathBuf};

use dateline_ingest::{ingest, IngestOptions, Ingested};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/corpora/<name>` next to the workspace, or `None` (with a message) when absent.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora")
        .join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared/corpora not found");
        None
    }
}

/// Ingests with default options.
pub fn run(paths: &[PathBuf]) -> Ingested {
    ingest(paths, &IngestOptions::default(), &|_| {})
}
