//! Ingest straight into corpus tables: the documents of [`dateline_ingest::ingest_to`] are
//! written batch by batch (row groups) into one corpus table per format, staged beside their
//! targets (complete, not yet renamed into place).
use std::path::{Path, PathBuf};

use dateline_ingest::{IngestOptions, Report, StreamOptions};

use crate::{CorpusWriter, Staged, TablesError};

fn cannot_write(p: &Path) -> impl Fn(TablesError) -> TablesError + '_ {
    move |e| TablesError::WriteCorpus {
        path: p.to_path_buf(),
        source: Box::new(e),
    }
}

/// Streams the inputs into the corpus tables at `outputs` (one per format; written in row
/// groups and staged: complete, not yet renamed into place); documents beyond the memory
/// budget wait in a temporary file beside the first one. The temporary files are registered
/// for removal on Ctrl-C ([`crate::writer::remove_on_interrupt`]).
pub fn ingest_into(
    paths: &[PathBuf],
    opts: &IngestOptions,
    outputs: &[PathBuf],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Report, Vec<Staged>), TablesError> {
    let mut writers = outputs
        .iter()
        .map(|p| CorpusWriter::create(p).map_err(cannot_write(p)))
        .collect::<Result<Vec<_>, _>>()?;
    for w in &writers {
        if let Some(t) = w.temp_path() {
            crate::writer::remove_on_interrupt(t);
        }
    }
    let stream = StreamOptions {
        // Beside the first output, unless that is a device (then the system's temporary folder).
        spill_dir: writers
            .first()
            .and_then(|w| w.temp_path())
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf),
        ..stream_options()
    };
    let report =
        dateline_ingest::ingest_to::<TablesError>(paths, opts, &stream, progress, &mut |b| {
            for (w, p) in writers.iter_mut().zip(outputs) {
                w.write(&b).map_err(cannot_write(p))?;
            }
            Ok(())
        })?;
    let written = writers
        .into_iter()
        .zip(outputs)
        .map(|(w, p)| w.finish_staged().map_err(cannot_write(p)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((report, written))
}

/// The default [`StreamOptions`], with `DATELINE_MEMORY_MB` (documents held in memory before
/// they wait on disk) and `DATELINE_BATCH_ROWS` (rows per row group) when set.
fn stream_options() -> StreamOptions {
    let mut s = StreamOptions {
        batch_rows: crate::prepared::batch_rows(),
        ..StreamOptions::default()
    };
    if let Some(mb) = std::env::var("DATELINE_MEMORY_MB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        s.memory_bytes = mb << 20;
    }
    s
}
