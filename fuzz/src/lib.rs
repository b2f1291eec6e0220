//! What every ingestion fuzz target checks.
use dateline_ingest::{ingest_bytes, Format, IngestOptions};

/// Reads `data` as a file called `name` in `format`: documents or problems, never a panic; the
/// record accounting balances and no document is empty (a title-only one has its title).
pub fn check_ingest(data: &[u8], name: &str, format: Format) {
    let opts = IngestOptions {
        format: Some(format),
        ..IngestOptions::default()
    };
    let out = ingest_bytes(std::path::Path::new(name), data.to_vec(), &opts);
    let r = &out.report;
    // records = kept + duplicates + teasers left out + empty + records skipped (issue 15).
    assert_eq!(r.accounting_error(), None);
    assert_eq!(r.kept as usize, out.documents.len());
    for d in &out.documents {
        // Text, or a title-only record (flagged, with a title).
        assert!(
            !d.body.is_empty()
                || (d.has_flag("title_only") && d.title.as_deref().is_some_and(|t| !t.is_empty()))
        );
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
