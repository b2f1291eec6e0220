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
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
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
    /// XXH3-64 of the file's bytes (16 hex digits; none for a device or pipe), checked by
    /// readers against the file ([`crate::check_against_manifest`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xxh3: Option<String>,
}

/// Writes a file atomically: `fill` writes into a temporary file beside the target, which is
/// renamed into place only when `fill` succeeded. A reader sees the old file or the complete new
/// one, never a partial one; on error the temporary file is removed. What the path means (a
/// link, a device, `.gz`) is decided by [`crate::plan_output`].
pub fn atomic_write<E>(
    path: &Path,
    fill: impl FnOnce(&mut crate::OutWriter) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<TablesError>,
{
    let staged = crate::stage_with(path, "", 0, fill)?;
    staged.commit()?;
    Ok(())
}

/// Writes `table` to `path` in the format its extension names, staged: complete and
/// fingerprinted in a temporary file, renamed into place by [`crate::Staged::commit`] (or
/// [`crate::commit_all`] with its companions).
pub fn stage_table(table: &Table, path: &Path) -> Result<crate::Staged, TablesError> {
    let spec = crate::plan_output(path)?;
    match spec.format {
        OutputFormat::Csv => crate::stage_with(path, &table.name, table.rows(), |w| {
            table.write_csv_to(w).map_err(|source| TablesError::Csv {
                path: path.to_path_buf(),
                source,
            })
        }),
        OutputFormat::Parquet => {
            let mut df = table
                .to_dataframe()
                .map_err(|source| TablesError::Parquet {
                    path: path.to_path_buf(),
                    source,
                })?;
            crate::stage_with(path, &table.name, table.rows(), |w| {
                polars::prelude::ParquetWriter::new(w)
                    .with_compression(polars::prelude::ParquetCompression::Zstd(None))
                    .with_row_group_size(Some(64 * 1024))
                    .finish(&mut df)
                    .map(|_| ())
                    .map_err(|source| TablesError::Parquet {
                        path: path.to_path_buf(),
                        source,
                    })
            })
        }
    }
}

/// Writes `table` to `path` in the format its extension names, atomically.
pub fn write_table(table: &Table, path: &Path) -> Result<Written, TablesError> {
    stage_table(table, path)?.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Values;
    use std::fs::File;
    use std::io::Write;

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
