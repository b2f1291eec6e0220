//! The one path every input takes: a file (or standard input) read within the limits,
//! decompressed, then dispatched by what it is: an archive's members (read back through here),
//! an R workspace's objects, a kind dateline does not read (named), or text, parsed by its
//! format ([`crate::formats`]) and cleaned ([`crate::record::finish_parsed`]).
use std::path::Path;

use crate::formats::archive::{self, Archive};
use crate::formats::{html, json, kcna_page, rdata, tabular, text};
use crate::record::{finish_parsed, FileOutput};
use crate::{decode, error_page, Format, IngestError, IngestOptions, Problem};

/// Reads, parses and cleans one file (an archive or an R workspace gives one output per member
/// or object). Never fails: failures become problems. A file over the input limit is refused
/// before it is read.
pub(crate) fn read_file(path: &Path, opts: &IngestOptions) -> Vec<FileOutput> {
    let io = |source| crate::IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let limits = &opts.limits;
    let raw = std::fs::File::open(path).map_err(io).and_then(|f| {
        let size = f.metadata().map_or(0, |m| m.len());
        if size > limits.max_input_bytes {
            return Err(limits.too_large(path, false));
        }
        limits.read_all(path, f, size, false, io)
    });
    match raw {
        Ok(bytes) => read_input(path, bytes, opts, 0),
        Err(e) => vec![FileOutput::failed(&e)],
    }
}

/// Parses and cleans the bytes of one input named `path` (standard input, say).
pub(crate) fn read_bytes(path: &Path, bytes: Vec<u8>, opts: &IngestOptions) -> Vec<FileOutput> {
    read_input(path, bytes, opts, 0)
}

/// Kinds of input that hold documents dateline cannot read: named, never dropped in silence
/// (and a spreadsheet, itself a zip, is not read as an archive of XML parts).
fn not_read(data: &[u8], logical: &Path) -> Option<&'static str> {
    let ext = logical
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if data.starts_with(b"7z\xbc\xaf\x27\x1c") || ext == "7z" {
        return Some("7z archive: not read (unpack it, or repack it as zip or tar)");
    }
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "numbers")
        || data.starts_with(&[0xd0, 0xcf, 0x11, 0xe0])
    {
        return Some("spreadsheet or office file: not read (save it as CSV)");
    }
    if matches!(ext.as_str(), "docx" | "doc" | "odt" | "rtf" | "pages") {
        return Some("word-processor document: not read (save it as text)");
    }
    if data.starts_with(b"%PDF-") || ext == "pdf" {
        return Some("PDF: not read (extract its text first)");
    }
    None
}

/// The one path every input takes: decompression (bounded), then an archive's members, an R
/// workspace's objects, or text. `depth` is 1 inside an archive.
pub(crate) fn read_input(
    path: &Path,
    raw: Vec<u8>,
    opts: &IngestOptions,
    depth: u8,
) -> Vec<FileOutput> {
    let stored = raw.len() as u64;
    if raw.is_empty() {
        return vec![FileOutput::failed(&crate::IngestError::Empty {
            path: path.to_path_buf(),
        })];
    }
    let logical = decode::logical_path(path);
    if let Some(reason) = not_read(&raw, &logical) {
        return vec![FileOutput::failed(&crate::IngestError::Unsupported {
            path: path.to_path_buf(),
            reason: reason.into(),
        })];
    }
    // A zip is read member by member from its own bytes; anything else is decompressed first.
    let data = if Archive::of(&raw, &logical) == Some(Archive::Zip) {
        raw
    } else {
        match decode::decompress(path, raw, &opts.limits) {
            Ok(d) => d,
            Err(e) => return vec![FileOutput::failed(&e)],
        }
    };
    if let Some(kind) = Archive::of(&data, &logical) {
        return archive::read(path, kind, data, stored, depth, opts, &|p, d, depth| {
            read_input(p, d, opts, depth)
        });
    }
    if rdata::is_rdata(&data) {
        return rdata::read(path, &data, stored, opts);
    }
    if rdata::named_rdata(&logical) {
        return vec![FileOutput::failed(&crate::IngestError::Unsupported {
            path: path.to_path_buf(),
            reason: "not R data (no RDX2/RDX3 or XDR header)".into(),
        })];
    }
    let decoded = match decode::decode_text(path, data, stored) {
        Ok(d) => d,
        Err(e) => return vec![FileOutput::failed(&e)],
    };
    vec![read_text(path, decoded, opts)]
}

/// Parses and cleans one decoded text.
fn read_text(path: &Path, mut decoded: decode::Decoded, opts: &IngestOptions) -> FileOutput {
    let mut out = FileOutput {
        bytes: decoded.bytes,
        ..FileOutput::default()
    };
    if decoded.text.trim().is_empty() {
        // Only white space: as empty as a zero-byte file.
        out.problems.push(
            crate::IngestError::Empty {
                path: path.to_path_buf(),
            }
            .to_problem(),
        );
        return out;
    }
    out.problems.append(&mut decoded.warnings);
    let format = opts
        .format
        .unwrap_or_else(|| Format::detect(&decoded.logical, &decoded.text));
    let structured = matches!(
        format,
        Format::Json | Format::Jsonl | Format::Csv | Format::Tsv
    );
    if !structured {
        // One document per file: refused before it is parsed and cleaned.
        if let Err(reason) = opts.limits.check_doc(decoded.text.len()) {
            out.problems.push(Problem::new(path, reason));
            return out;
        }
        // A whole page or text file that is an error page; records of data files are looked at
        // one by one below.
        if let Some(what) = error_page::detect(&decoded.text) {
            let e = IngestError::ErrorPage {
                path: path.to_path_buf(),
                what,
            };
            out.problems.push(e.to_problem());
            return out;
        }
    }
    let order = opts.date_order;
    let parsed = match format {
        Format::Kcna => Ok(kcna_page::parse(&decoded.text, order)
            .unwrap_or_else(|| text::parse(&decoded.text, &decoded.logical, order))),
        Format::Text => Ok(text::parse(&decoded.text, &decoded.logical, order)),
        Format::Json => json::parse(path, &decoded.text, opts),
        Format::Jsonl => Ok(json::parse_lines(path, &decoded.text, opts)),
        Format::Csv => tabular::parse(path, &decoded.text, b',', opts),
        Format::Tsv => tabular::parse(path, &decoded.text, b'\t', opts),
        Format::Html => html::parse(path, &decoded.text),
    };
    drop(decoded);
    match parsed {
        Ok(p) => finish_parsed(path, p, structured, opts, out),
        Err(e) => {
            out.problems.push(e.to_problem());
            out
        }
    }
}
