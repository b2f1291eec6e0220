//! Issue 15, sections 1 and 2: dateline never deletes or overwrites what it did not write, every
//! name from a study becomes a file name only after one check, `-o` writes through links and
//! devices (or refuses), `.gz` is gzipped, a result set is replaced as a whole and a reader can
//! tell when a table does not match its manifest; locks and stale temporary files.

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;

use crate::harness::{self, folder_files, sample_dir, write_study};

fn os<S: AsRef<std::ffi::OsStr>>(s: S) -> OsString {
    s.as_ref().to_os_string()
}

/// `dateline -q ingest <input> -o <out>`.
fn ingest(input: &Path, out: &Path) -> harness::Outcome {
    harness::run([os("--quiet"), os("ingest"), os(input), os("-o"), os(out)])
}

/// `dateline -q run <study> -o <out> [--force]`.
fn run(study: &Path, out: &Path, force: bool) -> harness::Outcome {
    let mut a = vec![os("--quiet"), os("run"), os(study), os("-o"), os(out)];
    if force {
        a.push(os("--force"));
    }
    harness::run(a)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("readable folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The sample corpus as CSV bytes (ingested once into a folder of its own).
fn sample_csv(tmp: &Path) -> Vec<u8> {
    let dir = tmp.join("reference");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let out = dir.join("corpus.csv");
    let o = ingest(&sample_dir(), &out);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    std::fs::read(&out).expect("corpus.csv")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("ls") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
    }
}

/// `s/` holds the study's inputs (`s/articles/`), `study.toml` and a notebook: `run -o s
/// --force` writes its results beside them and every one of them stays, byte for byte.
#[test]
fn run_force_into_the_study_folder_keeps_inputs_and_study() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let s = tmp.path().join("s");
    copy_dir(&sample_dir(), &s.join("articles"));
    let study = write_study(&s, &s.join("articles"));
    std::fs::write(s.join("notes.ipynb"), "{\"cells\": []}\n").expect("write");
    let before = folder_files(&s);
    let o = run(&study, &s, true);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let after = folder_files(&s);
    for (p, bytes) in &before {
        assert_eq!(
            after.get(p),
            Some(bytes),
            "{} changed or removed",
            p.display()
        );
    }
    assert_eq!(harness::read_csv(&s.join("corpus.csv")).len(), 19);
    // A second --force run replaces dateline's files and still keeps the user's.
    let o = run(&study, &s, true);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let again = folder_files(&s);
    for (p, bytes) in &before {
        assert_eq!(
            again.get(p),
            Some(bytes),
            "{} changed or removed",
            p.display()
        );
    }
    assert_eq!(again.len(), after.len());
}

/// A notebook and a CSV of the user's in an earlier results folder survive a re-run, without
/// and with `--force`; dateline's own files are replaced.
#[test]
fn rerun_keeps_user_files_in_the_results_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = write_study(tmp.path(), &sample_dir());
    let out = tmp.path().join("results");
    let o = run(&study, &out, false);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let first = folder_files(&out);
    std::fs::write(out.join("notes.ipynb"), "{\"cells\": [1]}\n").expect("write");
    std::fs::write(out.join("mine.csv"), "a,b\n1,2\n").expect("write");
    for force in [false, true] {
        let o = run(&study, &out, force);
        assert_eq!(o.code, Some(0), "force {force}: {}", o.stderr);
        let now = folder_files(&out);
        assert_eq!(
            std::fs::read_to_string(out.join("notes.ipynb")).expect("notes"),
            "{\"cells\": [1]}\n"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("mine.csv")).expect("mine"),
            "a,b\n1,2\n"
        );
        assert_eq!(now.len(), first.len() + 2, "force {force}");
        assert_eq!(
            now.get(Path::new("corpus.csv")),
            first.get(Path::new("corpus.csv"))
        );
    }
    // The manifest lists every file of the set, the summary and charts too.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("json");
    let files: Vec<&str> = m["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        files,
        [
            "network.svg",
            "trends.svg",
            "entities.svg",
            "summary.md",
            "report.html"
        ]
    );
    assert_eq!(
        m["files"][3]["bytes"].as_u64(),
        Some(std::fs::metadata(out.join("summary.md")).expect("md").len())
    );
    // No staging folder or lock is left beside it.
    let hidden: Vec<String> = names(tmp.path())
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

/// A user's `corpus.csv` in a folder without a dateline manifest: `--force` does not make
/// dateline write over it; the run is refused, the file stays, nothing else is added.
#[test]
fn an_output_named_like_a_user_file_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = write_study(tmp.path(), &sample_dir());
    let out = tmp.path().join("results");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("corpus.csv"), "my own table\n").expect("write");
    let o = run(&study, &out, true);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.stderr.trim_end(),
        format!(
            "error: cannot move the results into `{}`\n  caused by: refusing to write `{}`: a file of that name is in the output folder and dateline did not write it (move it, or choose another folder)",
            out.display(),
            out.join("corpus.csv").display()
        )
    );
    assert_eq!(names(&out), ["corpus.csv"]);
    assert_eq!(
        std::fs::read_to_string(out.join("corpus.csv")).expect("csv"),
        "my own table\n"
    );
    let hidden: Vec<String> = names(tmp.path())
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

/// Every `[[compare]] name` that is not a plain file name is refused, at its line, before
/// anything is written; the file the name points at is untouched.
#[test]
fn compare_names_are_checked_before_they_become_file_names() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let victim_dir = tmp.path().join("csvin");
    std::fs::create_dir(&victim_dir).expect("mkdir");
    std::fs::write(victim_dir.join("articles.csv"), "date,title,text\n").expect("write");
    let long = "x".repeat(300);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "\"../../../csvin/articles\"",
            "../../../csvin/articles".into(),
            "it holds a path separator",
        ),
        ("\"a/b\"", "a/b".into(), "it holds a path separator"),
        ("\"..\"", "..".into(), "it holds `..`"),
        (
            "\".hidden\"",
            ".hidden".into(),
            "it starts with a dot (a hidden file)",
        ),
        (
            "\"nul\"",
            "nul".into(),
            "it is a reserved device name on Windows",
        ),
        ("\"\"", String::new(), "it is empty"),
        (
            "\"bad\\u0000name\"",
            "bad\\0name".into(),
            "it holds a control character",
        ),
        ("LONG", long.clone(), "it is longer than 200 bytes"),
    ];
    for (i, (toml, shown, why)) in cases.into_iter().enumerate() {
        let dir = tmp.path().join(format!("case{i}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let study = write_study(&dir, &sample_dir());
        let text = std::fs::read_to_string(&study).expect("study");
        let toml = if toml == "LONG" {
            format!("\"{long}\"")
        } else {
            toml.to_string()
        };
        let text = text.replace("name = \"2017_vs_2018\"", &format!("name = {toml}"));
        std::fs::write(&study, &text).expect("write");
        let line = text
            .lines()
            .position(|l| l.starts_with("name = "))
            .expect("name line")
            + 1;
        let out = dir.join("out");
        let o = run(&study, &out, false);
        assert_eq!(o.code, Some(1), "{shown}: {}", o.stderr);
        assert_eq!(
            o.stderr.trim_end(),
            format!(
                "error: {}:{line}: [[compare]] name: the name `{shown}` cannot be part of a file name: {why}",
                study.display()
            ),
            "{shown}"
        );
        assert!(!out.exists(), "{shown}: output written");
        assert_eq!(names(&dir), ["study.toml"], "{shown}");
    }
    assert_eq!(names(&victim_dir), ["articles.csv"]);
    assert_eq!(
        std::fs::read_to_string(victim_dir.join("articles.csv")).expect("csv"),
        "date,title,text\n"
    );
}

/// `-o link.csv` where `link.csv` is a symbolic link to a file: the file gets the corpus, the
/// link stays a link.
#[cfg(unix)]
#[test]
fn output_through_a_symlink_to_a_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let want = sample_csv(tmp.path());
    let target = tmp.path().join("target.csv");
    std::fs::write(&target, "old\n").expect("write");
    let link = tmp.path().join("link.csv");
    std::os::unix::fs::symlink("target.csv", &link).expect("symlink");
    let o = ingest(&sample_dir(), &link);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_link(&link).expect("link"),
        Path::new("target.csv")
    );
    assert_eq!(std::fs::read(&target).expect("target"), want);
    // The companions are named after the link, beside it; no temporary file is left.
    assert_eq!(
        names(tmp.path()),
        [
            "link.csv",
            "link.duplicates.csv",
            "link.index",
            "link.manifest.json",
            "link.report.csv",
            "reference",
            "target.csv"
        ]
    );
    // A reader of the link checks it against its manifest and reads it.
    let o = harness::run([
        os("terms"),
        os(&link),
        os("-o"),
        os(tmp.path().join("t.csv")),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(!o.stderr.contains("warning"), "{}", o.stderr);
}

/// `-o dir/x.csv` where `dir` is a symbolic link to a folder: written into that folder.
#[cfg(unix)]
#[test]
fn output_whose_parent_is_a_symlink() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let want = sample_csv(tmp.path());
    let real = tmp.path().join("real");
    std::fs::create_dir(&real).expect("mkdir");
    std::os::unix::fs::symlink(&real, tmp.path().join("via")).expect("symlink");
    let o = ingest(&sample_dir(), &tmp.path().join("via/x.csv"));
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        names(&real),
        [
            "x.csv",
            "x.duplicates.csv",
            "x.index",
            "x.manifest.json",
            "x.report.csv"
        ]
    );
    assert_eq!(std::fs::read(real.join("x.csv")).expect("x"), want);
    assert!(std::fs::symlink_metadata(tmp.path().join("via"))
        .expect("via")
        .file_type()
        .is_symlink());
}

/// `-o` a symbolic link to `/dev/null`, and `-o` a FIFO: written straight through (the FIFO's
/// reader gets the same bytes as a file), the device stays a device, the link a link, and no
/// report or manifest is written beside a device.
#[cfg(unix)]
#[test]
fn output_to_devices_and_pipes_is_written_through() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let want = sample_csv(tmp.path());
    let link = tmp.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &link).expect("symlink");
    let o = harness::run([os("ingest"), os(sample_dir()), os("-o"), os(&link)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(
        o.stderr.contains(&format!(
            "note: `{}` is a device or pipe: no report or manifest is written beside it\n",
            link.display()
        )),
        "{}",
        o.stderr
    );
    assert!(std::fs::metadata("/dev/null")
        .expect("/dev/null")
        .file_type()
        .is_char_device());
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    assert_eq!(names(tmp.path()), ["null", "reference"]);

    // `/proc/self/fd/1`, a link to the pipe of standard output: the corpus arrives there.
    if Path::new("/proc/self/fd/1").exists() {
        let o = ingest(&sample_dir(), Path::new("/proc/self/fd/1"));
        assert_eq!(o.code, Some(0), "{}", o.stderr);
        assert_eq!(o.stdout, want);
    }

    let fifo = tmp.path().join("pipe");
    let st = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(st.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut got = Vec::new();
            std::fs::File::open(&fifo)
                .expect("open the fifo")
                .read_to_end(&mut got)
                .expect("read the fifo");
            got
        })
    };
    // A FIFO has no extension: CSV, as for any name that is not `.parquet`.
    let o = ingest(&sample_dir(), &fifo);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(reader.join().expect("reader"), want);
    assert!(std::fs::symlink_metadata(&fifo)
        .expect("fifo")
        .file_type()
        .is_fifo());
    assert_eq!(names(tmp.path()), ["null", "pipe", "reference"]);
}

/// `-o` an existing folder, a dangling link, `.parquet.gz` and `.csv.bz2` are refused before
/// anything is read or written.
#[test]
fn output_paths_that_cannot_be_honoured_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("d");
    std::fs::create_dir(&dir).expect("mkdir");
    let mut cases = vec![
        (dir.clone(), "it is a folder: name a file".to_string()),
        (
            tmp.path().join("x.parquet.gz"),
            "a gzipped Parquet file is not Parquet any more (Parquet is compressed inside, with zstd): name it .parquet".into(),
        ),
        (
            tmp.path().join("x.csv.bz2"),
            "dateline does not write .bz2 files; it writes .csv, .csv.gz and .parquet".into(),
        ),
    ];
    #[cfg(unix)]
    {
        let dangling = tmp.path().join("dangling.csv");
        std::os::unix::fs::symlink("nowhere/x.csv", &dangling).expect("symlink");
        cases.push((
            dangling,
            "it is a symbolic link to `nowhere/x.csv`, which does not exist".into(),
        ));
    }
    let corpus = tmp.path().join("c/corpus.parquet");
    assert_eq!(ingest(&sample_dir(), &corpus).code, Some(0));
    let before = names(tmp.path());
    for (out, why) in cases {
        let want = format!("error: refusing to write `{}`: {why}", out.display());
        let o = ingest(&sample_dir(), &out);
        assert_eq!(o.code, Some(1), "{}", o.stderr);
        assert_eq!(o.stderr.trim_end(), want);
        assert_eq!(names(tmp.path()), before);
        assert!(names(&dir).is_empty());
        // An analysis refuses the same paths with the same words, before it runs.
        let o = harness::run([os("terms"), os(&corpus), os("-o"), os(&out)]);
        assert_eq!(o.code, Some(1), "{}", o.stderr);
        assert_eq!(o.stderr.trim_end(), want);
        assert_eq!(names(tmp.path()), before);
    }
}

/// `-o x.csv.gz` is gzipped: gunzipped it has the bytes of `-o x.csv`; its report is
/// `x.report.csv.gz`, its manifest `x.manifest.json`; `terms` reads it.
#[test]
fn csv_gz_output_is_gzipped() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let want = sample_csv(tmp.path());
    let out = tmp.path().join("x.csv.gz");
    let o = ingest(&sample_dir(), &out);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let gz = std::fs::read(&out).expect("x.csv.gz");
    assert_eq!(&gz[..2], &[0x1f, 0x8b], "a gzip header");
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut plain)
        .expect("gunzip");
    assert_eq!(plain, want);
    assert_eq!(
        names(tmp.path()),
        [
            "reference",
            "x.csv.gz",
            "x.duplicates.csv.gz",
            "x.index",
            "x.manifest.json",
            "x.report.csv.gz"
        ]
    );
    // The same bytes every time (no time stamp in the gzip header).
    let o = ingest(&sample_dir(), &out);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(std::fs::read(&out).expect("again"), gz);
    let t = tmp.path().join("t.csv");
    let o = harness::run([os("--quiet"), os("terms"), os(&out), os("-o"), os(&t)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let t_plain = tmp.path().join("t2.csv");
    let o = harness::run([
        os("--quiet"),
        os("terms"),
        os(tmp.path().join("reference/corpus.csv")),
        os("-o"),
        os(&t_plain),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        std::fs::read(&t).expect("t"),
        std::fs::read(&t_plain).expect("t2")
    );
}

/// A corpus replaced by another run's file (its manifest left as it was) is refused by
/// `terms`; a corpus without any manifest is read, with a warning.
#[test]
fn a_corpus_that_does_not_match_its_manifest_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("a.parquet");
    let b = tmp.path().join("b.parquet");
    assert_eq!(ingest(&sample_dir(), &a).code, Some(0));
    let one = tmp.path().join("one");
    std::fs::create_dir(&one).expect("mkdir");
    harness::put_good(&one);
    assert_eq!(ingest(&one, &b).code, Some(0));
    std::fs::copy(&b, &a).expect("copy b over a");
    let t = tmp.path().join("t.csv");
    let o = harness::run([os("--quiet"), os("terms"), os(&a), os("-o"), os(&t)]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.stderr.trim_end(),
        format!(
            "error: `{}` does not match `{}` (written by another run, or changed since)\nhint: re-run dateline ingest (or dateline run) to make the corpus and its manifest again",
            a.display(),
            tmp.path().join("a.manifest.json").display()
        )
    );
    assert!(!t.exists());
    // Without its manifest, the same file is read with a warning.
    std::fs::remove_file(tmp.path().join("a.manifest.json")).expect("rm");
    let o = harness::run([os("terms"), os(&a), os("-o"), os(&t)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        o.stderr.lines().next(),
        Some(
            format!(
                "warning: no manifest lists `{}`: it cannot be checked for completeness (made by hand, or by an older dateline?)",
                a.display()
            )
            .as_str()
        )
    );
    // The manifest records each output's size and XXH3.
    let m: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("b.manifest.json")).expect("manifest"),
    )
    .expect("json");
    let entry = &m["outputs"][0];
    assert_eq!(
        entry["bytes"].as_u64(),
        Some(std::fs::metadata(&b).expect("b").len())
    );
    let bytes = std::fs::read(&b).expect("b");
    assert_eq!(
        entry["xxh3"].as_str(),
        Some(format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes)).as_str())
    );
}

/// A child process that has exited: its pid is dead.
fn dead_pid() -> u32 {
    let mut c = std::process::Command::new("true")
        .spawn()
        .expect("spawn true");
    let pid = c.id();
    c.wait().expect("wait");
    pid
}

/// A stale temporary file of a dead dateline process is removed by the next run into that
/// folder; one of a live process, and hidden files that are not dateline's, stay.
#[test]
fn stale_temporary_files_of_dead_runs_are_removed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).expect("mkdir");
    let mut live = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .expect("spawn sleep");
    let dead = format!(".out.csv.dateline-{}-a1B2c3.tmp", dead_pid());
    let alive = format!(".out.csv.dateline-{}-a1B2c3.tmp", live.id());
    for n in [
        &dead,
        &alive,
        ".notes.tmp",
        ".out.csv.x7Y8z9.tmp",
        ".hidden",
    ] {
        std::fs::write(work.join(n), "partial").expect("write");
    }
    let o = ingest(&sample_dir(), &work.join("out.csv"));
    live.kill().expect("kill sleep");
    let _ = live.wait();
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let mut want = vec![
        ".hidden".to_string(),
        ".notes.tmp".into(),
        ".out.csv.x7Y8z9.tmp".into(),
        alive.clone(),
        "out.csv".into(),
        "out.duplicates.csv".into(),
        "out.index".into(),
        "out.manifest.json".into(),
        "out.report.csv".into(),
    ];
    want.sort();
    assert_eq!(names(&work), want);
}

/// A second dateline writing the same output is refused while the first holds the lock (its
/// pid alive); the lock of a dead process is taken over, and removed at the end.
#[test]
fn two_writers_of_one_output() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out.csv");
    let lock = tmp.path().join(".out.csv.lock");
    let mut live = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .expect("spawn sleep");
    std::fs::write(&lock, format!("{}\n", live.id())).expect("lock");
    let o = ingest(&sample_dir(), &out);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.stderr.trim_end(),
        format!(
            "error: another dateline process (pid {}) is writing `{}` (lock file `{}`)\nhint: wait for it to finish, or write elsewhere; a lock of a process that is gone is taken over",
            live.id(),
            out.display(),
            lock.display()
        )
    );
    assert_eq!(names(tmp.path()), [".out.csv.lock"]);
    live.kill().expect("kill");
    let _ = live.wait();
    std::fs::write(&lock, format!("{}\n", dead_pid())).expect("lock");
    let o = ingest(&sample_dir(), &out);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        names(tmp.path()),
        [
            "out.csv",
            "out.duplicates.csv",
            "out.index",
            "out.manifest.json",
            "out.report.csv"
        ]
    );
    // Two ingests at once: each is complete or refused, never a mixture.
    let a = harness::command([
        os("--quiet"),
        os("ingest"),
        os(sample_dir()),
        os("-o"),
        os(&out),
    ])
    .spawn()
    .expect("spawn");
    let b = ingest(&sample_dir(), &out);
    let a = a.wait_with_output().expect("wait");
    for (code, err) in [
        (
            a.status.code(),
            String::from_utf8_lossy(&a.stderr).into_owned(),
        ),
        (b.code, b.stderr.clone()),
    ] {
        assert!(
            code == Some(0) || (code == Some(1) && err.contains("is writing")),
            "{code:?}: {err}"
        );
    }
    assert_eq!(
        names(tmp.path()),
        [
            "out.csv",
            "out.duplicates.csv",
            "out.index",
            "out.manifest.json",
            "out.report.csv"
        ]
    );
    let o = harness::run([
        os("--quiet"),
        os("terms"),
        os(&out),
        os("-o"),
        os(tmp.path().join("t.csv")),
    ]);
    assert_eq!(
        o.code,
        Some(0),
        "the set matches its manifest: {}",
        o.stderr
    );
}

/// A companion that cannot be written (its name is taken by a folder: as a full disk would
/// fail the write) leaves the earlier set as it was, byte for byte, and no temporary file:
/// the report refused before the ingest, the manifest after the corpus was written.
#[test]
fn a_failed_companion_leaves_the_earlier_set() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out.csv");
    let one = tmp.path().join("one");
    std::fs::create_dir(&one).expect("mkdir");
    harness::put_good(&one);
    assert_eq!(ingest(&one, &out).code, Some(0));
    for blocked in ["out.report.csv", "out.manifest.json"] {
        let block = tmp.path().join(blocked);
        let kept = std::fs::read(&block).expect("companion");
        std::fs::remove_file(&block).expect("rm");
        std::fs::create_dir(&block).expect("mkdir");
        let before = folder_files(tmp.path());
        let o = ingest(&sample_dir(), &out);
        assert_eq!(o.code, Some(1), "{}", o.stderr);
        assert_eq!(
            o.stderr.trim_end(),
            format!(
                "error: refusing to write `{}`: it is a folder: name a file",
                block.display()
            ),
            "{blocked}"
        );
        assert_eq!(folder_files(tmp.path()), before, "{blocked}");
        let hidden: Vec<String> = names(tmp.path())
            .into_iter()
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "{blocked}: {hidden:?}");
        std::fs::remove_dir(&block).expect("rmdir");
        std::fs::write(&block, kept).expect("restore");
    }
    // An analysis: a companion blocked by a folder leaves the earlier table and manifest.
    let t = tmp.path().join("t.csv");
    let args = [os("--quiet"), os("terms"), os(&out), os("-o"), os(&t)];
    assert_eq!(harness::run(args.clone()).code, Some(0));
    let periods = tmp.path().join("t.periods.csv");
    std::fs::remove_file(&periods).expect("rm");
    std::fs::create_dir(&periods).expect("mkdir");
    let before = folder_files(tmp.path());
    let o = harness::run(args);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(folder_files(tmp.path()), before);
}

/// `count -o FOLDER` into a user's folder never removes the user's `terms.parquet` (only a
/// counts folder dateline wrote has files of an earlier layout to remove).
#[test]
fn count_keeps_user_files_in_its_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("c.parquet");
    assert_eq!(ingest(&sample_dir(), &corpus).code, Some(0));
    let dir = tmp.path().join("counts");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("terms.parquet"), "mine").expect("write");
    std::fs::write(dir.join("cells.parquet"), "mine too").expect("write");
    let o = harness::run([os("--quiet"), os("count"), os(&corpus), os("-o"), os(&dir)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        std::fs::read(dir.join("terms.parquet")).expect("t"),
        b"mine"
    );
    assert_eq!(
        std::fs::read(dir.join("cells.parquet")).expect("c"),
        b"mine too"
    );
}

/// `run` goes through the same output check as ingest: an output folder inside an input folder
/// is refused (the next run would read the results back as articles).
#[test]
fn run_output_inside_its_input_folder_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("articles");
    copy_dir(&sample_dir(), &input);
    let study = write_study(tmp.path(), &input);
    let out = input.join("results");
    let o = run(&study, &out, true);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.stderr.trim_end(),
        format!(
            "error: the output `{}` is inside the input folder `{}`\nhint: write it elsewhere (-o ../corpus.parquet): a later run would read it back as an article",
            out.display(),
            input.canonicalize().expect("abs").display()
        )
    );
    assert!(!out.exists());
    assert_eq!(folder_files(&input), folder_files(&sample_dir()));
}

/// A counts folder whose tables are not those its `counts.json` fingerprints (a partition file
/// of another count copied in) is refused by `terms` and by `merge`.
#[test]
fn a_counts_folder_that_does_not_match_its_counts_json_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let all = tmp.path().join("all.parquet");
    assert_eq!(ingest(&sample_dir(), &all).code, Some(0));
    let one_dir = tmp.path().join("one");
    std::fs::create_dir(&one_dir).expect("mkdir");
    harness::put_good(&one_dir);
    let one = tmp.path().join("one.parquet");
    assert_eq!(ingest(&one_dir, &one).code, Some(0));
    let count = |corpus: &Path, out: &Path| {
        harness::run([
            os("--quiet"),
            os("count"),
            os(corpus),
            os("--by"),
            os("year"),
            os("-o"),
            os(out),
        ])
    };
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    assert_eq!(count(&all, &a).code, Some(0));
    assert_eq!(count(&one, &b).code, Some(0));
    let o = harness::run([os("--quiet"), os("terms"), os(&a)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let part = "terms/period=2017/part-0.parquet";
    std::fs::copy(b.join(part), a.join(part)).expect("copy a partition of b into a");
    let want = format!(
        "error: `{}` does not match `{}` (written by another run, or changed since)\nhint: count again (dateline count / dateline merge) into this folder",
        a.join("terms").display(),
        a.join("counts.json").display()
    );
    let o = harness::run([os("--quiet"), os("terms"), os(&a)]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(o.stderr.trim_end(), want);
    assert!(o.stdout.is_empty());
    let o = harness::run([
        os("--quiet"),
        os("merge"),
        os(&a),
        os("-o"),
        os(tmp.path().join("m")),
    ]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(o.stderr.trim_end(), want);
    assert!(!tmp.path().join("m").exists());
}

/// SIGKILL during `ingest` leaves its temporary corpus file and its lock (nothing can remove
/// them then); the next ingest into that folder takes the lock over and removes the temporary
/// file: only the corpus, its report and its manifest are left.
#[cfg(unix)]
#[test]
fn sigkill_leftovers_are_cleaned_by_the_next_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // A FIFO given as the input blocks the ingest (no writer) after its output was started.
    let fifo = tmp.path().join("blocked.txt");
    let st = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(st.success());
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).expect("mkdir");
    let out = work.join("out.csv");
    let mut child = harness::command([os("--quiet"), os("ingest"), os(&fifo), os("-o"), os(&out)])
        .spawn()
        .expect("spawn");
    let pid = child.id();
    let temp_prefix = format!(".out.csv.dateline-{pid}-");
    let t = std::time::Instant::now();
    while !names(&work).iter().any(|n| n.starts_with(&temp_prefix)) {
        assert!(
            t.elapsed() < std::time::Duration::from_secs(20),
            "no temporary file appeared: {:?}",
            names(&work)
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let left = names(&work);
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(
        left[0].starts_with(&temp_prefix)
            && Path::new(&left[0]).extension() == Some("tmp".as_ref()),
        "{left:?}"
    );
    assert_eq!(left[1], ".out.csv.lock");
    assert_eq!(
        std::fs::read_to_string(work.join(".out.csv.lock")).expect("lock"),
        format!("{pid}\n")
    );
    let o = ingest(&sample_dir(), &out);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        names(&work),
        [
            "out.csv",
            "out.duplicates.csv",
            "out.index",
            "out.manifest.json",
            "out.report.csv"
        ]
    );
}

/// The companions of an output (report, manifest, periods) replace only files an earlier
/// manifest beside them lists: a user's `x.report.csv`, `x.manifest.json` or `t.periods.csv`
/// is refused, byte for byte intact, nothing written; the `-o` file itself is the user's
/// choice and is replaced.
#[test]
fn companions_never_replace_user_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let x = tmp.path().join("x.csv");
    let report = tmp.path().join("x.report.csv");
    let manifest = tmp.path().join("x.manifest.json");
    for (file, bytes, why) in [
        (
            &report,
            "my report\n",
            "a file of that name exists and dateline did not write it (no manifest beside it lists it): move it, or name another output",
        ),
        (
            &manifest,
            "{\"mine\": true}\n",
            "a file of that name exists and is not a dateline manifest (move it, or name another output)",
        ),
    ] {
        std::fs::write(file, bytes).expect("write");
        let o = ingest(&sample_dir(), &x);
        assert_eq!(o.code, Some(1), "{}", o.stderr);
        assert_eq!(
            o.stderr.trim_end(),
            format!("error: refusing to write `{}`: {why}", file.display())
        );
        assert_eq!(std::fs::read_to_string(file).expect("kept"), bytes);
        assert_eq!(names(tmp.path()).len(), 1, "{:?}", names(tmp.path()));
        std::fs::remove_file(file).expect("rm");
    }
    // The user's own file at -o is replaced; then the set is dateline's and is replaced again.
    std::fs::write(&x, "my own x\n").expect("write");
    for _ in 0..2 {
        let o = ingest(&sample_dir(), &x);
        assert_eq!(o.code, Some(0), "{}", o.stderr);
        assert_eq!(
            names(tmp.path()),
            [
                "x.csv",
                "x.duplicates.csv",
                "x.index",
                "x.manifest.json",
                "x.report.csv"
            ]
        );
    }
    assert_eq!(harness::read_csv(&x).len(), 19);
    let periods = tmp.path().join("t.periods.csv");
    std::fs::write(&periods, "mine\n").expect("write");
    let t = tmp.path().join("t.csv");
    let o = harness::run([os("--quiet"), os("terms"), os(&x), os("-o"), os(&t)]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.stderr.trim_end(),
        format!(
            "error: refusing to write `{}`: a file of that name exists and dateline did not write it (no manifest beside it lists it): move it, or name another output",
            periods.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&periods).expect("kept"), "mine\n");
    assert!(!t.exists());
}
