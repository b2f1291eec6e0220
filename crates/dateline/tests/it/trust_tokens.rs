//! Counts mean what a researcher thinks they mean (issue 15, section 5, the command-line side):
//! `--stopwords english+FILE` adds to the English list (a bare FILE replaces it), `--lang` takes
//! codes and names in any case and refuses the rest at parsing, `und` documents are not English,
//! an analysis of no document exits 1 and writes nothing, and `compare --reference` puts the
//! reference's terms through the corpus's pipeline.
//!
//! The fixture holds two English articles (bodies only, no titles) and one stub. Their tokens
//! under the default pipeline, counted by hand (stopwords of the Snowball list left out):
//!
//! * E1 (2018-01-05): korean ×2, delegation ×2, visited, capital, country, people, welcomed,
//!   flowers, songs, day, arrival, city, leader, spoke, friendship, two, peoples: 19 tokens;
//!   `the` ×10.
//! * E2 (2018-02-07): kim, jong, un, inspected, farm ×2, west, country, told, harvest, year,
//!   manager, said, korean, farmers, worked, hard, fields, good, people: 20 tokens; `the` ×10.
//! * S (2018-03-09): "For Spanish-speaking people", too short to tell: language `und`.

use std::path::{Path, PathBuf};

use crate::harness::{self, read_csv};

const E1: &str = "The Korean delegation visited the capital of the country and the Korean people welcomed it with flowers and songs on the day of its arrival in the city, and the leader of the delegation spoke of the friendship of the two peoples.";
const E2: &str = "Kim Jong Un inspected a farm in the west of the country and was told of the harvest of the year by the manager of the farm, who said that the Korean farmers had worked hard in the fields for the good of the people.";
const STUB: &str = "For Spanish-speaking people";

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn ok(args: &[&str]) -> harness::Outcome {
    let o = harness::run(args);
    assert_eq!(o.code, Some(0), "{args:?}: {}", o.stderr);
    o
}

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Fixture {
    /// A corpus of `docs` (date, body) ingested into `name`.parquet.
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().to_path_buf();
        let f = Fixture { _tmp: tmp, dir };
        f.corpus(
            "corpus",
            &[("2018-01-05", E1), ("2018-02-07", E2), ("2018-03-09", STUB)],
        );
        f
    }

    fn corpus(&self, name: &str, docs: &[(&str, &str)]) -> PathBuf {
        let src = self.dir.join(format!("{name}.jsonl"));
        let lines: Vec<String> = docs
            .iter()
            .map(|(d, b)| serde_json::json!({ "date": d, "body": b }).to_string())
            .collect();
        std::fs::write(&src, lines.join("\n") + "\n").unwrap();
        let out = self.dir.join(format!("{name}.parquet"));
        ok(&["-q", "ingest", s(&src), "-o", s(&out)]);
        out
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `terms --by all` with `extra` options: term → count, and the token total.
    fn terms(&self, extra: &[&str]) -> (Vec<(String, u64)>, u64) {
        let corpus = self.path("corpus.parquet");
        let out = self.path("terms.csv");
        let mut args = vec!["-q", "terms", s(&corpus), "--by", "all", "-o", s(&out)];
        args.extend_from_slice(extra);
        ok(&args);
        let rows = read_csv(&out);
        let mut counts: Vec<(String, u64)> = rows
            .iter()
            .map(|r| (r.get("term").to_string(), r.get("count").parse().unwrap()))
            .collect();
        counts.sort();
        let periods = read_csv(&self.path("terms.periods.csv"));
        assert_eq!(periods.len(), 1);
        (counts, periods[0].get("tokens").parse().unwrap())
    }
}

fn count(counts: &[(String, u64)], term: &str) -> Option<u64> {
    counts.iter().find(|(t, _)| t == term).map(|(_, c)| *c)
}

#[test]
fn stopword_files_add_to_or_replace_the_english_list() {
    let f = Fixture::new();
    let list = f.write("extra.txt", "# DPRK media words\nKorean\n\n");
    let (default, total) = f.terms(&[]);
    assert_eq!(total, 39);
    assert_eq!(count(&default, "korean"), Some(3));
    assert_eq!(count(&default, "the"), None);

    // english+FILE: `korean` (3) is removed as well, `the` stays removed.
    let (added, total) = f.terms(&["--stopwords", &format!("english+{}", s(&list))]);
    assert_eq!(total, 36);
    assert_eq!(count(&added, "korean"), None);
    assert_eq!(count(&added, "the"), None);
    assert_eq!(count(&added, "delegation"), Some(2));

    // A bare FILE replaces the list: `the` (20), `of` (12) … come back; `korean` is out.
    let (replaced, _) = f.terms(&["--stopwords", s(&list)]);
    assert_eq!(count(&replaced, "korean"), None);
    assert_eq!(count(&replaced, "the"), Some(20));
    let (none_plus, _) = f.terms(&["--stopwords", &format!("none+{}", s(&list))]);
    assert_eq!(none_plus, replaced);

    // Two files added.
    let more = f.write("more.txt", "farm\n");
    let (two, total) = f.terms(&["--stopwords", &format!("english+{}+{}", s(&list), s(&more))]);
    assert_eq!(total, 34);
    assert_eq!(count(&two, "farm"), None);

    // An empty file is refused.
    let empty = f.write("empty.txt", "# nothing yet\n\n");
    let corpus = f.path("corpus.parquet");
    for arg in [s(&empty).to_string(), format!("english+{}", s(&empty))] {
        let o = harness::run(["terms", s(&corpus), "--stopwords", &arg]);
        assert_eq!(o.code, Some(1), "{}", o.stderr);
        assert!(
            o.stderr
                .contains(&format!("no words in stopword file `{}`", s(&empty))),
            "{}",
            o.stderr
        );
        assert!(o.stdout.is_empty());
    }

    // The help says which form replaces and which adds.
    let help = ok(&["terms", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(help.contains("english+FILE"), "{help}");
    assert!(help.contains("REPLACE the English list"), "{help}");
}

#[test]
fn languages_in_any_case_and_unknown_ones_refused() {
    let f = Fixture::new();
    let corpus = f.path("corpus.parquet");
    let table = |lang: &str| {
        let o = ok(&["terms", s(&corpus), "--by", "all", "--lang", lang]);
        (o.stdout, o.stderr)
    };
    let (en, stderr) = table("en");
    assert!(
        stderr.contains("analysed 2 of 3 documents")
            && stderr.contains("1 in another language left out"),
        "{stderr}"
    );
    for lang in ["EN", "English", "english", "eng"] {
        assert_eq!(table(lang).0, en, "{lang}");
    }
    // `und` alone: the stub's two tokens (`spanish-speaking`, `people`).
    let (und, _) = table("UND");
    let und = String::from_utf8(und).unwrap();
    let terms: Vec<&str> = und
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap())
        .collect();
    assert_eq!(terms.len(), 2, "{und}");
    assert!(terms.contains(&"people"), "{und}");

    for cmd in [
        &["terms", s(&corpus), "--lang", "klingon"][..],
        &["trend", s(&corpus), "korean", "--lang", "klingon"][..],
        &["compare", s(&corpus), "--a", "2018-01", "--lang", "klingon"][..],
        &["kwic", s(&corpus), "korean", "--lang", "klingon"][..],
    ] {
        let o = harness::run(cmd);
        assert_eq!(o.code, Some(2), "{cmd:?}: {}", o.stderr);
        assert!(
            o.stderr
                .contains("unknown language `klingon`: expected en (English), es (Spanish)")
                && o.stderr.contains("und (undetermined), all"),
            "{}",
            o.stderr
        );
    }
}

#[test]
fn an_analysis_of_no_document_exits_1_and_writes_nothing() {
    let f = Fixture::new();
    let stubs = f.corpus(
        "stubs",
        &[("2018-03-09", STUB), ("2018-03-10", "BACK HOME")],
    );
    let out = f.path("out.csv");
    let o = harness::run(["terms", s(&stubs), "-o", s(&out)]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.contains(
            "error: nothing to analyse: 0 of 2 documents analysed (2 in another language, 0 out of range, 0 undated)"
        ),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("hint: choose the language with --lang"),
        "{}",
        o.stderr
    );
    assert!(!out.exists());
    assert!(!f.path("out.manifest.json").exists());

    // The same check in every analysis: out of range here.
    let corpus = f.path("corpus.parquet");
    let msg = "nothing to analyse: 0 of 3 documents analysed (1 in another language, 2 out of range, 0 undated)";
    for cmd in [
        &["terms", s(&corpus), "--from", "2019"][..],
        &["trend", s(&corpus), "korean", "--from", "2019"][..],
        &["entities", s(&corpus), "--from", "2019"][..],
        &[
            "cooccur",
            s(&corpus),
            "--target",
            "korean",
            "--from",
            "2019",
        ][..],
        &["collocations", s(&corpus), "--from", "2019"][..],
        &["kwic", s(&corpus), "korean", "--from", "2019"][..],
    ] {
        let o = harness::run(cmd);
        assert_eq!(o.code, Some(1), "{cmd:?}: {}", o.stderr);
        assert!(o.stderr.contains(msg), "{cmd:?}: {}", o.stderr);
        assert!(o.stdout.is_empty(), "{cmd:?}");
    }
    let counts = f.path("counts");
    let o = harness::run(["count", s(&corpus), "--from", "2019", "-o", s(&counts)]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(o.stderr.contains(msg), "{}", o.stderr);
    assert!(!counts.exists());
    let o = harness::run(["compare", s(&stubs), "--a", "2018-03"]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.contains("nothing to analyse: 0 of 2 documents"),
        "{}",
        o.stderr
    );
}

#[test]
fn reference_lists_go_through_the_corpus_pipeline() {
    let f = Fixture::new();
    let corpus = f.path("corpus.parquet");
    let reference = f.write(
        "reference.csv",
        "term,count\nKim,5\nkim,3\nthe,9\nKorean,4\nKim Jong Un,2\n",
    );
    let out = f.path("keyness.csv");
    let o = ok(&[
        "compare",
        s(&corpus),
        "--a",
        "2018",
        "--reference",
        s(&reference),
        "-o",
        s(&out),
    ]);
    assert!(
        o.stderr.contains("warning: 2 of the entries of")
            && o.stderr.contains("(11 occurrences) left out")
            && o.stderr.contains("`the`, `Kim Jong Un`"),
        "{}",
        o.stderr
    );
    // A: E1 and E2, 39 tokens; B: kim 5 + 3 = 8, korean 4: 12 tokens. Only `korean` (3 + 4)
    // and `kim` (1 + 8) reach the minimum count of 5. Values by hand (python3 math):
    // G2 = 2 (a ln(a/E1) + b ln(b/E2)), E1 = c (a+b)/(c+d), E2 = d (a+b)/(c+d), signed by
    // a/c - b/d; chi2 of [[a, b], [c-a, d-b]]; p = erfc(sqrt(|G2|/2)); log2((a/c)/(b/d)).
    let rows = read_csv(&out);
    // (term, count_a, count_b, per_10k_a, per_10k_b, g2, chi2, p_value, log_ratio)
    let want: [(&str, u64, u64, [f64; 6]); 2] = [
        (
            "korean",
            3,
            4,
            [
                769.230_769_230_769_3,
                3_333.333_333_333_333,
                -3.624_222_317_252_078,
                -5.094_905_094_905_095,
                0.056_944_179_795_770_93,
                -2.115_477_217_419_936,
            ],
        ),
        (
            "kim",
            1,
            8,
            [
                256.410_256_410_256_4,
                6_666.666_666_666_666,
                -17.408_253_974_995_993,
                -25.946_275_946_275_95,
                3.015_138_068_507_911e-5,
                -4.700_439_718_141_092,
            ],
        ),
    ];
    assert_eq!(rows.len(), 2, "{rows:?}");
    let close = |got: &str, want: f64| {
        let got: f64 = got.parse().unwrap();
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{got} vs {want}"
        );
    };
    for (rank, (r, w)) in rows.iter().zip(want).enumerate() {
        assert_eq!(r.get("term"), w.0);
        assert_eq!(r.get("count_a"), w.1.to_string());
        assert_eq!(r.get("count_b"), w.2.to_string());
        for (col, want) in [
            "per_10k_a",
            "per_10k_b",
            "g2",
            "chi2",
            "p_value",
            "log_ratio",
        ]
        .into_iter()
        .zip(w.3)
        {
            close(r.get(col), want);
        }
        assert_eq!(r.get("rank"), (rank + 1).to_string());
    }

    // With the phrase in the pipeline, `Kim Jong Un` is one term of the reference too (and
    // of A: 1); the reference total becomes 14.
    let o = ok(&[
        "compare",
        s(&corpus),
        "--a",
        "2018",
        "--reference",
        s(&reference),
        "--phrase",
        "Kim Jong Un",
        "--min-count",
        "1",
    ]);
    assert!(
        o.stderr.contains("warning: 1 of the entries"),
        "{}",
        o.stderr
    );
    let table = String::from_utf8(o.stdout).unwrap();
    let line = table
        .lines()
        .find(|l| l.starts_with("kim jong un,"))
        .unwrap_or_else(|| panic!("{table}"));
    let cols: Vec<&str> = line.split(',').collect();
    assert_eq!(&cols[1..3], ["1", "2"], "{line}");
    close(cols[4], 2.0 / 14.0 * 1e4);
}

#[test]
fn study_files_take_the_same_language_values() {
    let f = Fixture::new();
    let study = f.write(
        "study.toml",
        "[input]\npaths = [\"corpus.jsonl\"]\n\n[periods]\nby = \"all\"\nlang = \"Klingon\"\n",
    );
    let o = harness::run(["run", s(&study), "-o", s(&f.path("results"))]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.contains(&format!(
            "{}:6: unknown language `Klingon`: expected en (English)",
            s(&study)
        )),
        "{}",
        o.stderr
    );

    // `English` is `en`, and the stopword file (relative to the study) is added to the list.
    f.write("extra.txt", "Korean\n");
    let terms_of = |stopwords: &str, out: &str| {
        let study = f.write(
            "study2.toml",
            &format!(
                "[input]\npaths = [\"corpus.jsonl\"]\n\n[tokenize]\n{stopwords}\n\n[periods]\nby = \"all\"\nlang = \"English\"\n"
            ),
        );
        let o = ok(&["run", s(&study), "-o", s(&f.path(out))]);
        assert!(
            o.stderr.contains("analysed 2 of 3 documents"),
            "{}",
            o.stderr
        );
        let rows = read_csv(&f.path(out).join("terms.csv"));
        rows.iter()
            .map(|r| (r.get("term").to_string(), r.get("count").to_string()))
            .collect::<Vec<_>>()
    };
    let plain = terms_of("", "r1");
    assert!(plain.contains(&("korean".into(), "3".into())), "{plain:?}");
    let added = terms_of("stopwords = \"english+extra.txt\"", "r2");
    assert!(
        !added.iter().any(|(t, _)| t == "korean" || t == "the"),
        "{added:?}"
    );
    assert!(
        added.contains(&("delegation".into(), "2".into())),
        "{added:?}"
    );
}

/// Reference entries left out are recorded in the manifest too, so that `-q` never hides them.
#[test]
fn reference_entries_left_out_are_in_the_manifest() {
    let f = Fixture::new();
    let corpus = f.path("corpus.parquet");
    let reference = f.write("reference.csv", "term,count\nKim,5\nthe,9\nKim Jong Un,2\n");
    let out = f.path("keyness.csv");
    ok(&[
        "-q",
        "compare",
        s(&corpus),
        "--a",
        "2018",
        "--reference",
        s(&reference),
        "-o",
        s(&out),
    ]);
    let m: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(f.path("keyness.manifest.json")).expect("manifest"),
    )
    .expect("json");
    let left = &m["extra"]["reference_left_out"];
    assert_eq!(left["entries"], 2, "{m}");
    assert_eq!(left["occurrences"], 11, "{m}");
    assert_eq!(
        left["first"],
        serde_json::json!(["the", "Kim Jong Un"]),
        "{m}"
    );
}

/// Choices in a study file are typed: a value that is not one is refused at parsing, with the
/// line and column of the value; on the command line clap refuses it (exit 2).
#[test]
fn study_choices_are_refused_with_their_line() {
    let f = Fixture::new();
    let study = f.write(
        "scope.toml",
        "[input]\npaths = [\"corpus.jsonl\"]\n\n[entities]\nco_scope = \"paragraph\"\n",
    );
    let o = harness::run(["run", s(&study), "-o", s(&f.path("r1"))]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.contains(&format!(
            "{}:5:12: unknown variant `paragraph`, expected `document` or `sentence`",
            s(&study)
        )),
        "{}",
        o.stderr
    );
    let study = f.write(
        "correction.toml",
        "[input]\npaths = [\"corpus.jsonl\"]\n\n[[compare]]\nname = \"x\"\na = \"2017\"\ncorrection = \"fdr\"\n",
    );
    let o = harness::run(["run", s(&study), "-o", s(&f.path("r2"))]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.contains(&format!(
            "{}:7:14: unknown variant `fdr`, expected one of `none`, `bonferroni`, `bh`",
            s(&study)
        )),
        "{}",
        o.stderr
    );
    assert!(!f.path("r1").exists() && !f.path("r2").exists());
    // Periods, scopes, measures and formats are typed the same way (line:column of the value).
    for (i, (section, key, value, expected)) in [
        (
            "periods",
            "by",
            "monthly",
            "expected one of `day`, `week`, `month`, `quarter`, `year`, `all`",
        ),
        (
            "cooccur",
            "scope",
            "paragraph",
            "expected one of `window`, `sentence`, `document`",
        ),
        (
            "collocations",
            "measure",
            "dice",
            "expected one of `pmi`, `npmi`, `g2`, `t_score`, `count`",
        ),
        ("output", "formats", "xlsx", "expected `csv` or `parquet`"),
        ("tokenize", "pipeline", "stemed", "expected one of `default`, `stemmed`, `plain`"),
        (
            "input",
            "no_clean",
            "headline",
            "expected one of `entities`, `whitespace`, `nfc`, `repeated-title`, `dateline`, `end-marks`, `byline`",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let list = key == "formats" || key == "no_clean";
        let v = if list {
            format!("[\"{value}\"]")
        } else {
            format!("\"{value}\"")
        };
        let (text, line) = if section == "input" {
            (format!("[input]\npaths = [\"corpus.jsonl\"]\n{key} = {v}\n"), 3)
        } else {
            (format!("[input]\npaths = [\"corpus.jsonl\"]\n\n[{section}]\n{key} = {v}\n"), 5)
        };
        let col = key.len() + 4 + usize::from(list);
        let study = f.write(&format!("typed{i}.toml"), &text);
        let out = f.path(&format!("t{i}"));
        let o = harness::run(["run", s(&study), "-o", s(&out)]);
        assert_eq!(o.code, Some(1), "{}", o.stderr);
        assert!(
            o.stderr.contains(&format!(
                "{}:{line}:{col}: unknown variant `{value}`, {expected}",
                s(&study)
            )),
            "{}",
            o.stderr
        );
        assert!(!out.exists());
    }
    let o = harness::run([
        "entities",
        s(&f.path("corpus.jsonl")),
        "--co-scope",
        "paragraph",
    ]);
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr.contains("invalid value 'paragraph'"),
        "{}",
        o.stderr
    );
    // On the command line a typo is clap's usage error (exit 2), naming the choices.
    let o = harness::run(["terms", s(&f.path("corpus.jsonl")), "--pipeline", "stemed"]);
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr.contains(
            "invalid value 'stemed' for '--pipeline <NAME>': unknown pipeline `stemed` (expected `default`, `stemmed` or `plain`)"
        ),
        "{}",
        o.stderr
    );
    let out = f.path("c.parquet");
    let o = harness::run([
        "ingest",
        s(&f.path("corpus.jsonl")),
        "--no-clean",
        "headline",
        "-o",
        s(&out),
    ]);
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr.contains(
            "invalid value 'headline' for '--no-clean <STEP>': unknown cleaning step `headline`"
        ),
        "{}",
        o.stderr
    );
    assert!(!out.exists());
}
