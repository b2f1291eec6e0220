//! Finding the input files: folders walked recursively in sorted order.

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::Problem;

/// A file to read and its size on disk.
pub(crate) struct InputFile {
    pub path: PathBuf,
    pub size: u64,
}

/// The files to read, how many were ignored, and the problems met while listing.
pub(crate) struct Listing {
    pub files: Vec<InputFile>,
    pub ignored: u64,
    /// Paths that reached a file already listed (left out: a file is read once).
    pub repeated: u64,
    pub problems: Vec<Problem>,
}

impl Listing {
    /// Adds a file unless the same file (device and inode, links followed) is already listed:
    /// a path given twice, a symlink to a file read, a file inside a folder also given.
    fn push(&mut self, seen: &mut HashSet<(u64, u64)>, path: PathBuf, meta: &std::fs::Metadata) {
        if seen.insert((meta.dev(), meta.ino())) {
            self.files.push(InputFile {
                path,
                size: meta.len(),
            });
        } else {
            self.repeated += 1;
        }
    }
}

/// Extensions skipped inside walked folders (and archives): documentation, images, formats
/// that hold no articles, code. Archives (`.zip`, `.tar`, …) and R data (`.rds`, `.rda`) are
/// read; 7z archives, PDFs, spreadsheets and word-processor files are not read but reported as
/// skipped with the reason (`record.rs`, `not_read`), never dropped in silence.
const IGNORED_EXTENSIONS: &[&str] = &[
    "md", "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "parquet", "css", "js", "py",
    "r", "rs", "toml", "lock", "DS_Store",
];

/// True when a file found while walking a folder is skipped silently.
pub(crate) fn is_ignored(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') {
        return true;
    }
    let base = crate::decode::logical_path(Path::new(name));
    match base.extension().and_then(|e| e.to_str()) {
        Some(ext) => IGNORED_EXTENSIONS
            .iter()
            .any(|i| i.eq_ignore_ascii_case(ext)),
        None => false,
    }
}

/// Lists `paths`: files given directly are always read; folders are walked (following links,
/// loops reported) and their files sorted by path; ignored files are only counted. A file
/// reached by a second path is listed once, at its first path.
pub(crate) fn list_inputs(paths: &[PathBuf]) -> Listing {
    let mut listing = Listing {
        files: Vec::new(),
        ignored: 0,
        repeated: 0,
        problems: Vec::new(),
    };
    let mut seen = HashSet::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                listing
                    .problems
                    .push(Problem::new(root, format!("cannot read: {e}")));
                continue;
            }
        };
        if !meta.is_dir() {
            listing.push(&mut seen, root.clone(), &meta);
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by(|a, b| a.file_name().cmp(b.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => {
                    if is_ignored(e.path()) {
                        listing.ignored += 1;
                        continue;
                    }
                    if !e.file_type().is_file() {
                        // FIFOs, sockets, devices: reading them could block forever.
                        listing
                            .problems
                            .push(Problem::new(e.path(), "not a regular file"));
                        continue;
                    }
                    match e.metadata() {
                        Ok(m) => listing.push(&mut seen, e.into_path(), &m),
                        Err(err) => listing
                            .problems
                            .push(Problem::new(e.path(), format!("cannot read: {err}"))),
                    }
                }
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_path_buf();
                    let reason = match e.loop_ancestor() {
                        Some(a) => format!("symlink loop to `{}`", a.display()),
                        None => match e.io_error() {
                            Some(io) => format!("cannot read: {io}"),
                            None => e.to_string(),
                        },
                    };
                    listing.problems.push(Problem::new(&path, reason));
                }
            }
        }
    }
    listing
}
