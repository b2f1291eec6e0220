//! Interruption safety: `dateline run` and `dateline ingest` killed (SIGKILL) or interrupted
//! (SIGINT) at various moments never leave a partial output in place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use crate::harness::{self, folder_files, sample_dir, write_study};

/// Copies of the sample in the big input.
const COPIES: usize = 60;

/// The sample replicated `COPIES` times, each copy with its own title and year (so that no copy
/// is a duplicate of another).
fn big_input(dir: &Path) -> PathBuf {
    let big = dir.join("big");
    std::fs::create_dir(&big).expect("mkdir");
    let mut files: Vec<PathBuf> = std::fs::read_dir(sample_dir())
        .expect("data/sample")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for k in 0..COPIES {
        let year = 2000 + k % 20;
        for f in &files {
            let text = std::fs::read_to_string(f).expect("sample page");
            let lines: Vec<&str> = text.lines().collect();
            let d = lines
                .iter()
                .position(|l| l.starts_with("Date: "))
                .expect("a Date: line");
            let out: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if i == d {
                        // `Date: DD/MM/YYYY | …`
                        format!("{}{year}{}", &l[..12], &l[16..])
                    } else if i + 2 == d {
                        format!("{l} No. {k}")
                    } else if let Some(rest) = l.strip_prefix("www.kcna.kp (") {
                        format!("www.kcna.kp ({year}{}", &rest[4..])
                    } else {
                        (*l).to_string()
                    }
                })
                .collect();
            let name = f.file_name().expect("name").to_string_lossy().into_owned();
            std::fs::write(big.join(format!("{k:03}-{name}")), out.join("\n") + "\n")
                .expect("write a copy");
        }
    }
    big
}

/// Every file of an output folder but `manifest.json` (which records timings).
fn comparable(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut f = folder_files(dir);
    let m = f.remove(Path::new("manifest.json")).expect("manifest.json");
    let m: serde_json::Value = serde_json::from_slice(&m).expect("a complete manifest");
    assert_eq!(m["tool"], "dateline");
    f
}

fn run_args(study: &Path, out: &Path) -> Vec<std::ffi::OsString> {
    vec![
        "--quiet".into(),
        "run".into(),
        study.into(),
        "-o".into(),
        out.into(),
    ]
}

fn run_to_end(study: &Path, out: &Path) {
    let o = harness::run(run_args(study, out));
    assert_eq!(o.code, Some(0), "{}", o.stderr);
}

#[derive(Clone, Copy, Debug)]
enum Signal {
    Kill,
    Int,
}

fn interrupt(child: &mut Child, signal: Signal) {
    match signal {
        Signal::Kill => {
            child.kill().ok();
        }
        Signal::Int => {
            std::process::Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .expect("kill -INT");
        }
    }
    child.wait().expect("wait for the interrupted child");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for (rel, bytes) in folder_files(from) {
        let p = to.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("copy");
    }
}

fn delays(full: Duration) -> Vec<Duration> {
    let mut d: Vec<Duration> = [5, 20, 50, 100, 200]
        .into_iter()
        .map(Duration::from_millis)
        .collect();
    d.extend([0.5, 0.8, 0.95, 0.99].map(|f| full.mul_f64(f)));
    d
}

#[test]
fn interrupted_run_leaves_no_partial_output_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let big = big_input(tmp.path());
    let big_dir = tmp.path().join("big-study");
    let small_dir = tmp.path().join("small-study");
    std::fs::create_dir(&big_dir).expect("mkdir");
    std::fs::create_dir(&small_dir).expect("mkdir");
    let study_big = write_study(&big_dir, &big);
    let study_small = write_study(&small_dir, &sample_dir());

    // The complete result, and an earlier result of another input.
    let reference = tmp.path().join("reference");
    let t = Instant::now();
    run_to_end(&study_big, &reference);
    let full = t.elapsed();
    eprintln!(
        "uninterrupted run on {} files: {:.2} s",
        COPIES * 20,
        full.as_secs_f64()
    );
    let want = comparable(&reference);
    let earlier = tmp.path().join("earlier");
    run_to_end(&study_small, &earlier);
    let before = comparable(&earlier);
    assert_ne!(want, before);

    let out = tmp.path().join("out");
    let mut seen = BTreeMap::<&str, usize>::new();
    for (i, delay) in delays(full).into_iter().enumerate() {
        for signal in [Signal::Kill, Signal::Int] {
            let from_earlier = i % 2 == 1;
            if out.exists() {
                std::fs::remove_dir_all(&out).expect("clean out");
            }
            if from_earlier {
                copy_dir(&earlier, &out);
            }
            let mut child = harness::command(run_args(&study_big, &out))
                .spawn()
                .expect("spawn dateline run");
            std::thread::sleep(delay);
            interrupt(&mut child, signal);
            let what =
                format!("{signal:?} after {delay:?} (earlier result present: {from_earlier})");
            let state = if out.exists() {
                let got = comparable(&out);
                if got == want {
                    "complete new result"
                } else {
                    assert!(
                        from_earlier && got == before,
                        "{what}: partial output folder"
                    );
                    "earlier result untouched"
                }
            } else {
                // Only in the instant between moving the earlier result aside and moving the
                // new one in: the earlier result must then be intact beside it.
                if from_earlier {
                    let aside: Vec<PathBuf> = std::fs::read_dir(tmp.path())
                        .expect("tmp")
                        .map(|e| e.expect("entry").path())
                        .filter(|p| {
                            p.file_name()
                                .is_some_and(|n| n.to_string_lossy().starts_with(".out.old-"))
                        })
                        .collect();
                    assert!(
                        aside.iter().any(|a| comparable(a) == before),
                        "{what}: output gone and the earlier result lost"
                    );
                    "earlier result moved aside"
                } else {
                    "no output"
                }
            };
            eprintln!("{what}: {state}");
            *seen.entry(state).or_default() += 1;
        }
    }
    eprintln!("outcomes: {seen:?}");
    let staging = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with(".out.partial-"))
        })
        .count();
    eprintln!("staging folders left by interrupted runs: {staging}");
    // A re-run after all the interruptions gives the uninterrupted result.
    run_to_end(&study_big, &out);
    assert!(
        comparable(&out) == want,
        "re-run differs from an uninterrupted run"
    );
}

#[test]
fn interrupted_ingest_leaves_the_old_corpus_or_the_complete_new_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let big = big_input(tmp.path());
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).expect("mkdir");
    let out = work.join("out.csv");
    let ingest = |input: &Path, to: &Path| {
        harness::command([
            "--quiet".as_ref(),
            "ingest".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            to.as_os_str(),
        ])
    };
    let t = Instant::now();
    let o = ingest(&big, &tmp.path().join("new.csv"))
        .output()
        .expect("ingest");
    let full = t.elapsed();
    assert!(o.status.success());
    eprintln!(
        "uninterrupted ingest of {} files: {:.2} s",
        COPIES * 20,
        full.as_secs_f64()
    );
    let new = std::fs::read(tmp.path().join("new.csv")).expect("new.csv");
    assert!(ingest(&sample_dir(), &out)
        .output()
        .expect("ingest")
        .status
        .success());
    let old = std::fs::read(&out).expect("out.csv");
    for delay in delays(full) {
        for signal in [Signal::Kill, Signal::Int] {
            std::fs::write(&out, &old).expect("restore the old corpus");
            let mut child = ingest(&big, &out).spawn().expect("spawn ingest");
            std::thread::sleep(delay);
            interrupt(&mut child, signal);
            let got = std::fs::read(&out).expect("out.csv is never removed");
            assert!(
                got == old || got == new,
                "{signal:?} after {delay:?}: partial out.csv ({} bytes)",
                got.len()
            );
            let state = if got == new {
                "complete new corpus"
            } else {
                "old corpus"
            };
            eprintln!("ingest {signal:?} after {delay:?}: {state}");
        }
    }
    let tmp_files = std::fs::read_dir(&work)
        .expect("work")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        })
        .count();
    eprintln!("temporary files left by interrupted ingests: {tmp_files}");
    // Only out.csv and its companions, plus temporary files of killed runs (`.out.csv.*.tmp`).
    for e in std::fs::read_dir(&work).expect("work") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        assert!(
            [
                "out.csv",
                "out.report.csv",
                "out.duplicates.csv",
                "out.manifest.json"
            ]
            .contains(&name.as_str())
                || (name.starts_with(".out.")
                    && Path::new(&name).extension() == Some("tmp".as_ref()))
                // The lock of a killed ingest (taken over by the next one).
                || name == ".out.csv.lock"
                // The index, and the staging folder of an index a killed ingest was writing
                // (removed by the next one; never used: it has no index.json in place).
                || name == "out.index"
                || name.starts_with(".out.index.partial-")
                || name.starts_with(".out.index.old-"),
            "unexpected file `{name}`"
        );
    }
}

/// Ctrl-C (SIGINT) is how a researcher stops a run: it should not leave its staging folder
/// (`.<out>.partial-<pid>`, a full copy of the tables written so far) behind. SIGKILL cannot be
/// cleaned up after and is not checked.
#[test]
fn ctrl_c_removes_the_staging_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let big = big_input(tmp.path());
    let study = write_study(tmp.path(), &big);
    let out = tmp.path().join("out");
    let mut child = harness::command(run_args(&study, &out))
        .spawn()
        .expect("spawn dateline run");
    std::thread::sleep(Duration::from_millis(500));
    interrupt(&mut child, Signal::Int);
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out."))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Ctrl-C during `dateline ingest` removes the hidden temporary corpus file, says so, exits 130
/// and leaves an earlier corpus as it was (or, stopped after the rename, the complete new one).
#[test]
fn ctrl_c_during_ingest_removes_its_temporary_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let big = big_input(tmp.path());
    let mut stopped_early = 0;
    for (i, delay) in [20u64, 60, 120, 200, 300, 450, 700, 1000]
        .into_iter()
        .enumerate()
    {
        let work = tmp.path().join(format!("work{i}"));
        std::fs::create_dir_all(&work).expect("work");
        let out = work.join("out.parquet");
        std::fs::write(&out, b"an earlier corpus").expect("old");
        let child = harness::command([
            "ingest".as_ref(),
            big.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .spawn()
        .expect("spawn dateline ingest");
        std::thread::sleep(Duration::from_millis(delay));
        std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill -INT");
        let o = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&o.stderr);
        let got = std::fs::read(&out).expect("out.parquet is never removed");
        let outcome = match o.status.code() {
            Some(0) => "finished before the signal",
            // Killed by the signal before the handler was installed (nothing written yet).
            None => {
                assert_eq!(got, b"an earlier corpus");
                "stopped before the handler"
            }
            Some(130) if stderr.contains("interrupted: nothing was written to") => {
                assert_eq!(got, b"an earlier corpus");
                stopped_early += 1;
                "stopped while ingesting"
            }
            Some(130) => {
                assert!(
                    stderr.contains("was written, with its report and manifest"),
                    "{stderr}"
                );
                let r = dateline_tables::CorpusReader::open(&out).expect("a complete corpus");
                assert!(r.rows() > 0);
                "stopped after the corpus was in place"
            }
            other => panic!("exit {other:?}: {stderr}"),
        };
        eprintln!("SIGINT after {delay} ms: {outcome}");
        let left: Vec<String> = std::fs::read_dir(&work)
            .expect("work")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| {
                ![
                    "out.parquet",
                    "out.report.csv",
                    "out.duplicates.parquet",
                    "out.manifest.json",
                ]
                .contains(&n.as_str())
            })
            .collect();
        // The index is built after the corpus is in place: stopped while it is built, its
        // staging folder goes and there is no index; finished, it is complete and matches.
        let (index, left): (Vec<String>, Vec<String>) =
            left.into_iter().partition(|n| n == "out.index");
        assert!(left.is_empty(), "after {delay} ms, left behind: {left:?}");
        if !index.is_empty() {
            assert_ne!(outcome, "stopped while ingesting");
            let state = dateline_tables::index_io::index_state(&out).expect("index state");
            assert!(
                matches!(state, dateline_tables::index_io::IndexState::Ready(_)),
                "after {delay} ms: an index that does not match its corpus: {state:?}"
            );
        }
    }
    assert!(
        stopped_early > 0,
        "no SIGINT arrived while ingesting: make the input larger"
    );
}
