//! Building tables from slices of row structs.
use chrono::NaiveDate;

use crate::{Table, Values};

/// Builds a table column by column from a slice of row structs:
/// `Table::from_rows("terms", &rows).str("term", |r| r.term.clone()).int("count", |r| r.count as i64).build()`.
pub struct RowsBuilder<'a, R> {
    rows: &'a [R],
    table: Table,
}

impl Table {
    /// Starts a table of `rows`, one column at a time.
    pub fn from_rows<'a, R>(name: &str, rows: &'a [R]) -> RowsBuilder<'a, R> {
        RowsBuilder {
            rows,
            table: Table::new(name),
        }
    }
}

impl<R> RowsBuilder<'_, R> {
    fn col(mut self, name: &str, v: Values) -> Self {
        self.table.push(name, v);
        self
    }
    /// A text column.
    pub fn str(self, name: &str, f: impl Fn(&R) -> String) -> Self {
        let v = Values::Str(self.rows.iter().map(f).collect());
        self.col(name, v)
    }
    /// A nullable text column.
    pub fn opt_str(self, name: &str, f: impl Fn(&R) -> Option<String>) -> Self {
        let v = Values::OptStr(self.rows.iter().map(f).collect());
        self.col(name, v)
    }
    /// An integer column.
    pub fn int(self, name: &str, f: impl Fn(&R) -> i64) -> Self {
        let v = Values::Int(self.rows.iter().map(f).collect());
        self.col(name, v)
    }
    /// A float column.
    pub fn float(self, name: &str, f: impl Fn(&R) -> f64) -> Self {
        let v = Values::Float(self.rows.iter().map(f).collect());
        self.col(name, v)
    }
    /// A nullable float column.
    pub fn opt_float(self, name: &str, f: impl Fn(&R) -> Option<f64>) -> Self {
        let v = Values::OptFloat(self.rows.iter().map(f).collect());
        self.col(name, v)
    }
    /// A date column.
    pub fn date(self, name: &str, f: impl Fn(&R) -> NaiveDate) -> Self {
        let v = Values::Date(self.rows.iter().map(f).collect());
        self.col(name, v)
    }
    /// A nullable date column.
    pub fn opt_date(self, name: &str, f: impl Fn(&R) -> Option<NaiveDate>) -> Self {
        let v = Values::OptDate(self.rows.iter().map(f).collect());
        self.col(name, v)
    }
    /// The `period_start` and `period` columns every per-period table starts with.
    pub fn period(self, f: impl Fn(&R) -> (NaiveDate, String)) -> Self {
        let (starts, labels): (Vec<NaiveDate>, Vec<String>) = self.rows.iter().map(f).unzip();
        self.col("period_start", Values::Date(starts))
            .col("period", Values::Str(labels))
    }
    /// The finished table.
    pub fn build(self) -> Table {
        self.table
    }
}
