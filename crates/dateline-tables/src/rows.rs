//! Building the declared tables: each table's columns (names, types, meanings) are declared
//! once, in [`crate::schema`]; a builder gives the values in the declared order and takes the
//! names from the declaration. A builder that gives another type, a null where none is
//! declared, or too few or too many columns is a bug, stopped at once (in every build): the
//! tests build every table.
use chrono::NaiveDate;

use crate::schema::TableSchema;
use crate::{Table, Values};

/// A declared table built column by column: `Table::declared("periods").col(…).col(…).build()`.
pub struct Declared {
    schema: &'static TableSchema,
    table: Table,
}

/// Builds a declared table column by column from a slice of row structs:
/// `Table::from_rows("keyness", &rows).str(|r| r.term.clone()).int(|r| r.count_a as i64)…build()`.
pub struct RowsBuilder<'a, R> {
    rows: &'a [R],
    cols: Declared,
}

impl Table {
    /// Starts the table declared as `name` in [`crate::schema`].
    ///
    /// # Panics
    /// When no table of that name is declared (a bug).
    pub fn declared(name: &str) -> Declared {
        let schema = TableSchema::get(name).unwrap_or_else(|| {
            panic!("internal error: the table `{name}` is not declared in schema.rs")
        });
        Declared {
            schema,
            table: Table::new(name),
        }
    }

    /// Starts the declared table `name` of `rows`, one column at a time.
    pub fn from_rows<'a, R>(name: &str, rows: &'a [R]) -> RowsBuilder<'a, R> {
        RowsBuilder {
            rows,
            cols: Table::declared(name),
        }
    }
}

impl Declared {
    /// The next declared column's values.
    ///
    /// # Panics
    /// When the declaration has no further column, or declares another type, or no nulls
    /// where `values` may hold them (a bug).
    pub fn col(mut self, values: Values) -> Self {
        let (s, i) = (self.schema, self.table.columns.len());
        let Some(c) = s.columns.get(i) else {
            panic!(
                "internal error: the table `{}` is declared with {} columns, and its builder gives more",
                s.name,
                s.columns.len()
            );
        };
        let may_be_null = matches!(
            values,
            Values::OptStr(_) | Values::OptInt(_) | Values::OptFloat(_) | Values::OptDate(_)
        );
        assert!(
            values.type_name() == c.dtype && (c.nullable || !may_be_null),
            "internal error: the column `{}` of `{}` is declared {}{}, and its builder gives {}{}",
            c.name,
            s.name,
            c.dtype,
            if c.nullable { " (nullable)" } else { "" },
            values.type_name(),
            if may_be_null { " (nullable)" } else { "" },
        );
        self.table.push(c.name, values);
        self
    }

    /// The finished table.
    ///
    /// # Panics
    /// When a declared column was not given (a bug).
    pub fn build(self) -> Table {
        let s = self.schema;
        assert_eq!(
            self.table.columns.len(),
            s.columns.len(),
            "internal error: the builder of `{}` gives {} of its {} declared columns",
            s.name,
            self.table.columns.len(),
            s.columns.len()
        );
        self.table
    }
}

impl<R> RowsBuilder<'_, R> {
    fn col(mut self, v: Values) -> Self {
        self.cols = self.cols.col(v);
        self
    }
    /// A text column.
    pub fn str(self, f: impl Fn(&R) -> String) -> Self {
        let v = Values::Str(self.rows.iter().map(f).collect());
        self.col(v)
    }
    /// A nullable text column.
    pub fn opt_str(self, f: impl Fn(&R) -> Option<String>) -> Self {
        let v = Values::OptStr(self.rows.iter().map(f).collect());
        self.col(v)
    }
    /// An integer column.
    pub fn int(self, f: impl Fn(&R) -> i64) -> Self {
        let v = Values::Int(self.rows.iter().map(f).collect());
        self.col(v)
    }
    /// A float column.
    pub fn float(self, f: impl Fn(&R) -> f64) -> Self {
        let v = Values::Float(self.rows.iter().map(f).collect());
        self.col(v)
    }
    /// A nullable float column.
    pub fn opt_float(self, f: impl Fn(&R) -> Option<f64>) -> Self {
        let v = Values::OptFloat(self.rows.iter().map(f).collect());
        self.col(v)
    }
    /// A date column.
    pub fn date(self, f: impl Fn(&R) -> NaiveDate) -> Self {
        let v = Values::Date(self.rows.iter().map(f).collect());
        self.col(v)
    }
    /// A nullable date column.
    pub fn opt_date(self, f: impl Fn(&R) -> Option<NaiveDate>) -> Self {
        let v = Values::OptDate(self.rows.iter().map(f).collect());
        self.col(v)
    }
    /// The `period_start` and `period` columns every per-period table starts with.
    pub fn period(self, f: impl Fn(&R) -> (NaiveDate, String)) -> Self {
        let (starts, labels): (Vec<NaiveDate>, Vec<String>) = self.rows.iter().map(f).unzip();
        self.col(Values::Date(starts)).col(Values::Str(labels))
    }
    /// The finished table.
    pub fn build(self) -> Table {
        self.cols.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(&'static str, u64);

    #[test]
    fn names_come_from_the_declaration() {
        let rows = [Row("nuclear", 3)];
        let t = Table::from_rows("unmatched", &rows)
            .str(|r| r.0.to_string())
            .int(|r| r.1 as i64)
            .str(|r| format!("a {} deterrent", r.0))
            .build();
        let names: Vec<&str> = t.columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["candidate", "count", "example"]);
        crate::check_declared(&t).unwrap();
    }

    #[test]
    #[should_panic(
        expected = "the column `count` of `unmatched` is declared int64, and its builder gives str"
    )]
    fn a_wrong_type_is_stopped() {
        let rows = [Row("nuclear", 3)];
        let _ = Table::from_rows("unmatched", &rows)
            .str(|r| r.0.to_string())
            .str(|r| r.1.to_string())
            .build();
    }

    #[test]
    #[should_panic(expected = "gives 1 of its 3 declared columns")]
    fn a_missing_column_is_stopped() {
        let rows = [Row("nuclear", 3)];
        let _ = Table::from_rows("unmatched", &rows)
            .str(|r| r.0.to_string())
            .build();
    }

    #[test]
    #[should_panic(expected = "declared str, and its builder gives str (nullable)")]
    fn a_null_where_none_is_declared_is_stopped() {
        let rows = [Row("nuclear", 3)];
        let _ = Table::from_rows("unmatched", &rows).opt_str(|r| Some(r.0.to_string()));
    }
}
