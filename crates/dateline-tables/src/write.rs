use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{Table, TablesError};

/// The file formats tables are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// RFC 4180 UTF-8 CSV with a header.
    Csv,
    /// Apache Parquet (zstd), dates as `date32`.
    Parquet,
}

impl OutputFormat {
    /// The format a file name asks for: `.parquet`/`.pq` → Parquet, anything else → CSV.
    pub fn from_path(path: &Path) -> OutputFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq") => {
                OutputFormat::Parquet
            }
            _ => OutputFormat::Csv,
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Csv => "csv",
            OutputFormat::Parquet => "parquet",
        }
    }
}

/// What was written: recorded in the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// The table's name.
    pub table: String,
    /// Where it was written.
    pub path: PathBuf,
    /// Its format.
    pub format: OutputFormat,
    /// Data rows.
    pub rows: usize,
    /// Bytes of the file.
    pub bytes: u64,
}

/// Writes a file atomically: `fill` writes into a temporary file in the target folder, which is
/// renamed into place only when `fill` succeeded. A reader sees the old file or the complete new
/// one, never a partial one; on error the temporary file is removed.
pub fn atomic_write<E>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&mut File>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<TablesError>,
{
    let mut tmp = temp_file_beside(path)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush().map_err(|source| TablesError::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })?;
    }
    tmp.as_file().sync_all().map_err(|source| TablesError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })?;
    tmp.persist(path).map_err(|e| TablesError::Io {
        action: "rename",
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

/// A new hidden temporary file `.<name>.XXXXXX.tmp` in the folder of `path` (created if
/// missing), for an output to be written to and then renamed onto `path`. It is created with
/// mode 0666 less the umask, as `File::create` would, so that the renamed output is readable like
/// any other file (tempfile's default, 0600, would leave every output private to its owner).
pub(crate) fn temp_file_beside(path: &Path) -> Result<tempfile::NamedTempFile, TablesError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |source| TablesError::Io {
        action: "create",
        path: dir.clone(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(&dir).map_err(io)
}

/// Writes `table` to `path` in the format its extension names, atomically.
pub fn write_table(table: &Table, path: &Path) -> Result<Written, TablesError> {
    let format = OutputFormat::from_path(path);
    match format {
        OutputFormat::Csv => atomic_write(path, |w| {
            table.write_csv_to(w).map_err(|source| TablesError::Csv {
                path: path.to_path_buf(),
                source,
            })
        })?,
        OutputFormat::Parquet => {
            let mut df = table
                .to_dataframe()
                .map_err(|source| TablesError::Parquet {
                    path: path.to_path_buf(),
                    source,
                })?;
            atomic_write(path, |w| {
                polars::prelude::ParquetWriter::new(w)
                    .with_compression(polars::prelude::ParquetCompression::Zstd(None))
                    .with_row_group_size(Some(64 * 1024))
                    .finish(&mut df)
                    .map(|_| ())
                    .map_err(|source| TablesError::Parquet {
                        path: path.to_path_buf(),
                        source,
                    })
            })?;
        }
    }
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(Written {
        table: table.name.clone(),
        path: path.to_path_buf(),
        format,
        rows: table.rows(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Values;

    #[test]
    fn failed_write_leaves_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, "old\n").unwrap();
        let r: Result<(), TablesError> = atomic_write(&p, |w| {
            w.write_all(b"partial").unwrap();
            Err(TablesError::NotACorpus {
                path: p.clone(),
                reason: "boom".into(),
            })
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "temporary file left behind");
    }

    /// Outputs get the permissions `File::create` gives in the same folder (umask applied), not
    /// the temporary file's private 0600.
    #[cfg(unix)]
    #[test]
    fn outputs_are_created_like_any_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let want = std::fs::metadata(&plain).unwrap().permissions().mode();
        for name in ["t.csv", "t.parquet"] {
            let p = dir.path().join(name);
            let t = Table::new("t").with("n", Values::Int(vec![1]));
            write_table(&t, &p).unwrap();
            let got = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(got, want, "{name}: {got:o} vs {want:o}");
        }
    }

    #[test]
    fn parquet_round_trips_through_polars() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.parquet");
        let t = Table::new("t").with("n", Values::Int(vec![1, 2, 3])).with(
            "s",
            Values::OptStr(vec![Some("a".into()), None, Some("c".into())]),
        );
        let w = write_table(&t, &p).unwrap();
        assert_eq!(w.rows, 3);
        use polars::prelude::SerReader;
        let df = polars::prelude::ParquetReader::new(File::open(&p).unwrap())
            .finish()
            .unwrap();
        assert_eq!(df.height(), 3);
        let s: Vec<Option<&str>> = df.column("s").unwrap().str().unwrap().iter().collect();
        assert_eq!(s, vec![Some("a"), None, Some("c")]);
    }
}
