#![no_main]
//! Any text given to the date parser: a valid date or `None`, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Some(d) = dateline_ingest::parse_date(s) {
            assert!(d.to_string().len() >= 10);
        }
    }
});
