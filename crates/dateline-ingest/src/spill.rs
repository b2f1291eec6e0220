//! Where kept documents wait for the final sort: in memory up to a budget, then in an anonymous
//! temporary file (deleted by the system when the process ends, even when it is killed).
//!
//! A document is written as a flat record: fixed fields little-endian, each text as a `u32`
//! length (`u32::MAX` for none) and its bytes.
use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::PathBuf;

use chrono::NaiveDate;
use dateline_core::{DocId, Document, Kind};

/// Where one stored document is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Loc {
    /// Index into the in-memory documents.
    Mem(u32),
    /// Byte offset and length in the spill file.
    Disk(u64, u32),
}

/// Documents kept for the sort.
pub(crate) struct Store {
    mem: Vec<Document>,
    mem_bytes: usize,
    budget: usize,
    dir: Option<PathBuf>,
    file: Option<BufWriter<File>>,
    end: u64,
    buf: Vec<u8>,
}

/// Bytes a document takes in memory, roughly (its texts).
fn weight(d: &Document) -> usize {
    let o = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    d.body.len()
        + o(&d.title)
        + o(&d.source)
        + o(&d.url)
        + o(&d.place)
        + o(&d.byline)
        + d.origin.len()
        + 160
}

impl Store {
    /// A store that keeps up to `budget` bytes of documents in memory and spills the rest to a
    /// temporary file in `dir` (the system's temporary folder when `None`).
    pub(crate) fn new(budget: usize, dir: Option<PathBuf>) -> Self {
        Store {
            mem: Vec::new(),
            mem_bytes: 0,
            budget,
            dir,
            file: None,
            end: 0,
            buf: Vec::new(),
        }
    }

    /// Bytes written to the spill file.
    #[cfg(test)]
    pub(crate) fn spilled(&self) -> u64 {
        self.end
    }

    /// Stores a document.
    pub(crate) fn push(&mut self, d: Document) -> std::io::Result<Loc> {
        let w = weight(&d);
        if self.file.is_none() && self.mem_bytes + w <= self.budget {
            self.mem_bytes += w;
            self.mem.push(d);
            return Ok(Loc::Mem((self.mem.len() - 1) as u32));
        }
        if self.file.is_none() {
            let f = match &self.dir {
                Some(dir) => tempfile::tempfile_in(dir)?,
                None => tempfile::tempfile()?,
            };
            self.file = Some(BufWriter::with_capacity(1 << 20, f));
        }
        self.buf.clear();
        encode(&d, &mut self.buf);
        let f = self.file.as_mut().expect("opened above");
        f.write_all(&self.buf)?;
        let loc = Loc::Disk(self.end, self.buf.len() as u32);
        self.end += self.buf.len() as u64;
        Ok(loc)
    }

    /// Done storing: what [`Store::take`] reads from.
    pub(crate) fn into_reader(self) -> std::io::Result<Reader> {
        let file = match self.file {
            Some(f) => Some(
                f.into_inner()
                    .map_err(std::io::IntoInnerError::into_error)?,
            ),
            None => None,
        };
        Ok(Reader {
            mem: self.mem,
            file,
            buf: Vec::new(),
        })
    }
}

/// Reads stored documents back, each once.
pub(crate) struct Reader {
    mem: Vec<Document>,
    file: Option<File>,
    buf: Vec<u8>,
}

impl Reader {
    /// The document at `loc` (an in-memory one is moved out: take each once).
    pub(crate) fn take(&mut self, loc: Loc) -> std::io::Result<Document> {
        match loc {
            Loc::Mem(i) => Ok(std::mem::take(&mut self.mem[i as usize])),
            Loc::Disk(off, len) => {
                let f = self.file.as_ref().expect("a spilled document has a file");
                self.buf.resize(len as usize, 0);
                f.read_exact_at(&mut self.buf, off)?;
                decode(&self.buf).ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "corrupt spill record")
                })
            }
        }
    }
}

fn put_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.extend_from_slice(&u32::MAX.to_le_bytes()),
        Some(s) => {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
    }
}

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("valid date"),
};

fn encode(d: &Document, out: &mut Vec<u8>) {
    out.extend_from_slice(&d.doc_id.0.to_le_bytes());
    let days = d
        .date
        .map_or(i64::MIN, |x| x.signed_duration_since(EPOCH).num_days());
    out.extend_from_slice(&days.to_le_bytes());
    out.extend_from_slice(&d.n_chars.to_le_bytes());
    out.extend_from_slice(&d.copies.to_le_bytes());
    put_str(out, Some(d.kind.as_str()));
    put_str(out, d.title.as_deref());
    put_str(out, Some(&d.body));
    put_str(out, d.source.as_deref());
    put_str(out, d.url.as_deref());
    put_str(out, d.place.as_deref());
    put_str(out, d.byline.as_deref());
    put_str(out, Some(&d.lang));
    put_str(out, Some(&d.origin));
    out.extend_from_slice(&(d.flags.len() as u32).to_le_bytes());
    for f in &d.flags {
        put_str(out, Some(f));
    }
}

/// A spill record that cannot be read back.
#[derive(Debug)]
struct Corrupt;

struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], Corrupt> {
        let (head, rest) = self.0.split_at_checked(N).ok_or(Corrupt)?;
        self.0 = rest;
        head.try_into().map_err(|_| Corrupt)
    }
    fn u32(&mut self) -> Result<u32, Corrupt> {
        self.bytes().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Result<u64, Corrupt> {
        self.bytes().map(u64::from_le_bytes)
    }
    fn opt_str(&mut self) -> Result<Option<String>, Corrupt> {
        let n = self.u32()?;
        if n == u32::MAX {
            return Ok(None);
        }
        let (s, rest) = self.0.split_at_checked(n as usize).ok_or(Corrupt)?;
        self.0 = rest;
        Ok(Some(
            std::str::from_utf8(s).map_err(|_| Corrupt)?.to_string(),
        ))
    }
    fn str(&mut self) -> Result<String, Corrupt> {
        self.opt_str()?.ok_or(Corrupt)
    }
}

fn decode(b: &[u8]) -> Option<Document> {
    decode_doc(b).ok()
}

fn decode_doc(b: &[u8]) -> Result<Document, Corrupt> {
    let mut c = Cursor(b);
    let doc_id = DocId(c.u64()?);
    let days = i64::from_le_bytes(c.bytes()?);
    let date = (days != i64::MIN).then(|| EPOCH + chrono::Duration::days(days));
    let n_chars = c.u64()?;
    let copies = c.u32()?;
    let kind: Kind = c.str()?.parse().map_err(|_| Corrupt)?;
    let title = c.opt_str()?;
    let body = c.str()?;
    let source = c.opt_str()?;
    let url = c.opt_str()?;
    let place = c.opt_str()?;
    let byline = c.opt_str()?;
    let lang = c.str()?;
    let origin = c.str()?;
    let n = c.u32()?;
    let mut flags = Vec::with_capacity(n.min(64) as usize);
    for _ in 0..n {
        flags.push(c.str()?);
    }
    if !c.0.is_empty() {
        return Err(Corrupt);
    }
    Ok(Document {
        doc_id,
        date,
        title,
        body,
        source,
        url,
        place,
        byline,
        lang,
        kind,
        n_chars,
        flags,
        origin,
        copies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(i: u64) -> Document {
        Document {
            doc_id: DocId(i),
            date: (i % 2 == 0).then(|| EPOCH + chrono::Duration::days(i as i64 * 400 - 9000)),
            title: (i % 3 != 0).then(|| format!("Título {i}")),
            body: "body ".repeat(i as usize),
            source: Some("KCNA".into()),
            url: None,
            place: (i == 1).then(String::new),
            byline: None,
            lang: "en".into(),
            kind: if i == 4 { Kind::Teaser } else { Kind::Article },
            n_chars: i * 5,
            flags: (0..i % 3).map(|k| format!("flag{k}")).collect(),
            origin: format!("x.json: record {i}"),
            copies: 1,
        }
    }

    /// Every document comes back as it went in, from memory and from the file, in any order.
    #[test]
    fn documents_come_back_unchanged() {
        for budget in [0, 700, usize::MAX] {
            let mut s = Store::new(budget, None);
            let docs: Vec<Document> = (0..12).map(doc).collect();
            let locs: Vec<Loc> = docs.iter().map(|d| s.push(d.clone()).unwrap()).collect();
            let spilled = locs.iter().filter(|l| matches!(l, Loc::Disk(..))).count();
            match budget {
                0 => assert_eq!(spilled, 12),
                usize::MAX => assert_eq!(spilled, 0),
                _ => assert!(spilled > 0 && spilled < 12, "{spilled}"),
            }
            assert_eq!(s.spilled() > 0, spilled > 0);
            let mut r = s.into_reader().unwrap();
            for i in (0..12).rev() {
                assert_eq!(
                    r.take(locs[i]).unwrap(),
                    docs[i],
                    "budget {budget}, doc {i}"
                );
            }
        }
    }

    #[test]
    fn a_cut_record_is_an_error_not_a_panic() {
        let mut b = Vec::new();
        encode(&doc(5), &mut b);
        for cut in 0..b.len() {
            assert!(decode(&b[..cut]).is_none(), "cut at {cut}");
        }
        assert_eq!(decode(&b), Some(doc(5)));
    }
}
