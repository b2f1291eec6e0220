#![no_main]
//! Any bytes read as a `json` file: documents or problems, never a panic; accounting balances.
use dateline_ingest::{ingest_bytes, Format, IngestOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = IngestOptions {
        format: Some(Format::Json),
        ..IngestOptions::default()
    };
    let out = ingest_bytes(std::path::Path::new("a.json"), data.to_vec(), &opts);
    let r = &out.report;
    assert_eq!(
        r.records,
        r.kept
            + r.duplicates_removed
            + r.teasers_dropped
            + r.teasers_already_present
            + r.empty_records
    );
    for d in &out.documents {
        assert!(!d.body.is_empty());
    }
});
