//! The only polars user of dateline: plain rows → typed columns → CSV and Parquet, with the
//! documented schema of every table and a manifest beside every output.
//!
//! ```
//! use dateline_tables::{Table, Values};
//! let mut t = Table::new("periods");
//! t.push("period_start", Values::Date(vec!["2018-01-01".parse().unwrap()]));
//! t.push("period", Values::Str(vec!["2018-01".into()]));
//! assert_eq!(t.rows(), 1);
//! let mut csv = Vec::new();
//! t.write_csv_to(&mut csv).unwrap();
//! assert_eq!(String::from_utf8(csv).unwrap(), "period_start,period\n2018-01-01,2018-01\n");
//! ```
#![warn(missing_docs)]

pub mod answer;
pub mod builders;
pub mod chart;
mod corpus;
pub mod counts;
mod dataset;
pub mod entity_tables;
mod error;
pub mod graph;
pub mod index_io;
pub mod ingest;
mod manifest;
mod output;
pub mod prepared;
mod read;
pub mod report;
mod rows;
mod schema;
pub mod staging;
mod stream;
mod table;
mod write;
pub mod writer;

pub use corpus::{corpus_table, read_corpus, read_corpus_csv, read_corpus_parquet};
pub use dataset::{
    escape_partition_value, is_partitioned_dir, read_partitioned, unescape_partition_value,
    write_partitioned, HIVE_DEFAULT_PARTITION, PART_FILE,
};
pub use error::TablesError;
pub use manifest::{
    fingerprint_paths, DatasetEntry, FileEntry, InputFingerprint, Manifest, OutputEntry,
};
pub use output::{
    check_against_manifest, check_name, check_output_vs_inputs, commit_all, fingerprint_file,
    join_name, lock_path, output_format, plan_output, process_alive, release_locks,
    remove_stale_temps, stage_with, temp_file_pid, Fingerprint, ManifestCheck, OutWriter,
    OutputLock, OutputSpec, Staged, Target, MAX_NAME_BYTES,
};
pub use read::read_parquet_table;
pub use rows::RowsBuilder;
pub use schema::{check_declared, schema_markdown, schemas, ColumnSchema, TableSchema};
pub use stream::{Batches, CorpusReader, CorpusWriter, DEFAULT_BATCH_ROWS};
pub use table::{csv_writer, Table, Values};
pub use write::{atomic_write, stage_table, write_table, OutputFormat, Written};
