//! dateline-tables (under construction).
pub use polars;
