//! R data: `.rds` (one serialized object) and `.rda`/`.RData` workspaces (`RDX2`/`RDX3`, then a
//! pairlist of named objects), R serialization versions 2 and 3 in XDR binary, already
//! decompressed (gzip, bzip2, xz) by the decoding step.
//!
//! No maintained Rust crate reads these, so this is a small reader of what data frames use:
//! lists with attributes, character vectors (`NA`, UTF-8 and Latin-1 flags), integer, real and
//! logical vectors, factors, `Date` (days since 1970-01-01), `POSIXct` (seconds, taken in UTC),
//! references and the compact ALTREP sequences R 3.5+ writes for row names. Every data frame
//! (tibbles too) becomes table records through the same column mapping as a CSV
//! ([`super::tabular::Columns`]): origin `file.rda!object#row`. Any other object is reported;
//! a file this reader cannot decode is skipped with the one-line R command that converts it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};

use super::tabular::Columns;
use crate::record::{finish_parsed, FileOutput, Parsed};
use crate::{IngestError, IngestOptions};

/// Nesting deeper than this (lists of lists, function bodies) is refused, not recursed into.
const MAX_DEPTH: usize = 256;

/// True when decompressed `data` is R data: a workspace header, or an `.rds` stream header.
pub(crate) fn is_rdata(data: &[u8]) -> bool {
    let ws = [b"RDX", b"RDA", b"RDB"]
        .iter()
        .any(|m| data.starts_with(*m) && matches!(data.get(3..5), Some(b"2\n" | b"3\n")));
    ws || data.starts_with(b"X\n\0\0\0\x02")
        || data.starts_with(b"X\n\0\0\0\x03")
        || data.starts_with(b"A\n2\n")
        || data.starts_with(b"A\n3\n")
        || data.starts_with(b"B\n\x02\0\0\0")
        || data.starts_with(b"B\n\x03\0\0\0")
}

/// True when the name says R data (`.rds`, `.rda`, `.RData`): such a file is never read as text.
pub(crate) fn named_rdata(logical: &Path) -> bool {
    logical
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            ["rds", "rda", "rdata"]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(e))
        })
}

/// An R value, as far as this reader needs it.
#[derive(Debug, Clone)]
enum Value {
    Null,
    Sym(String),
    Str(Vec<Option<String>>),
    Int(Vec<i32>),
    Lgl(Vec<i32>),
    Real(Vec<f64>),
    List(Vec<Obj>),
    /// Pairlist: tags and values.
    Pairs(Vec<(Option<String>, Obj)>),
    /// Anything read but not kept (environment, function, raw, complex, …): its kind.
    Other(&'static str),
}

#[derive(Debug, Clone)]
struct Obj {
    v: Value,
    attrs: Vec<(String, Obj)>,
}

impl Obj {
    fn new(v: Value) -> Obj {
        Obj {
            v,
            attrs: Vec::new(),
        }
    }
    fn attr(&self, name: &str) -> Option<&Obj> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, o)| o)
    }
    fn strings(&self) -> Option<&[Option<String>]> {
        match &self.v {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    fn has_class(&self, c: &str) -> bool {
        self.attr("class")
            .and_then(Obj::strings)
            .is_some_and(|s| s.iter().any(|x| x.as_deref() == Some(c)))
    }
    /// `list of 3`, `character vector of 1,002`, `environment`.
    fn describe(&self) -> String {
        let (what, n) = match &self.v {
            Value::Null => return "NULL".into(),
            Value::Sym(_) => return "symbol".into(),
            Value::Other(k) => return (*k).into(),
            Value::Str(v) => ("character vector", v.len()),
            Value::Int(v) if self.has_class("factor") => ("factor", v.len()),
            Value::Int(v) => ("integer vector", v.len()),
            Value::Lgl(v) => ("logical vector", v.len()),
            Value::Real(v) => ("numeric vector", v.len()),
            Value::List(v) => ("list", v.len()),
            Value::Pairs(v) => ("pairlist", v.len()),
        };
        format!("{what} of {n}")
    }
}

const NA_INT: i32 = i32::MIN;

/// Reads XDR items.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    refs: Vec<Value>,
    depth: usize,
}

type R<T> = Result<T, String>;

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        match end {
            Some(e) => {
                let s = &self.data[self.pos..e];
                self.pos = e;
                Ok(s)
            }
            None => Err(format!("truncated at byte {}", self.data.len())),
        }
    }
    fn int(&mut self) -> R<i32> {
        let b = self.take(4)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn real(&mut self) -> R<f64> {
        let b = self.take(8)?;
        Ok(f64::from_be_bytes(b.try_into().expect("8 bytes")))
    }
    /// A vector length, checked against the bytes left (each element takes at least `unit`
    /// bytes): refused before anything is allocated.
    fn length(&mut self, unit: usize) -> R<usize> {
        let n = self.int()?;
        let n: u64 = if n == -1 {
            let hi = self.int()? as u32 as u64;
            let lo = self.int()? as u32 as u64;
            (hi << 32) | lo
        } else if n < 0 {
            return Err(format!("negative length {n}"));
        } else {
            n as u64
        };
        let left = (self.data.len() - self.pos) as u64;
        if n.saturating_mul(unit as u64) > left {
            return Err(format!(
                "a vector of {n} elements in {left} bytes (truncated or corrupt)"
            ));
        }
        Ok(n as usize)
    }

    fn item(&mut self) -> R<Obj> {
        let flags = self.int()?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!("objects nested more than {MAX_DEPTH} deep"));
        }
        let r = self.item_with(flags);
        self.depth -= 1;
        r
    }

    fn item_with(&mut self, flags: i32) -> R<Obj> {
        let ty = flags & 0xff;
        let levels = flags >> 12;
        let has_attr = flags & (1 << 9) != 0;
        let has_tag = flags & (1 << 10) != 0;
        let v = match ty {
            254 => Value::Null,
            242 | 241 | 253 => Value::Other("environment"),
            250..=252 => Value::Other("special value"),
            255 => {
                let mut i = flags >> 8;
                if i == 0 {
                    i = self.int()?;
                }
                let v = usize::try_from(i)
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| self.refs.get(i))
                    .ok_or_else(|| format!("reference {i} to nothing"))?;
                return Ok(Obj::new(v.clone()));
            }
            247..=249 => {
                // Persistent name, namespace, package: a string vector.
                if self.int()? != 0 {
                    return Err("unexpected persistent name".into());
                }
                let n = self.length(4)?;
                for _ in 0..n {
                    self.item()?;
                }
                let v = Value::Other(if ty == 249 { "namespace" } else { "package" });
                self.refs.push(v.clone());
                v
            }
            1 => {
                let name = self.item()?;
                let v = match name.v {
                    Value::Str(mut s) if s.len() == 1 => {
                        Value::Sym(s.pop().flatten().unwrap_or_default())
                    }
                    _ => return Err("symbol without a name".into()),
                };
                self.refs.push(v.clone());
                return Ok(Obj::new(v));
            }
            4 => {
                self.int()?; // locked
                self.refs.push(Value::Other("environment"));
                for _ in 0..4 {
                    self.item()?; // enclosure, frame, hash table, attributes
                }
                return Ok(Obj::new(Value::Other("environment")));
            }
            2 | 3 | 5 | 6 | 17 | 239 | 240 => return self.pairlist(flags),
            22 => {
                self.refs.push(Value::Other("external pointer"));
                self.item()?;
                self.item()?;
                Value::Other("external pointer")
            }
            23 => {
                self.refs.push(Value::Other("weak reference"));
                Value::Other("weak reference")
            }
            7 | 8 => {
                let n = self.length(1)?;
                self.take(n)?;
                Value::Other("function")
            }
            9 => {
                let n = self.int()?;
                if n == -1 {
                    Value::Str(vec![None])
                } else {
                    let n = usize::try_from(n).map_err(|_| format!("string of length {n}"))?;
                    let b = self.take(n)?;
                    Value::Str(vec![Some(string(b, levels))])
                }
            }
            10 | 13 => {
                let n = self.length(4)?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.push(self.int()?);
                }
                if ty == 10 {
                    Value::Lgl(v)
                } else {
                    Value::Int(v)
                }
            }
            14 => {
                let n = self.length(8)?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.push(self.real()?);
                }
                Value::Real(v)
            }
            15 => {
                let n = self.length(16)?;
                self.take(n * 16)?;
                Value::Other("complex vector")
            }
            16 => {
                let n = self.length(4)?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    match self.item()?.v {
                        Value::Str(mut s) if s.len() == 1 => v.push(s.pop().flatten()),
                        _ => return Err("character vector holding a non-string".into()),
                    }
                }
                Value::Str(v)
            }
            19 | 20 => {
                let n = self.length(4)?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.push(self.item()?);
                }
                if ty == 19 {
                    Value::List(v)
                } else {
                    Value::Other("expression")
                }
            }
            24 => {
                let n = self.length(1)?;
                self.take(n)?;
                Value::Other("raw vector")
            }
            25 => Value::Other("S4 object"),
            238 => return self.altrep(),
            21 => return Err("byte code (a compiled function) is not read".into()),
            other => return Err(format!("unknown R type {other}")),
        };
        let mut o = Obj::new(v);
        if has_attr {
            o.attrs = self.attributes()?;
        }
        if has_tag {
            return Err("tag on a vector".into());
        }
        Ok(o)
    }

    fn attributes(&mut self) -> R<Vec<(String, Obj)>> {
        match self.item()?.v {
            Value::Pairs(p) => Ok(p
                .into_iter()
                .map(|(t, o)| (t.unwrap_or_default(), o))
                .collect()),
            Value::Null => Ok(Vec::new()),
            _ => Err("attributes that are not a pairlist".into()),
        }
    }

    /// A pairlist (or call, closure, promise), read cell by cell without recursing on the tail.
    fn pairlist(&mut self, mut flags: i32) -> R<Obj> {
        let kind = flags & 0xff;
        let mut cells = Vec::new();
        let mut attrs = Vec::new();
        loop {
            if flags & (1 << 9) != 0 {
                let a = self.attributes()?;
                if cells.is_empty() {
                    attrs = a;
                }
            }
            let tag = if flags & (1 << 10) != 0 {
                match self.item()?.v {
                    Value::Sym(s) => Some(s),
                    _ => None,
                }
            } else {
                None
            };
            cells.push((tag, self.item()?));
            let next = self.int()?;
            if next & 0xff == kind && kind == 2 {
                flags = next;
                continue;
            }
            self.depth += 1;
            let tail = self.item_with(next);
            self.depth -= 1;
            tail?;
            break;
        }
        let v = match kind {
            2 => Value::Pairs(cells),
            3 => Value::Other("function"),
            6 | 240 => Value::Other("call"),
            _ => Value::Other("promise"),
        };
        Ok(Obj { v, attrs })
    }

    /// ALTREP objects R 3.5+ writes: compact sequences (row names `1:n`) and wrappers.
    fn altrep(&mut self) -> R<Obj> {
        let info = self.item()?;
        let state = self.item()?;
        let attrs = self.attributes()?;
        let class = match &info.v {
            Value::Pairs(p) => match p.first().map(|(_, o)| &o.v) {
                Some(Value::Sym(s)) => s.clone(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        let v = match (class.as_str(), state.v) {
            ("compact_intseq", Value::Real(s)) if s.len() == 3 => {
                let (n, start, step) = (s[0] as i64, s[1] as i64, s[2] as i64);
                if !(0..=1 << 31).contains(&n) {
                    return Err(format!("compact sequence of {n}"));
                }
                Value::Int((0..n).map(|i| (start + i * step) as i32).collect())
            }
            ("compact_realseq", Value::Real(s)) if s.len() == 3 => {
                let n = s[0] as i64;
                if !(0..=1 << 31).contains(&n) {
                    return Err(format!("compact sequence of {n}"));
                }
                Value::Real((0..n).map(|i| s[1] + i as f64 * s[2]).collect())
            }
            (c, Value::List(mut l)) if c.starts_with("wrap_") && l.len() == 2 => l.swap_remove(0).v,
            (c, _) => return Err(format!("ALTREP class `{c}` is not read")),
        };
        Ok(Obj { v, attrs })
    }
}

/// A CHARSXP's bytes: Latin-1 when flagged so, else UTF-8 (invalid bytes replaced).
fn string(b: &[u8], levels: i32) -> String {
    const LATIN1: i32 = 1 << 2;
    if levels & LATIN1 != 0 {
        b.iter().map(|&c| c as char).collect()
    } else {
        String::from_utf8_lossy(b).into_owned()
    }
}

/// Reads the header; `Ok(true)` for a workspace (`.rda`), `Ok(false)` for one object (`.rds`).
fn header(r: &mut Reader) -> R<bool> {
    let ws = r.data.starts_with(b"RD");
    if ws {
        r.take(5)?;
    }
    let fmt = r.take(2)?;
    if fmt != b"X\n" {
        return Err(format!(
            "{} serialization is not read (only XDR binary, R's default)",
            if fmt == b"A\n" {
                "ASCII"
            } else {
                "native binary"
            }
        ));
    }
    let version = r.int()?;
    r.int()?; // writer's R version
    r.int()?; // minimal reader version
    match version {
        2 => {}
        3 => {
            let n = r.length(1)?;
            r.take(n)?; // native encoding
        }
        v => return Err(format!("serialization version {v} is not read")),
    }
    Ok(ws)
}

/// The named objects of an `.rda`, or the one object of an `.rds` (name `None`).
fn objects(data: &[u8]) -> R<Vec<(Option<String>, Obj)>> {
    let mut r = Reader {
        data,
        pos: 0,
        refs: Vec::new(),
        depth: 0,
    };
    let ws = header(&mut r)?;
    let top = r.item()?;
    if !ws {
        return Ok(vec![(None, top)]);
    }
    match top.v {
        Value::Pairs(p) => Ok(p),
        Value::Null => Ok(Vec::new()),
        _ => Err("workspace that is not a list of named objects".into()),
    }
}

/// The cells of one column as text, or why the column is not read.
fn cells(col: &Obj) -> Result<Vec<Option<String>>, String> {
    let num = |x: f64| -> Option<String> {
        if x.is_nan() {
            None
        } else if x.is_infinite() {
            Some(if x > 0.0 { "Inf" } else { "-Inf" }.into())
        } else if x.fract() == 0.0 && x.abs() < 1e15 {
            Some(format!("{}", x as i64))
        } else {
            Some(format!("{x}"))
        }
    };
    Ok(match &col.v {
        Value::Str(s) => s.clone(),
        Value::Int(v) if col.has_class("factor") => {
            let levels = col
                .attr("levels")
                .and_then(Obj::strings)
                .ok_or("factor without levels")?;
            v.iter()
                .map(|&i| {
                    if i == NA_INT {
                        Ok(None)
                    } else {
                        usize::try_from(i - 1)
                            .ok()
                            .and_then(|i| levels.get(i))
                            .cloned()
                            .ok_or_else(|| format!("factor code {i} without a level"))
                    }
                })
                .collect::<Result<_, String>>()?
        }
        Value::Lgl(v) => v
            .iter()
            .map(|&i| match i {
                NA_INT => None,
                0 => Some("FALSE".into()),
                _ => Some("TRUE".into()),
            })
            .collect(),
        // Dates and times may be stored as integers or doubles: both are days (Date) or
        // seconds (POSIXct), never plain numbers.
        Value::Real(_) | Value::Int(_) if col.has_class("Date") => numbers(&col.v)
            .map(|d| {
                let Some(d) = d.filter(|d| d.is_finite()) else {
                    return Ok(None);
                };
                NaiveDate::from_ymd_opt(1970, 1, 1)
                    .and_then(|e| e.checked_add_signed(chrono::Duration::days(d.floor() as i64)))
                    .map(|d| Some(d.to_string()))
                    .ok_or_else(|| format!("date {d} days from 1970 out of range"))
            })
            .collect::<Result<_, String>>()?,
        Value::Real(_) | Value::Int(_) if col.has_class("POSIXct") => numbers(&col.v)
            .map(|s| {
                let Some(s) = s.filter(|s| s.is_finite()) else {
                    return Ok(None);
                };
                DateTime::from_timestamp(s.floor() as i64, 0)
                    .map(|t| Some(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()))
                    .ok_or_else(|| format!("time {s} s from 1970 out of range"))
            })
            .collect::<Result<_, String>>()?,
        Value::Int(v) => v
            .iter()
            .map(|&i| (i != NA_INT).then(|| i.to_string()))
            .collect(),
        Value::Real(v) => v.iter().map(|&x| num(x)).collect(),
        _ => return Err(col.describe()),
    })
}

/// The values of an integer or double vector (`None` for NA).
fn numbers(v: &Value) -> Box<dyn Iterator<Item = Option<f64>> + '_> {
    match v {
        Value::Int(v) => Box::new(v.iter().map(|&i| (i != NA_INT).then_some(f64::from(i)))),
        Value::Real(v) => Box::new(v.iter().map(|&x| Some(x))),
        _ => Box::new(std::iter::empty()),
    }
}

/// One data frame → records, through the CSV column mapping.
fn frame(path: &Path, obj: &Obj, opts: &IngestOptions) -> Result<Parsed, IngestError> {
    let unsupported = |reason: String| IngestError::Unsupported {
        path: path.to_path_buf(),
        reason,
    };
    let Value::List(cols) = &obj.v else {
        return Err(unsupported(format!(
            "not a data frame ({})",
            obj.describe()
        )));
    };
    let names: Vec<String> = obj
        .attr("names")
        .and_then(Obj::strings)
        .map(|n| n.iter().map(|s| s.clone().unwrap_or_default()).collect())
        .unwrap_or_default();
    if names.len() != cols.len() {
        return Err(unsupported("data frame without column names".into()));
    }
    let mut parsed = Parsed::default();
    let mut table = Vec::with_capacity(cols.len());
    let mut rows = None;
    for (name, col) in names.iter().zip(cols) {
        match cells(col) {
            Ok(c) => {
                if *rows.get_or_insert(c.len()) != c.len() {
                    return Err(unsupported(format!(
                        "column `{name}` has {} rows, not {}",
                        c.len(),
                        rows.unwrap_or(0)
                    )));
                }
                table.push(c);
            }
            Err(why) => {
                parsed.problems.push(
                    crate::Problem::new(path, format!("column `{name}` not read ({why})"))
                        .warning(),
                );
                table.push(Vec::new());
            }
        }
    }
    let cols = Columns::find(path, &names, opts, &mut parsed.problems)?;
    for i in 0..rows.unwrap_or(0) {
        let cell = |c: usize| table[c].get(i).and_then(Option::as_deref);
        // R marks missing values itself (`NA_character_`): no string is read as missing.
        match cols.record(cell, &|_| false, None, Some(i as u64 + 1)) {
            Some(r) => parsed.records.push(r),
            None => parsed.empty += 1,
        }
    }
    Ok(parsed)
}

/// The R line that turns `path` into CSV files dateline reads.
fn conversion(path: &Path, ws: bool) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("x");
    let stem = name.split('.').next().unwrap_or("x");
    if ws {
        format!(
            "Rscript -e 'load(\"{name}\"); for (o in ls()) write.csv(get(o), paste0(o, \".csv\"), row.names = FALSE)'"
        )
    } else {
        format!("Rscript -e 'write.csv(readRDS(\"{name}\"), \"{stem}.csv\", row.names = FALSE)'")
    }
}

/// Reads R data `data` (decompressed) from `path`, `stored` bytes on disk: one output per
/// object.
pub(crate) fn read(path: &Path, data: &[u8], stored: u64, opts: &IngestOptions) -> Vec<FileOutput> {
    let ws = data.starts_with(b"RD");
    let objs = match objects(data) {
        Ok(o) => o,
        Err(why) => {
            return vec![FileOutput {
                bytes: stored,
                ..FileOutput::failed(&IngestError::Unsupported {
                    path: path.to_path_buf(),
                    reason: format!(
                        "cannot read R data: {why}; convert it with R: {}",
                        conversion(path, ws)
                    ),
                })
            }];
        }
    };
    let mut outs = Vec::with_capacity(objs.len().max(1));
    for (name, obj) in &objs {
        let p = match name {
            Some(n) => PathBuf::from(format!("{}!{n}", path.display())),
            None => path.to_path_buf(),
        };
        let parsed = if obj.has_class("data.frame") {
            frame(&p, obj, opts)
        } else {
            Err(IngestError::Unsupported {
                path: p.clone(),
                reason: format!("not a data frame ({})", obj.describe()),
            })
        };
        outs.push(match parsed {
            Ok(parsed) => finish_parsed(&p, parsed, true, opts, FileOutput::default()),
            Err(e) => FileOutput::failed(&e),
        });
    }
    if outs.is_empty() {
        outs.push(FileOutput::failed(&IngestError::Unsupported {
            path: path.to_path_buf(),
            reason: "R workspace without objects".into(),
        }));
    }
    outs[0].bytes = stored;
    outs[0].extra_seen = objs.len().saturating_sub(1) as u64;
    outs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R types and the object and attribute flags.
    const INTSXP: i32 = 13;
    const REALSXP: i32 = 14;
    const VECSXP: i32 = 19;
    const OBJ_ATTR: i32 = (1 << 8) | (1 << 9);

    /// XDR writer for hand-built test files.
    struct W(Vec<u8>);
    impl W {
        fn i(&mut self, x: i32) -> &mut Self {
            self.0.extend(x.to_be_bytes());
            self
        }
        fn s(&mut self, s: Option<&str>) -> &mut Self {
            match s {
                None => self.i(9).i(-1),
                Some(s) => {
                    self.i(9 | (1 << 3) << 12).i(s.len() as i32);
                    self.0.extend(s.as_bytes());
                    self
                }
            }
        }
        fn strs(&mut self, v: &[Option<&str>], attr: bool) -> &mut Self {
            self.i(16 | if attr { 1 << 9 } else { 0 }).i(v.len() as i32);
            for s in v {
                self.s(*s);
            }
            self
        }
        /// A tagged pairlist cell with a symbol tag written in full.
        fn tag(&mut self, name: &str) -> &mut Self {
            self.i(2 | (1 << 10)).i(1).s(Some(name))
        }
    }

    /// A 2-row data frame: story (one NA), date (Date), lang (factor).
    fn rds() -> Vec<u8> {
        let mut w = W(b"X\n".to_vec());
        w.i(2).i(0x030400).i(0x020300);
        w.i(VECSXP | OBJ_ATTR).i(3);
        w.strs(&[Some("Body one."), None], false);
        w.i(REALSXP | OBJ_ATTR).i(2);
        w.0.extend(15309.0f64.to_be_bytes());
        w.0.extend(f64::NAN.to_be_bytes());
        w.tag("class").strs(&[Some("Date")], false).i(254);
        w.i(INTSXP | OBJ_ATTR).i(2).i(2).i(1);
        w.tag("levels").strs(&[Some("en"), Some("es")], false);
        w.tag("class").strs(&[Some("factor")], false).i(254);
        w.tag("names")
            .strs(&[Some("story"), Some("date"), Some("lang")], false);
        w.tag("class").strs(&[Some("data.frame")], false);
        w.tag("row.names").i(13).i(2).i(NA_INT).i(-2).i(254);
        w.0
    }

    #[test]
    fn data_frame_columns() {
        let o = objects(&rds()).unwrap();
        assert_eq!(o.len(), 1);
        let obj = &o[0].1;
        assert!(obj.has_class("data.frame"));
        let Value::List(cols) = &obj.v else { panic!() };
        assert_eq!(
            cells(&cols[0]).unwrap(),
            vec![Some("Body one.".to_string()), None]
        );
        assert_eq!(
            cells(&cols[1]).unwrap(),
            vec![Some("2011-12-01".to_string()), None]
        );
        assert_eq!(
            cells(&cols[2]).unwrap(),
            vec![Some("es".to_string()), Some("en".to_string())]
        );
        let outs = read(Path::new("s.rds"), &rds(), 9, &IngestOptions::default());
        assert_eq!(outs.len(), 1);
        assert_eq!(outs[0].records, 2);
        assert_eq!(outs[0].empty, 1);
        assert_eq!(outs[0].docs[0].origin, "s.rds#1");
        assert_eq!(outs[0].docs[0].date.unwrap().to_string(), "2011-12-01");
    }

    #[test]
    fn dates_stored_as_integers_are_days_not_numbers() {
        // R keeps many Date columns as integers (KCNA_2012's `date`): 15340 is 2012-01-01,
        // not 15,340 seconds after the epoch.
        let mut w = W(b"X\n".to_vec());
        w.i(2).i(0).i(0);
        w.i(INTSXP | OBJ_ATTR).i(2).i(15340).i(NA_INT);
        w.tag("class").strs(&[Some("Date")], false).i(254);
        let o = objects(&w.0).unwrap();
        assert_eq!(
            cells(&o[0].1).unwrap(),
            vec![Some("2012-01-01".to_string()), None]
        );
        // POSIXct seconds, as integers or doubles, in UTC.
        let mut w = W(b"X\n".to_vec());
        w.i(2).i(0).i(0);
        w.i(REALSXP | OBJ_ATTR).i(1);
        w.0.extend(1_325_462_400.5f64.to_be_bytes());
        w.tag("class")
            .strs(&[Some("POSIXct"), Some("POSIXt")], false)
            .i(254);
        let o = objects(&w.0).unwrap();
        assert_eq!(
            cells(&o[0].1).unwrap(),
            vec![Some("2012-01-02T00:00:00Z".to_string())]
        );
    }

    #[test]
    fn truncated_and_hostile_lengths() {
        let full = rds();
        for cut in [3, 10, 20, 40, full.len() - 1] {
            let outs = read(
                Path::new("t.rds"),
                &full[..cut],
                1,
                &IngestOptions::default(),
            );
            let m = outs[0].problems[0].message();
            assert!(m.starts_with("t.rds: cannot read R data: "), "{m}");
            assert!(m.ends_with("convert it with R: Rscript -e 'write.csv(readRDS(\"t.rds\"), \"t.csv\", row.names = FALSE)'"), "{m}");
        }
        // A vector claiming 2^31-1 elements is refused before allocation.
        let mut w = W(b"X\n".to_vec());
        w.i(2).i(0).i(0).i(13).i(i32::MAX);
        let e = objects(&w.0).unwrap_err();
        assert_eq!(
            e,
            "a vector of 2147483647 elements in 0 bytes (truncated or corrupt)"
        );
        // Deep nesting is refused.
        let mut w = W(b"X\n".to_vec());
        w.i(2).i(0).i(0);
        for _ in 0..1000 {
            w.i(19).i(1);
        }
        assert!(objects(&w.0).unwrap_err().contains("nested more than 256"));
    }
}
