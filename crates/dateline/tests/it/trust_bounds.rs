//! Issue 15, sections 3 and 7, beyond `dateline ingest <folder>` with the defaults: the input
//! and document limits (`DATELINE_MAX_INPUT_MB`, `DATELINE_MAX_DOC_MB`) set low so that bombs
//! and over-long documents are cheap to build, and the real xmarquez R files.

use std::path::{Path, PathBuf};

use crate::bad_inputs::{gzip, P3};
use crate::bad_inputs_bounds::zip_of;
use crate::harness::{self, assert_good_present, page, put_good, read_csv, Outcome};

/// `dateline ingest <dir> -o <tmp>/out.csv` with `env` set.
fn ingest_env(dir: &Path, out: &Path, env: &[(&str, &str)]) -> Outcome {
    ingest_args(dir, out, env, &[])
}

/// [`ingest_env`] with more arguments.
fn ingest_args(dir: &Path, out: &Path, env: &[(&str, &str)], args: &[&str]) -> Outcome {
    let mut c = harness::command([
        "ingest".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("run dateline");
    Outcome {
        code: o.status.code(),
        stdout: o.stdout,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn folder() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    put_good(&input);
    (tmp, input)
}

const ONE_MIB: &[(&str, &str)] = &[("DATELINE_MAX_INPUT_MB", "1"), ("DATELINE_MAX_DOC_MB", "1")];

#[test]
fn gzip_bomb_is_refused_while_it_streams() {
    let (tmp, input) = folder();
    // 10 MiB of zeros: about 10 KiB of gzip.
    let bomb = gzip(&vec![0u8; 10 << 20]);
    assert!(bomb.len() < 20_000, "{}", bomb.len());
    let p = input.join("bomb.txt.gz");
    std::fs::write(&p, &bomb).expect("write");
    let o = ingest_env(&input, &tmp.path().join("out.csv"), ONE_MIB);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.problems(),
        vec![format!(
            "skipped: {}: decompresses to more than 1 MiB (limit DATELINE_MAX_INPUT_MB)",
            p.display()
        )]
    );
    assert_good_present(&read_csv(&tmp.path().join("out.csv")), "gzip bomb");
}

#[test]
fn zip_bomb_member_and_large_file_are_refused_before_reading() {
    let (tmp, input) = folder();
    let big = vec![b'a'; 3 << 20];
    let z = zip_of(&[
        ("big.txt", &big[..]),
        ("small.txt", b"Small Zipped\n\nIt was small.\n"),
    ]);
    assert!(z.len() < 100_000);
    let pz = input.join("bomb.zip");
    std::fs::write(&pz, &z).expect("write");
    let pf = input.join("large.txt");
    std::fs::write(&pf, vec![b'b'; (1 << 20) + 1]).expect("write");
    let o = ingest_env(&input, &tmp.path().join("out.csv"), ONE_MIB);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.problems(),
        vec![
            format!(
                "skipped: {}!/big.txt: decompresses to more than 1 MiB (limit DATELINE_MAX_INPUT_MB)",
                pz.display()
            ),
            format!(
                "skipped: {}: is larger than 1 MiB (limit DATELINE_MAX_INPUT_MB)",
                pf.display()
            ),
        ]
    );
    let rows = read_csv(&tmp.path().join("out.csv"));
    assert_good_present(&rows, "zip bomb");
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| r.get("title") == "Small Zipped"));
}

#[test]
fn over_long_documents_are_skipped_with_their_place() {
    let (tmp, input) = folder();
    let long = "The workers of the province made great innovations in production. ".repeat(20_000);
    assert!(long.len() > 1 << 20 && long.len() < 2 << 20);
    let text = page("Too Long Article", "13/07/2025", &[&long], "2025.07.13.");
    let pt = input.join("long.txt");
    std::fs::write(&pt, &text).expect("write");
    let csv = format!("date,title,body\n2018-01-02,Short Row,{P3}\n2018-01-03,Long Row,{long}\n");
    let pc = input.join("rows.csv");
    std::fs::write(&pc, &csv).expect("write");
    let o = ingest_env(
        &input,
        &tmp.path().join("out.csv"),
        &[("DATELINE_MAX_DOC_MB", "1")],
    );
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    let mib = |n: usize| format!("{:.1} MiB", n as f64 / f64::from(1 << 20));
    assert_eq!(
        o.problems(),
        vec![
            format!(
                "skipped: {}: document of {} is larger than 1 MiB (limit DATELINE_MAX_DOC_MB)",
                pt.display(),
                mib(text.len())
            ),
            format!(
                "skipped: {}:3: document of {} is larger than 1 MiB (limit DATELINE_MAX_DOC_MB)",
                pc.display(),
                mib(long.trim().len() + "Long Row".len())
            ),
        ]
    );
    let rows = read_csv(&tmp.path().join("out.csv"));
    assert_good_present(&rows, "long documents");
    let titles: Vec<&str> = rows.iter().map(|r| r.get("title")).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.contains(&"Short Row"));
}

#[test]
fn a_limit_that_is_not_a_number_is_refused() {
    let (tmp, input) = folder();
    for (var, val) in [
        ("DATELINE_MAX_DOC_MB", "abc"),
        ("DATELINE_MAX_INPUT_MB", "0"),
    ] {
        let out = tmp.path().join("out.csv");
        let o = ingest_env(&input, &out, &[(var, val)]);
        assert_eq!(o.code, Some(1), "{}", o.stderr);
        assert!(
            o.stderr.contains(&format!(
                "{var}=`{val}`: expected a whole number of MiB from 1 to 1048576"
            )),
            "{}",
            o.stderr
        );
        assert!(!out.exists());
    }
}

/// `../shared/corpora/xmarquez-kcna-rpkg/data`, or `None` with a message.
fn xmarquez() -> Option<PathBuf> {
    let p = harness::workspace().join("../shared/corpora/xmarquez-kcna-rpkg/data");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared/corpora not found");
        None
    }
}

/// The R data package's stories and headlines, against the row counts its SOURCE.md states:
/// KCNA_2012 10,869 rows, 10,340 with a story; headlines 114,641 rows; korean_names a list.
#[test]
fn xmarquez_rda_files_are_read() {
    let Some(data) = xmarquez() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    for f in ["KCNA_2012.rda", "headlines.rda", "korean_names.rda"] {
        std::os::unix::fs::symlink(data.join(f), input.join(f)).expect("link");
    }
    let out = tmp.path().join("out.csv");
    let o = ingest_env(&input, &out, &[]);
    let (records, kept, dups) = summary(&o);
    // Every row of KCNA_2012 and of the headlines (SOURCE.md: 10,869 and 114,641) is a record.
    assert_eq!(records, 10_869 + 114_641, "{}", o.stderr);
    // The headline table has no text column: read as headlines (title-only documents), said once.
    assert!(
        o.problems().iter().any(|p| p.ends_with(
            "headlines.rda!headlines: no text column (looked for `body`, `text`, `content`, `story`, `story_text`, `article`): read as headlines, one title-only document per row"
        )),
        "{}",
        o.stderr
    );
    let rows = read_csv(&out);
    assert_eq!(rows.len() as u64, kept);
    let copies = read_csv(&tmp.path().join("out.duplicates.csv"));
    assert_eq!(copies.len() as u64, dups);
    // Each record is a kept document or a row of the duplicates table: none is lost.
    let from_2012 = |rs: &[harness::Row]| {
        rs.iter()
            .filter(|r| r.get("origin").contains("KCNA_2012.rda!KCNA_2012#"))
            .count()
    };
    assert_eq!(from_2012(&rows) + from_2012(&copies), 10_869);
    let first = rows
        .iter()
        .find(|r| r.get("origin").ends_with("KCNA_2012.rda!KCNA_2012#1"))
        .expect("row 1");
    assert_eq!(first.get("date"), "2012-01-01");
    assert!(
        o.problems()
            .iter()
            .any(|p| p.ends_with("korean_names.rda!korean_names: not a data frame (list of 3)")),
        "{}",
        o.stderr
    );
    // With the headline as the text column, every one of the 114,641 rows is a record.
    let o = ingest_args(
        &input.join("headlines.rda"),
        &tmp.path().join("h.csv"),
        &[],
        &["--text-col", "title"],
    );
    assert_eq!(summary(&o).0, 114_641, "{}", o.stderr);
}

/// Records, documents kept and duplicates of the summary line
/// (`read … files (…): N records = K documents kept (T title-only) + D duplicates removed + …`).
fn summary(o: &Outcome) -> (u64, u64, u64) {
    let line = o
        .stderr
        .lines()
        .find(|l| l.starts_with("read ") && l.contains(" records = "))
        .unwrap_or_else(|| panic!("no summary line in {}", o.stderr));
    let counts = line.split("): ").nth(1).expect("counts");
    let counts = counts.split(';').next().expect("counts");
    let n = |what: &str| -> u64 {
        counts
            .split(" + ")
            .flat_map(|c| c.split(" = "))
            .find_map(|c| {
                let c = c.split(" (").next().unwrap_or(c).trim();
                c.strip_suffix(what)?.trim().parse().ok()
            })
            .unwrap_or_else(|| panic!("no `{what}` in {line}"))
    };
    (n("records"), n("documents kept"), n("duplicates removed"))
}
