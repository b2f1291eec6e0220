//! `dateline count --entities`: entity counts in counts folders, summed by `merge`, give the
//! `entity_counts` table of a direct run byte for byte.

use std::ffi::OsStr;
use std::path::Path;

use crate::harness::{self, folder_files, sample_dir};

fn run(args: &[&OsStr]) -> harness::Outcome {
    harness::run(args)
}

fn ok(args: &[&OsStr]) -> harness::Outcome {
    let o = run(args);
    assert_eq!(o.code, Some(0), "{args:?}: {}", o.stderr);
    o
}

fn count(corpus: &Path, out: &Path, extra: &[&str]) -> harness::Outcome {
    let mut a: Vec<&OsStr> = vec![
        "-q".as_ref(),
        "count".as_ref(),
        corpus.as_os_str(),
        "--by".as_ref(),
        "year".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    a.extend(extra.iter().map(OsStr::new));
    run(&a)
}

#[test]
fn sharded_entity_counts_equal_a_direct_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let t = tmp.path();
    let corpus = t.join("corpus.parquet");
    ok(&[
        "-q".as_ref(),
        "ingest".as_ref(),
        sample_dir().as_os_str(),
        "-o".as_ref(),
        corpus.as_os_str(),
    ]);
    for k in 1..=3 {
        let o = count(
            &corpus,
            &t.join(format!("c{k}")),
            &["--entities", "--shard", &format!("{k}/3")],
        );
        assert_eq!(o.code, Some(0), "{}", o.stderr);
    }
    assert_eq!(
        count(&corpus, &t.join("whole"), &["--entities"]).code,
        Some(0)
    );
    let all = t.join("all");
    ok(&[
        "-q".as_ref(),
        "merge".as_ref(),
        t.join("c1").as_os_str(),
        t.join("c2").as_os_str(),
        t.join("c3").as_os_str(),
        "-o".as_ref(),
        all.as_os_str(),
    ]);
    // The merged datasets are those of counting at once.
    for d in ["entities", "entity_cells"] {
        let files = folder_files(&all.join(d));
        assert!(
            files.keys().any(|p| p.starts_with("period=2018")),
            "{d}: {files:?}"
        );
        assert_eq!(files, folder_files(&t.join("whole").join(d)), "{d}");
    }
    assert_eq!(
        std::fs::read(all.join("entity_names.parquet")).expect("names"),
        std::fs::read(t.join("whole/entity_names.parquet")).expect("names")
    );
    // The marginals: documents per year add up to the corpus.
    let cells = dateline_tables::read_partitioned(&all.join("entity_cells"), "counts_entity_cells")
        .expect("cells");
    let docs: i64 = match cells.column("docs") {
        Some(dateline_tables::Values::Int(v)) => v.iter().sum(),
        other => panic!("{other:?}"),
    };
    assert_eq!(docs, 19);

    // entity_counts from the folder = from the corpus, also with --top and --track.
    for extra in [&[][..], &["--top", "2", "--track", "KOR"][..]] {
        let direct = {
            let mut a: Vec<&OsStr> = vec![
                "-q".as_ref(),
                "entities".as_ref(),
                corpus.as_os_str(),
                "--by".as_ref(),
                "year".as_ref(),
            ];
            a.extend(extra.iter().map(OsStr::new));
            ok(&a).stdout
        };
        let from = {
            let mut a: Vec<&OsStr> = vec!["-q".as_ref(), "entities".as_ref(), all.as_os_str()];
            a.extend(extra.iter().map(OsStr::new));
            ok(&a).stdout
        };
        let text = String::from_utf8(direct.clone()).expect("UTF-8");
        assert!(text.starts_with("period_start,period,type,entity_id,name,mentions,docs,per_10k\n"));
        assert!(text.lines().count() > 5, "{text}");
        assert_eq!(text, String::from_utf8(from).expect("UTF-8"), "{extra:?}");
    }
}

#[test]
fn merge_refuses_other_gazetteers_and_missing_entity_counts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let t = tmp.path();
    let corpus = t.join("corpus.parquet");
    ok(&[
        "-q".as_ref(),
        "ingest".as_ref(),
        sample_dir().as_os_str(),
        "-o".as_ref(),
        corpus.as_os_str(),
    ]);
    assert_eq!(
        count(&corpus, &t.join("a"), &["--entities", "--shard", "1/2"]).code,
        Some(0)
    );
    assert_eq!(
        count(
            &corpus,
            &t.join("b"),
            &["--entities", "--no-demonyms", "--shard", "2/2"]
        )
        .code,
        Some(0)
    );
    assert_eq!(
        count(&corpus, &t.join("c"), &["--shard", "2/2"]).code,
        Some(0)
    );
    let merge = |x: &str, y: &str| {
        run(&[
            "-q".as_ref(),
            "merge".as_ref(),
            t.join(x).as_os_str(),
            t.join(y).as_os_str(),
            "-o".as_ref(),
            t.join("m").as_os_str(),
        ])
    };
    let o = merge("a", "b");
    assert_ne!(o.code, Some(0));
    assert!(o.stderr.contains("different gazetteers"), "{}", o.stderr);
    let o = merge("a", "c");
    assert_ne!(o.code, Some(0));
    assert!(
        o.stderr
            .contains("only one of the folders holds entity counts"),
        "{}",
        o.stderr
    );
    assert!(!t.join("m").exists());
    let o = run(&["-q".as_ref(), "entities".as_ref(), t.join("c").as_os_str()]);
    assert_ne!(o.code, Some(0));
    assert!(o.stderr.contains("holds no entity counts"), "{}", o.stderr);
    let o = run(&[
        "-q".as_ref(),
        "entities".as_ref(),
        t.join("a").as_os_str(),
        "--no-demonyms".as_ref(),
    ]);
    assert_ne!(o.code, Some(0));
    assert!(
        o.stderr.contains(
            "cannot answer this: it was counted with --people/--countries/--no-name-finder/--no-demonyms (gazetteer "
        ),
        "{}",
        o.stderr
    );
    // A counts folder rewritten without --entities drops its old entity counts.
    assert_eq!(
        count(&corpus, &t.join("a"), &["--shard", "1/2"]).code,
        Some(0)
    );
    assert!(!t.join("a/entities").exists() && !t.join("a/entity_names.parquet").exists());
}
