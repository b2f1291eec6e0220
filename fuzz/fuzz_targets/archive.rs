#![no_main]
//! Any bytes read as an archive (`a.zip` when they start with `P`, else `a.tar`): see
//! `dateline_fuzz::check_ingest`. Members are then read as any file would be.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = if data.first() == Some(&b'P') { "a.zip" } else { "a.tar" };
    dateline_fuzz::check_ingest(data, name, dateline_ingest::Format::Text);
});
