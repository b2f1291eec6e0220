//! data/sample: the facts listed in data/sample/README.md (counted there by
//! tests/verify/make_sample.py, independently of this crate).

use std::collections::BTreeMap;

use dateline_core::Kind;

use crate::{root, run};

/// Case-insensitive whole-word count, `(?<!\w)word(?!\w)` as in make_sample.py.
fn count(text: &str, word: &str) -> usize {
    let re = regex::RegexBuilder::new(&format!(r"(?:^|[^\w]){}(?:$|[^\w])", regex::escape(word)))
        .case_insensitive(true)
        .build()
        .unwrap();
    // Non-overlapping matches would skip adjacent words sharing a separator: step manually.
    let mut n = 0;
    let mut at = 0;
    while let Some(m) = re.find_at(text, at) {
        n += 1;
        at = m.end().saturating_sub(1).max(m.start() + 1);
    }
    n
}

#[test]
fn sample_corpus_facts() {
    let out = run(&[root().join("data/sample")]);
    let r = &out.report;
    assert_eq!(r.files_seen, 21); // 20 pages + README.md
    assert_eq!(r.files_ignored, 1);
    assert_eq!(r.records, 22);
    assert_eq!(r.kept, 19);
    assert_eq!(r.duplicates_removed, 1);
    assert_eq!(r.teasers_already_present, 1);
    assert_eq!(r.teasers_dropped, 1);
    assert_eq!((r.undated, r.non_english), (0, 0));
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let docs = &out.documents;
    assert!(docs
        .iter()
        .all(|d| d.kind == Kind::Article && d.flags.is_empty()));
    assert!(docs
        .iter()
        .all(|d| d.lang == "en" && d.source.as_deref() == Some("KCNA")));
    assert_eq!(
        docs.first().unwrap().date.unwrap().to_string(),
        "2017-03-07"
    );
    assert_eq!(docs.last().unwrap().date.unwrap().to_string(), "2019-04-26");
    let dup = docs
        .iter()
        .find(|d| d.title.as_deref() == Some("Panmunjom Declaration for Peace Adopted"))
        .unwrap();
    assert_eq!(dup.copies, 2);
    // The copy sorts first by path, so its origin is the one kept.
    assert!(dup
        .origin
        .contains("2018-04-28-panmunjom-declaration-copy.txt"));
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for d in docs {
        *per_year
            .entry(chrono::Datelike::year(&d.date.unwrap()))
            .or_default() += 1;
    }
    assert_eq!(per_year, BTreeMap::from([(2017, 8), (2018, 9), (2019, 2)]));
    let expected: &[(&str, [usize; 3])] = &[
        ("nuclear", [18, 5, 0]),
        ("sanctions", [15, 0, 1]),
        ("peace", [4, 24, 3]),
        ("summit", [0, 17, 2]),
        ("Kim Jong Un", [6, 18, 3]),
        ("Moon Jae In", [0, 8, 0]),
        ("Sergei Lavrov", [0, 0, 4]),
    ];
    for (word, want) in expected {
        let got: Vec<usize> = [2017, 2018, 2019]
            .iter()
            .map(|y| {
                docs.iter()
                    .filter(|d| chrono::Datelike::year(&d.date.unwrap()) == *y)
                    .map(|d| count(&d.text(), word))
                    .sum()
            })
            .collect();
        assert_eq!(got, want.to_vec(), "{word}");
    }
    let places: BTreeMap<&str, usize> = docs.iter().fold(BTreeMap::new(), |mut m, d| {
        *m.entry(d.place.as_deref().unwrap()).or_default() += 1;
        m
    });
    assert_eq!(
        places,
        BTreeMap::from([
            ("Beijing", 3),
            ("Panmunjom", 2),
            ("Pyongyang", 12),
            ("Singapore", 1),
            ("Vladivostok", 1)
        ])
    );
}

/// Streaming ingestion (every document through the temporary file, one file per chunk, tiny
/// batches) gives the documents and the report of the in-memory one, teasers kept or not.
#[test]
fn streaming_equals_in_memory() {
    use dateline_ingest::{ingest_to, StreamOptions};
    let paths = [root().join("data/sample"), root().join("data/seed")];
    for teasers in [false, true] {
        let opts = dateline_ingest::IngestOptions {
            teasers,
            ..dateline_ingest::IngestOptions::default()
        };
        let whole = dateline_ingest::ingest(&paths, &opts, &|_| {});
        for (memory_bytes, batch_rows) in [(0, 3), (20_000, 1), (usize::MAX, 7)] {
            let stream = StreamOptions {
                batch_rows,
                memory_bytes,
                chunk_bytes: 1,
                ..StreamOptions::default()
            };
            let mut batches = Vec::new();
            let report = ingest_to::<std::io::Error>(&paths, &opts, &stream, &|_| {}, &mut |b| {
                batches.push(b);
                Ok(())
            })
            .unwrap();
            assert_eq!(
                report, whole.report,
                "teasers {teasers}, memory {memory_bytes}"
            );
            assert!(batches
                .iter()
                .all(|b| !b.is_empty() && b.len() <= batch_rows));
            let docs: Vec<_> = batches.into_iter().flatten().collect();
            assert_eq!(
                docs, whole.documents,
                "teasers {teasers}, memory {memory_bytes}"
            );
        }
        assert_eq!(whole.report.kept as usize, whole.documents.len());
        assert!(whole.documents.iter().any(|d| d.copies > 1));
    }
}
