//! Issue 15, section 3 (records accounted for), cases that need options or several paths:
//! `--text-col title`, `--dedupe`, `--na`, `-q` on a run that keeps nothing, a path given
//! twice, a folder and a file inside it, a Parquet corpus's duplicates table, and the stiles
//! corpus' duplicates.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::harness::{self, read_csv, Outcome, Row};

/// `dateline ingest <paths> <extra> -o <dir>/out.csv`.
fn ingest(dir: &Path, paths: &[PathBuf], extra: &[&str]) -> Outcome {
    let mut args: Vec<OsString> = vec!["ingest".into()];
    args.extend(paths.iter().map(|p| p.clone().into_os_string()));
    args.extend(extra.iter().map(Into::into));
    args.extend(["-o".into(), dir.join("out.csv").into_os_string()]);
    harness::run(args)
}

/// (title, date, flags, copies, body) of every corpus row, in corpus order.
fn docs(dir: &Path) -> Vec<(String, String, String, String, String)> {
    read_csv(&dir.join("out.csv"))
        .iter()
        .map(|r| {
            (
                r.get("title").to_string(),
                r.get("date").to_string(),
                r.get("flags").to_string(),
                r.get("copies").to_string(),
                r.get("body").to_string(),
            )
        })
        .collect()
}

fn row(
    t: &str,
    date: &str,
    flags: &str,
    copies: u32,
    body: &str,
) -> (String, String, String, String, String) {
    (
        t.into(),
        date.into(),
        flags.into(),
        copies.to_string(),
        body.into(),
    )
}

/// (date, origin file:line) of every duplicates row, with the kept document's title.
fn duplicates(dir: &Path) -> Vec<(String, String, String)> {
    let corpus = read_csv(&dir.join("out.csv"));
    let title = |id: &str| -> String {
        corpus
            .iter()
            .find(|r: &&Row| r.get("doc_id") == id)
            .map(|r| r.get("title").to_string())
            .unwrap_or_else(|| panic!("duplicate of unknown {id}"))
    };
    read_csv(&dir.join("out.duplicates.csv"))
        .iter()
        .map(|r| {
            let origin = r.get("origin");
            let file = origin.rsplit('/').next().unwrap_or(origin);
            (
                title(r.get("doc_id")),
                r.get("date").to_string(),
                file.to_string(),
            )
        })
        .collect()
}

const HEADLINES: &str = "date,title,body\n\
    2003-10-25,Kim Jong Il Inspects KPA Unit,\n\
    2003-10-25,Kim Jong Il Inspects KPA Unit,\n\
    2003-10-26,Kim Jong Il Inspects KPA Unit,\n\
    2004-01-02,Kim Jong Il Inspects KPA Unit,\n\
    2004-01-03,Talks Held,\n";

#[test]
fn headline_csv_default_and_text_col_title_and_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("headlines.csv");
    std::fs::write(&csv, HEADLINES).unwrap();
    let want = vec![
        row(
            "Kim Jong Il Inspects KPA Unit",
            "2003-10-25",
            "title_only",
            3,
            "",
        ),
        row(
            "Kim Jong Il Inspects KPA Unit",
            "2004-01-02",
            "title_only",
            1,
            "",
        ),
        row("Talks Held", "2004-01-03", "title_only", 1, ""),
    ];
    for extra in [&[][..], &["--text-col", "title"], &["-q"]] {
        let o = ingest(tmp.path(), std::slice::from_ref(&csv), extra);
        assert_eq!(o.code, Some(0), "{extra:?}: {}", o.stderr);
        assert_eq!(docs(tmp.path()), want, "{extra:?}");
        if extra == ["-q"] {
            assert_eq!(o.stderr, "");
        } else {
            let summary = o.stderr.lines().next().unwrap();
            assert!(
                summary.contains(": 5 records = 3 documents kept (3 title-only) + 2 duplicates removed + 0 teasers left out + 0 empty + 0 records skipped;"),
                "{summary}"
            );
        }
        assert_eq!(
            duplicates(tmp.path()),
            vec![
                (
                    "Kim Jong Il Inspects KPA Unit".into(),
                    "2003-10-25".into(),
                    "headlines.csv:3".into()
                ),
                (
                    "Kim Jong Il Inspects KPA Unit".into(),
                    "2003-10-26".into(),
                    "headlines.csv:4".into()
                ),
            ]
        );
    }
}

#[test]
fn dedupe_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("headlines.csv");
    std::fs::write(&csv, HEADLINES).unwrap();
    let k = "Kim Jong Il Inspects KPA Unit";
    let o = ingest(
        tmp.path(),
        std::slice::from_ref(&csv),
        &["--dedupe", "text"],
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        docs(tmp.path()),
        vec![
            row(k, "2003-10-25", "title_only", 4, ""),
            row("Talks Held", "2004-01-03", "title_only", 1, ""),
        ]
    );
    assert_eq!(
        duplicates(tmp.path()),
        vec![
            (k.into(), "2003-10-25".into(), "headlines.csv:3".into()),
            (k.into(), "2003-10-26".into(), "headlines.csv:4".into()),
            (k.into(), "2004-01-02".into(), "headlines.csv:5".into()),
        ]
    );
    let o = ingest(
        tmp.path(),
        std::slice::from_ref(&csv),
        &["--dedupe", "none"],
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let rows = read_csv(&tmp.path().join("out.csv"));
    assert_eq!(rows.len(), 5);
    let mut ids: Vec<&str> = rows.iter().map(|r| r.get("doc_id")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 5, "every document has its own id");
    assert!(rows.iter().all(|r| r.get("copies") == "1"));
    assert!(duplicates(tmp.path()).is_empty());
    // The manifest records the rule.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("out.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["options"]["dedupe"], "none");
    let o = ingest(tmp.path(), std::slice::from_ref(&csv), &["--dedupe", "day"]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr
            .contains("unknown --dedupe rule `day` (expected same-day, text or none)"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_run_that_keeps_nothing_says_why_even_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("empty-rows.csv");
    std::fs::write(&csv, "date,title,body\n2018-01-02,,\n2018-01-03,NA,NA\n").unwrap();
    for extra in [&["-q"][..], &["--lenient"]] {
        let o = ingest(tmp.path(), std::slice::from_ref(&csv), extra);
        assert_eq!(o.code, Some(1), "{extra:?}");
        assert_eq!(
            o.stderr.lines().last(),
            Some("error: no document kept: 2 records read: 2 without text or title, 0 skipped, 0 teasers left out"),
            "{extra:?}: {}",
            o.stderr
        );
        if extra == ["-q"] {
            assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
        }
    }
    // A folder of files dateline does not read (images, here).
    let dir = tmp.path().join("png");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("headlines.png"), b"\x89PNG\r\n").unwrap();
    let o = ingest(tmp.path(), &[dir], &["-q"]);
    assert_eq!(o.code, Some(1));
    assert_eq!(
        o.stderr,
        "error: no document kept: no file could be read (1 found, 1 ignored by extension, 0 skipped)\n"
    );
}

#[test]
fn the_same_file_reached_twice_is_read_once() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    let good = harness::put_good(&folder);
    let link = tmp.path().join("link.txt");
    std::os::unix::fs::symlink(&good, &link).unwrap();
    // The folder, the file inside it, the same file again and a symlink to it.
    let o = ingest(
        tmp.path(),
        &[folder.clone(), good.clone(), good.clone(), link],
        &[],
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let rows = read_csv(&tmp.path().join("out.csv"));
    assert_eq!(rows.len(), 1);
    harness::assert_good_present(&rows, "read once");
    assert_eq!(rows[0].get("copies"), "1");
    assert!(rows[0]
        .get("origin")
        .starts_with(&good.display().to_string()));
    assert!(duplicates(tmp.path()).is_empty());
    let summary = o.stderr.lines().next().unwrap();
    assert!(
        summary.starts_with("read 1 files (3 paths reached a file already read, read once)"),
        "{summary}"
    );
    assert!(
        summary.contains(": 1 records = 1 documents kept"),
        "{summary}"
    );
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("out.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["extra"]["report"]["files_repeated"], 3);
    assert_eq!(m["extra"]["report"]["duplicates_removed"], 0);
}

#[test]
fn na_option_says_which_cells_are_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("r.csv");
    std::fs::write(
        &csv,
        "date,title,body\n2011-01-01,NA,Body one.\n2011-01-02,Title Two,-\n",
    )
    .unwrap();
    let cases: [(&[&str], _); 3] = [
        (
            &[],
            vec![
                row("", "2011-01-01", "", 1, "Body one."),
                row("Title Two", "2011-01-02", "", 1, "-"),
            ],
        ),
        (
            &["--na", ""],
            vec![
                row("NA", "2011-01-01", "", 1, "Body one."),
                row("Title Two", "2011-01-02", "", 1, "-"),
            ],
        ),
        (
            &["--na", "-", "--na", "NA"],
            vec![
                row("", "2011-01-01", "", 1, "Body one."),
                row("Title Two", "2011-01-02", "title_only", 1, ""),
            ],
        ),
    ];
    for (extra, want) in cases {
        let o = ingest(tmp.path(), std::slice::from_ref(&csv), extra);
        assert_eq!(o.code, Some(0), "{extra:?}: {}", o.stderr);
        assert_eq!(docs(tmp.path()), want, "{extra:?}");
    }
}

#[test]
fn parquet_corpus_gets_a_parquet_duplicates_table() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("headlines.csv");
    std::fs::write(&csv, HEADLINES).unwrap();
    let out = tmp.path().join("corpus.parquet");
    let o = harness::run([
        "ingest".as_ref(),
        csv.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let dups = tmp.path().join("corpus.duplicates.parquet");
    assert!(dups.exists());
    assert!(!tmp.path().join("corpus.duplicates.csv").exists());
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("corpus.manifest.json")).unwrap())
            .unwrap();
    let outputs = m["outputs"].to_string();
    assert!(outputs.contains("corpus.duplicates.parquet"), "{outputs}");
}

/// The stiles corpus (2,111 records): counted independently with Python (headline and text
/// whitespace-normalized, grouped by the default rule): 1,307 documents, 804 duplicates.
#[test]
fn stiles_duplicates_are_listed() {
    let dir = harness::workspace().join("../shared/corpora/stiles-kcna-kp-2024");
    if !dir.exists() {
        eprintln!("skipping: {} is absent", dir.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let o = ingest(tmp.path(), &[dir], &["--lenient"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(
        o.stderr.contains(": 2111 records = 1307 documents kept (246 title-only) + 804 duplicates removed + 0 teasers left out + 0 empty + 0 records skipped;"),
        "{}",
        o.stderr
    );
    let rows = read_csv(&tmp.path().join("out.csv"));
    let dups = read_csv(&tmp.path().join("out.duplicates.csv"));
    assert_eq!((rows.len(), dups.len()), (1307, 804));
    let copies: u64 = rows
        .iter()
        .map(|r| r.get("copies").parse::<u64>().unwrap())
        .sum();
    assert_eq!(copies, 2111);
}

/// `dateline run` on inputs that give no document stops with the reason, writes nothing.
#[test]
fn a_study_that_keeps_nothing_stops() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("README.md"), "# not an article\n").unwrap();
    let study = harness::write_study(tmp.path(), &input);
    let o = harness::run(["-q".as_ref(), "run".as_ref(), study.as_os_str()]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.stderr,
        "error: no document kept: no file could be read (1 found, 1 ignored by extension, 0 skipped)\n"
    );
    assert!(!tmp.path().join("out").exists());
}

/// The study file takes the ingest options of `dateline ingest` (`[input] dedupe`, `na`,
/// `date_order`, `date_from`, columns), with the same meaning, and refuses a bad value with its
/// line.
#[test]
fn study_input_takes_the_ingest_options() {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    // Two copies of one article on one day, a row whose story is R's NA, and a slash date that
    // is certain only with an order.
    std::fs::write(
        input.join("articles.csv"),
        "when,headline,story\n\
         2018-01-02,Copy Of One Article,The same text of one article printed twice on one day.\n\
         2018-01-02,Copy Of One Article,The same text of one article printed twice on one day.\n\
         03/04/2018,A Slash Date,An article whose date is the third of April when read month first.\n\
         2018-01-05,Missing Story,-\n",
    )
    .expect("write csv");
    let base = harness::write_study(tmp.path(), &input);
    let text = std::fs::read_to_string(&base).expect("study");
    let study = |keys: &str| {
        let p = tmp.path().join("study-x.toml");
        let paths_line = text
            .lines()
            .find(|l| l.starts_with("paths = "))
            .expect("paths line")
            .to_string();
        std::fs::write(
            &p,
            text.replace(&paths_line, &format!("{paths_line}\n{keys}")),
        )
        .expect("write study");
        p
    };
    let ingest_of = |keys: &str| -> (Option<i32>, serde_json::Value, String) {
        let p = study(keys);
        let out = tmp.path().join("out-x");
        let _ = std::fs::remove_dir_all(&out);
        let o = harness::run([
            "--quiet".as_ref(),
            "run".as_ref(),
            p.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        let m = std::fs::read_to_string(out.join("manifest.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .map(|m| m["extra"]["ingest"].clone())
            .unwrap_or_default();
        (o.code, m, o.stderr)
    };
    let cols = "text_col = \"story\"\ntitle_col = \"headline\"\ndate_col = \"when\"\nna = [\"-\"]";
    // Defaults but the columns: the copy is a duplicate, `-` is missing (title-only kept), the
    // slash date is not certain (undated).
    let (code, m, err) = ingest_of(&format!("{cols}\nlenient = true"));
    // `lenient` is not an [input] key: refused, with the line.
    assert_ne!(code, Some(0), "{err}");
    assert!(err.contains("lenient"), "{err}");
    let (code, m0, err) = ingest_of(cols);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(m0["records"], 4, "{m0}");
    assert_eq!(m0["kept"], 3, "{m0}");
    assert_eq!(m0["duplicates_removed"], 1, "{m0}");
    assert_eq!(m0["undated"], 1, "{m0}");
    let (code, m1, err) = ingest_of(&format!("{cols}\ndedupe = \"none\"\ndate_order = \"mdy\""));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(m1["kept"], 4, "{m1}");
    assert_eq!(m1["duplicates_removed"], 0, "{m1}");
    assert_eq!(m1["undated"], 0, "{m1}");
    let (code, _, err) = ingest_of(&format!("{cols}\ndedupe = \"sometimes\""));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("[input] dedupe") && err.contains("sometimes"),
        "{err}"
    );
    let _ = m;
}
