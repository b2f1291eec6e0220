//! Outputs never overwrite an input, and `dateline run` never deletes files it did not write
//! (`--force` lets it write into a folder holding other files, which stay).

use crate::harness::{self, folder_files, sample_dir, write_study};

const ARTICLES_CSV: &str = "date,title,text\n2018-01-02,Row One,The first row of the table.\n";

#[test]
fn ingest_refuses_to_write_over_its_input_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let x = tmp.path().join("x.csv");
    std::fs::write(&x, ARTICLES_CSV).expect("write x.csv");
    let o = harness::run([
        "ingest".as_ref(),
        x.as_os_str(),
        "-o".as_ref(),
        x.as_os_str(),
    ]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.stderr.trim_end(),
        format!(
            "error: refusing to overwrite the input `{}` with an output",
            x.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&x).expect("x.csv"), ARTICLES_CSV);
    // Nothing else was written beside it.
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("x.csv")]);
}

#[test]
fn ingest_refuses_the_same_file_by_another_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let x = tmp.path().join("x.csv");
    std::fs::write(&x, ARTICLES_CSV).expect("write x.csv");
    let other = tmp.path().join("sub/../x.csv");
    std::fs::create_dir(tmp.path().join("sub")).expect("mkdir");
    let o = harness::run([
        "ingest".as_ref(),
        x.as_os_str(),
        "-o".as_ref(),
        other.as_os_str(),
    ]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.contains("refusing to overwrite the input"),
        "{}",
        o.stderr
    );
    assert_eq!(std::fs::read_to_string(&x).expect("x.csv"), ARTICLES_CSV);
}

/// `dateline ingest corpus/ -o corpus/corpus.csv`: an output inside an input folder would be read
/// back as articles by the next run, so it is refused with a clear message and nothing is written.
#[test]
fn ingest_output_inside_the_input_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("corpus");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("x.csv"), ARTICLES_CSV).expect("write");
    let out = dir.join("corpus.csv");
    let o = harness::run([
        "ingest".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.contains("error: the output") && o.stderr.contains("is inside the input folder"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("hint: write it elsewhere"),
        "{}",
        o.stderr
    );
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(&dir).expect("ls").count(),
        1,
        "only x.csv is left"
    );
}

#[test]
fn run_keeps_foreign_files_without_force_and_with_force() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = write_study(tmp.path(), &sample_dir());
    let out = tmp.path().join("results");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("thesis-notes.txt"), "my notes\n").expect("write");
    std::fs::create_dir(out.join("figures")).expect("mkdir");
    std::fs::write(out.join("figures/fig1.svg"), "<svg/>").expect("write");
    let before = folder_files(&out);
    let args = |force: bool| {
        let mut a: Vec<std::ffi::OsString> = vec![
            "--quiet".into(),
            "run".into(),
            study.clone().into(),
            "-o".into(),
            out.clone().into(),
        ];
        if force {
            a.push("--force".into());
        }
        a
    };
    let o = harness::run(args(false));
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    // The exact layout (error first, hint last) is checked by `hint_is_printed_as_a_hint`.
    assert!(
        o.stderr.contains(&format!(
            "the output folder `{}` holds files that dateline did not write",
            out.display()
        )) && o.stderr.contains("replace it with --force"),
        "{}",
        o.stderr
    );
    assert_eq!(
        folder_files(&out),
        before,
        "the foreign files are untouched"
    );
    // No staging folder is left behind by the refused run.
    let hidden: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");

    let o = harness::run(args(true));
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let after = folder_files(&out);
    assert!(after.contains_key(std::path::Path::new("corpus.csv")));
    assert!(after.contains_key(std::path::Path::new("manifest.json")));
    // --force lets dateline write into the folder, never over or instead of the user's files
    // (issue 15: nothing is deleted that dateline did not write).
    assert_eq!(
        after.get(std::path::Path::new("thesis-notes.txt")),
        before.get(std::path::Path::new("thesis-notes.txt"))
    );
    assert_eq!(
        after.get(std::path::Path::new("figures/fig1.svg")),
        before.get(std::path::Path::new("figures/fig1.svg"))
    );
    assert_eq!(harness::read_csv(&out.join("corpus.csv")).len(), 19);

    // The folder now holds a dateline run: a second run replaces it without --force.
    let o = harness::run(args(false));
    assert_eq!(o.code, Some(0), "{}", o.stderr);
}

/// `error: <what is wrong>`, then `hint: <what to do>` (STYLE.md): the hint must not be printed
/// as the error with the real error demoted to a cause.
#[test]
fn hint_is_printed_as_a_hint() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = write_study(tmp.path(), &sample_dir());
    let out = tmp.path().join("results");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("thesis-notes.txt"), "my notes\n").expect("write");
    let o = harness::run([
        "--quiet".as_ref(),
        "run".as_ref(),
        study.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.stderr.trim_end(),
        format!(
            "error: the output folder `{}` holds files that dateline did not write\nhint: choose another folder with --output, or replace it with --force",
            out.display()
        )
    );
    let missing = tmp.path().join("nope.parquet");
    let o = harness::run(["terms".as_ref(), missing.as_os_str()]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.starts_with(&format!(
            "error: cannot read the corpus `{}`",
            missing.display()
        )) && o.stderr.trim_end().ends_with(
            "hint: make a corpus table first: dateline ingest <FOLDER> -o corpus.parquet"
        ),
        "{}",
        o.stderr
    );
}
