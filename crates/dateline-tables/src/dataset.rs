//! Hive-partitioned Parquet datasets: one folder per value of a column
//! (`dir/period=2018-01/part-0.parquet`), which DuckDB
//! (`read_parquet('dir/**/*.parquet', hive_partitioning = true)`), polars
//! (`scan_parquet('dir/**/*.parquet', hive_partitioning=True)`) and Spark read as one table.
//!
//! The layout, as Hive and Spark write it:
//!
//! * one sub-folder `<by>=<value>` per distinct value of the partition column, holding
//!   `part-0.parquet`: the rows with that value, in the table's order, **without** the partition
//!   column (readers restore it from the folder name);
//! * values are escaped as Hive escapes them: control characters, `"`, `#`, `%`, `'`, `*`, `/`,
//!   `:`, `=`, `?`, `\`, DEL, `{`, `[`, `]` and `^` become `%XX` (upper-case hex); other
//!   characters (UTF-8 included) are kept;
//! * a null or empty value goes to `<by>=__HIVE_DEFAULT_PARTITION__` (Hive's default
//!   partition; it reads back as null);
//! * an **empty table** is written as one default partition holding a Parquet file with no rows,
//!   so that DuckDB and polars still find a file, read the columns and return zero rows (both
//!   fail on a folder without any Parquet file).
//!
//! The whole dataset is written into a staging folder beside `dir` (`.<name>.partial-<pid>`) and
//! renamed into place; an older dataset at `dir` is replaced only after the new one is complete,
//! so a reader sees the old dataset or the new one, never a mixture. A folder that is not a
//! dataset (it holds anything but `<by>=…` folders of `.parquet` files) is never replaced.
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::staging;
use crate::{OutputFormat, Table, TablesError, Values, Written};

/// The folder name Hive gives a null (or empty) partition value.
pub const HIVE_DEFAULT_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// The one file written in each partition folder.
pub const PART_FILE: &str = "part-0.parquet";

/// True for the characters Hive (and Spark) escape in partition values
/// (`FileUtils.escapePathName`); NUL, which no file name may hold, too.
fn needs_escape(b: u8) -> bool {
    matches!(
        b,
        0x00..=0x1F
            | b'"'
            | b'#'
            | b'%'
            | b'\''
            | b'*'
            | b'/'
            | b':'
            | b'='
            | b'?'
            | b'\\'
            | 0x7F
            | b'{'
            | b'['
            | b']'
            | b'^'
    )
}

/// The folder-name form of a partition value: Hive's escaping, and the default partition for
/// null and empty values.
pub fn escape_partition_value(value: Option<&str>) -> String {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return HIVE_DEFAULT_PARTITION.to_string();
    };
    let mut s = String::with_capacity(v.len());
    for c in v.chars() {
        if c.is_ascii() && needs_escape(c as u8) {
            s.push_str(&format!("%{:02X}", c as u8));
        } else {
            s.push(c);
        }
    }
    s
}

/// The value a partition folder name stands for (`None` for the default partition); `None` when
/// the name is not valid (a `%` without two hex digits, or an escape that is not UTF-8).
pub fn unescape_partition_value(name: &str) -> Option<Option<String>> {
    if name == HIVE_DEFAULT_PARTITION {
        return Some(None);
    }
    let b = name.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = name.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Some)
}

/// The partition order: values ascending (by their UTF-8 bytes), the default partition last.
fn partition_order(a: Option<&String>, b: Option<&String>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

fn dataset_error(path: &Path, reason: impl Into<String>) -> TablesError {
    TablesError::Dataset {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Writes `table` without its column `by` to `path` as Parquet, with the settings of
/// [`crate::write_table`] (zstd, row groups of 64 Ki rows). No temporary file: the whole
/// dataset is staged.
fn write_part(table: &Table, path: &Path) -> Result<u64, TablesError> {
    let pq = |source| TablesError::Parquet {
        path: path.to_path_buf(),
        source,
    };
    let io = |source| TablesError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    let mut df = table.to_dataframe().map_err(pq)?;
    let file = File::create(path).map_err(|source| TablesError::Io {
        action: "create",
        path: path.to_path_buf(),
        source,
    })?;
    let mut w = BufWriter::new(file);
    polars::prelude::ParquetWriter::new(&mut w)
        .with_compression(polars::prelude::ParquetCompression::Zstd(None))
        .with_row_group_size(Some(64 * 1024))
        .finish(&mut df)
        .map_err(pq)?;
    w.flush().map_err(io)?;
    let file = w.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    Ok(file.metadata().map_err(io)?.len())
}

/// Writes `table` as a Hive-partitioned Parquet dataset in the folder `dir`, one partition per
/// value of the text column `by` (see the module documentation for the layout). Returns one
/// [`Written`] per file, in partition order, with the paths the files have once in place.
///
/// Partitions are in ascending order of their values (the default partition last), so the
/// output does not depend on row order; rows keep the table's order within a partition. The
/// same table always gives the same bytes.
pub fn write_partitioned(table: &Table, dir: &Path, by: &str) -> Result<Vec<Written>, TablesError> {
    let keys: Vec<Option<&str>> = match table.column(by) {
        Some(v @ (Values::Str(_) | Values::OptStr(_) | Values::Dict { .. })) => {
            (0..v.len()).map(|i| v.str_at(i)).collect()
        }
        Some(other) => {
            return Err(dataset_error(
                dir,
                format!(
                    "cannot partition table `{}` by `{by}`: the column holds {} values, not text",
                    table.name,
                    other.type_name()
                ),
            ))
        }
        None => {
            return Err(dataset_error(
                dir,
                format!(
                    "cannot partition table `{}` by `{by}`: no such column",
                    table.name
                ),
            ))
        }
    };
    // Group row numbers by folder name (null and "" share the default partition).
    let mut groups: BTreeMap<String, (Option<String>, Vec<usize>)> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        let value = k.filter(|s| !s.is_empty()).map(str::to_string);
        groups
            .entry(escape_partition_value(value.as_deref()))
            .or_insert_with(|| (value, Vec::new()))
            .1
            .push(i);
    }
    if groups.is_empty() {
        groups.insert(HIVE_DEFAULT_PARTITION.to_string(), (None, Vec::new()));
    }
    let mut parts: Vec<(String, Option<String>, Vec<usize>)> = groups
        .into_iter()
        .map(|(name, (value, rows))| (name, value, rows))
        .collect();
    parts.sort_by(|a, b| partition_order(a.1.as_ref(), b.1.as_ref()));

    check_replaceable(dir, by)?;
    let staging_dir = staging::begin(dir)?;
    let result = (|| {
        let mut written = Vec::with_capacity(parts.len());
        for (name, _, rows) in &parts {
            let folder = format!("{by}={name}");
            std::fs::create_dir(staging_dir.join(&folder)).map_err(|source| TablesError::Io {
                action: "create",
                path: dir.join(&folder),
                source,
            })?;
            let mut part = Table::new(&table.name);
            for (cname, v) in &table.columns {
                if cname != by {
                    part.push(cname, v.take(rows));
                }
            }
            let bytes = write_part(&part, &staging_dir.join(&folder).join(PART_FILE))?;
            written.push(Written {
                table: table.name.clone(),
                path: dir.join(&folder).join(PART_FILE),
                format: OutputFormat::Parquet,
                rows: rows.len(),
                bytes,
                xxh3: None,
            });
        }
        Ok(written)
    })();
    match result {
        Ok(written) => {
            staging::replace_dir(&staging_dir, dir)?;
            Ok(written)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging_dir);
            Err(e)
        }
    }
}

/// The partition folders of a dataset: `(value, folder)` in partition order; an error names
/// anything that does not belong.
/// A partition folder: its value (`None` for the default partition) and path.
type Partition = (Option<String>, PathBuf);

fn partitions(dir: &Path) -> Result<(String, Vec<Partition>), TablesError> {
    let rd = std::fs::read_dir(dir).map_err(|source| TablesError::Io {
        action: "read",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut key: Option<String> = None;
    let mut out = Vec::new();
    for e in rd {
        let e = e.map_err(|source| TablesError::Io {
            action: "read",
            path: dir.to_path_buf(),
            source,
        })?;
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with('_') {
            continue; // hidden files (`.DS_Store`, `_SUCCESS`), as Hive and Spark skip them
        }
        let Some((k, v)) = name.split_once('=').filter(|_| path.is_dir()) else {
            return Err(dataset_error(
                &path,
                "not a partition folder (`<column>=<value>`) of a dataset",
            ));
        };
        match &key {
            Some(prev) if prev != k => {
                return Err(dataset_error(
                    &path,
                    format!("partitioned by `{k}`, but other folders are partitioned by `{prev}`"),
                ))
            }
            _ => key = Some(k.to_string()),
        }
        let value = unescape_partition_value(v)
            .ok_or_else(|| dataset_error(&path, format!("bad escaped partition value `{v}`")))?;
        out.push((value, path));
    }
    out.sort_by(|a, b| partition_order(a.0.as_ref(), b.0.as_ref()));
    for w in out.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(dataset_error(
                &w[1].1,
                format!("the same partition value as `{}`", w[0].1.display()),
            ));
        }
    }
    let key = key.ok_or_else(|| dataset_error(dir, "no partition folders (`<column>=<value>`)"))?;
    Ok((key, out))
}

/// The Parquet files of one partition folder, in order (`part-0`, `part-1`, …, `part-10`: by
/// the number after `part-`, then by name).
fn part_files(folder: &Path) -> Result<Vec<PathBuf>, TablesError> {
    let rd = std::fs::read_dir(folder).map_err(|source| TablesError::Io {
        action: "read",
        path: folder.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for e in rd {
        let e = e.map_err(|source| TablesError::Io {
            action: "read",
            path: folder.to_path_buf(),
            source,
        })?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        let path = e.path();
        if !path.is_file() || !name.ends_with(".parquet") {
            return Err(dataset_error(&path, "not a Parquet file of a dataset"));
        }
        files.push(path);
    }
    let number = |p: &PathBuf| -> (u64, String) {
        let stem = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let n = stem
            .strip_prefix("part-")
            .and_then(|n| n.parse().ok())
            .unwrap_or(u64::MAX);
        (n, stem)
    };
    files.sort_by_key(number);
    Ok(files)
}

/// True when `dir` looks like a dataset partitioned by `by` (or is empty): only `<by>=…`
/// folders holding `.parquet` files.
fn check_replaceable(dir: &Path, by: &str) -> Result<(), TablesError> {
    if !dir.exists() {
        return Ok(());
    }
    let refuse = |what: &Path| {
        dataset_error(
            dir,
            format!(
                "the folder exists and is not a dataset partitioned by `{by}` (it holds `{}`): refusing to replace it",
                what.display()
            ),
        )
    };
    if !dir.is_dir() {
        return Err(dataset_error(
            dir,
            "exists and is not a folder: refusing to replace it",
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|source| TablesError::Io {
        action: "read",
        path: dir.to_path_buf(),
        source,
    })?;
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let ours = p.is_dir()
            && name.split_once('=').is_some_and(|(k, _)| k == by)
            && std::fs::read_dir(&p).is_ok_and(|files| {
                files.flatten().all(|f| {
                    f.path().is_file() && f.file_name().to_string_lossy().ends_with(".parquet")
                })
            });
        if !ours {
            return Err(refuse(&p));
        }
    }
    Ok(())
}

/// Appends `b` to `a`, widening `Str` to `OptStr` (and so on) when one side has nulls.
fn append(a: Values, b: Values, path: &Path, name: &str) -> Result<Values, TablesError> {
    use Values as V;
    Ok(match (a.into_plain(), b.into_plain()) {
        (V::Str(mut x), V::Str(y)) => {
            x.extend(y);
            V::Str(x)
        }
        (V::Int(mut x), V::Int(y)) => {
            x.extend(y);
            V::Int(x)
        }
        (V::Float(mut x), V::Float(y)) => {
            x.extend(y);
            V::Float(x)
        }
        (V::Date(mut x), V::Date(y)) => {
            x.extend(y);
            V::Date(x)
        }
        (V::Bool(mut x), V::Bool(y)) => {
            x.extend(y);
            V::Bool(x)
        }
        (x @ (V::Str(_) | V::OptStr(_)), y @ (V::Str(_) | V::OptStr(_))) => {
            let mut o = opt_str(x);
            o.extend(opt_str(y));
            V::OptStr(o)
        }
        (x @ (V::Int(_) | V::OptInt(_)), y @ (V::Int(_) | V::OptInt(_))) => {
            let mut o = opt(x);
            o.extend(opt(y));
            V::OptInt(o)
        }
        (x @ (V::Float(_) | V::OptFloat(_)), y @ (V::Float(_) | V::OptFloat(_))) => {
            let mut o = opt_f(x);
            o.extend(opt_f(y));
            V::OptFloat(o)
        }
        (x @ (V::Date(_) | V::OptDate(_)), y @ (V::Date(_) | V::OptDate(_))) => {
            let mut o = opt_d(x);
            o.extend(opt_d(y));
            V::OptDate(o)
        }
        (x, y) => {
            return Err(dataset_error(
                path,
                format!(
                    "column `{name}` holds {} values here but {} values in earlier files",
                    y.type_name(),
                    x.type_name()
                ),
            ))
        }
    })
}

fn opt_str(v: Values) -> Vec<Option<String>> {
    match v.into_plain() {
        Values::Str(v) => v.into_iter().map(Some).collect(),
        Values::OptStr(v) => v,
        _ => unreachable!("text values"),
    }
}
fn opt(v: Values) -> Vec<Option<i64>> {
    match v {
        Values::Int(v) => v.into_iter().map(Some).collect(),
        Values::OptInt(v) => v,
        _ => unreachable!("integer values"),
    }
}
fn opt_f(v: Values) -> Vec<Option<f64>> {
    match v {
        Values::Float(v) => v.into_iter().map(|x| (!x.is_nan()).then_some(x)).collect(),
        Values::OptFloat(v) => v,
        _ => unreachable!("float values"),
    }
}
fn opt_d(v: Values) -> Vec<Option<chrono::NaiveDate>> {
    match v {
        Values::Date(v) => v.into_iter().map(Some).collect(),
        Values::OptDate(v) => v,
        _ => unreachable!("date values"),
    }
}

/// Reads a dataset written by [`write_partitioned`] (or any Hive-partitioned folder of Parquet
/// files dateline can read) back into one table called `name`: partitions in partition order,
/// files in order within a partition, rows in file order. The partition column comes back as
/// text (`OptStr` when the default partition is present), at its place in the documented
/// schema of `name` when there is one, else last. Errors name the file or folder at fault.
pub fn read_partitioned(dir: &Path, name: &str) -> Result<Table, TablesError> {
    let (key, parts) = partitions(dir)?;
    let mut columns: Vec<(String, Values)> = Vec::new();
    let mut keys: Vec<Option<String>> = Vec::new();
    let mut first: Option<PathBuf> = None;
    for (value, folder) in &parts {
        for file in part_files(folder)? {
            let t = crate::read_parquet_table(&file, name)?;
            if t.column(&key).is_some() {
                return Err(dataset_error(
                    &file,
                    format!("the file holds the partition column `{key}` itself"),
                ));
            }
            keys.extend(std::iter::repeat_n(value.clone(), t.rows()));
            match &first {
                None => {
                    columns = t.columns;
                    first = Some(file);
                }
                Some(first_file) => {
                    let names: Vec<&str> = t.column_names();
                    let have: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
                    if names != have {
                        return Err(dataset_error(
                            &file,
                            format!(
                                "columns {names:?} differ from {have:?} in `{}`",
                                first_file.display()
                            ),
                        ));
                    }
                    let old = std::mem::take(&mut columns);
                    for ((cname, a), (_, b)) in old.into_iter().zip(t.columns) {
                        let v = append(a, b, &file, &cname)?;
                        columns.push((cname, v));
                    }
                }
            }
        }
    }
    if first.is_none() {
        return Err(dataset_error(
            dir,
            "no Parquet files in the partition folders",
        ));
    }
    let key_values = if keys.iter().all(Option::is_some) {
        Values::Str(keys.into_iter().flatten().collect())
    } else {
        Values::OptStr(keys)
    };
    let at = crate::TableSchema::get(name)
        .and_then(|s| {
            let before: Vec<&str> = s
                .columns
                .iter()
                .take_while(|c| c.name != key)
                .map(|c| c.name)
                .collect();
            (before.len() < s.columns.len()).then(|| {
                columns
                    .iter()
                    .take_while(|(n, _)| before.contains(&n.as_str()))
                    .count()
            })
        })
        .unwrap_or(columns.len());
    columns.insert(at, (key, key_values));
    let mut t = Table::new(name);
    for (n, v) in columns {
        t.push(&n, v);
    }
    Ok(t)
}

/// True when `dir` is a folder of `<column>=<value>` partition folders.
pub fn is_partitioned_dir(dir: &Path) -> bool {
    dir.is_dir() && partitions(dir).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Relative path → rows of every file under `dir`, read back with polars.
    fn files(dir: &Path) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for p in std::fs::read_dir(dir).unwrap() {
            let p = p.unwrap().path();
            for f in std::fs::read_dir(&p).unwrap() {
                let f = f.unwrap().path();
                let rel = f.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((rel, crate::read_parquet_table(&f, "x").unwrap().rows()));
            }
        }
        out.sort();
        out
    }

    fn terms() -> Table {
        Table::new("counts_terms")
            .with(
                "period_start",
                Values::Date(vec![d("2018-02-01"), d("2018-01-01"), d("2018-02-01")]),
            )
            .with(
                "period",
                Values::Str(vec!["2018-02".into(), "2018-01".into(), "2018-02".into()]),
            )
            .with(
                "group",
                Values::OptStr(vec![None, Some("KCNA".into()), None]),
            )
            .with("n", Values::Int(vec![1, 1, 2]))
            .with(
                "term",
                Values::Str(vec![
                    "nuclear".into(),
                    "peace".into(),
                    "nuclear test".into(),
                ]),
            )
            .with("count", Values::Int(vec![7, 3, 2]))
            .with("docs", Values::Int(vec![4, 2, 2]))
    }

    #[test]
    fn escaping_follows_hive() {
        assert_eq!(escape_partition_value(Some("2018-01")), "2018-01");
        assert_eq!(escape_partition_value(Some("a/b=c%d")), "a%2Fb%3Dc%25d");
        assert_eq!(
            escape_partition_value(Some("x y:\"#'*?\\{[]^\t\u{7f}")),
            "x y%3A%22%23%27%2A%3F%5C%7B%5B%5D%5E%09%7F"
        );
        assert_eq!(
            escape_partition_value(Some("Ri Sol Ju – 리설주")),
            "Ri Sol Ju – 리설주"
        );
        assert_eq!(escape_partition_value(None), "__HIVE_DEFAULT_PARTITION__");
        assert_eq!(
            escape_partition_value(Some("")),
            "__HIVE_DEFAULT_PARTITION__"
        );
        for v in ["a/b=c%d", "x y:\"#'*?\\{[]^\t\u{7f}", "리설주 %41", ".."] {
            let e = escape_partition_value(Some(v));
            assert_eq!(
                unescape_partition_value(&e),
                Some(Some(v.to_string())),
                "{v}"
            );
        }
        assert_eq!(
            unescape_partition_value("__HIVE_DEFAULT_PARTITION__"),
            Some(None)
        );
        assert_eq!(
            unescape_partition_value("%41%e2%80%93"),
            Some(Some("A–".into()))
        );
        assert_eq!(unescape_partition_value("50%"), None);
        assert_eq!(unescape_partition_value("%G1"), None);
        assert_eq!(unescape_partition_value("%FF"), None);
    }

    #[test]
    fn round_trip_in_partition_order() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("terms");
        let w = write_partitioned(&terms(), &out, "period").unwrap();
        let rel: Vec<(String, usize)> = w
            .iter()
            .map(|w| {
                let p = w.path.strip_prefix(&out).unwrap();
                (p.to_string_lossy().into_owned(), w.rows)
            })
            .collect();
        assert_eq!(
            rel,
            vec![
                ("period=2018-01/part-0.parquet".to_string(), 1),
                ("period=2018-02/part-0.parquet".to_string(), 2)
            ]
        );
        assert_eq!(files(&out), rel);
        for w in &w {
            assert_eq!(w.bytes, std::fs::metadata(&w.path).unwrap().len());
        }
        // The files leave the partition column out.
        let part =
            crate::read_parquet_table(&out.join("period=2018-02").join(PART_FILE), "x").unwrap();
        assert_eq!(
            part.column_names(),
            vec!["period_start", "group", "n", "term", "count", "docs"]
        );
        assert_eq!(part.column("count"), Some(&Values::Int(vec![7, 2])));
        // Read back: 2018-01 first, the column at its schema place.
        let back = read_partitioned(&out, "counts_terms").unwrap();
        let t = terms();
        let want = Table::new("counts_terms")
            .with(
                "period_start",
                t.column("period_start").unwrap().take(&[1, 0, 2]),
            )
            .with("period", t.column("period").unwrap().take(&[1, 0, 2]))
            .with("group", t.column("group").unwrap().take(&[1, 0, 2]))
            .with("n", t.column("n").unwrap().take(&[1, 0, 2]))
            .with("term", t.column("term").unwrap().take(&[1, 0, 2]))
            .with("count", Values::Int(vec![3, 7, 2]))
            .with("docs", Values::Int(vec![2, 4, 2]));
        assert_eq!(back, want);
        // Without a schema the partition column comes last, as DuckDB and polars put it.
        let back = read_partitioned(&out, "no_such_table").unwrap();
        assert_eq!(
            back.column_names(),
            vec![
                "period_start",
                "group",
                "n",
                "term",
                "count",
                "docs",
                "period"
            ]
        );
        // No staging folder left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["terms".to_string()]);
    }

    #[test]
    fn odd_values_and_nulls_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        let t = Table::new("x")
            .with(
                "k",
                Values::OptStr(vec![
                    Some("a/b".into()),
                    None,
                    Some(String::new()),
                    Some("50%".into()),
                    Some("a/b".into()),
                ]),
            )
            .with("v", Values::Float(vec![1.5, 2.0, f64::NAN, -4.0, 0.25]));
        write_partitioned(&t, &out, "k").unwrap();
        assert_eq!(
            files(&out),
            vec![
                ("k=50%25/part-0.parquet".to_string(), 1),
                ("k=__HIVE_DEFAULT_PARTITION__/part-0.parquet".to_string(), 2),
                ("k=a%2Fb/part-0.parquet".to_string(), 2),
            ]
        );
        let back = read_partitioned(&out, "x").unwrap();
        // "50%" < "a/b" < default; the empty string reads back as null, as in Hive.
        let want = Table::new("x")
            .with("v", Values::Float(vec![-4.0, 1.5, 0.25, 2.0, f64::NAN]))
            .with(
                "k",
                Values::OptStr(vec![
                    Some("50%".into()),
                    Some("a/b".into()),
                    Some("a/b".into()),
                    None,
                    None,
                ]),
            );
        assert_eq!(back.column_names(), want.column_names());
        assert_eq!(back.column("k"), want.column("k"));
        match back.column("v") {
            Some(Values::OptFloat(v)) => {
                assert_eq!(v, &vec![Some(-4.0), Some(1.5), Some(0.25), Some(2.0), None]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_table_is_one_empty_default_partition() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("empty");
        let t = Table::new("x")
            .with("period", Values::Str(vec![]))
            .with("count", Values::Int(vec![]));
        let w = write_partitioned(&t, &out, "period").unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].rows, 0);
        assert_eq!(
            files(&out),
            vec![(
                "period=__HIVE_DEFAULT_PARTITION__/part-0.parquet".to_string(),
                0
            )]
        );
        let back = read_partitioned(&out, "x").unwrap();
        assert_eq!(back.rows(), 0);
        assert_eq!(back.column_names(), vec!["count", "period"]);
    }

    #[test]
    fn same_table_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        write_partitioned(&terms(), &a, "period").unwrap();
        write_partitioned(&terms(), &b, "period").unwrap();
        for p in ["period=2018-01", "period=2018-02"] {
            let x = std::fs::read(a.join(p).join(PART_FILE)).unwrap();
            let y = std::fs::read(b.join(p).join(PART_FILE)).unwrap();
            assert!(!x.is_empty());
            assert_eq!(x, y, "{p}");
        }
    }

    #[test]
    fn replaces_a_dataset_but_not_other_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("terms");
        write_partitioned(&terms(), &out, "period").unwrap();
        // A new dataset with other partitions replaces the old one entirely.
        let t = Table::new("x")
            .with("period", Values::Str(vec!["2019".into()]))
            .with("n", Values::Int(vec![1]));
        write_partitioned(&t, &out, "period").unwrap();
        assert_eq!(
            files(&out),
            vec![("period=2019/part-0.parquet".to_string(), 1)]
        );
        // A folder holding something else is left alone.
        let other = dir.path().join("mine");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("notes.txt"), "keep").unwrap();
        let e = write_partitioned(&t, &other, "period")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("refusing to replace") && e.contains("notes.txt"),
            "{e}"
        );
        assert_eq!(
            std::fs::read_to_string(other.join("notes.txt")).unwrap(),
            "keep"
        );
        // A failed write (the column is not text) leaves the old dataset and no staging folder.
        let bad = Table::new("x").with("period", Values::Int(vec![1]));
        let e = write_partitioned(&bad, &out, "period")
            .unwrap_err()
            .to_string();
        assert!(e.contains("int64 values, not text"), "{e}");
        assert_eq!(
            files(&out),
            vec![("period=2019/part-0.parquet".to_string(), 1)]
        );
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, vec!["mine".to_string(), "terms".to_string()]);
    }

    #[test]
    fn read_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("terms");
        write_partitioned(&terms(), &out, "period").unwrap();
        std::fs::write(out.join("period=2018-01").join("stray.txt"), "x").unwrap();
        let e = read_partitioned(&out, "x").unwrap_err().to_string();
        assert!(
            e.contains("stray.txt") && e.contains("not a Parquet file"),
            "{e}"
        );
        std::fs::remove_file(out.join("period=2018-01").join("stray.txt")).unwrap();
        std::fs::write(out.join("period=2018-01").join("part-1.parquet"), "junk").unwrap();
        let e = read_partitioned(&out, "x").unwrap_err().to_string();
        assert!(e.contains("part-1.parquet"), "{e}");
        std::fs::remove_file(out.join("period=2018-01").join("part-1.parquet")).unwrap();
        std::fs::create_dir(out.join("year=2018")).unwrap();
        let e = read_partitioned(&out, "x").unwrap_err().to_string();
        assert!(
            e.contains("partitioned by `year`") || e.contains("partitioned by `period`"),
            "{e}"
        );
        let e = read_partitioned(&dir.path().join("none"), "x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("none"), "{e}");
    }
}
