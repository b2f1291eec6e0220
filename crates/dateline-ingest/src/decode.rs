//! Bytes → text: gzip, bzip2 and xz streams (bounded), byte-order marks, UTF-16, binary
//! detection, lossy UTF-8.

use std::path::{Path, PathBuf};

use crate::{IngestError, Limits, Problem};

/// A decoded file.
pub(crate) struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// Bytes as stored on disk.
    pub bytes: u64,
    /// The path used for format detection (a `.gz`, `.bz2` or `.xz` suffix removed).
    pub logical: PathBuf,
    /// Warnings (invalid UTF-8).
    pub warnings: Vec<Problem>,
}

/// A compressed stream, told by its magic bytes (never by its name alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    Gzip,
    Bzip2,
    Xz,
}

impl Compression {
    /// The compression of bytes starting with `head`, if any.
    pub(crate) fn of(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1f, 0x8b]) {
            return Some(Compression::Gzip);
        }
        if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
            return Some(Compression::Xz);
        }
        // `BZh1`..`BZh9`, then the magic of a first block (pi) or of the end of an empty stream.
        if head.len() >= 10
            && head.starts_with(b"BZh")
            && (b'1'..=b'9').contains(&head[3])
            && (head[4..10] == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
                || head[4..10] == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
        {
            return Some(Compression::Bzip2);
        }
        None
    }

    /// `gzip`, `bzip2`, `xz`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
        }
    }
}

/// `path` without its compression suffix (`a.json.gz` → `a.json`, `a.tgz` → `a.tar`): the name
/// that decides the format.
pub(crate) fn logical_path(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    for (suffix, replace) in [
        (".gz", ""),
        (".bz2", ""),
        (".xz", ""),
        (".tgz", ".tar"),
        (".tbz2", ".tar"),
        (".tbz", ".tar"),
        (".txz", ".tar"),
    ] {
        if lower.ends_with(suffix) && lower.len() > suffix.len() {
            let base = &name[..name.len() - suffix.len()];
            return path.with_file_name(format!("{base}{replace}"));
        }
    }
    path.to_path_buf()
}

/// The bytes of `raw` decompressed (gzip, bzip2, xz; concatenated streams too), or `raw` as it
/// is. The decompressed size is bounded by `limits` while it streams: a bomb is refused after
/// the limit and one byte, never held whole.
pub(crate) fn decompress(
    path: &Path,
    raw: Vec<u8>,
    limits: &Limits,
) -> Result<Vec<u8>, IngestError> {
    let Some(c) = Compression::of(&raw) else {
        return Ok(raw);
    };
    let corrupt = |source| IngestError::Compressed {
        path: path.to_path_buf(),
        format: c.name(),
        source,
    };
    let hint = raw.len() as u64 * 4;
    let out = match c {
        Compression::Gzip => limits.read_all(
            path,
            flate2::read::MultiGzDecoder::new(raw.as_slice()),
            hint,
            true,
            corrupt,
        ),
        Compression::Bzip2 => limits.read_all(
            path,
            bzip2::read::MultiBzDecoder::new(raw.as_slice()),
            hint,
            true,
            corrupt,
        ),
        // The dictionary an xz stream may ask for is bounded too (256 MiB; `xz -9` needs 64).
        Compression::Xz => limits.read_all(
            path,
            lzma_rust2::XzReader::new_mem_limit(raw.as_slice(), true, 256 * 1024),
            hint,
            true,
            corrupt,
        ),
    }?;
    if out.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(out)
}

/// Decodes bytes read from `path` (decompressed first when they are compressed).
#[cfg(test)]
pub(crate) fn decode_bytes(
    path: &Path,
    raw: Vec<u8>,
    limits: &Limits,
) -> Result<Decoded, IngestError> {
    let bytes = raw.len() as u64;
    if raw.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let data = decompress(path, raw, limits)?;
    decode_text(path, data, bytes)
}

/// Decodes decompressed bytes into text, in place where it can (no copy of a large input but
/// the lossy repair of invalid UTF-8).
pub(crate) fn decode_text(
    path: &Path,
    mut data: Vec<u8>,
    bytes: u64,
) -> Result<Decoded, IngestError> {
    let logical = logical_path(path);
    if data.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    // UTF-16 with a byte-order mark (checked before the NUL test: UTF-16 text is full of NULs).
    if data.starts_with(&[0xff, 0xfe]) || data.starts_with(&[0xfe, 0xff]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(&data);
        return Ok(Decoded {
            text: text.into_owned(),
            bytes,
            logical,
            warnings: Vec::new(),
        });
    }
    // A NUL byte anywhere (not only near the start) marks a binary file: text never holds one,
    // and a NUL must never reach the corpus. `contains` on bytes is a memchr, cheap on any size.
    if data.contains(&0) {
        return Err(IngestError::Binary {
            path: path.to_path_buf(),
        });
    }
    if data.starts_with(&[0xef, 0xbb, 0xbf]) {
        data.drain(..3);
    }
    match String::from_utf8(data) {
        Ok(text) => Ok(Decoded {
            text,
            bytes,
            logical,
            warnings: Vec::new(),
        }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes_v = e.into_bytes();
            let line = bytecount_newlines(&bytes_v[..valid]) + 1;
            let text = String::from_utf8_lossy(&bytes_v).into_owned();
            Ok(Decoded {
                text,
                bytes,
                logical,
                warnings: vec![Problem::new(path, "invalid utf-8 replaced with U+FFFD")
                    .at_line(line)
                    .warning()],
            })
        }
    }
}

/// Newlines in `b`.
fn bytecount_newlines(b: &[u8]) -> u64 {
    b.split(|&c| c == b'\n').count() as u64 - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn dec(bytes: &[u8]) -> Result<Decoded, IngestError> {
        decode_bytes(Path::new("x.txt"), bytes.to_vec(), &Limits::default())
    }

    #[test]
    fn bom_and_utf16() {
        assert_eq!(dec(b"\xef\xbb\xbfhi").unwrap().text, "hi");
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(dec(&le).unwrap().text, "hé");
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(dec(&be).unwrap().text, "hé");
    }

    #[test]
    fn lossy_names_the_line() {
        let d = dec(b"a\nb\nc\xffd\n").unwrap();
        assert_eq!(d.text, "a\nb\nc\u{fffd}d\n");
        assert_eq!(
            d.warnings[0].message(),
            "x.txt:3: invalid utf-8 replaced with U+FFFD"
        );
        assert!(!d.warnings[0].skipped);
    }

    #[test]
    fn empty_binary_gzip() {
        assert!(matches!(dec(b""), Err(IngestError::Empty { .. })));
        assert!(matches!(dec(b"ab\0cd"), Err(IngestError::Binary { .. })));
        // A NUL far past the first 8 KiB is found too.
        let mut late = "text line\n".repeat(2000).into_bytes();
        late.extend(b"tail\0end\n");
        assert!(late.len() > 16_000);
        assert!(matches!(dec(&late), Err(IngestError::Binary { .. })));
        // A large text without NUL is still text.
        let big = "text line\n".repeat(5000);
        assert_eq!(dec(big.as_bytes()).unwrap().text, big);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"hello gzip").unwrap();
        let gz = gz.finish().unwrap();
        let d = decode_bytes(Path::new("a.json.gz"), gz.clone(), &Limits::default()).unwrap();
        assert_eq!(d.text, "hello gzip");
        assert_eq!(d.logical, Path::new("a.json"));
        let cut = gz[..gz.len() - 6].to_vec();
        assert!(matches!(
            decode_bytes(Path::new("a.gz"), cut, &Limits::default()),
            Err(IngestError::Compressed { format: "gzip", .. })
        ));
    }
}
