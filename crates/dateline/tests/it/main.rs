//! Integration tests of the `dateline` binary: bad inputs (issue 9), determinism across thread
//! counts, interruption safety, outputs that would overwrite inputs, and known answers on the
//! sample corpus. Every test runs the real binary (`CARGO_BIN_EXE_dateline`).

mod bad_inputs;
mod bad_inputs_bounds;
mod bad_inputs_counts;
mod bad_inputs_dates;
mod bad_inputs_outputs;
mod bad_inputs_records;
mod charts;
mod determinism;
mod entity_counts;
mod entity_graphs;
mod explore;
mod harness;
mod index;
mod interruption;
mod limits;
mod lookup;
mod overwrite;
mod partition;
mod pipes;
mod report;
mod sample_answers;
mod trust_bounds;
mod trust_counts;
mod trust_dates;
mod trust_outputs;
mod trust_records;
mod trust_tokens;
