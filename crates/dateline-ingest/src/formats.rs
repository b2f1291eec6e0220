//! The parsers, one file per input format; each turns one decoded input into raw records
//! ([`crate::record::Parsed`]). The dispatch to them is in `dispatch.rs`.
//!
//! - `kcna_page`: a KCNA Watch page copy (headline, dateline, body, end mark, "More From").
//! - `text`: plain text, one article per file (title from the first line).
//! - `json`: JSON arrays, objects that nest their articles, and JSON Lines.
//! - `tabular`: CSV and TSV, with the columns found or named.
//! - `html`: one article page (title, date, body from its markup).
//! - `rdata`: R data frames (`.rds`, `.rda`), read as columns.
//! - `archive`: zip and tar archives, whose members go back through the dispatch.
pub(crate) mod archive;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod kcna_page;
pub(crate) mod rdata;
pub(crate) mod tabular;
pub(crate) mod text;
