use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{TablesError, Written};

/// The fingerprint of one input path (a file, or a folder and every file below it).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InputFingerprint {
    /// The path as given.
    pub path: PathBuf,
    /// Files read below it (1 for a file).
    pub files: u64,
    /// Their total size.
    pub bytes: u64,
    /// XXH3-64 over every file's relative path and contents, in sorted path order (16 hex digits).
    pub xxh3: String,
}

/// One output file, as listed in a manifest.
#[derive(Debug, Clone, Serialize)]
pub struct OutputEntry {
    /// What was written.
    #[serde(flatten)]
    pub written: Written,
    /// Column names and types.
    pub columns: Vec<(String, String)>,
    /// Wall time to compute and write it, in seconds (not part of any determinism guarantee).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// For a partitioned dataset (`path` is its folder, `rows` and `bytes` the sums over its
    /// files): how it is partitioned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset: Option<DatasetEntry>,
}

/// How a dataset listed in a manifest is partitioned.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DatasetEntry {
    /// The partition column (`period`), left out of the files and restored from the folder names.
    pub partition_by: String,
    /// Partition folders (`period=2018-01`, …).
    pub partitions: usize,
    /// Parquet files in the dataset.
    pub files: usize,
}

/// A file of a result set that is not a table (a chart, the summary).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileEntry {
    /// Its path, relative to the manifest's folder.
    pub path: PathBuf,
    /// Size and XXH3 of its bytes.
    #[serde(flatten)]
    pub fingerprint: crate::Fingerprint,
}

/// The record written beside every output: tool version, command, options, inputs, outputs.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// Always `dateline`.
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// The command line, as typed.
    pub command: Vec<String>,
    /// The resolved options of the command (every default made explicit).
    pub options: serde_json::Value,
    /// Input fingerprints.
    pub inputs: Vec<InputFingerprint>,
    /// Outputs with row counts.
    pub outputs: Vec<OutputEntry>,
    /// Other files of the result set (charts, summary), with their fingerprints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileEntry>,
    /// Extra facts (report counts, notes), free-form.
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub extra: serde_json::Value,
}

impl Manifest {
    /// A manifest for `version` with the current command line.
    pub fn new(version: &str, options: serde_json::Value) -> Self {
        Manifest {
            tool: "dateline".into(),
            version: version.into(),
            command: std::env::args().collect(),
            options,
            inputs: Vec::new(),
            outputs: Vec::new(),
            files: Vec::new(),
            extra: serde_json::Value::Null,
        }
    }

    /// Records an output.
    pub fn add_output(&mut self, table: &crate::Table, written: Written, seconds: Option<f64>) {
        self.outputs.push(OutputEntry {
            written,
            columns: table
                .columns
                .iter()
                .map(|(n, v)| (n.clone(), v.type_name().to_string()))
                .collect(),
            seconds,
            dataset: None,
        });
    }

    /// Records a dataset written by [`crate::write_partitioned`] into the folder `dir`, from
    /// the files it wrote: one entry for the folder, with the rows and bytes of all its files.
    pub fn add_dataset(
        &mut self,
        table: &crate::Table,
        dir: &Path,
        by: &str,
        files: &[Written],
        seconds: Option<f64>,
    ) {
        let partitions: std::collections::BTreeSet<Option<&Path>> =
            files.iter().map(|w| w.path.parent()).collect();
        let written = Written {
            table: table.name.clone(),
            path: dir.to_path_buf(),
            format: crate::OutputFormat::Parquet,
            rows: files.iter().map(|w| w.rows).sum(),
            bytes: files.iter().map(|w| w.bytes).sum(),
            xxh3: Some(fingerprint_paths(&[dir.to_path_buf()])[0].xxh3.clone()),
        };
        self.add_output(table, written, seconds);
        if let Some(last) = self.outputs.last_mut() {
            last.dataset = Some(DatasetEntry {
                partition_by: by.to_string(),
                partitions: partitions.len(),
                files: files.len(),
            });
        }
    }

    /// Writes the manifest as pretty JSON, atomically.
    pub fn write(&self, path: &Path) -> Result<(), TablesError> {
        self.stage(path)?.commit().map(|_| ())
    }

    /// The manifest as pretty JSON, staged (see [`crate::Staged`]).
    pub fn stage(&self, path: &Path) -> Result<crate::Staged, TablesError> {
        crate::stage_with(path, "manifest", 0, |w| {
            serde_json::to_writer_pretty(&mut *w, self).map_err(|e| TablesError::Io {
                action: "write",
                path: path.to_path_buf(),
                source: std::io::Error::other(e),
            })?;
            w.write_all(b"\n").map_err(|source| TablesError::Io {
                action: "write",
                path: path.to_path_buf(),
                source,
            })
        })
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 64 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            collect_files(&p, out, depth + 1);
        } else if ft.is_file() || (ft.is_symlink() && p.is_file()) {
            out.push(p);
        }
    }
}

/// Fingerprints each input path: size, file count and a content hash.
///
/// Unreadable files are hashed as empty (the ingest report names them).
pub fn fingerprint_paths(paths: &[PathBuf]) -> Vec<InputFingerprint> {
    paths
        .iter()
        .map(|root| {
            let mut files = Vec::new();
            if root.is_dir() {
                collect_files(root, &mut files, 0);
            } else {
                files.push(root.clone());
            }
            files.sort();
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            let mut bytes = 0u64;
            let mut buf = vec![0u8; 1 << 16];
            for f in &files {
                let rel = f.strip_prefix(root).unwrap_or(f);
                h.update(rel.to_string_lossy().as_bytes());
                h.update(b"\0");
                if let Ok(mut file) = std::fs::File::open(f) {
                    while let Ok(n) = file.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        bytes += n as u64;
                        h.update(&buf[..n]);
                    }
                }
            }
            InputFingerprint {
                path: root.clone(),
                files: files.len() as u64,
                bytes,
                xxh3: format!("{:016x}", h.digest()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_changes_with_content_and_is_stable() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "hello").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), "world!").unwrap();
        let f1 = fingerprint_paths(&[dir.path().to_path_buf()]);
        assert_eq!(f1[0].files, 2);
        assert_eq!(f1[0].bytes, 11);
        assert_eq!(f1, fingerprint_paths(&[dir.path().to_path_buf()]));
        std::fs::write(dir.path().join("a.txt"), "hellp").unwrap();
        assert_ne!(
            f1[0].xxh3,
            fingerprint_paths(&[dir.path().to_path_buf()])[0].xxh3
        );
    }
}
