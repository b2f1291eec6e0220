use std::io::Write;

use chrono::NaiveDate;
use rayon::prelude::*;

/// The values of one column. Every table column has one of these types, documented in
/// [`crate::schemas`].
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// UTF-8 text, never null.
    Str(Vec<String>),
    /// UTF-8 text, null where absent (empty field in CSV).
    OptStr(Vec<Option<String>>),
    /// UTF-8 text, never null, held as indexes into a list of strings: a column of few
    /// distinct values repeated over many rows (terms, period labels) costs no allocation per
    /// row. Written exactly as [`Values::Str`] with the same strings.
    Dict {
        /// The strings.
        dict: Vec<String>,
        /// Each row's index into `dict`.
        codes: Vec<u32>,
    },
    /// 64-bit signed integers (counts).
    Int(Vec<i64>),
    /// 64-bit signed integers, null where absent.
    OptInt(Vec<Option<i64>>),
    /// 64-bit floats (statistics). NaN is written as an empty CSV field / Parquet null.
    Float(Vec<f64>),
    /// 64-bit floats, null where absent.
    OptFloat(Vec<Option<f64>>),
    /// Calendar dates (Parquet `date32`, CSV ISO 8601).
    Date(Vec<NaiveDate>),
    /// Calendar dates, null where unknown.
    OptDate(Vec<Option<NaiveDate>>),
    /// Booleans (`true`/`false` in CSV).
    Bool(Vec<bool>),
}

impl Values {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Values::Str(v) => v.len(),
            Values::OptStr(v) => v.len(),
            Values::Dict { codes, .. } => codes.len(),
            Values::Int(v) => v.len(),
            Values::OptInt(v) => v.len(),
            Values::Float(v) => v.len(),
            Values::OptFloat(v) => v.len(),
            Values::Date(v) => v.len(),
            Values::OptDate(v) => v.len(),
            Values::Bool(v) => v.len(),
        }
    }

    /// True when there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same values with a [`Values::Dict`] column spelled out as [`Values::Str`]; other
    /// columns unchanged.
    pub fn into_plain(self) -> Values {
        match self {
            Values::Dict { dict, codes } => Values::Str(
                codes
                    .into_iter()
                    .map(|c| dict[c as usize].clone())
                    .collect(),
            ),
            v => v,
        }
    }

    /// The rows `idx` of these values, in that order (a [`Values::Dict`] column comes back as
    /// [`Values::Str`]: a part of a table does not carry the whole dictionary).
    pub fn take(&self, idx: &[usize]) -> Values {
        fn pick<T: Clone>(v: &[T], idx: &[usize]) -> Vec<T> {
            idx.iter().map(|&i| v[i].clone()).collect()
        }
        match self {
            Values::Str(v) => Values::Str(pick(v, idx)),
            Values::Dict { dict, codes } => Values::Str(
                idx.iter()
                    .map(|&i| dict[codes[i] as usize].clone())
                    .collect(),
            ),
            Values::OptStr(v) => Values::OptStr(pick(v, idx)),
            Values::Int(v) => Values::Int(pick(v, idx)),
            Values::OptInt(v) => Values::OptInt(pick(v, idx)),
            Values::Float(v) => Values::Float(pick(v, idx)),
            Values::OptFloat(v) => Values::OptFloat(pick(v, idx)),
            Values::Date(v) => Values::Date(pick(v, idx)),
            Values::OptDate(v) => Values::OptDate(pick(v, idx)),
            Values::Bool(v) => Values::Bool(pick(v, idx)),
        }
    }

    /// The rows where `keep` is true (see [`Values::take`]).
    pub fn filter(&self, keep: &[bool]) -> Values {
        let idx: Vec<usize> = (0..self.len()).filter(|&i| keep[i]).collect();
        self.take(&idx)
    }

    /// Text value `i` of a text column (`None` for a null, or a column that is not text).
    pub fn str_at(&self, i: usize) -> Option<&str> {
        match self {
            Values::Str(v) => Some(&v[i]),
            Values::OptStr(v) => v[i].as_deref(),
            Values::Dict { dict, codes } => Some(&dict[codes[i] as usize]),
            _ => None,
        }
    }

    /// The documented type name (`str`, `int64`, `float64`, `date`, `bool`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Values::Str(_) | Values::OptStr(_) | Values::Dict { .. } => "str",
            Values::Int(_) | Values::OptInt(_) => "int64",
            Values::Float(_) | Values::OptFloat(_) => "float64",
            Values::Date(_) | Values::OptDate(_) => "date",
            Values::Bool(_) => "bool",
        }
    }

    /// Writes value `i` as a CSV field into `buf` (cleared first).
    fn field(&self, i: usize, buf: &mut String) {
        use std::fmt::Write as _;
        buf.clear();
        match self {
            Values::Str(v) => buf.push_str(&v[i]),
            Values::Dict { dict, codes } => buf.push_str(&dict[codes[i] as usize]),
            Values::OptStr(v) => {
                if let Some(s) = &v[i] {
                    buf.push_str(s);
                }
            }
            Values::Int(v) => {
                let _ = write!(buf, "{}", v[i]);
            }
            Values::OptInt(v) => {
                if let Some(x) = v[i] {
                    let _ = write!(buf, "{x}");
                }
            }
            Values::Float(v) => push_float(buf, v[i]),
            Values::OptFloat(v) => {
                if let Some(x) = v[i] {
                    push_float(buf, x);
                }
            }
            Values::Date(v) => push_date(buf, v[i]),
            Values::OptDate(v) => {
                if let Some(d) = v[i] {
                    push_date(buf, d);
                }
            }
            Values::Bool(v) => buf.push_str(if v[i] { "true" } else { "false" }),
        }
    }
}

/// A date as chrono's `%Y-%m-%d` prints it, without parsing the format for every value (years
/// 0 to 9999 written here, others by chrono: `+10000-01-01`, `-0001-01-01`).
fn push_date(buf: &mut String, d: NaiveDate) {
    use chrono::Datelike as _;
    use std::fmt::Write as _;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if (0..=9999).contains(&y) {
        let digits = [
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + (m / 10) as u8,
            b'0' + (m % 10) as u8,
            b'-',
            b'0' + (day / 10) as u8,
            b'0' + (day % 10) as u8,
        ];
        buf.push_str(std::str::from_utf8(&digits).expect("ASCII digits"));
    } else {
        let _ = write!(buf, "{}", d.format("%Y-%m-%d"));
    }
}

/// Floats print in the shortest form that reads back to the same value (scientific notation
/// below 1e-4 and from 1e15, and always with a decimal point or exponent); NaN is left empty;
/// infinities as `inf`/`-inf` (which pandas and readr both read).
fn push_float(buf: &mut String, x: f64) {
    use std::fmt::Write as _;
    if x.is_nan() {
    } else if x.is_infinite() {
        buf.push_str(if x > 0.0 { "inf" } else { "-inf" });
    } else if x == 0.0 {
        buf.push_str("0.0"); // no "-0", and a decimal point so readers keep the column a float
    } else if x.abs() < 1e-4 || x.abs() >= 1e15 {
        // Scientific notation keeps tiny p-values short: `3.2e-300`, not 300 zeros.
        let _ = write!(buf, "{x:e}");
    } else {
        let start = buf.len();
        let _ = write!(buf, "{x}");
        if !buf[start..].contains('.') {
            buf.push_str(".0"); // `400.0`, not `400`: pandas and readr would read an int column
        }
    }
}

/// Rows of a CSV table formatted by one worker at a time.
const CSV_CHUNK_ROWS: usize = 32_768;

/// The CSV writer every table is written with (RFC 4180, `\n` line ends).
pub fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

/// A named table of equal-length columns, in a fixed column order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table's name (`terms`, `periods`, …): its schema in [`crate::schemas`].
    pub name: String,
    /// Columns in order.
    pub columns: Vec<(String, Values)>,
}

impl Table {
    /// An empty table.
    pub fn new(name: &str) -> Self {
        Table {
            name: name.to_string(),
            columns: Vec::new(),
        }
    }

    /// Appends a column. All columns must have the same length.
    pub fn push(&mut self, name: &str, values: Values) {
        if let Some((first, v)) = self.columns.first() {
            assert_eq!(
                v.len(),
                values.len(),
                "column `{name}` has {} values but `{first}` has {}",
                values.len(),
                v.len()
            );
        }
        self.columns.push((name.to_string(), values));
    }

    /// Builder form of [`Table::push`].
    pub fn with(mut self, name: &str, values: Values) -> Self {
        self.push(name, values);
        self
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, v)| v.len())
    }

    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&Values> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Column names in order.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// Writes RFC 4180 UTF-8 CSV with a header row. A large table is formatted in runs of
    /// rows in parallel, each into its own buffer by the same writer settings, and the runs
    /// written in order: the same bytes as one writer row by row.
    pub fn write_csv_to<W: Write>(&self, mut w: W) -> Result<(), csv::Error> {
        let rows = self.rows();
        if rows <= CSV_CHUNK_ROWS {
            let mut wr = csv_writer(w);
            self.write_csv_records(&mut wr, true)?;
            wr.flush()?;
            return Ok(());
        }
        let starts: Vec<usize> = (0..rows).step_by(CSV_CHUNK_ROWS).collect();
        let at_once = rayon::current_num_threads().max(1) * 2;
        let mut header = true;
        for group in starts.chunks(at_once) {
            let parts: Vec<Result<Vec<u8>, csv::Error>> = group
                .par_iter()
                .map(|&s| {
                    let mut wr = csv_writer(Vec::with_capacity(CSV_CHUNK_ROWS * 64));
                    if header && s == 0 {
                        wr.write_record(self.columns.iter().map(|(n, _)| n.as_str()))?;
                    }
                    self.write_csv_rows(&mut wr, s..(s + CSV_CHUNK_ROWS).min(rows))?;
                    wr.into_inner().map_err(|e| e.into_error().into())
                })
                .collect();
            header = false;
            for p in parts {
                w.write_all(&p?)?;
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Writes the rows (after the header row when `header`) to a CSV writer made by
    /// [`csv_writer`]: a table written in batches is one CSV file.
    pub fn write_csv_records<W: Write>(
        &self,
        wr: &mut csv::Writer<W>,
        header: bool,
    ) -> Result<(), csv::Error> {
        if header {
            wr.write_record(self.columns.iter().map(|(n, _)| n.as_str()))?;
        }
        self.write_csv_rows(wr, 0..self.rows())
    }

    fn write_csv_rows<W: Write>(
        &self,
        wr: &mut csv::Writer<W>,
        rows: std::ops::Range<usize>,
    ) -> Result<(), csv::Error> {
        let mut bufs: Vec<String> = vec![String::new(); self.columns.len()];
        for i in rows {
            for (buf, (_, v)) in bufs.iter_mut().zip(&self.columns) {
                v.field(i, buf);
            }
            wr.write_record(bufs.iter())?;
        }
        Ok(())
    }

    /// Converts to a polars DataFrame (dates as `Date`, counts as `Int64`).
    pub fn to_dataframe(&self) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
        use polars::prelude::{Column, DataFrame, DataType};
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid");
        let days = |d: &NaiveDate| (*d - epoch).num_days() as i32;
        let mut cols = Vec::with_capacity(self.columns.len());
        for (name, v) in &self.columns {
            let name = name.as_str().into();
            let col = match v {
                Values::Str(v) => Column::new(name, v.as_slice()),
                Values::OptStr(v) => Column::new(name, v.as_slice()),
                Values::Dict { dict, codes } => {
                    let v: Vec<&str> = codes.iter().map(|&c| dict[c as usize].as_str()).collect();
                    Column::new(name, v)
                }
                Values::Int(v) => Column::new(name, v.as_slice()),
                Values::OptInt(v) => Column::new(name, v.as_slice()),
                Values::Float(v) => {
                    let o: Vec<Option<f64>> =
                        v.iter().map(|x| (!x.is_nan()).then_some(*x)).collect();
                    Column::new(name, o)
                }
                Values::OptFloat(v) => {
                    let o: Vec<Option<f64>> = v.iter().map(|x| x.filter(|x| !x.is_nan())).collect();
                    Column::new(name, o)
                }
                Values::Date(v) => {
                    let d: Vec<i32> = v.iter().map(days).collect();
                    Column::new(name, d).cast(&DataType::Date)?
                }
                Values::OptDate(v) => {
                    let d: Vec<Option<i32>> = v.iter().map(|x| x.as_ref().map(days)).collect();
                    Column::new(name, d).cast(&DataType::Date)?
                }
                Values::Bool(v) => Column::new(name, v.as_slice()),
            };
            cols.push(col);
        }
        DataFrame::new(self.rows(), cols)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dictionary column is written byte for byte as the plain column of the same strings,
    /// in CSV and Parquet, and takes, filters and reads back as one.
    #[test]
    fn dict_column_is_written_as_plain_text() {
        let dict = Values::Dict {
            dict: vec!["b, \"q\"".into(), "a".into(), "unused".into()],
            codes: vec![1, 0, 1, 1],
        };
        let plain = Values::Str(vec!["a".into(), "b, \"q\"".into(), "a".into(), "a".into()]);
        assert_eq!(dict.len(), 4);
        assert_eq!(dict.type_name(), "str");
        assert_eq!(dict.clone().into_plain(), plain);
        assert_eq!(dict.str_at(1), Some("b, \"q\""));
        assert_eq!(dict.take(&[3, 1]), plain.take(&[3, 1]));
        assert_eq!(
            dict.filter(&[false, true, true, false]),
            Values::Str(vec!["b, \"q\"".into(), "a".into()])
        );
        let ta = Table::new("x")
            .with("s", dict)
            .with("n", Values::Int(vec![1, 2, 3, 4]));
        let tb = Table::new("x")
            .with("s", plain)
            .with("n", Values::Int(vec![1, 2, 3, 4]));
        let csv = |t: &Table| {
            let mut out = Vec::new();
            t.write_csv_to(&mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(csv(&ta), "s,n\na,1\n\"b, \"\"q\"\"\",2\na,3\na,4\n");
        assert_eq!(csv(&ta), csv(&tb));
        let dir = tempfile::tempdir().unwrap();
        let (pa, pb) = (dir.path().join("a.parquet"), dir.path().join("b.parquet"));
        crate::write_table(&ta, &pa).unwrap();
        crate::write_table(&tb, &pb).unwrap();
        assert_eq!(std::fs::read(&pa).unwrap(), std::fs::read(&pb).unwrap());
    }

    #[test]
    fn csv_quotes_and_formats() {
        let t = Table::new("x")
            .with(
                "s",
                Values::Str(vec!["a,b".into(), "line\nbreak \"q\"".into()]),
            )
            .with("o", Values::OptStr(vec![None, Some("y".into())]))
            .with("i", Values::Int(vec![-3, 40]))
            .with("f", Values::Float(vec![0.1, f64::NAN]))
            .with("g", Values::Float(vec![3.2e-300, -1.5e20]))
            .with("h", Values::Float(vec![400.0, 0.0]))
            .with(
                "d",
                Values::OptDate(vec![Some("2024-02-29".parse().unwrap()), None]),
            );
        let mut out = Vec::new();
        t.write_csv_to(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "s,o,i,f,g,h,d\n\"a,b\",,-3,0.1,3.2e-300,400.0,2024-02-29\n\"line\nbreak \"\"q\"\"\",y,40,,-1.5e20,0.0,\n"
        );
    }

    #[test]
    fn a_large_table_is_written_in_parallel_runs_with_the_same_bytes() {
        // 2.5 runs of rows, with quoted fields: the CSV equals the rows written one by one
        // (quoting by hand, RFC 4180; floats by the one float format).
        let n = CSV_CHUNK_ROWS * 5 / 2 + 7;
        let words = ["plain", "a,b", "say \"no\"", "two\nlines", ""];
        let t = Table::new("x")
            .with(
                "s",
                Values::Str((0..n).map(|i| words[i % 5].to_string()).collect()),
            )
            .with("i", Values::Int((0..n as i64).map(|i| i * 7 - 3).collect()))
            .with(
                "f",
                Values::Float((0..n).map(|i| (i as f64) / 3.0 - 10.0).collect()),
            );
        let mut got = Vec::new();
        t.write_csv_to(&mut got).unwrap();
        let mut want = String::from("s,i,f\n");
        for i in 0..n {
            let w = words[i % 5];
            let s = if w.contains([',', '"', '\n']) {
                format!("\"{}\"", w.replace('"', "\"\""))
            } else {
                w.to_string()
            };
            let f = (i as f64) / 3.0 - 10.0;
            let mut fs = String::new();
            push_float(&mut fs, f);
            want.push_str(&format!("{s},{},{fs}\n", i as i64 * 7 - 3));
        }
        assert_eq!(String::from_utf8(got).unwrap(), want);
    }

    #[test]
    fn dataframe_has_date_dtype() {
        let t = Table::new("x").with(
            "d",
            Values::Date(vec![
                "1970-01-02".parse().unwrap(),
                "2018-01-01".parse().unwrap(),
            ]),
        );
        let df = t.to_dataframe().unwrap();
        let c = df.column("d").unwrap();
        assert_eq!(c.dtype(), &polars::prelude::DataType::Date);
        let phys: Vec<Option<i32>> = c.date().unwrap().physical().iter().collect();
        assert_eq!(phys, vec![Some(1), Some(17532)]);
    }
}

#[cfg(test)]
mod date_format_tests {
    use super::*;

    #[test]
    fn dates_print_as_chrono_prints_them() {
        let mut buf = String::new();
        let mut d = NaiveDate::from_ymd_opt(-3, 12, 25).expect("date");
        let mut checked = 0;
        for step in [1, 1, 1, 400, 40_000, 1_000_000, 3_000_000] {
            for _ in 0..40 {
                buf.clear();
                push_date(&mut buf, d);
                assert_eq!(buf, d.format("%Y-%m-%d").to_string());
                checked += 1;
                match d.checked_add_days(chrono::Days::new(step)) {
                    Some(n) => d = n,
                    None => break,
                }
            }
        }
        assert!(checked > 200);
        for (y, m, dd) in [
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (1997, 1, 1),
            (2018, 9, 9),
        ] {
            let d = NaiveDate::from_ymd_opt(y, m, dd).expect("date");
            buf.clear();
            push_date(&mut buf, d);
            assert_eq!(buf, d.format("%Y-%m-%d").to_string());
        }
    }
}
