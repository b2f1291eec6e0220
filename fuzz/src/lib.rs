//! What every ingestion fuzz target checks.
use dateline_ingest::{ingest_bytes, Format, IngestOptions};

/// Reads `data` as a file called `name` in `format`: documents or problems, never a panic; the
/// record accounting balances and no document is empty.
pub fn check_ingest(data: &[u8], name: &str, format: Format) {
    let opts = IngestOptions {
        format: Some(format),
        ..IngestOptions::default()
    };
    let out = ingest_bytes(std::path::Path::new(name), data.to_vec(), &opts);
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
        // Dates inside the plausible window; no control character reaches the corpus.
        if let Some(date) = d.date {
            assert!(date >= dateline_ingest::EARLIEST_DATE && date <= dateline_ingest::latest_date());
        }
        let control = |c: char| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
        };
        assert!(!d.body.chars().any(control));
        assert!(!d.title.as_deref().unwrap_or("").chars().any(control));
    }
}
