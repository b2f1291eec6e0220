#![no_main]
//! Any bytes read as a `a.json` file (Json format): see `dateline_fuzz::check_ingest`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dateline_fuzz::check_ingest(data, "a.json", dateline_ingest::Format::Json);
});
