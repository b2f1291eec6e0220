//! Result sets: the one family of writers every command uses. A table goes to a file with its
//! companions and manifest ([`TableWriter`]), or with the other tables of a folder
//! ([`FolderWriter`]: `entities -o DIR`, and `dateline run`'s staging folder); each stages its
//! files and renames them into place together, the manifest last ([`crate::commit_all`]).
//! Ctrl-C ([`on_interrupt`]) removes what a command had not yet put in place and leaves the
//! earlier results as they were.
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use crate::{check_declared, Manifest, OutputLock, OutputSpec, Table, TablesError, Written};

/// The version every manifest records.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The table formats an output asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Formats {
    /// CSV only.
    Csv,
    /// Parquet only.
    Parquet,
    /// Both, side by side.
    Both,
}

impl Formats {
    /// The file extensions, in the order the files are written.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Formats::Csv => &["csv"],
            Formats::Parquet => &["parquet"],
            Formats::Both => &["csv", "parquet"],
        }
    }

    /// The name a user types (`--format csv`).
    pub fn name(self) -> &'static str {
        match self {
            Formats::Csv => "csv",
            Formats::Parquet => "parquet",
            Formats::Both => "both",
        }
    }
}

/// Where a command writes: a file (`-o terms.parquet`; stdout without one), its formats, and
/// `--partition`.
#[derive(Debug, Clone, Default)]
pub struct OutputRequest {
    /// `-o`.
    pub output: Option<PathBuf>,
    /// `--format` (`None`: from the extension).
    pub format: Option<Formats>,
    /// `--partition`.
    pub partition: bool,
}

/// The files an output asks for: one per format. The format's extension replaces the given
/// one (`terms.csv` → `terms.parquet`); a gzipped CSV stays gzipped (`-o t.csv.gz --format
/// both` → `t.csv.gz` and `t.parquet`, not `t.csv.csv`).
pub fn output_paths(out: &Path, format: Option<Formats>) -> Vec<PathBuf> {
    let gz = out
        .file_name()
        .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().ends_with(".gz"));
    let with = |ext: &str| {
        let stem = output_stem(out);
        let name = if ext == "csv" && gz {
            format!("{stem}.csv.gz")
        } else {
            format!("{stem}.{ext}")
        };
        out.with_file_name(name)
    };
    match format {
        None => vec![out.to_path_buf()],
        Some(Formats::Csv) => vec![with("csv")],
        Some(Formats::Parquet) => vec![with("parquet")],
        Some(Formats::Both) => vec![with("csv"), with("parquet")],
    }
}

/// The name of an output without its format extensions: `terms.parquet` → `terms`,
/// `corpus.csv.gz` → `corpus`.
fn output_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `terms.parquet` → `terms.periods.parquet`, `corpus.csv.gz` → `corpus.report.csv.gz`: a
/// companion table beside an output.
pub fn companion(path: &Path, name: &str) -> PathBuf {
    let stem = output_stem(path);
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let inner = if gz {
        path.with_extension("")
    } else {
        path.to_path_buf()
    };
    let ext = inner
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "csv".into());
    let gz = if gz { ".gz" } else { "" };
    path.with_file_name(format!("{stem}.{name}.{ext}{gz}"))
}

/// `terms.parquet` → `terms.manifest.json`.
pub fn manifest_path(out: &Path) -> PathBuf {
    let stem = output_stem(out);
    out.with_file_name(format!("{stem}.manifest.json"))
}

/// A companion table that is CSV beside a CSV or Parquet output and keeps a gzipped output's
/// compression: `corpus.parquet` → `corpus.<name>.csv`, `corpus.csv.gz` →
/// `corpus.<name>.csv.gz`; with `keep_parquet`, `corpus.parquet` → `corpus.<name>.parquet`.
pub fn csv_companion(out: &Path, name: &str, keep_parquet: bool) -> PathBuf {
    let keeps = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz") || (keep_parquet && e == "parquet"));
    if keeps {
        companion(out, name)
    } else {
        companion(&out.with_extension("csv"), name)
    }
}

/// `corpus.parquet` → `corpus.report.csv` (`corpus.csv.gz` → `corpus.report.csv.gz`): the
/// ingest report beside a corpus.
pub fn report_path(out: &Path) -> PathBuf {
    csv_companion(out, "report", false)
}

/// Refuses an output that a folder of tables (`folder`) or a file cannot be with
/// `--partition`: no output (stdout), or CSV asked, so that a command stops before its
/// analysis.
pub fn check_partition(req: &OutputRequest, folder: bool) -> Result<(), TablesError> {
    if !req.partition {
        return Ok(());
    }
    let Some(out) = &req.output else {
        return Err(TablesError::PartitionToStdout { folder });
    };
    let format = |f: Formats| format!("--format {}", f.name());
    if folder {
        return match req.format {
            Some(f @ (Formats::Csv | Formats::Both)) => Err(TablesError::PartitionCsv {
                what: format(f),
                folder,
            }),
            _ => Ok(()),
        };
    }
    let csv_asked = match req.format {
        Some(Formats::Csv | Formats::Both) => true,
        Some(Formats::Parquet) => false,
        None => {
            out.extension().is_some()
                && crate::OutputFormat::from_path(out) != crate::OutputFormat::Parquet
        }
    };
    if csv_asked {
        let mut what = format!("`{}`", out.display());
        if let Some(f) = req.format {
            what = format!("{what}, {}", format(f));
        }
        return Err(TablesError::PartitionCsv { what, folder });
    }
    Ok(())
}

/// Refuses, before any work, an output path dateline will not write (a folder, a dangling
/// link, `.parquet.gz`, `.bz2`, …): the same decision [`crate::plan_output`] makes when the
/// file is written.
pub fn check_output_path(out: &Path) -> Result<OutputSpec, TablesError> {
    crate::plan_output(out)
}

/// Writes a table to an output request (or CSV to stdout without `-o`) with its companions
/// and a manifest beside the main output.
pub struct TableWriter {
    req: OutputRequest,
    inputs: Vec<PathBuf>,
    manifest: Manifest,
    quiet: bool,
}

impl TableWriter {
    /// A writer for a command's output; `options` go into the manifest.
    pub fn new(
        req: OutputRequest,
        inputs: &[PathBuf],
        options: serde_json::Value,
        quiet: bool,
    ) -> Self {
        let mut manifest = Manifest::new(VERSION, options);
        manifest.inputs = crate::fingerprint_paths(inputs);
        TableWriter {
            req,
            inputs: inputs.to_vec(),
            manifest,
            quiet,
        }
    }

    /// Extra facts for the manifest.
    pub fn extra(&mut self, extra: serde_json::Value) {
        self.manifest.extra = extra;
    }

    /// Writes the main table and its companions (`(name, table)`, written beside it as
    /// `<stem>.<name>.<ext>`; to stdout only the main table goes).
    pub fn write(
        mut self,
        main: &Table,
        companions: &[(&str, &Table)],
        started: Instant,
    ) -> Result<(), TablesError> {
        check_declared(main)?;
        for (_, t) in companions {
            check_declared(t)?;
        }
        if self.req.partition {
            return self.write_datasets(main, companions, started);
        }
        let Some(out) = self.req.output.clone() else {
            let stdout = std::io::stdout();
            return main
                .write_csv_to(stdout.lock())
                .map_err(TablesError::Stdout);
        };
        let paths = output_paths(&out, self.req.format);
        for path in &paths {
            crate::check_output_vs_inputs(path, &self.inputs)?;
            for (name, _) in companions {
                crate::check_output_vs_inputs(&companion(path, name), &self.inputs)?;
            }
        }
        let _lock = OutputLock::acquire(&out)?;
        let mut staged = Vec::new();
        let mut streamed = false;
        for path in &paths {
            let s = crate::stage_table(main, path)?.named_by_user();
            if s.is_stream() {
                // A device or pipe: the table is written through; no companions, no manifest.
                streamed = true;
                let w = s.commit()?;
                if !self.quiet {
                    eprintln!(
                        "wrote {} (a device or pipe: no companion tables, no manifest)",
                        w.path.display()
                    );
                }
                continue;
            }
            self.manifest.add_output(
                main,
                s.written.clone(),
                Some(started.elapsed().as_secs_f64()),
            );
            staged.push(s);
            for (name, t) in companions {
                let s = crate::stage_table(t, &companion(path, name))?;
                self.manifest.add_output(t, s.written.clone(), None);
                staged.push(s);
            }
        }
        if streamed && staged.is_empty() {
            return Ok(());
        }
        let written_paths: Vec<PathBuf> = staged.iter().map(|s| s.written.path.clone()).collect();
        let mpath = manifest_path(&out);
        crate::commit_all(staged, Some((&self.manifest, &mpath)))?;
        self.report(&written_paths, &mpath);
        Ok(())
    }

    /// Lists what was written.
    fn report(&self, written_paths: &[PathBuf], mpath: &Path) {
        if !self.quiet {
            for p in written_paths {
                eprintln!("wrote {}", p.display());
            }
            eprintln!("wrote {}", mpath.display());
        }
    }

    /// `--partition`: the tables with a `period` column as Parquet datasets partitioned by
    /// period (`-o terms.parquet` → `terms/period=…/part-0.parquet`, the companion `periods`
    /// → `terms.periods/…`), the others as single Parquet files; one manifest lists them all.
    fn write_datasets(
        mut self,
        main: &Table,
        companions: &[(&str, &Table)],
        started: Instant,
    ) -> Result<(), TablesError> {
        check_partition(&self.req, false)?;
        let Some(out) = self.req.output.clone() else {
            return Err(TablesError::PartitionToStdout { folder: false });
        };
        let main_path = out.with_extension("parquet");
        let _lock = OutputLock::acquire(&main_path)?;
        let mut tables: Vec<(&Table, PathBuf, Option<f64>)> = vec![(
            main,
            main_path.clone(),
            Some(started.elapsed().as_secs_f64()),
        )];
        for (name, t) in companions {
            tables.push((t, companion(&main_path, name), None));
        }
        let mut written_paths = Vec::new();
        for (t, path, seconds) in tables {
            if t.column("period").is_some() {
                let dir = path.with_extension("");
                crate::check_output_vs_inputs(&dir, &self.inputs)?;
                let files = crate::write_partitioned(t, &dir, "period")?;
                self.manifest
                    .add_dataset(t, &dir, "period", &files, seconds);
                written_paths.push(dir);
            } else {
                crate::check_output_vs_inputs(&path, &self.inputs)?;
                let w = crate::write_table(t, &path)?;
                self.manifest.add_output(t, w, seconds);
                written_paths.push(path);
            }
        }
        let mpath = manifest_path(&out);
        self.manifest.write(&mpath)?;
        self.report(&written_paths, &mpath);
        Ok(())
    }
}

/// Writes the tables of a folder (`<dir>/<table>.<ext>`, or a Parquet dataset
/// `<dir>/<table>/period=…/` for a partitioned table), staged and renamed into place
/// together with `manifest.json` last ([`FolderWriter::finish`]).
pub struct FolderWriter {
    dir: PathBuf,
    exts: Vec<&'static str>,
    partition: bool,
    inputs: Vec<PathBuf>,
    /// The manifest `finish` writes.
    pub manifest: Manifest,
    /// The manifest names files by their name in the folder (a folder that is moved whole
    /// into place: `dateline run`), not by their path.
    relative: bool,
    staged: Vec<crate::Staged>,
    /// `(table, file, rows)` of every file written, in order (datasets: the folder).
    pub rows: Vec<(String, String, usize)>,
    /// The files not yet listed by `wrote`: (path, rows, dataset files).
    written: Vec<(PathBuf, usize, Option<usize>)>,
}

impl FolderWriter {
    /// A writer of tables into `dir` in `formats`, in that order (and, with `partition`, datasets of the
    /// tables with a `period` column); `inputs` are fingerprinted and never overwritten.
    pub fn new(
        dir: &Path,
        formats: &[Formats],
        partition: bool,
        inputs: &[PathBuf],
        options: serde_json::Value,
    ) -> Self {
        let mut manifest = Manifest::new(VERSION, options);
        manifest.inputs = crate::fingerprint_paths(inputs);
        FolderWriter {
            dir: dir.to_path_buf(),
            exts: formats
                .iter()
                .flat_map(|f| f.extensions())
                .copied()
                .collect(),
            partition,
            inputs: inputs.to_vec(),
            manifest,
            relative: false,
            staged: Vec::new(),
            rows: Vec::new(),
            written: Vec::new(),
        }
    }

    /// The manifest names files by their name in the folder (a staging folder moved whole
    /// into place).
    pub fn relative_names(mut self) -> Self {
        self.relative = true;
        self
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stages `t` in every format (`seconds`: the time its analysis took, for the manifest).
    pub fn table(&mut self, t: &Table, seconds: f64) -> Result<(), TablesError> {
        check_declared(t)?;
        if self.partition && t.column("period").is_some() {
            let d = self.dir.join(&t.name);
            crate::check_output_vs_inputs(&d, &self.inputs)?;
            let files = crate::write_partitioned(t, &d, "period")?;
            self.manifest
                .add_dataset(t, &d, "period", &files, Some(seconds));
            self.rows.push((t.name.clone(), t.name.clone(), t.rows()));
            self.written.push((d, t.rows(), Some(files.len())));
            return Ok(());
        }
        for ext in self.exts.clone() {
            let file = format!("{}.{ext}", t.name);
            let p = crate::join_name(&self.dir, &file)?;
            crate::check_output_vs_inputs(&p, &self.inputs)?;
            let st = crate::stage_table(t, &p)?;
            let mut w: Written = st.written.clone();
            if self.relative {
                w.path = PathBuf::from(&file);
            }
            self.manifest.add_output(t, w, Some(seconds));
            self.rows.push((t.name.clone(), file, t.rows()));
            self.written.push((st.written.path.clone(), t.rows(), None));
            self.staged.push(st);
        }
        Ok(())
    }

    /// Stages a file that is not a table (a graph, a picture) at `rel` in the folder (its
    /// sub-folders made), listed with its fingerprint in the manifest's `files`.
    pub fn file(&mut self, rel: &str, bytes: &[u8]) -> Result<(), TablesError> {
        let p = self.dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|source| TablesError::Io {
                action: "create",
                path: parent.to_path_buf(),
                source,
            })?;
        }
        crate::check_output_vs_inputs(&p, &self.inputs)?;
        let st = crate::stage_with(&p, "", 0, |w| {
            std::io::Write::write_all(w, bytes).map_err(|source| TablesError::Io {
                action: "write",
                path: p.clone(),
                source,
            })
        })?;
        self.manifest.files.push(crate::FileEntry {
            path: PathBuf::from(rel),
            fingerprint: crate::Fingerprint {
                bytes: st.written.bytes,
                xxh3: st.written.xxh3.clone().unwrap_or_default(),
            },
        });
        self.written.push((p, 0, None));
        self.staged.push(st);
        Ok(())
    }

    /// Renames the staged tables into place, then writes the files `extra` makes from the
    /// folder as it now is (a report built from its tables), then `manifest.json` listing
    /// them all; returns what was written: `(path, rows, dataset files)`.
    #[allow(clippy::type_complexity)]
    pub fn finish_then(
        mut self,
        extra: impl FnOnce(&Path) -> Result<Vec<(String, Vec<u8>)>, TablesError>,
    ) -> Result<Vec<(PathBuf, usize, Option<usize>)>, TablesError> {
        crate::commit_all(std::mem::take(&mut self.staged), None)?;
        for (rel, bytes) in extra(&self.dir)? {
            self.file(&rel, &bytes)?;
        }
        crate::commit_all(
            std::mem::take(&mut self.staged),
            Some((&self.manifest, &self.dir.join("manifest.json"))),
        )?;
        Ok(self.written)
    }

    /// Renames the staged tables into place together, then `manifest.json`; returns what was
    /// written: `(path, rows, dataset files)`.
    #[allow(clippy::type_complexity)]
    pub fn finish(self) -> Result<Vec<(PathBuf, usize, Option<usize>)>, TablesError> {
        crate::commit_all(
            self.staged,
            Some((&self.manifest, &self.dir.join("manifest.json"))),
        )?;
        Ok(self.written)
    }
}

/// The temporary files to remove on Ctrl-C, registered as they are created.
static PARTIAL_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The temporary folders (staging folders of an index or a dataset) to remove on Ctrl-C.
static PARTIAL_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held while a result set is renamed into place: Ctrl-C waits for it, so that it never
/// removes the temporary files of a set half renamed in.
static COMMITTING: Mutex<()> = Mutex::new(());

/// Set once the result set is complete and in place (Ctrl-C then says so).
static COMPLETE: AtomicBool = AtomicBool::new(false);

/// Registers a temporary file for removal on Ctrl-C.
pub fn remove_on_interrupt(path: &Path) {
    if let Ok(mut v) = PARTIAL_FILES.lock() {
        v.push(path.to_path_buf());
    }
}

/// Registers a temporary folder for removal on Ctrl-C (a staging folder: once renamed into
/// place it no longer exists under this name, and nothing is removed).
pub fn remove_dir_on_interrupt(path: &Path) {
    if let Ok(mut v) = PARTIAL_DIRS.lock() {
        v.push(path.to_path_buf());
    }
}

/// Renames a result set into place (`commit`) with Ctrl-C held off, then records that it is
/// complete.
pub fn commit_guarded<T, E>(commit: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let _held = COMMITTING.lock().unwrap_or_else(PoisonError::into_inner);
    let t = commit()?;
    COMPLETE.store(true, Ordering::SeqCst);
    Ok(t)
}

/// What Ctrl-C removes of a command that has not finished.
pub enum Interrupted {
    /// A file output: the registered temporary files, and the hidden temporary files
    /// (`.<name>.<pid>-….tmp`) of the output, its manifest and these companions.
    Files {
        /// The main output.
        out: PathBuf,
        /// Its companions (report, duplicates, …).
        companions: Vec<PathBuf>,
    },
    /// A folder written whole into a staging folder beside it (`dateline run`).
    Staging {
        /// The staging folder, removed.
        staging: PathBuf,
        /// The output folder, left as it was.
        out: PathBuf,
    },
}

/// Ctrl-C (SIGINT) stops a command promptly: what it had not put in place is removed, the
/// earlier output is left as it was, the locks are released, and the process exits with 130.
pub fn on_interrupt(what: Interrupted) {
    let (out, prefixes, dir) = match &what {
        Interrupted::Files { out, companions } => {
            let dir = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let prefixes: Vec<String> = [out.clone(), manifest_path(out)]
                .iter()
                .chain(companions)
                .filter_map(|p| p.file_name().map(|n| format!(".{}.", n.to_string_lossy())))
                .collect();
            (out.clone(), prefixes, Some(dir))
        }
        Interrupted::Staging { out, .. } => (out.clone(), Vec::new(), None),
    };
    // Setting the handler fails only when one is already set (then that one applies).
    let _ = ctrlc::set_handler(move || {
        // Never released: the process exits below, so nothing is moved in after this.
        let _held = COMMITTING.lock().unwrap_or_else(PoisonError::into_inner);
        let complete = COMPLETE.load(Ordering::SeqCst);
        if let Ok(v) = PARTIAL_FILES.lock() {
            for p in v.iter() {
                let _ = std::fs::remove_file(p);
            }
        }
        if let Ok(v) = PARTIAL_DIRS.lock() {
            for p in v.iter() {
                let _ = std::fs::remove_dir_all(p);
            }
        }
        if let Some(entries) = dir.as_ref().and_then(|d| std::fs::read_dir(d).ok()) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if crate::temp_file_pid(&name) == Some(std::process::id())
                    && prefixes.iter().any(|p| name.starts_with(p.as_str()))
                {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        crate::release_locks();
        match (&what, complete) {
            (Interrupted::Files { .. }, true) => eprintln!(
                "interrupted after `{}` was written, with its report and manifest",
                out.display()
            ),
            (Interrupted::Files { .. }, false) => eprintln!(
                "interrupted: nothing was written to `{}` (an earlier file, if any, is unchanged)",
                out.display()
            ),
            (Interrupted::Staging { .. }, true) => eprintln!(
                "interrupted after the results were moved into `{}`",
                out.display()
            ),
            (Interrupted::Staging { staging, .. }, false) => {
                let _ = std::fs::remove_dir_all(staging);
                eprintln!(
                    "interrupted: nothing was written to `{}` (earlier results, if any, are unchanged)",
                    out.display()
                );
            }
        }
        std::process::exit(130);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_replace_the_extension_and_keep_gzip() {
        let p = |out: &str, f| -> Vec<String> {
            output_paths(Path::new(out), Some(f))
                .iter()
                .map(|p| p.display().to_string())
                .collect()
        };
        assert_eq!(
            p("o/t.csv.gz", Formats::Both),
            ["o/t.csv.gz", "o/t.parquet"]
        );
        assert_eq!(p("o/t.csv.gz", Formats::Csv), ["o/t.csv.gz"]);
        assert_eq!(p("o/t.csv.gz", Formats::Parquet), ["o/t.parquet"]);
        assert_eq!(p("t.parquet", Formats::Both), ["t.csv", "t.parquet"]);
        assert_eq!(p("t", Formats::Csv), ["t.csv"]);
        assert_eq!(p("a.b/terms.csv", Formats::Parquet), ["a.b/terms.parquet"]);
    }

    #[test]
    fn companions_keep_gzip_and_take_csv_beside_parquet() {
        let s = |p: PathBuf| p.display().to_string();
        assert_eq!(
            s(companion(Path::new("o/terms.parquet"), "periods")),
            "o/terms.periods.parquet"
        );
        assert_eq!(
            s(report_path(Path::new("o/corpus.parquet"))),
            "o/corpus.report.csv"
        );
        assert_eq!(
            s(report_path(Path::new("o/corpus.csv.gz"))),
            "o/corpus.report.csv.gz"
        );
        assert_eq!(
            s(csv_companion(Path::new("c.parquet"), "duplicates", true)),
            "c.duplicates.parquet"
        );
        assert_eq!(
            s(csv_companion(Path::new("c.csv"), "duplicates", true)),
            "c.duplicates.csv"
        );
        assert_eq!(
            s(manifest_path(Path::new("o/t.csv.gz"))),
            "o/t.manifest.json"
        );
    }

    #[test]
    fn partition_refusals_say_what_asked_for_csv() {
        let req = |o: Option<&str>, f| OutputRequest {
            output: o.map(PathBuf::from),
            format: f,
            partition: true,
        };
        let e = check_partition(&req(Some("t.csv"), None), false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--partition writes Parquet datasets only, not CSV (`t.csv`)"
        );
        let e = check_partition(&req(Some("t.parquet"), Some(Formats::Both)), false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--partition writes Parquet datasets only, not CSV (`t.parquet`, --format both)"
        );
        let e = check_partition(&req(Some("dir"), Some(Formats::Csv)), true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--partition writes Parquet datasets only, not CSV (--format csv)"
        );
        assert_eq!(
            e.hint().as_deref(),
            Some("drop --format (or use --format parquet) with --partition")
        );
        assert!(check_partition(&req(Some("dir"), None), true).is_ok());
        assert!(check_partition(&req(Some("t.parquet"), None), false).is_ok());
        let e = check_partition(&req(None, None), false).unwrap_err();
        assert!(matches!(
            e,
            TablesError::PartitionToStdout { folder: false }
        ));
    }
}
