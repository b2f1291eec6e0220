//! Reading any table dateline wrote back into a [`Table`].
use std::fs::File;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::{DataType, ParquetReader, SerReader};

use crate::{Table, TablesError, Values};

/// Reads a Parquet table written by dateline (text, int64, float64, date and bool columns).
pub fn read_parquet_table(path: &Path, name: &str) -> Result<Table, TablesError> {
    let file = File::open(path).map_err(|source| TablesError::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })?;
    let pq = |source| TablesError::Parquet {
        path: path.to_path_buf(),
        source,
    };
    let df = ParquetReader::new(file).finish().map_err(pq)?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid");
    let mut t = Table::new(name);
    for col in df.columns() {
        let cname = col.name().to_string();
        let nulls = col.null_count() > 0;
        let v = match col.dtype() {
            DataType::String => {
                let ca = col.str().map_err(pq)?;
                if nulls {
                    Values::OptStr(ca.iter().map(|x| x.map(str::to_string)).collect())
                } else {
                    Values::Str(ca.iter().map(|x| x.unwrap_or("").to_string()).collect())
                }
            }
            DataType::Int64 => {
                let ca = col.i64().map_err(pq)?;
                if nulls {
                    Values::OptInt(ca.iter().collect())
                } else {
                    Values::Int(ca.iter().map(|x| x.unwrap_or(0)).collect())
                }
            }
            DataType::Float64 => {
                let ca = col.f64().map_err(pq)?;
                if nulls {
                    Values::OptFloat(ca.iter().collect())
                } else {
                    Values::Float(ca.iter().map(|x| x.unwrap_or(f64::NAN)).collect())
                }
            }
            DataType::Date => {
                let ca = col.date().map_err(pq)?;
                let days = |d: i32| epoch + chrono::Duration::days(i64::from(d));
                if nulls {
                    Values::OptDate(ca.physical().iter().map(|x| x.map(days)).collect())
                } else {
                    Values::Date(ca.physical().iter().map(|x| days(x.unwrap_or(0))).collect())
                }
            }
            DataType::Boolean => {
                let ca = col.bool().map_err(pq)?;
                Values::Bool(ca.iter().map(|x| x.unwrap_or(false)).collect())
            }
            other => {
                return Err(TablesError::NotACorpus {
                    path: path.to_path_buf(),
                    reason: format!("column `{cname}` has the unsupported type {other}"),
                })
            }
        };
        t.push(&cname, v);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_type_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.parquet");
        let t = Table::new("t")
            .with("s", Values::Str(vec!["a".into(), "b".into()]))
            .with("o", Values::OptStr(vec![None, Some("x".into())]))
            .with("i", Values::Int(vec![1, -2]))
            .with("oi", Values::OptInt(vec![Some(3), None]))
            .with("f", Values::Float(vec![0.5, 1e-9]))
            .with("of", Values::OptFloat(vec![None, Some(2.0)]))
            .with(
                "d",
                Values::Date(vec![epoch(), "2018-01-31".parse().unwrap()]),
            )
            .with(
                "od",
                Values::OptDate(vec![None, Some("2024-02-29".parse().unwrap())]),
            )
            .with("b", Values::Bool(vec![true, false]));
        crate::write_table(&t, &p).unwrap();
        assert_eq!(read_parquet_table(&p, "t").unwrap(), t);
    }

    fn epoch() -> NaiveDate {
        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
    }
}
