//! Folder walking (ignored files, symlink loops) and merge invariants (record accounting,
//! independence from thread scheduling), on generated folders.

use std::path::PathBuf;

use dateline_ingest::{ingest, IngestOptions, Ingested};
use proptest::prelude::*;

use crate::run;

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn walk_ignores_by_extension_and_reports_symlink_loops() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(
        d,
        "b/2018-01-02-one.txt",
        "One\n\nFirst article text here.\n",
    );
    write(d, "a/SOURCE.md", "# notes\n");
    write(d, "a/picture.png", "not really a png");
    write(d, "a/data.rda", "BZh91AY");
    write(d, "a/.hidden.txt", "Hidden\n\nNot read.\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(d, d.join("b/loop")).unwrap();
    let out = run(&[d.to_path_buf()]);
    let r = &out.report;
    assert_eq!(r.kept, 1);
    // `.rda` files are read (issue 15): this one is not R data, and says so.
    assert_eq!(r.files_ignored, 3);
    assert_eq!(r.files_seen, 5);
    let rda = format!(
        "{}: not R data (no RDX2/RDX3 or XDR header)",
        d.join("a/data.rda").display()
    );
    assert!(
        r.problems.iter().any(|p| p.message() == rda),
        "{:?}",
        r.problems
    );
    #[cfg(unix)]
    {
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
        let lp = r.problems.iter().find(|p| p.message() != rda).unwrap();
        assert!(lp.reason.starts_with("symlink loop to `"), "{}", lp.reason);
        assert!(lp.message().contains("b/loop"));
    }
    // A missing path is a problem, not a panic.
    let out = run(&[d.join("missing.txt")]);
    assert_eq!(out.report.problems.len(), 1);
    assert!(out.report.problems[0].reason.starts_with("cannot read: "));
}

fn in_pool(threads: usize, paths: &[PathBuf]) -> Ingested {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| ingest(paths, &IngestOptions::default(), &|_| {}))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Files drawn from a small pool of texts (so duplicates are common): every record is kept,
    /// collapsed or empty; copies add up; the result is the same on 1 and 3 threads.
    #[test]
    fn merge_accounting_and_determinism(picks in prop::collection::vec(0usize..6, 1..14)) {
        let pool = [
            "Alpha\n\nPyongyang, May 1 (KCNA) -- Alpha text one. -0-\n",
            "Beta\n\nBeta text two.\n",
            "Beta\n\n  Beta   text two.  \n",
            "Gamma\n\nGamma text three.\n",
            "Delta\n\nDelta text four.\n",
            "   \n\n",
        ];
        let tmp = tempfile::tempdir().unwrap();
        for (i, p) in picks.iter().enumerate() {
            write(tmp.path(), &format!("2019-05-{:02}-f{i:02}.txt", 1 + i % 28), pool[*p]);
        }
        let paths = vec![tmp.path().to_path_buf()];
        let a = in_pool(1, &paths);
        let b = in_pool(3, &paths);
        let r = &a.report;
        prop_assert_eq!(r.records, r.kept + r.duplicates_removed + r.empty_records);
        prop_assert_eq!(r.accounting_error(), None);
        let copies: u64 = a.documents.iter().map(|d| u64::from(d.copies)).sum();
        prop_assert_eq!(copies, r.kept + r.duplicates_removed);
        prop_assert_eq!(r.duplicates.len() as u64, r.duplicates_removed);
        // Documents under the default rule (same text, dates at most a day apart, chained):
        // pool entries 1 and 2 are the same text after cleaning; file i is dated day 1 + i % 28.
        let mut days: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
        for (i, &p) in picks.iter().enumerate().filter(|(_, &p)| p != 5) {
            days.entry(if p == 2 { 1 } else { p }).or_default().push(1 + i % 28);
        }
        let mut want = 0;
        for ds in days.values_mut() {
            ds.sort_unstable();
            want += 1 + ds.windows(2).filter(|w| w[1] - w[0] > 1).count();
        }
        prop_assert_eq!(r.kept as usize, want);
        let key = |o: &Ingested| o.documents.iter().map(|d| (d.doc_id, d.origin.clone(), d.copies)).collect::<Vec<_>>();
        prop_assert_eq!(key(&a), key(&b));
        let dates: Vec<_> = a.documents.iter().map(|d| d.date).collect();
        prop_assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    }
}

/// Valid inputs of every format, for mutation.
const SEEDS: [(&str, &str); 6] = [
    ("a.txt", "February 17, 2026Feb 17, 2026\nKCNA KCNA.kp (En)\n\nTalks Held\n\nDate: 13/07/2025 | Source: KCNA.kp (En) | Read original version at source\n\nPyongyang, July 13 (KCNA) -- Talks were held. -0-\n\nwww.kcna.kp (2025.07.13.)\n"),
    ("a.json", r#"{"date": "2018-01-02", "articles": [{"title": "T", "content": "Body text here."}]}"#),
    ("a.jsonl", "{\"title\": \"A\", \"date\": 1514851200000, \"text\": \"One.\"}\n{\"title\": \"B\", \"text\": \"Two.\"}\n"),
    ("a.csv", "date,title,body\n2018-01-02,T,\"A body, with a comma\"\n"),
    ("a.tsv", "date\ttitle\ttext\n02/01/2018\tT\tBody.\n"),
    ("a.html", "<html><head><title>T</title></head><body><p>Mar. 10, Juche 111 (2022)</p><p>Body text.</p></body></html>"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any bytes, under any file name, give documents and reported problems, never a panic; the
    /// record accounting balances and every document has text.
    #[test]
    fn any_bytes_give_documents_or_problems(
        seed in 0usize..SEEDS.len(),
        cut in 0usize..400,
        flips in prop::collection::vec((0usize..400, any::<u8>()), 0..6),
        raw in prop::collection::vec(any::<u8>(), 0..300),
        use_raw in any::<bool>(),
        gz in any::<bool>(),
    ) {
        let (name, text) = SEEDS[seed];
        let mut bytes: Vec<u8> = if use_raw { raw } else { text.as_bytes().to_vec() };
        if !use_raw {
            bytes.truncate(cut.max(1).min(bytes.len()));
            let n = bytes.len();
            for (at, b) in flips {
                if n > 0 {
                    bytes[at % n] = b;
                }
            }
        }
        let name = if gz {
            use std::io::Write as _;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&bytes).unwrap();
            bytes = e.finish().unwrap();
            format!("{name}.gz")
        } else {
            name.to_string()
        };
        let out = dateline_ingest::ingest_bytes(std::path::Path::new(&name), bytes, &IngestOptions::default());
        let r = &out.report;
        prop_assert_eq!(
            r.records,
            r.kept + r.duplicates_removed + r.teasers_dropped + r.teasers_already_present + r.empty_records + r.skipped_records
        );
        prop_assert_eq!(r.accounting_error(), None);
        prop_assert_eq!(r.kept as usize, out.documents.len());
        // A record skipped is named by a skipped problem.
        prop_assert!(r.skipped_records <= r.problems.iter().filter(|p| p.skipped).count() as u64);
        for d in &out.documents {
            // Text, or a title-only record (flagged, title non-empty).
            prop_assert!(!d.body.is_empty() || (d.has_flag("title_only") && d.title.as_deref().is_some_and(|t| !t.is_empty())));
            prop_assert_eq!(d.n_chars as usize, d.body.chars().count());
        }
    }
}
