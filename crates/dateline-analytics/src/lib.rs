//! Counting and scoring for dateline: counts per period, keyness, co-occurrence, collocations, KWIC.
//!
//! Counting and scoring are separate steps: counts are additive tables (they can be summed across
//! shards and periods) and every statistic is computed from counts in [`stats`].
#![warn(missing_docs)]

pub mod assoc;
pub mod collocations;
pub mod cooccur;
pub mod counted;
pub mod dictionary;
pub mod entities;
pub mod index;
pub mod intern;
pub mod keyness;
pub mod kwic;
pub mod limits;
pub mod lookup;
pub mod pass;
pub mod query;
pub mod sides;
pub mod stats;
pub mod terms;
pub mod trend;
