//! `dateline … | head`: a reader that goes away is not an error (STYLE.md: broken pipe exits 0).

use std::io::{BufRead, BufReader};

use crate::harness::{self, sample_dir};

/// Reads one line of `args`' stdout, closes the pipe, and returns the exit code and stderr.
fn head_1(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let mut child = harness::command(args).spawn().expect("spawn dateline");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("first line");
    assert!(!first.is_empty());
    // The reader (and the pipe) is dropped here: the rest of the output has nowhere to go.
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn csv_to_a_closed_pipe_exits_0() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus.csv");
    let o = harness::run([
        "-q".as_ref(),
        "ingest".as_ref(),
        sample_dir().as_os_str(),
        "-o".as_ref(),
        corpus.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    // 138 KB of CSV: more than a pipe buffer (64 KiB).
    let (code, stderr) = head_1(&[
        "-q".as_ref(),
        "terms".as_ref(),
        corpus.as_os_str(),
        "--by".as_ref(),
        "day".as_ref(),
        "--ngram".as_ref(),
        "1..3".as_ref(),
    ]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}

#[test]
fn kwic_to_a_closed_pipe_exits_0() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus.csv");
    let o = harness::run([
        "-q".as_ref(),
        "ingest".as_ref(),
        sample_dir().as_os_str(),
        "-o".as_ref(),
        corpus.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    // 84 KB of aligned lines: more than a pipe buffer (64 KiB).
    let (code, stderr) = head_1(&[
        "-q".as_ref(),
        "kwic".as_ref(),
        corpus.as_os_str(),
        "the|of|and|to|in|a".as_ref(),
        "--window".as_ref(),
        "40".as_ref(),
    ]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}
