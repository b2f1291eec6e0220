#![no_main]
//! Any bytes read as a `a.txt` file (Kcna format): see `dateline_fuzz::check_ingest`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dateline_fuzz::check_ingest(data, "a.txt", dateline_ingest::Format::Kcna);
});
