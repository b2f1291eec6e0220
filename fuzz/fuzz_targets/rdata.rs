#![no_main]
//! Any bytes after an `.rds` header (XDR, version 2) read as R data: see
//! `dateline_fuzz::check_ingest`. The header is given so that the fuzzer explores the items.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut rds = b"X\n\0\0\0\x02\0\x03\x04\0\0\x02\x03\0".to_vec();
    rds.extend_from_slice(data);
    dateline_fuzz::check_ingest(&rds, "a.rds", dateline_ingest::Format::Csv);
});
