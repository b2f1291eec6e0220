#![no_main]
//! Any bytes read as an `a.html` file (error pages, deep nesting): see
//! `dateline_fuzz::check_ingest`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dateline_fuzz::check_ingest(data, "a.html", dateline_ingest::Format::Html);
});
