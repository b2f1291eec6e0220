//! Limits: a 50 MB single-line article and folders of many tiny files, generated at test time.

use std::path::Path;
use std::time::Instant;

use crate::harness::{self, assert_good_present, put_good, read_csv};

/// Writes `n` tiny dated text articles named `000000.txt` … into `dir`.
fn tiny_files(dir: &Path, n: usize) {
    for i in 0..n {
        let day = i % 28 + 1;
        let month = i / 28 % 12 + 1;
        std::fs::write(
            dir.join(format!("{i:06}.txt")),
            format!("Date: 2018-{month:02}-{day:02}\n\nItem {i} Reported\n\nItem number {i} was reported by the agency.\n"),
        )
        .expect("write a tiny file");
    }
}

fn many_files(n: usize) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    put_good(&input);
    tiny_files(&input, n);
    let out = tmp.path().join("out.csv");
    let t = Instant::now();
    let o = harness::run([
        "ingest".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let secs = t.elapsed().as_secs_f64();
    eprintln!("ingest of {n} tiny files + 1 page: {secs:.1} s");
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(o.problems().is_empty(), "{:?}", o.problems());
    let rows = read_csv(&out);
    assert_eq!(rows.len(), n + 1);
    assert_good_present(&rows, "many files");
    // Every tiny file is one dated document with its own title.
    let mut titles: Vec<&str> = rows.iter().map(|r| r.get("title")).collect();
    titles.sort_unstable();
    titles.dedup();
    assert_eq!(titles.len(), n + 1);
    assert!(rows.iter().all(|r| !r.get("date").is_empty()));
    let last = rows
        .iter()
        .find(|r| r.get("title") == format!("Item {} Reported", n - 1))
        .expect("the last tiny file");
    assert_eq!(
        last.get("body"),
        format!("Item number {} was reported by the agency.", n - 1)
    );
}

/// About 15 s in a debug build on 2 cores (8 s of it the ingest itself).
#[test]
fn hundred_thousand_tiny_files_in_one_folder() {
    many_files(100_000);
}

#[test]
fn fifty_megabyte_single_line_article() {
    const SIZE: usize = 50 * 1024 * 1024;
    let sentence = "The workers of the province made great innovations in production. ";
    let body: String = sentence.repeat(SIZE / sentence.len() + 1);
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    put_good(&input);
    let text = harness::page(
        "Fifty Megabyte Article",
        "13/07/2025",
        &[&format!("Pyongyang, July 13 (KCNA) -- {body}")],
        "2025.07.13.",
    );
    assert!(text.len() > SIZE);
    std::fs::write(input.join("huge.txt"), &text).expect("write the big article");
    let out = tmp.path().join("out.csv");
    let t = Instant::now();
    let o = harness::run([
        "ingest".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    eprintln!(
        "ingest of a {:.1} MB single-line article: {:.1} s",
        text.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(o.problems().is_empty(), "{:?}", o.problems());
    let rows = read_csv(&out);
    assert_eq!(rows.len(), 2);
    assert_good_present(&rows, "50 MB");
    let big = rows
        .iter()
        .find(|r| r.get("title") == "Fifty Megabyte Article")
        .expect("the big article");
    // The cleaned body is the paragraph without dateline, trailing space and end marks.
    let want = body.trim_end();
    assert_eq!(big.get("n_chars"), want.len().to_string());
    assert_eq!(big.get("body").len(), want.len());
    assert!(
        big.get("body") == want,
        "the body differs from the generated text"
    );
    assert_eq!(big.get("date"), "2025-07-13");
}
