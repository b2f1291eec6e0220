//! Counts folders refuse what they cannot answer (issue 15, section 6), and absurd outputs are
//! refused before they are built (section 7): `merge` checks the corpus and the shard plan,
//! analyses of a counts folder derive what they can (coarser periods, ranges on period
//! boundaries, fewer n-gram sizes) byte for byte as a direct run, and refuse the rest.

use std::path::{Path, PathBuf};

use crate::harness::{self, sample_dir};

fn run(args: &[&str]) -> harness::Outcome {
    harness::run(args)
}

fn ok(args: &[&str]) -> harness::Outcome {
    let o = run(args);
    assert_eq!(o.code, Some(0), "{args:?}: {}", o.stderr);
    o
}

/// The stderr lines that start with `error:`, `caused by:`, `hint:` or `warning:`.
fn messages(o: &harness::Outcome) -> Vec<String> {
    o.stderr
        .lines()
        .filter(|l| {
            l.starts_with("error: ")
                || l.starts_with("  caused by: ")
                || l.starts_with("hint: ")
                || l.starts_with("warning: ")
        })
        .map(str::to_string)
        .collect()
}

fn refused(args: &[&str]) -> Vec<String> {
    let o = run(args);
    assert_eq!(o.code, Some(1), "{args:?}: {}", o.stderr);
    messages(&o)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    corpus: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().to_path_buf();
        let corpus = dir.join("corpus.parquet");
        ok(&["-q", "ingest", s(&sample_dir()), "-o", s(&corpus)]);
        Fixture {
            _tmp: tmp,
            dir,
            corpus,
        }
    }

    fn p(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// `dateline count CORPUS --shard K/N -o NAME` (+ extra).
    fn count(&self, corpus: &Path, shard: &str, name: &str, extra: &[&str]) -> PathBuf {
        let out = self.p(name);
        let mut a = vec!["-q", "count", s(corpus), "--shard", shard, "-o", s(&out)];
        a.extend_from_slice(extra);
        ok(&a);
        out
    }
}

const HINT: &str =
    "hint: count again with the options you need (dateline count CORPUS …), or analyse the corpus table";

#[test]
fn merge_refuses_shards_of_two_plans() {
    let f = Fixture::new();
    let a = f.count(&f.corpus, "1/2", "a", &[]);
    let b = f.count(&f.corpus, "2/3", "b", &[]);
    let m = f.p("m");
    assert_eq!(
        refused(&["-q", "merge", s(&a), s(&b), "-o", s(&m)]),
        vec![
            format!("error: cannot merge `{}` with `{}`", s(&b), s(&a)),
            "  caused by: the shards come from different plans (1/2 and 2/3): count every shard with the same --shard K/N".to_string(),
        ]
    );
    assert!(!m.exists());
    // Shards of one plan counted with other periods or other token options.
    for (extra, why) in [
        (&["--by", "year"][..], "the counts were made with different periods (use the same --by/--from/--to on the same corpus)"),
        (&["--stem"][..], "the counts were made with different tokenization pipelines"),
        (&["--ngram", "1..2"][..], "the counts were made with different n-gram options"),
        (&["--lang", "all"][..], "the counts were made with different --lang"),
    ] {
        let c = f.count(&f.corpus, "2/2", "c", extra);
        assert_eq!(
            refused(&["-q", "merge", s(&a), s(&c), "-o", s(&m)]),
            vec![
                format!("error: cannot merge `{}` with `{}`", s(&c), s(&a)),
                format!("  caused by: {why}"),
            ],
            "{extra:?}"
        );
    }
    assert!(!m.exists());
}

#[test]
fn merge_refuses_two_corpora_and_counts_json_records_the_corpus() {
    let f = Fixture::new();
    // A second corpus: the sample without its first file.
    let part = f.p("part");
    std::fs::create_dir(&part).expect("mkdir");
    let mut files: Vec<PathBuf> = std::fs::read_dir(sample_dir())
        .expect("sample")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for p in &files[1..] {
        std::fs::copy(p, part.join(p.file_name().expect("name"))).expect("copy");
    }
    let other = f.p("other.parquet");
    ok(&["-q", "ingest", s(&part), "-o", s(&other)]);
    let a = f.count(&f.corpus, "1/2", "a", &[]);
    let b = f.count(&other, "2/2", "b", &[]);
    let meta = |d: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.join("counts.json")).expect("json"))
            .expect("valid json")
    };
    let size = |p: &Path| std::fs::metadata(p).expect("file").len();
    let (ma, mb) = (meta(&a), meta(&b));
    assert_eq!(ma["corpus"]["bytes"], size(&f.corpus));
    assert_eq!(mb["corpus"]["bytes"], size(&other));
    assert_eq!(ma["corpus"]["xxh3"].as_str().map(str::len), Some(16));
    assert_eq!(ma["shards"], serde_json::json!(["1/2"]));
    assert_eq!(ma["partial"], false);
    // Two shards of one corpus carry the same fingerprint.
    let a2 = f.count(&f.corpus, "2/2", "a2", &[]);
    assert_eq!(meta(&a2)["corpus"], ma["corpus"]);
    let want = vec![
        format!("error: cannot merge `{}` with `{}`", s(&b), s(&a)),
        format!(
            "  caused by: the counts were made from different corpora (`{}`: {} bytes, xxh3 {}; `{}`: {} bytes, xxh3 {})",
            s(&f.corpus),
            size(&f.corpus),
            ma["corpus"]["xxh3"].as_str().expect("hash"),
            s(&other),
            size(&other),
            mb["corpus"]["xxh3"].as_str().expect("hash"),
        ),
    ];
    assert_eq!(
        refused(&["-q", "merge", s(&a), s(&b), "-o", s(&f.p("m"))]),
        want
    );
}

#[test]
fn missing_shards_are_named_and_partial_merges_are_marked() {
    let f = Fixture::new();
    let one = f.count(&f.corpus, "1/4", "1", &[]);
    let three = f.count(&f.corpus, "3/4", "3", &[]);
    let m = f.p("m");
    assert_eq!(
        refused(&["-q", "merge", s(&one), s(&three), "-o", s(&m)]),
        vec![
            "error: shards 2/4, 4/4 are missing; give them or use --partial".to_string(),
            "hint: the folders given hold shards 1/4, 3/4".to_string(),
        ]
    );
    assert!(!m.exists());
    // One shard of two.
    let half = f.count(&f.corpus, "1/2", "h", &[]);
    assert_eq!(
        refused(&["-q", "merge", s(&half), "-o", s(&m)]),
        vec![
            "error: shard 2/2 is missing; give them or use --partial".to_string(),
            "hint: the folders given hold shards 1/2".to_string(),
        ]
    );
    // --partial: merged, marked, and every analysis of it warns.
    let o = ok(&["-q", "merge", s(&one), s(&three), "--partial", "-o", s(&m)]);
    assert_eq!(
        messages(&o),
        vec![format!(
            "warning: `{}` is a partial merge: shards 2/4, 4/4 are missing (marked `partial` in its counts.json)",
            s(&m)
        )]
    );
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(m.join("counts.json")).expect("json"))
            .expect("valid");
    assert_eq!(meta["partial"], true);
    assert_eq!(meta["shards"], serde_json::json!(["1/4", "3/4"]));
    let out = f.p("t.csv");
    let o = ok(&["-q", "terms", s(&m), "-o", s(&out)]);
    assert_eq!(
        messages(&o),
        vec![format!(
            "warning: `{}` is a partial merge (shards 2/4, 4/4 are missing): its counts cover only part of the corpus",
            s(&m)
        )]
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.p("t.manifest.json")).expect("manifest"))
            .expect("valid");
    assert_eq!(
        manifest["extra"]["counts_folder"],
        serde_json::json!({ "partial": true, "missing_shards": ["2/4", "4/4"] })
    );
    // The missing shards complete it: no longer partial.
    let two = f.count(&f.corpus, "2/4", "2", &[]);
    let four = f.count(&f.corpus, "4/4", "4", &[]);
    let full = f.p("full");
    let o = ok(&["-q", "merge", s(&m), s(&two), s(&four), "-o", s(&full)]);
    assert_eq!(messages(&o), Vec::<String>::new());
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(full.join("counts.json")).expect("json"))
            .expect("valid");
    assert_eq!(meta["partial"], false);
    assert_eq!(
        meta["shards"],
        serde_json::json!(["1/4", "2/4", "3/4", "4/4"])
    );
}

#[test]
fn a_shard_given_twice_is_refused() {
    let f = Fixture::new();
    let a = f.count(&f.corpus, "1/2", "a", &[]);
    let b = f.count(&f.corpus, "2/2", "b", &[]);
    let ab = f.p("ab");
    ok(&["-q", "merge", s(&a), s(&b), "-o", s(&ab)]);
    for (x, y, shard) in [(&a, &a, "1/2"), (&ab, &b, "2/2")] {
        assert_eq!(
            refused(&["-q", "merge", s(x), s(y), "-o", s(&f.p("m"))]),
            vec![format!(
                "error: shard {shard} is in `{}` and in an earlier input: it would be counted twice",
                s(y)
            )]
        );
    }
}

#[test]
fn options_a_counts_folder_cannot_honour_are_refused() {
    let f = Fixture::new();
    let c = f.count(&f.corpus, "1/1", "c", &["--ngram", "1..2"]);
    let out = f.p("t.csv");
    let msg = |m: &str| {
        vec![
            format!(
                "error: the counts folder `{}` cannot answer this: {m}",
                s(&c)
            ),
            HINT.to_string(),
        ]
    };
    for (opts, m) in [
        (&["--stem"][..], "it was counted with --stem off, not on"),
        (&["--keep-case"][..], "it was counted with --keep-case off, not on"),
        (&["--stopwords", "none"][..], "it was counted with --stopwords english, not none"),
        (&["--min-len", "3"][..], "it was counted with --min-len 1, not 3"),
        (&["--lang", "all"][..], "it was counted with --lang en, not all"),
        (&["--keep-stop-edges"][..], "it was counted with --keep-stop-edges off, not on"),
        (&["--ngram", "1..3"][..], "--ngram 1..3: only sizes 1..2 were counted"),
        (
            &["--by", "day"][..],
            "--by day: the counts are per month, and a day is not a union of months (give --by month, quarter, year or all)",
        ),
        (
            &["--by", "week"][..],
            "--by week: the counts are per month, and a week is not a union of months (give --by month, quarter, year or all)",
        ),
        (&["--by", "doc"][..], "--by doc needs the documents, which a counts folder does not hold"),
        (
            &["--group-by", "source"][..],
            "--group-by source needs the documents, which a counts folder does not hold",
        ),
        (
            &["--from", "2018-01-15"][..],
            "--from 2018-01-15 falls inside the counted period 2018-01 (2018-01-01..2018-01-31): the counts cannot tell the days of 2018-01 apart (give a bound on a period boundary, --from 2018-01-01 or --from 2018-02-01)",
        ),
        (
            &["--to", "2018-01-15"][..],
            "--to 2018-01-15 falls inside the counted period 2018-01 (2018-01-01..2018-01-31): the counts cannot tell the days of 2018-01 apart (give a bound on a period boundary, --to 2017-12-31 or --to 2018-01-31)",
        ),
    ] {
        let mut a = vec!["-q", "terms", s(&c), "-o", s(&out)];
        a.extend_from_slice(opts);
        assert_eq!(refused(&a), msg(m), "{opts:?}");
        assert!(!out.exists(), "{opts:?}");
    }
    // Counts made with --stem are not the default pipeline: `entities` of them is refused too.
    let stemmed = f.count(&f.corpus, "1/1", "st", &["--stem", "--entities"]);
    assert_eq!(
        refused(&["-q", "entities", s(&stemmed), "-o", s(&f.p("e"))]),
        vec![
            format!(
                "error: the counts folder `{}` cannot answer this: it was counted with --stem on, not off",
                s(&stemmed)
            ),
            HINT.to_string(),
        ]
    );
    // Analyses that need the documents name the counts folder.
    for cmd in [
        &["trend", s(&c), "nuclear"][..],
        &["compare", s(&c), "--a", "2017"][..],
        &["kwic", s(&c), "nuclear"][..],
    ] {
        let mut a = vec!["-q"];
        a.extend_from_slice(cmd);
        assert_eq!(
            refused(&a),
            vec![
                format!("error: `{}` is a counts folder: this analysis needs the documents (a corpus table)", s(&c)),
                "hint: give the corpus table; of the analyses, only `dateline terms` and `dateline entities` read counts folders".to_string(),
            ],
            "{cmd:?}"
        );
    }
}

/// `terms` of the counts folder with `opts` gives the bytes of `terms` of the corpus with
/// `direct` (terms and periods tables).
fn same_as_direct(f: &Fixture, counts: &Path, opts: &[&str], direct: &[&str]) {
    let (a, b) = (f.p("from_counts.csv"), f.p("direct.csv"));
    let mut x = vec!["-q", "terms", s(counts), "-o", s(&a)];
    x.extend_from_slice(opts);
    ok(&x);
    let mut y = vec!["-q", "terms", s(&f.corpus), "-o", s(&b)];
    y.extend_from_slice(direct);
    ok(&y);
    let read = |p: PathBuf| std::fs::read(p).expect("output");
    let (ta, tb) = (read(a.clone()), read(b.clone()));
    assert!(ta.len() > 100, "{opts:?}");
    assert_eq!(ta, tb, "{opts:?}: terms differ");
    assert_eq!(
        read(f.p("from_counts.periods.csv")),
        read(f.p("direct.periods.csv")),
        "{opts:?}: periods differ"
    );
}

#[test]
fn coarser_periods_of_month_counts_equal_a_direct_run() {
    let f = Fixture::new();
    let c = f.count(&f.corpus, "1/1", "c", &["--ngram", "1..2"]);
    for by in ["month", "quarter", "year", "all"] {
        same_as_direct(&f, &c, &["--by", by], &["--by", by, "--ngram", "1..2"]);
    }
    // Fewer sizes than counted, and options given with their counted values.
    same_as_direct(
        &f,
        &c,
        &["--ngram", "2", "--by", "year"],
        &["--ngram", "2", "--by", "year"],
    );
    same_as_direct(
        &f,
        &c,
        &["--stopwords", "english", "--lang", "en", "--top", "3"],
        &["--ngram", "1..2", "--top", "3"],
    );
    // Sharded and merged month counts give the year table too.
    let one = f.count(&f.corpus, "1/2", "1", &["--ngram", "1..2"]);
    let two = f.count(&f.corpus, "2/2", "2", &["--ngram", "1..2"]);
    let m = f.p("m");
    ok(&["-q", "merge", s(&one), s(&two), "-o", s(&m)]);
    same_as_direct(
        &f,
        &m,
        &["--by", "year"],
        &["--by", "year", "--ngram", "1..2"],
    );
    // Counts per year left to their defaults give year counts (the counted options).
    let y = f.count(&f.corpus, "1/1", "y", &["--by", "year", "--stem"]);
    same_as_direct(&f, &y, &[], &["--by", "year", "--stem"]);
}

#[test]
fn date_ranges_on_period_boundaries_are_exact_and_others_refused() {
    let f = Fixture::new();
    let c = f.count(&f.corpus, "1/1", "c", &[]);
    same_as_direct(&f, &c, &["--from", "2018-01"], &["--from", "2018-01"]);
    same_as_direct(&f, &c, &["--from", "2018-01-01"], &["--from", "2018-01"]);
    same_as_direct(
        &f,
        &c,
        &["--by", "year", "--from", "2017-06", "--to", "2018-03"],
        &["--by", "year", "--from", "2017-06", "--to", "2018-03"],
    );
    // Bounds beyond the counted documents cut nothing.
    same_as_direct(&f, &c, &["--from", "2016-05-17"], &["--from", "2016-05-17"]);
    let out = f.p("t.csv");
    assert_eq!(
        refused(&["-q", "terms", s(&c), "--from", "2018-01-15", "-o", s(&out)]),
        vec![
            format!("error: the counts folder `{}` cannot answer this: --from 2018-01-15 falls inside the counted period 2018-01 (2018-01-01..2018-01-31): the counts cannot tell the days of 2018-01 apart (give a bound on a period boundary, --from 2018-01-01 or --from 2018-02-01)", s(&c)),
            HINT.to_string(),
        ]
    );
    // Counts limited to a range answer only within it.
    let r = f.count(&f.corpus, "1/1", "r", &["--from", "2018"]);
    same_as_direct(&f, &r, &[], &["--from", "2018"]);
    same_as_direct(
        &f,
        &r,
        &["--from", "2018-02", "--by", "year"],
        &["--from", "2018-02", "--by", "year"],
    );
    assert_eq!(
        refused(&["-q", "terms", s(&r), "--from", "2017", "-o", s(&out)]),
        vec![
            format!("error: the counts folder `{}` cannot answer this: --from 2017-01-01: the counts were made with --from 2018-01-01 and hold nothing beyond it", s(&r)),
            HINT.to_string(),
        ]
    );
}

#[test]
fn entity_counts_derive_coarser_periods_and_refuse_what_needs_documents() {
    let f = Fixture::new();
    let c = f.count(&f.corpus, "1/1", "c", &["--entities"]);
    for opts in [
        &["--by", "year"][..],
        &["--by", "all", "--track", "KOR"][..],
        &["--from", "2018-01", "--top", "2"][..],
    ] {
        let from = {
            let mut a = vec!["-q", "entities", s(&c)];
            a.extend_from_slice(opts);
            ok(&a).stdout
        };
        let direct = {
            let mut a = vec!["-q", "entities", s(&f.corpus)];
            a.extend_from_slice(opts);
            ok(&a).stdout
        };
        assert!(direct.len() > 100, "{opts:?}");
        assert_eq!(from, direct, "{opts:?}");
    }
    for (opt, m) in [
        (&["--unmatched"][..], "--unmatched needs the documents, which a counts folder does not hold"),
        (&["--co-scope", "sentence"][..], "--co-scope sentence needs the documents, which a counts folder does not hold"),
        (&["--by", "week"][..], "--by week: the counts are per month, and a week is not a union of months (give --by month, quarter, year or all)"),
    ] {
        let mut a = vec!["-q", "entities", s(&c)];
        a.extend_from_slice(opt);
        assert_eq!(
            refused(&a),
            vec![
                format!("error: the counts folder `{}` cannot answer this: {m}", s(&c)),
                HINT.to_string(),
            ],
            "{opt:?}"
        );
    }
}

#[test]
fn group_by_title_by_day_beyond_the_cell_limit_is_refused_before_the_pass() {
    let f = Fixture::new();
    // The groups and days, counted independently from the corpus CSV.
    let csv = f.p("corpus.csv");
    ok(&["-q", "ingest", s(&sample_dir()), "-o", s(&csv)]);
    let rows = harness::read_csv(&csv);
    let titles: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.get("title")).collect();
    let dates: Vec<chrono::NaiveDate> = rows
        .iter()
        .filter(|r| !r.get("date").is_empty())
        .map(|r| r.get("date").parse().expect("a date"))
        .collect();
    let days =
        (*dates.iter().max().expect("dated") - *dates.iter().min().expect("dated")).num_days() + 1;
    let cells = titles.len() as i64 * days;
    assert!(cells > 1000, "{cells}");
    let out = f.p("t.csv");
    let o = harness::command([
        "-q",
        "terms",
        s(&f.corpus),
        "--group-by",
        "title",
        "--by",
        "day",
        "-o",
        s(&out),
    ])
    .env("DATELINE_MAX_CELLS", "1,000")
    .output()
    .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    let thousands = |n: i64| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "error: --group-by title --by day would give up to {} cells ({} title values × {} days); limit 1,000 (set DATELINE_MAX_CELLS to change it)\n",
            thousands(cells),
            titles.len(),
            thousands(days)
        )
    );
    assert!(!out.exists());
    // Within the limit (the default), it runs.
    ok(&[
        "-q",
        "terms",
        s(&f.corpus),
        "--group-by",
        "title",
        "--by",
        "day",
        "-o",
        s(&out),
    ]);
    // A bad limit is refused, not ignored.
    let o = harness::command([
        "-q",
        "terms",
        s(&f.corpus),
        "--group-by",
        "title",
        "--by",
        "day",
    ])
    .env("DATELINE_MAX_CELLS", "lots")
    .output()
    .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "error: DATELINE_MAX_CELLS=`lots` is not a whole number of periods or cells\n"
    );
}

#[test]
fn a_far_future_date_is_refused_at_by_day_naming_the_document() {
    use dateline_core::{DocId, Document};
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("c.parquet");
    let doc = |date: chrono::NaiveDate, body: &str, origin: &str| Document {
        doc_id: DocId::of_text("", body),
        date: Some(date),
        body: body.to_string(),
        lang: "en".into(),
        origin: origin.into(),
        copies: 1,
        ..Document::default()
    };
    let first = chrono::NaiveDate::from_ymd_opt(2018, 1, 2).expect("date");
    let far = chrono::NaiveDate::from_ymd_opt(54157, 3, 1).expect("date");
    let docs = [
        doc(first, "Peace on the peninsula.", "a.json:1"),
        doc(far, "A date in epoch microseconds.", "b.json:7"),
        doc(first.succ_opt().expect("date"), "Talks resume.", "a.json:2"),
    ];
    let mut w = dateline_tables::CorpusWriter::create(&corpus).expect("writer");
    w.write(&docs).expect("write");
    w.finish().expect("finish");
    // Days from 2018-01-02 to 54157-03-01, inclusive, counted by 400-year cycles of 146,097 days.
    let cycles = (54157 - 2157) / 400;
    let base = chrono::NaiveDate::from_ymd_opt(54157 - 400 * cycles, 3, 1).expect("date");
    let days = (base - first).num_days() + 146_097 * i64::from(cycles) + 1;
    assert_eq!(days, 19_043_438);
    let want = vec![
        format!(
            "error: --by day would give 19,043,438 periods (from 2018-01-02 to +54157-03-01); limit 100,000 (set DATELINE_MAX_PERIODS to change it): the dates run from 2018-01-02 (document {}, a.json:1) to +54157-03-01 (document {}, b.json:7)",
            docs[0].doc_id, docs[1].doc_id
        ),
        "hint: limit the dates with --from/--to, or correct the date of that document in the corpus".to_string(),
    ];
    for cmd in ["terms", "trend", "count"] {
        let out = tmp.path().join(format!("{cmd}.out"));
        let mut a = vec!["-q", cmd, s(&corpus), "--by", "day", "-o", s(&out)];
        if cmd == "trend" {
            a.insert(3, "peace");
        }
        assert_eq!(refused(&a), want, "{cmd}");
        assert!(!out.exists(), "{cmd}");
    }
    // --to leaves the outlier out; --by year is within the limit (52,140 periods).
    ok(&[
        "-q",
        "terms",
        s(&corpus),
        "--by",
        "day",
        "--to",
        "2018",
        "-o",
        s(&tmp.path().join("t.csv")),
    ]);
}

/// Counts made under other token rules (before `UN` and `un` were told apart) are never summed
/// with today's nor answered as today's (`counts.json` records `token_rules`).
#[test]
fn counts_of_other_token_rules_are_refused() {
    let f = Fixture::new();
    let a = f.count(&f.corpus, "1/2", "a", &[]);
    let b = f.count(&f.corpus, "2/2", "b", &[]);
    let json = |d: &Path| d.join("counts.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json(&a)).expect("json")).expect("valid");
    assert_eq!(m["token_rules"], 2);
    // A folder written before the rules were recorded: version 1.
    m.as_object_mut().expect("object").remove("token_rules");
    std::fs::write(json(&a), serde_json::to_string_pretty(&m).expect("json")).expect("write");
    let t = f.p("t.csv");
    assert_eq!(
        refused(&["terms", s(&a), "-o", s(&t)]),
        [
            format!(
                "error: the counts folder `{}` cannot answer this: it was counted under token rules version 1, and this dateline tokenizes by version 2 (`UN` and `un` apart, among others: docs/tokenization.md)",
                s(&a)
            ),
            "hint: count again with the options you need (dateline count CORPUS …), or analyse the corpus table".to_string(),
        ]
    );
    let all = f.p("all");
    let got = refused(&["merge", s(&a), s(&b), "-o", s(&all)]);
    assert!(
        got.iter()
            .any(|l| l
                .contains("the counts were made under different token rules (versions 1 and 2)")),
        "{got:?}"
    );
    assert!(!t.exists() && !all.exists());
}

/// A shard of a plan that holds no document (more shards than documents) is a valid, empty
/// share, said with a warning: merge needs every shard, and the merged counts equal a direct
/// run. A whole corpus with nothing to analyse is still refused.
#[test]
fn an_empty_shard_is_an_empty_share_not_a_failure() {
    let f = Fixture::new();
    let n = 24; // the sample has 19 distinct documents: at least 5 shards are empty
    let mut dirs = Vec::new();
    let mut empty = 0;
    for k in 1..=n {
        let out = f.p(&format!("s{k}"));
        let shard = format!("{k}/{n}");
        let o = run(&["count", s(&f.corpus), "--shard", &shard, "-o", s(&out)]);
        assert_eq!(o.code, Some(0), "{shard}: {}", o.stderr);
        if o.stderr.contains(&format!(
            "warning: shard {shard} holds no document to analyse: its counts are empty"
        )) {
            empty += 1;
        }
        dirs.push(out);
    }
    assert!(empty >= 5, "{empty} empty shards");
    let all = f.p("all");
    let mut a = vec!["-q", "merge"];
    a.extend(dirs.iter().map(|d| s(d)));
    a.extend(["-o", s(&all)]);
    ok(&a);
    let (merged, direct) = (f.p("merged.csv"), f.p("direct.csv"));
    ok(&["-q", "terms", s(&all), "-o", s(&merged)]);
    ok(&[
        "-q",
        "terms",
        s(&f.corpus),
        "--by",
        "month",
        "-o",
        s(&direct),
    ]);
    assert_eq!(
        std::fs::read(&merged).expect("merged"),
        std::fs::read(&direct).expect("direct")
    );
}

/// A plan whose every shard was empty (no Korean document in the sample) merges, but an
/// analysis of it finds nothing: refused, nothing written.
#[test]
fn counts_of_nothing_are_refused_by_the_analysis() {
    let f = Fixture::new();
    let a = f.count(&f.corpus, "1/2", "a", &["--lang", "ko"]);
    let b = f.count(&f.corpus, "2/2", "b", &["--lang", "ko"]);
    let all = f.p("all");
    ok(&["-q", "merge", s(&a), s(&b), "-o", s(&all)]);
    let t = f.p("t.csv");
    assert_eq!(
        refused(&["terms", s(&all), "-o", s(&t)]),
        [format!(
            "error: nothing to analyse: the counts folder `{}` holds no document (every shard counted was empty: 1/2, 2/2)",
            s(&all)
        )]
    );
    assert!(!t.exists());
}
