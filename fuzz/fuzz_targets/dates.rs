#![no_main]
//! Any text given to the date parser: `None` or a date inside the plausible window (1945-08-15
//! to tomorrow), never a panic; a date read is the same date when written back as ISO.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Some(d) = dateline_ingest::parse_date(s) {
            assert!(d >= dateline_ingest::EARLIEST_DATE);
            assert!(d <= dateline_ingest::latest_date());
            assert_eq!(dateline_ingest::parse_date(&d.to_string()), Some(d));
        }
    }
});
