//! Zip and tar archives (a tar possibly gzip-, bzip2- or xz-compressed): every member is an
//! input of its own, named `archive.zip!/path/inside.txt`, read from memory (nothing is
//! extracted to disk, so a member named `../x` is only a name), with the same rules as a file
//! found in a folder: folders are skipped, hidden members and ignored extensions counted as
//! ignored, formats detected by the member's name and content. An archive inside an archive is
//! not opened (one level only): it is reported.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use crate::record::FileOutput;
use crate::{IngestError, IngestOptions};

/// The kind of archive `data` (decompressed) holds, told by content; a V7 tar without magic is
/// taken as tar when its name says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Archive {
    Zip,
    Tar,
}

impl Archive {
    /// The archive `data` is, if any (`logical`: the name without its compression suffix).
    pub(crate) fn of(data: &[u8], logical: &Path) -> Option<Archive> {
        if data.starts_with(b"PK\x03\x04") || data.starts_with(b"PK\x05\x06") {
            return Some(Archive::Zip);
        }
        if data.len() >= 263 && &data[257..262] == b"ustar" {
            return Some(Archive::Tar);
        }
        let tar_name = logical
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("tar"));
        if tar_name && data.len() >= 512 && data.len() % 512 == 0 {
            return Some(Archive::Tar);
        }
        None
    }

    fn name(self) -> &'static str {
        match self {
            Archive::Zip => "zip",
            Archive::Tar => "tar",
        }
    }
}

/// `archive!/member`: the origin of a member and the name its format is detected by.
pub(crate) fn member_path(archive: &Path, member: &str) -> PathBuf {
    PathBuf::from(format!(
        "{}!/{}",
        archive.display(),
        member.trim_start_matches('/')
    ))
}

/// True when a member is skipped as a file in a folder walk would be: a hidden name anywhere in
/// its path (`.git/…`, `__MACOSX/._a.txt`), or an ignored extension.
fn member_ignored(member: &str) -> bool {
    member
        .split('/')
        .any(|c| c.starts_with('.') && c != "." && c != "..")
        || crate::walk::is_ignored(Path::new(member))
}

/// Reads one input (`path`, its bytes, the archive depth): the dispatch, passed in so that a
/// format never imports it.
pub(crate) type ReadMember<'a> = dyn Fn(&Path, Vec<u8>, u8) -> Vec<FileOutput> + 'a;

/// Reads the members of an archive held in `data`. `depth` is 0 for an archive found as a
/// file, 1 for one found inside an archive (refused). `stored` is the archive's size on disk.
/// Each member is read by `read_member(path, bytes, depth)`: the dispatch, passed in.
pub(crate) fn read(
    path: &Path,
    kind: Archive,
    data: Vec<u8>,
    stored: u64,
    depth: u8,
    opts: &IngestOptions,
    read_member: &ReadMember<'_>,
) -> Vec<FileOutput> {
    if depth > 0 {
        return vec![FileOutput::failed(&IngestError::Unsupported {
            path: path.to_path_buf(),
            reason: format!(
                "{} archive inside an archive, not read (extract it first)",
                kind.name()
            ),
        })];
    }
    let mut members = Vec::new();
    let mut ignored = 0u64;
    let mut failure = None;
    let mut each = |name: &str, r: &mut dyn Read, size: u64, outs: &mut Vec<FileOutput>| {
        if member_ignored(name) {
            ignored += 1;
            return;
        }
        let mp = member_path(path, name);
        let limits = &opts.limits;
        let data = if size > limits.max_input_bytes {
            Err(limits.too_large(&mp, true))
        } else {
            // The declared size is not trusted for the first allocation.
            let hint = size.min(64 << 20);
            limits.read_all(&mp, r, hint, true, |source| IngestError::Compressed {
                path: mp.clone(),
                format: kind.name(),
                source,
            })
        };
        match data {
            Ok(d) => outs.extend(read_member(&mp, d, depth + 1).into_iter().map(|mut o| {
                // The archive's size on disk is counted once, below.
                o.bytes = 0;
                o
            })),
            Err(e) => outs.push(FileOutput::failed(&e)),
        }
    };
    match kind {
        Archive::Zip => match zip::ZipArchive::new(Cursor::new(data)) {
            Err(e) => failure = Some(corrupt(path, kind, e.to_string())),
            Ok(mut za) => {
                for i in 0..za.len() {
                    let name = za.name_for_index(i).unwrap_or("?").to_string();
                    match za.by_index(i) {
                        Ok(mut f) => {
                            if f.is_dir() {
                                continue;
                            }
                            let size = f.size();
                            each(&name, &mut f, size, &mut members);
                        }
                        // An encrypted member or one of a compression method not read
                        // (bzip2, lzma, zstd in a zip) is named as such, not as corrupt.
                        Err(zip::result::ZipError::UnsupportedArchive(why)) => {
                            members.push(FileOutput::failed(&IngestError::Unsupported {
                                path: member_path(path, &name),
                                reason: format!("zip member not read: {}", why.to_lowercase()),
                            }));
                        }
                        Err(e) => {
                            members.push(FileOutput::failed(&IngestError::Compressed {
                                path: member_path(path, &name),
                                format: "zip",
                                source: std::io::Error::other(e.to_string()),
                            }));
                        }
                    }
                }
            }
        },
        Archive::Tar => {
            let mut ar = tar::Archive::new(data.as_slice());
            match ar.entries() {
                Err(e) => failure = Some(corrupt(path, kind, e.to_string())),
                Ok(entries) => {
                    for entry in entries {
                        let mut e = match entry {
                            Ok(e) => e,
                            Err(e) => {
                                failure = Some(corrupt(path, kind, e.to_string()));
                                break;
                            }
                        };
                        let name = String::from_utf8_lossy(&e.path_bytes()).into_owned();
                        let t = e.header().entry_type();
                        if t.is_dir() {
                            continue;
                        }
                        if !(t.is_file() || t == tar::EntryType::Continuous) {
                            if !member_ignored(&name) {
                                members.push(FileOutput::failed(&IngestError::Unsupported {
                                    path: member_path(path, &name),
                                    reason: "not a regular file (link or device in the archive)"
                                        .into(),
                                }));
                            }
                            continue;
                        }
                        let size = e.size();
                        each(&name, &mut e, size, &mut members);
                    }
                }
            }
        }
    }
    let mut outs = members;
    if let Some(f) = failure {
        outs.push(f);
    } else if outs.is_empty() && ignored == 0 {
        outs.push(FileOutput::failed(&IngestError::Unsupported {
            path: path.to_path_buf(),
            reason: format!("empty {} archive", kind.name()),
        }));
    }
    // The archive counts as one input seen; each further member as one more.
    let n = outs.len() as u64 + ignored;
    if outs.is_empty() {
        outs.push(FileOutput::default());
    }
    outs[0].bytes = stored;
    outs[0].extra_seen = n.saturating_sub(1);
    outs[0].ignored = ignored;
    outs
}

fn corrupt(path: &Path, kind: Archive, why: String) -> FileOutput {
    FileOutput::failed(&IngestError::Compressed {
        path: path.to_path_buf(),
        format: kind.name(),
        source: std::io::Error::other(why),
    })
}
