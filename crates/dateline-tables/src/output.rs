//! Where outputs go and how they replace earlier ones: the one place that
//!
//! * turns a name from a study file or from data into a file name ([`check_name`],
//!   [`join_name`]);
//! * decides what an output path means ([`plan_output`]): a regular file (replaced by renaming
//!   a temporary file beside it — beside the target of a symbolic link, which is kept), a
//!   character device or pipe (written straight through), or a refusal (a folder, a dangling
//!   link, `.parquet.gz`, a compression dateline does not write); `.gz` is gzipped;
//! * names temporary files so that they are recognizable as dateline's and carry the pid
//!   (`.<name>.dateline-<pid>-<random>.tmp`), and removes those of dead processes
//!   ([`remove_stale_temps`]);
//! * keeps two dateline processes from writing one output at once ([`OutputLock`]);
//! * stages a file ([`Staged`]: written and fingerprinted, not yet in place) so that a table and
//!   its companions are renamed in together, the manifest last;
//! * checks a table against the manifest beside it ([`check_against_manifest`]).
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{OutputFormat, TablesError, Written};

/// The longest name (in bytes) accepted from a study file or data for a file name.
pub const MAX_NAME_BYTES: usize = 200;

fn refused(path: &Path, reason: impl Into<String>) -> TablesError {
    TablesError::Refused {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Checks a name that comes from a study file or from data before it becomes (part of) a file
/// name: not empty, no path separator (`/`, `\`), no `..`, no leading dot (a hidden file), no
/// control character, not a reserved device name (`nul`, `con`, `com1`, …), at most
/// [`MAX_NAME_BYTES`] bytes.
pub fn check_name(name: &str) -> Result<&str, TablesError> {
    let stem = name.split('.').next().unwrap_or("").to_ascii_lowercase();
    let reserved = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    let reason = if name.is_empty() {
        "it is empty"
    } else if name.contains(['/', '\\']) {
        "it holds a path separator"
    } else if name.contains("..") {
        "it holds `..`"
    } else if name.starts_with('.') {
        "it starts with a dot (a hidden file)"
    } else if name.chars().any(char::is_control) {
        "it holds a control character"
    } else if reserved {
        "it is a reserved device name on Windows"
    } else if name.len() > MAX_NAME_BYTES {
        "it is longer than 200 bytes"
    } else {
        return Ok(name);
    };
    Err(TablesError::BadName {
        name: name.escape_debug().to_string(),
        reason,
    })
}

/// `dir/name`, after [`check_name`]; refuses an existing symbolic link there (an output in a
/// folder is never written through a link), so that the file lands inside `dir`.
pub fn join_name(dir: &Path, name: &str) -> Result<PathBuf, TablesError> {
    let p = dir.join(check_name(name)?);
    debug_assert_eq!(p.parent(), Some(dir));
    if std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refused(
            &p,
            "it is a symbolic link inside the output folder (outputs in a folder are never written through links)",
        ));
    }
    Ok(p)
}

/// What an output path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file (or a new one): a temporary file beside it is renamed onto it. For a
    /// symbolic link this is the link's target, and the link stays.
    File(PathBuf),
    /// A character device or a pipe (`/dev/null`, `/proc/self/fd/1`): written straight through,
    /// no temporary file, no rename.
    Stream(PathBuf),
}

/// An output path, planned: where the bytes go and in which form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    /// The path as given.
    pub path: PathBuf,
    /// Where the bytes go.
    pub target: Target,
    /// The table format.
    pub format: OutputFormat,
    /// Gzipped (`.csv.gz`).
    pub gzip: bool,
}

impl OutputSpec {
    /// True for a device or pipe.
    pub fn is_stream(&self) -> bool {
        matches!(self.target, Target::Stream(_))
    }
}

/// The format and compression a file name asks for: `.gz` is gzipped CSV; `.parquet.gz` and
/// compressions dateline does not write (`.bz2`, `.xz`, `.zst`, `.zip`, …) are refused.
pub fn output_format(path: &Path) -> Result<(OutputFormat, bool), TablesError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let ext = |n: &str| {
        Path::new(n)
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
    };
    match ext(&name).as_deref() {
        Some("gz") => {
            let inner = OutputFormat::from_path(Path::new(name.trim_end_matches(".gz")));
            if inner == OutputFormat::Parquet {
                return Err(refused(
                    path,
                    "a gzipped Parquet file is not Parquet any more (Parquet is compressed inside, with zstd): name it .parquet",
                ));
            }
            Ok((OutputFormat::Csv, true))
        }
        Some(
            e @ ("bz2" | "xz" | "zst" | "zstd" | "zip" | "lz4" | "br" | "7z" | "tgz" | "lzma"),
        ) => Err(refused(
            path,
            format!("dateline does not write .{e} files; it writes .csv, .csv.gz and .parquet"),
        )),
        _ => Ok((OutputFormat::from_path(path), false)),
    }
}

/// Decides what writing `path` means (see [`Target`]); refuses a folder, a dangling symbolic
/// link, anything but a regular file, a character device or a pipe, and the names
/// [`output_format`] refuses.
pub fn plan_output(path: &Path) -> Result<OutputSpec, TablesError> {
    let (format, gzip) = output_format(path)?;
    let spec = |target| {
        Ok(OutputSpec {
            path: path.to_path_buf(),
            target,
            format,
            gzip,
        })
    };
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return spec(Target::File(path.to_path_buf()))
        }
        Err(source) => {
            return Err(TablesError::Io {
                action: "inspect",
                path: path.to_path_buf(),
                source,
            })
        }
        Ok(m) => m,
    };
    let link = meta.file_type().is_symlink();
    let meta = if link {
        match std::fs::metadata(path) {
            Ok(m) => m,
            Err(_) => {
                let to = std::fs::read_link(path).unwrap_or_default();
                return Err(refused(
                    path,
                    format!(
                        "it is a symbolic link to `{}`, which does not exist",
                        to.display()
                    ),
                ));
            }
        }
    } else {
        meta
    };
    let ft = meta.file_type();
    if ft.is_dir() {
        return Err(refused(path, "it is a folder: name a file"));
    }
    if ft.is_file() {
        if !link {
            return spec(Target::File(path.to_path_buf()));
        }
        let real = std::fs::canonicalize(path).map_err(|source| TablesError::Io {
            action: "resolve",
            path: path.to_path_buf(),
            source,
        })?;
        return spec(Target::File(real));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() || ft.is_fifo() {
            return spec(Target::Stream(path.to_path_buf()));
        }
    }
    Err(refused(
        path,
        "it is neither a regular file nor a character device or pipe",
    ))
}

/// The writer of an output: buffered, gzipped for `.gz`.
pub enum OutWriter {
    /// Plain bytes.
    Plain(BufWriter<File>),
    /// Gzip (header without a time stamp, so the same table gives the same bytes).
    Gz(Box<flate2::write::GzEncoder<BufWriter<File>>>),
}

impl Write for OutWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            OutWriter::Plain(w) => w.write(buf),
            OutWriter::Gz(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            OutWriter::Plain(w) => w.flush(),
            OutWriter::Gz(w) => w.flush(),
        }
    }
}

impl OutWriter {
    /// Ends the stream (the gzip trailer) and returns the file.
    pub(crate) fn finish(self) -> std::io::Result<File> {
        let buf = match self {
            OutWriter::Plain(w) => w,
            OutWriter::Gz(w) => (*w).finish()?,
        };
        buf.into_inner()
            .map_err(std::io::IntoInnerError::into_error)
    }
}

/// An output being written: its temporary file (none for a device or pipe) and where it goes.
pub(crate) struct Pending {
    pub(crate) spec: OutputSpec,
    tmp: Option<tempfile::TempPath>,
}

impl Pending {
    /// The temporary file being written, if any.
    pub(crate) fn temp_path(&self) -> Option<&Path> {
        self.tmp.as_deref()
    }
}

/// The prefix of dateline's temporary files for `name` in this process.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.dateline-{}-", std::process::id())
}

/// The pid in the name of one of dateline's temporary files
/// (`.<name>.dateline-<pid>-<random>.tmp`), `None` for any other name.
pub fn temp_file_pid(file_name: &str) -> Option<u32> {
    // Only dateline names its temporary files, always with a lower-case `.tmp`.
    #[allow(clippy::case_sensitive_file_extension_comparisons)]
    if !file_name.starts_with('.') || !file_name.ends_with(".tmp") {
        return None;
    }
    let at = file_name.rfind(".dateline-")?;
    let rest = &file_name[at + ".dateline-".len()..];
    let (pid, random) = rest.split_once('-')?;
    if random.len() <= ".tmp".len() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// True when process `pid` is running (or when that cannot be known: without `/proc`, every
/// process counts as running, so that nothing of a live process is ever removed).
pub fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Removes dateline's temporary files (see [`temp_file_pid`]) of processes that are gone from
/// `dir`; returns their names. Hidden files that are not dateline's, and those of running
/// processes, are left alone.
pub fn remove_stale_temps(dir: &Path) -> Vec<String> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_file_pid(&name) else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(e.path()).is_ok() {
            removed.push(name);
        }
    }
    removed.sort();
    removed
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Opens an output for writing: a temporary file beside the target, or the device itself.
pub(crate) fn open_output(path: &Path) -> Result<(OutWriter, Pending), TablesError> {
    let spec = plan_output(path)?;
    let (file, tmp) = match &spec.target {
        Target::Stream(p) => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .map_err(|source| TablesError::Io {
                    action: "open",
                    path: p.clone(),
                    source,
                })?;
            (f, None)
        }
        Target::File(p) => {
            let tmp = temp_file_beside(p)?;
            let (f, tp) = tmp.into_parts();
            (f, Some(tp))
        }
    };
    let buf = BufWriter::with_capacity(1 << 20, file);
    let w = if spec.gzip {
        OutWriter::Gz(Box::new(
            flate2::GzBuilder::new()
                .mtime(0)
                .write(buf, flate2::Compression::default()),
        ))
    } else {
        OutWriter::Plain(buf)
    };
    Ok((w, Pending { spec, tmp }))
}

/// A new temporary file `.<name>.dateline-<pid>-XXXXXX.tmp` in the folder of `path` (created if
/// missing), for an output to be written to and then renamed onto `path`. It is created with
/// mode 0666 less the umask, as `File::create` would, so that the renamed output is readable like
/// any other file (tempfile's default, 0600, would leave every output private to its owner).
pub(crate) fn temp_file_beside(path: &Path) -> Result<tempfile::NamedTempFile, TablesError> {
    let dir = folder_of(path);
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
    let prefix = temp_prefix(&name);
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(&dir).map_err(io)
}

/// Size and XXH3-64 of a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Bytes.
    pub bytes: u64,
    /// XXH3-64 of the bytes (16 hex digits).
    pub xxh3: String,
}

/// The fingerprint of the file at `path`.
pub fn fingerprint_file(path: &Path) -> Result<Fingerprint, TablesError> {
    let mut f = File::open(path).map_err(|source| TablesError::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|source| TablesError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        })?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        h.update(&buf[..n]);
    }
    Ok(Fingerprint {
        bytes,
        xxh3: format!("{:016x}", h.digest()),
    })
}

/// A file written completely and fingerprinted, not yet in place: [`Staged::commit`] renames
/// it onto its target; dropped uncommitted, its temporary file is removed and the target is
/// left as it was.
pub struct Staged {
    pending: Pending,
    /// What was written (`path` is the path as given; `bytes`/`xxh3` its fingerprint).
    pub written: Written,
    /// The user named this path (`-o`): an existing file there is replaced. Other files of a
    /// set (companions) replace only files an earlier manifest beside them lists.
    by_user: bool,
}

impl Staged {
    /// Ends writing `w` (flush, gzip trailer, sync) and fingerprints the result.
    pub(crate) fn finish(
        w: OutWriter,
        pending: Pending,
        table: &str,
        rows: usize,
    ) -> Result<Staged, TablesError> {
        let path = pending.spec.path.clone();
        let io = |source| TablesError::Io {
            action: "write",
            path: path.clone(),
            source,
        };
        let file = w.finish().map_err(io)?;
        let (bytes, xxh3) = match &pending.tmp {
            Some(tmp) => {
                file.sync_all().map_err(io)?;
                drop(file);
                let fp = fingerprint_file(tmp)?;
                (fp.bytes, Some(fp.xxh3))
            }
            None => (0, None),
        };
        Ok(Staged {
            written: Written {
                table: table.to_string(),
                path: path.clone(),
                format: pending.spec.format,
                rows,
                bytes,
                xxh3,
            },
            pending,
            by_user: false,
        })
    }

    /// Marks the file as named by the user (`-o`): it may replace any file at its path.
    #[must_use]
    pub fn named_by_user(mut self) -> Self {
        self.by_user = true;
        self
    }

    /// True when the output is a device or pipe (already written through).
    pub fn is_stream(&self) -> bool {
        self.pending.spec.is_stream()
    }

    /// The temporary file (none for a device or pipe).
    pub fn temp_path(&self) -> Option<&Path> {
        self.pending.temp_path()
    }

    /// Renames the file into place.
    pub fn commit(self) -> Result<Written, TablesError> {
        if let (Some(tmp), Target::File(target)) = (self.pending.tmp, &self.pending.spec.target) {
            tmp.persist(target).map_err(|e| TablesError::Io {
                action: "rename",
                path: self.written.path.clone(),
                source: e.error,
            })?;
        }
        Ok(self.written)
    }
}

/// Writes a file through `fill` and stages it (see [`Staged`]).
pub fn stage_with<E>(
    path: &Path,
    table: &str,
    rows: usize,
    fill: impl FnOnce(&mut OutWriter) -> Result<(), E>,
) -> Result<Staged, E>
where
    E: From<TablesError>,
{
    let (mut w, pending) = open_output(path)?;
    fill(&mut w)?;
    Ok(Staged::finish(w, pending, table, rows)?)
}

/// Renames every staged file into place, in order, then writes `manifest` (when given) last.
/// Everything was written before the first rename, so a failure while writing (a full disk)
/// leaves the earlier set untouched; the temporary files are removed.
pub fn commit_all(
    staged: Vec<Staged>,
    manifest: Option<(&crate::Manifest, &Path)>,
) -> Result<Vec<Written>, TablesError> {
    let mut manifest_staged = None;
    if let Some((m, p)) = manifest {
        check_companions(&staged, p)?;
        manifest_staged = Some(m.stage(p)?);
    }
    let mut out = Vec::with_capacity(staged.len());
    for s in staged {
        out.push(s.commit()?);
    }
    if let Some(m) = manifest_staged {
        m.commit()?;
    }
    Ok(out)
}

/// Refuses to replace a file dateline did not write: an existing manifest at `manifest` must
/// be dateline's, and every existing file of the set not named by the user must be listed in
/// it (by file name).
fn check_companions(staged: &[Staged], manifest: &Path) -> Result<(), TablesError> {
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    if manifest.is_dir() {
        return Err(refused(manifest, "it is a folder: name a file"));
    }
    let listed: Vec<std::ffi::OsString> = if exists(manifest) {
        let parsed = std::fs::read_to_string(manifest)
            .ok()
            .and_then(|t| serde_json::from_str::<ManifestOutputs>(&t).ok())
            .filter(|m| m.tool == "dateline");
        let Some(m) = parsed else {
            return Err(refused(
                manifest,
                "a file of that name exists and is not a dateline manifest (move it, or name another output)",
            ));
        };
        m.outputs
            .iter()
            .filter_map(|o| o.path.file_name().map(std::ffi::OsStr::to_os_string))
            .collect()
    } else {
        Vec::new()
    };
    for s in staged {
        let Target::File(target) = &s.pending.spec.target else {
            continue;
        };
        if s.by_user || !exists(target) {
            continue;
        }
        let name = s
            .written
            .path
            .file_name()
            .map(std::ffi::OsStr::to_os_string);
        if !name.is_some_and(|n| listed.contains(&n)) {
            return Err(refused(
                &s.written.path,
                "a file of that name exists and dateline did not write it (no manifest beside it lists it): move it, or name another output",
            ));
        }
    }
    Ok(())
}

/// `.<name>.lock` beside `path`, holding the pid of the dateline process writing `path`.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    folder_of(path).join(format!(".{name}.lock"))
}

static HELD: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes the lock files this process holds (for a Ctrl-C handler about to exit).
pub fn release_locks() {
    if let Ok(v) = HELD.lock() {
        for p in v.iter() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Held while a dateline process writes one output (a file or a folder): a second process
/// asking for the same output is refused, naming the pid. The lock file of a process that is
/// gone (killed) is taken over. Dropping it removes the lock file.
#[derive(Debug)]
pub struct OutputLock {
    /// None for a device or pipe (nothing to lock beside it).
    path: Option<PathBuf>,
}

impl OutputLock {
    /// Takes the lock of `output`, then removes stale temporary files of dead dateline
    /// processes from its folder.
    pub fn acquire(output: &Path) -> Result<OutputLock, TablesError> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if std::fs::metadata(output)
                .is_ok_and(|m| m.file_type().is_char_device() || m.file_type().is_fifo())
            {
                return Ok(OutputLock { path: None });
            }
        }
        let lock = lock_path(output);
        let dir = folder_of(output);
        let io = |action, source| TablesError::Io {
            action,
            path: lock.clone(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(|e| io("create", e))?;
        let me = std::process::id();
        // The pid is written to a file of this process, then linked to the lock's name: the
        // lock file appears complete or not at all.
        // Named like every temporary file of dateline: one left by a kill is removed later.
        let mine = dir.join(format!(
            "{}.dateline-{me}-pid.tmp",
            lock.file_name().unwrap_or_default().to_string_lossy()
        ));
        std::fs::write(&mine, format!("{me}\n")).map_err(|e| io("write", e))?;
        let result = (|| {
            for _ in 0..3 {
                match std::fs::hard_link(&mine, &lock) {
                    Ok(()) => return Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(io("create", e)),
                }
                let held = std::fs::read_to_string(&lock)
                    .ok()
                    .and_then(|s| s.trim().parse::<u32>().ok());
                match held {
                    Some(pid) if pid == me => return Ok(()),
                    Some(pid) if process_alive(pid) => {
                        return Err(TablesError::Locked {
                            path: output.to_path_buf(),
                            lock: lock.clone(),
                            pid,
                        })
                    }
                    // A dead process (or a lock without a pid): taken over.
                    _ => {
                        let _ = std::fs::remove_file(&lock);
                    }
                }
            }
            Err(io(
                "create",
                std::io::Error::other("the lock keeps changing hands"),
            ))
        })();
        let _ = std::fs::remove_file(&mine);
        result?;
        if let Ok(mut v) = HELD.lock() {
            v.push(lock.clone());
        }
        remove_stale_temps(&dir);
        Ok(OutputLock { path: Some(lock) })
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let Some(path) = &self.path else { return };
        let _ = std::fs::remove_file(path);
        if let Ok(mut v) = HELD.lock() {
            v.retain(|p| p != path);
        }
    }
}

/// What [`check_against_manifest`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestCheck {
    /// A manifest lists the file with its fingerprint, and the file matches it.
    Matches(PathBuf),
    /// No manifest beside the file lists it.
    NoManifest,
    /// A manifest lists the file without a fingerprint (written by an older dateline).
    NoFingerprint(PathBuf),
}

#[derive(Deserialize)]
struct ManifestOutputs {
    tool: String,
    #[serde(default)]
    outputs: Vec<ListedOutput>,
}

#[derive(Deserialize)]
struct ListedOutput {
    path: PathBuf,
    #[serde(default)]
    bytes: Option<u64>,
    #[serde(default)]
    xxh3: Option<String>,
    #[serde(default)]
    dataset: Option<serde_json::Value>,
}

/// The manifests that may list `path`: `<stem>.manifest.json` beside it (`dateline ingest -o
/// corpus.parquet` writes `corpus.manifest.json`; `.csv.gz` loses both extensions) and
/// `manifest.json` in its folder (`dateline run`).
fn manifests_of(path: &Path) -> Vec<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut stem = name.strip_suffix(".gz").unwrap_or(&name).to_string();
    if let Some(i) = stem.rfind('.') {
        stem.truncate(i);
    }
    vec![
        path.with_file_name(format!("{stem}.manifest.json")),
        path.with_file_name("manifest.json"),
    ]
}

/// Checks a table file against the manifest that lists it (see [`ManifestCheck`]): its size and
/// XXH3 must be those recorded, else the file was written by another run or changed since,
/// and this is an error ([`TablesError::ManifestMismatch`]).
pub fn check_against_manifest(path: &Path) -> Result<ManifestCheck, TablesError> {
    let name = path.file_name().unwrap_or_default();
    for m in manifests_of(path) {
        let Ok(text) = std::fs::read_to_string(&m) else {
            continue;
        };
        let Ok(parsed) = serde_json::from_str::<ManifestOutputs>(&text) else {
            continue;
        };
        if parsed.tool != "dateline" {
            continue;
        }
        let Some(entry) = parsed
            .outputs
            .iter()
            .find(|o| o.dataset.is_none() && o.path.file_name() == Some(name))
        else {
            continue;
        };
        let (Some(bytes), Some(xxh3)) = (entry.bytes, entry.xxh3.as_ref()) else {
            return Ok(ManifestCheck::NoFingerprint(m));
        };
        let fp = fingerprint_file(path)?;
        if fp.bytes != bytes || &fp.xxh3 != xxh3 {
            return Err(TablesError::ManifestMismatch {
                path: path.to_path_buf(),
                manifest: m,
            });
        }
        return Ok(ManifestCheck::Matches(m));
    }
    Ok(ManifestCheck::NoManifest)
}

/// Refuses an output that would overwrite an input, or that lies inside an input folder (the
/// next run would read it back as an article). Every command checks its outputs here.
pub fn check_output_vs_inputs(out: &Path, inputs: &[PathBuf]) -> Result<(), TablesError> {
    if let Ok(o) = out.canonicalize() {
        for i in inputs {
            if i.canonicalize().is_ok_and(|c| c == o) {
                return Err(TablesError::WouldOverwriteInput {
                    path: out.to_path_buf(),
                });
            }
        }
    }
    let Ok(dir) = folder_of(out).canonicalize() else {
        return Ok(()); // the folder does not exist yet, so it holds no input
    };
    for i in inputs {
        if let Ok(c) = i.canonicalize() {
            if c.is_dir() && dir.starts_with(&c) {
                return Err(TablesError::InsideInput {
                    path: out.to_path_buf(),
                    input: i.clone(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        for ok in ["a", "cold_war", "2017-2018", "Kim Jong Un", "a.b", "리설주"] {
            assert_eq!(check_name(ok).unwrap(), ok);
        }
        let long = "x".repeat(300);
        for (bad, why) in [
            ("", "it is empty"),
            ("a/b", "it holds a path separator"),
            ("../../../csvin/articles", "it holds a path separator"),
            ("a\\b", "it holds a path separator"),
            ("..", "it holds `..`"),
            ("a..b", "it holds `..`"),
            (".hidden", "it starts with a dot (a hidden file)"),
            ("a\u{0}b", "it holds a control character"),
            ("tab\there", "it holds a control character"),
            ("nul", "it is a reserved device name on Windows"),
            ("COM1", "it is a reserved device name on Windows"),
            ("con.txt", "it is a reserved device name on Windows"),
            (long.as_str(), "it is longer than 200 bytes"),
        ] {
            match check_name(bad) {
                Err(TablesError::BadName { reason, .. }) => assert_eq!(reason, why, "{bad:?}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        assert_eq!(
            check_name("a\u{0}b").unwrap_err().to_string(),
            "the name `a\\0b` cannot be part of a file name: it holds a control character"
        );
        // Not reserved: longer names that start like one.
        assert!(check_name("console").is_ok() && check_name("com10").is_ok());
    }

    #[test]
    fn temp_names_carry_the_pid() {
        // The pid file a lock is linked from is one of them too.
        assert_eq!(temp_file_pid(".out.csv.lock.dateline-9-pid.tmp"), Some(9));
        assert_eq!(
            temp_file_pid(".corpus.csv.dateline-123-AbC123.tmp"),
            Some(123)
        );
        assert_eq!(temp_file_pid(".a.dateline-x.dateline-77-zz.tmp"), Some(77));
        for not in [
            ".corpus.csv.AbC123.tmp",
            "corpus.csv.dateline-123-AbC.tmp",
            ".corpus.csv.dateline-12a-AbC.tmp",
            ".corpus.csv.dateline-123-.tmp",
            ".notes.tmp",
            ".x.dateline-5-abc.tmpx",
        ] {
            assert_eq!(temp_file_pid(not), None, "{not}");
        }
        let dir = tempfile::tempdir().unwrap();
        let t = temp_file_beside(&dir.path().join("c.csv")).unwrap();
        let name = t.path().file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(temp_file_pid(&name), Some(std::process::id()), "{name}");
    }

    #[test]
    fn formats_and_compression() {
        let f = |p: &str| output_format(Path::new(p)).map_err(|e| e.to_string());
        assert_eq!(f("x.csv"), Ok((OutputFormat::Csv, false)));
        assert_eq!(f("x.CSV.GZ"), Ok((OutputFormat::Csv, true)));
        assert_eq!(f("x.parquet"), Ok((OutputFormat::Parquet, false)));
        assert_eq!(
            f("x.parquet.gz").unwrap_err(),
            "refusing to write `x.parquet.gz`: a gzipped Parquet file is not Parquet any more (Parquet is compressed inside, with zstd): name it .parquet"
        );
        assert_eq!(
            f("x.csv.bz2").unwrap_err(),
            "refusing to write `x.csv.bz2`: dateline does not write .bz2 files; it writes .csv, .csv.gz and .parquet"
        );
    }
}
