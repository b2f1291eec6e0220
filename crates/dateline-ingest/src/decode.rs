//! Bytes → text: gzip, byte-order marks, UTF-16, binary detection, lossy UTF-8.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{IngestError, Problem};

/// A decoded file.
pub(crate) struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// Bytes as stored on disk.
    pub bytes: u64,
    /// The path used for format detection (a `.gz` suffix removed).
    pub logical: PathBuf,
    /// Warnings (invalid UTF-8).
    pub warnings: Vec<Problem>,
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decodes bytes read from `path`.
pub(crate) fn decode_bytes(path: &Path, raw: Vec<u8>) -> Result<Decoded, IngestError> {
    let bytes = raw.len() as u64;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let logical = match name.strip_suffix(".gz") {
        Some(base) => path.with_file_name(base),
        None => path.to_path_buf(),
    };
    if raw.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let data = if raw.starts_with(&GZIP_MAGIC) {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|source| IngestError::Gzip {
                path: path.to_path_buf(),
                source,
            })?;
        if out.is_empty() {
            return Err(IngestError::Empty {
                path: path.to_path_buf(),
            });
        }
        out
    } else {
        raw
    };
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
    let data = match data.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        Some(rest) => rest.to_vec(),
        None => data,
    };
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
        decode_bytes(Path::new("x.txt"), bytes.to_vec())
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
        let d = decode_bytes(Path::new("a.json.gz"), gz.clone()).unwrap();
        assert_eq!(d.text, "hello gzip");
        assert_eq!(d.logical, Path::new("a.json"));
        let cut = gz[..gz.len() - 6].to_vec();
        assert!(matches!(
            decode_bytes(Path::new("a.gz"), cut),
            Err(IngestError::Gzip { .. })
        ));
    }
}
