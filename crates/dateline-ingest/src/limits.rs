//! The documented limits that keep memory bounded on hostile input, and the one reader that
//! enforces the input limit (files, decompressed streams, archive members alike).

use std::io::Read;
use std::path::Path;

use crate::IngestError;

/// Environment variable: the largest input in MiB, as stored or once decompressed.
pub const MAX_INPUT_VAR: &str = "DATELINE_MAX_INPUT_MB";
/// Environment variable: the largest document (record text) in MiB.
pub const MAX_DOC_VAR: &str = "DATELINE_MAX_DOC_MB";

const MIB: u64 = 1 << 20;

/// Bounds on what one input may cost. An input larger than `max_input_bytes` (a file, the
/// decompressed stream of a `.gz`/`.bz2`/`.xz`, one member of a zip or tar archive) is skipped
/// before it is held in memory; a record whose text is larger than `max_doc_bytes` is skipped
/// before it is cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input, in bytes (default 1024 MiB).
    pub max_input_bytes: u64,
    /// Largest document text, in bytes (default 64 MiB).
    pub max_doc_bytes: u64,
}

impl Default for Limits {
    /// 1024 MiB per input, 64 MiB per document.
    fn default() -> Self {
        Limits {
            max_input_bytes: 1024 * MIB,
            max_doc_bytes: 64 * MIB,
        }
    }
}

impl Limits {
    /// The defaults, changed by `DATELINE_MAX_INPUT_MB` and `DATELINE_MAX_DOC_MB` when set
    /// (whole MiB, at least 1).
    ///
    /// # Errors
    /// A variable that is set but not a whole number of MiB from 1 to 1,048,576.
    pub fn from_env() -> Result<Limits, String> {
        let mut l = Limits::default();
        if let Some(v) = env_mib(MAX_INPUT_VAR)? {
            l.max_input_bytes = v;
        }
        if let Some(v) = env_mib(MAX_DOC_VAR)? {
            l.max_doc_bytes = v;
        }
        Ok(l)
    }

    /// `Err(reason)` when a document of `len` bytes is over the document limit.
    pub(crate) fn check_doc(&self, len: usize) -> Result<(), String> {
        if len as u64 > self.max_doc_bytes {
            Err(format!(
                "document of {} is larger than {} (limit {MAX_DOC_VAR})",
                size(len as u64),
                limit(self.max_doc_bytes)
            ))
        } else {
            Ok(())
        }
    }

    /// Reads all of `r` (the input `path`), refusing as soon as it passes the input limit:
    /// never more than the limit and one byte is held. `compressed` chooses the wording
    /// ("decompresses to more than" / "is larger than"); `corrupt` maps a read error.
    pub(crate) fn read_all(
        &self,
        path: &Path,
        r: impl Read,
        size_hint: u64,
        compressed: bool,
        corrupt: impl FnOnce(std::io::Error) -> IngestError,
    ) -> Result<Vec<u8>, IngestError> {
        let cap = size_hint.min(self.max_input_bytes.saturating_add(1));
        let mut out = Vec::with_capacity(cap as usize);
        r.take(self.max_input_bytes.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(corrupt)?;
        if out.len() as u64 > self.max_input_bytes {
            return Err(self.too_large(path, compressed));
        }
        Ok(out)
    }

    /// The refusal of an input over the limit.
    pub(crate) fn too_large(&self, path: &Path, compressed: bool) -> IngestError {
        IngestError::TooLarge {
            path: path.to_path_buf(),
            reason: format!(
                "{} {} (limit {MAX_INPUT_VAR})",
                if compressed {
                    "decompresses to more than"
                } else {
                    "is larger than"
                },
                limit(self.max_input_bytes)
            ),
        }
    }
}

/// `64 MiB`, or the bytes when the limit is not a whole number of MiB (set in code).
fn limit(b: u64) -> String {
    if b % MIB == 0 {
        format!("{} MiB", b / MIB)
    } else {
        format!("{b} bytes")
    }
}

/// `12.5 MiB`, `300 KiB`, `17 bytes`.
fn size(b: u64) -> String {
    if b >= MIB {
        format!("{:.1} MiB", b as f64 / MIB as f64)
    } else if b >= 1024 {
        format!("{} KiB", b / 1024)
    } else {
        format!("{b} bytes")
    }
}

fn env_mib(var: &str) -> Result<Option<u64>, String> {
    match std::env::var(var) {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{var} is not a number")),
        Ok(s) => match s.trim().parse::<u64>() {
            Ok(n) if (1..=1 << 20).contains(&n) => Ok(Some(n * MIB)),
            _ => Err(format!(
                "{var}=`{s}`: expected a whole number of MiB from 1 to 1048576"
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_limit_and_refuses_one_byte_more() {
        let l = Limits {
            max_input_bytes: 10,
            max_doc_bytes: 4,
        };
        let p = Path::new("a.gz");
        let io = |e| IngestError::Io {
            path: p.to_path_buf(),
            source: e,
        };
        assert_eq!(
            l.read_all(p, &[7u8; 10][..], 0, true, io).unwrap().len(),
            10
        );
        let e = l.read_all(p, &[7u8; 11][..], 0, true, io).unwrap_err();
        assert_eq!(
            e.to_problem().message(),
            "a.gz: decompresses to more than 10 bytes (limit DATELINE_MAX_INPUT_MB)"
        );
        // An endless reader stops at the limit.
        let e = l.read_all(p, std::io::repeat(0), 0, false, io).unwrap_err();
        assert!(matches!(e, IngestError::TooLarge { .. }));
        assert!(l.check_doc(4).is_ok());
        assert_eq!(
            l.check_doc(5).unwrap_err(),
            "document of 5 bytes is larger than 4 bytes (limit DATELINE_MAX_DOC_MB)"
        );
        assert_eq!(size(3 * MIB / 2), "1.5 MiB");
    }
}
