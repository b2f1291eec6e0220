//! Shared types of dateline: [`Document`], [`DocId`], [`By`]/[`Period`], [`DateRange`].
//!
//! This crate does no I/O and knows nothing of tables; every other crate speaks these types.
//!
//! ```
//! use dateline_core::{By, DateRange};
//! let r: DateRange = "2018-03".parse().unwrap();
//! let periods = By::Month.periods(r.start.unwrap(), r.end.unwrap());
//! assert_eq!(periods.len(), 1);
//! assert_eq!(periods[0].label, "2018-03");
//! ```
#![warn(missing_docs)]

mod document;
pub mod lang;
mod period;
mod range;

pub use document::{column_fn, ColumnFn, DocId, Document, Kind, UnknownColumn, TEXT_SEPARATOR};
pub use period::{By, Period, PeriodIndex};
pub use range::{DateRange, RangeError};

/// The calendar date type used everywhere (proleptic Gregorian, no time zone).
pub use chrono::NaiveDate as Date;
