//! Known answers on the sample corpus (`data/sample`, facts in its README), counted here
//! independently of the dateline crates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::harness::{self, read_csv, sample_dir, workspace};

/// Title and body of a sample page copy (no capture line, `Date:` line, dateline, end marks or
/// teasers), and its year.
fn title_and_body(text: &str) -> (String, i32) {
    let lines: Vec<&str> = text.lines().collect();
    let d = lines
        .iter()
        .position(|l| l.starts_with("Date: "))
        .expect("a Date: line");
    let year: i32 = lines[d][12..16].parse().expect("a year");
    let title = lines[..d]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .expect("a title");
    let mut body = Vec::new();
    for l in &lines[d + 1..] {
        if l.starts_with("More From") {
            break;
        }
        if l.starts_with("www.kcna.kp (") {
            continue;
        }
        let l = match l.find("(KCNA) --") {
            Some(i) => &l[i + "(KCNA) --".len()..],
            None => l,
        };
        body.push(l.replace("-0-", ""));
    }
    (format!("{title}\n{}", body.join("\n")), year)
}

/// Occurrences of `word` (lower case ASCII) as a whole word, ignoring case. With
/// `compounds = false`, a word joined to another by one hyphen (`nuclear-free`) is part of that
/// compound and not counted, as dateline's tokenizer keeps compounds whole.
fn count_word(text: &str, word: &str, compounds: bool) -> u64 {
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    let alnum = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut n = 0;
    let mut from = 0;
    while let Some(k) = lower[from..].find(word) {
        let s = from + k;
        let e = s + word.len();
        from = e;
        let before_ok = s == 0 || !alnum(s - 1);
        let after_ok = !alnum(e);
        if !(before_ok && after_ok) {
            continue;
        }
        let hyphen_before = s >= 2 && b[s - 1] == b'-' && alnum(s - 2);
        let hyphen_after = b.get(e) == Some(&b'-') && alnum(e + 1);
        if compounds || !(hyphen_before || hyphen_after) {
            n += 1;
        }
    }
    n
}

/// Per year: occurrences of `word` in the sample (duplicate files counted once).
fn sample_counts(word: &str, compounds: bool) -> BTreeMap<i32, u64> {
    let mut seen = BTreeSet::new();
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(sample_dir()).expect("data/sample") {
        let p = e.expect("entry").path();
        if p.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&p).expect("a sample page");
        if !seen.insert(text.clone()) {
            continue;
        }
        let (tb, year) = title_and_body(&text);
        *out.entry(year).or_insert(0) += count_word(&tb, word, compounds);
    }
    out
}

fn ingest_sample(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus.csv");
    let o = harness::run([
        "ingest".as_ref(),
        sample_dir().as_os_str(),
        "-o".as_ref(),
        corpus.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    corpus
}

#[test]
fn counter_agrees_with_the_sample_readme() {
    // README table (regex `(?<!\w)nuclear(?!\w)`, compounds included): 18, 5, 0.
    let c = sample_counts("nuclear", true);
    assert_eq!(c, BTreeMap::from([(2017, 18), (2018, 5), (2019, 0)]));
    assert_eq!(
        count_word(
            "Nuclear nuclear-free anti-nuclear nuclears",
            "nuclear",
            false
        ),
        1
    );
    assert_eq!(
        count_word(
            "Nuclear nuclear-free anti-nuclear nuclears",
            "nuclear",
            true
        ),
        3
    );
}

#[test]
fn sample_answers_from_ingest_terms_kwic_and_compare() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = ingest_sample(tmp.path());
    let rows = read_csv(&corpus);
    // data/sample/README.md: 19 documents, 8 in 2017, 9 in 2018, 2 in 2019.
    assert_eq!(rows.len(), 19);
    let mut per_year = BTreeMap::<&str, u32>::new();
    for r in &rows {
        *per_year.entry(&r.get("date")[..4]).or_default() += 1;
    }
    assert_eq!(
        per_year,
        BTreeMap::from([("2017", 8), ("2018", 9), ("2019", 2)])
    );

    let want = sample_counts("nuclear", false);
    assert_eq!(want, BTreeMap::from([(2017, 18), (2018, 4), (2019, 0)]));

    // terms --by year
    let terms = tmp.path().join("terms.csv");
    let o = harness::run([
        "terms".as_ref(),
        corpus.as_os_str(),
        "--by".as_ref(),
        "year".as_ref(),
        "-o".as_ref(),
        terms.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let got: BTreeMap<i32, u64> = [2017, 2018, 2019]
        .into_iter()
        .map(|y| {
            let n = read_csv(&terms)
                .iter()
                .find(|r| r.get("term") == "nuclear" && r.get("period") == y.to_string())
                .map_or(0, |r| r.get("count").parse().expect("a count"));
            (y, n)
        })
        .collect();
    assert_eq!(got, want, "terms --by year");

    // kwic: one line per occurrence.
    let kwic = tmp.path().join("kwic.csv");
    let o = harness::run([
        "kwic".as_ref(),
        corpus.as_os_str(),
        "nuclear".as_ref(),
        "-o".as_ref(),
        kwic.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let lines = read_csv(&kwic);
    assert_eq!(lines.len() as u64, want.values().sum::<u64>(), "kwic lines");
    assert!(lines
        .iter()
        .all(|l| l.get("match").eq_ignore_ascii_case("nuclear")));

    // compare 2017 with 2018.
    let keyness = tmp.path().join("keyness.csv");
    let o = harness::run([
        "compare".as_ref(),
        corpus.as_os_str(),
        "--a".as_ref(),
        "2017".as_ref(),
        "--b".as_ref(),
        "2018".as_ref(),
        "-o".as_ref(),
        keyness.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let k = read_csv(&keyness);
    let row = k
        .iter()
        .find(|r| r.get("term") == "nuclear")
        .expect("nuclear in the keyness table");
    assert_eq!(row.get("count_a"), want[&2017].to_string());
    assert_eq!(row.get("count_b"), want[&2018].to_string());
}

#[test]
fn schema_markdown_matches_docs_tables_md() {
    let path = workspace().join("docs/tables.md");
    let Ok(committed) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: docs/tables.md not found");
        return;
    };
    let o = harness::run(["schema", "--markdown"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(
        String::from_utf8_lossy(&o.stdout) == committed,
        "`dateline schema --markdown` differs from docs/tables.md: regenerate it"
    );
}

/// The KCNA Watch page copy that defines the input format (`../shared/seeds`): one article and
/// its "More From" teasers, counted here with plain string operations.
#[test]
fn seed_page_copy() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_987519305f41c455.txt");
    let Ok(text) = std::fs::read_to_string(&seed) else {
        eprintln!("skipping: ../shared/seeds not found");
        return;
    };
    // Independent counts: the body between the `Date:` line and `-0-` without its dateline, and
    // the teasers (one date line each) between "More From" and "More Articles".
    let body = text
        .split_once("Read original version at source")
        .and_then(|(_, rest)| rest.split_once("-0-"))
        .map(|(b, _)| b.trim())
        .expect("a body");
    let body = body
        .strip_prefix("Pyongyang, July 13 (KCNA) -- ")
        .expect("a dateline");
    let teasers = text
        .split_once("More From")
        .and_then(|(_, rest)| rest.split_once("More Articles"))
        .map(|(t, _)| t)
        .expect("teasers");
    let dated = |l: &str| {
        let w: Vec<&str> = l.split(' ').collect();
        w.len() == 3 && w[1].ends_with(',') && w[2].len() == 4 && w[2].parse::<u32>().is_ok()
    };
    let n_teasers = teasers.lines().filter(|l| dated(l)).count();

    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("seed.csv");
    let o = harness::run([
        "ingest".as_ref(),
        seed.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(o.problems().is_empty(), "{:?}", o.problems());
    let rows = read_csv(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        r.get("title"),
        "Respected Comrade Kim Jong Un Meets Russian Foreign Minister"
    );
    assert_eq!(r.get("date"), "2025-07-13");
    assert_eq!(r.get("place"), "Pyongyang");
    assert_eq!(r.get("source"), "KCNA");
    assert_eq!(r.get("flags"), "");
    assert_eq!(r.get("body"), body);
    assert_eq!(r.get("n_chars"), body.chars().count().to_string());

    let o = harness::run([
        "ingest".as_ref(),
        "--teasers".as_ref(),
        seed.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let rows = read_csv(&out);
    assert_eq!(n_teasers, 17);
    assert_eq!(
        rows.iter().filter(|r| r.get("kind") == "teaser").count(),
        n_teasers
    );
    assert_eq!(rows.len(), n_teasers + 1);
}

/// `--pipeline plain` (the benchmark peers' token definition) on the sample. Counted by hand
/// with `grep -o` on the 19 documents: `U.S.` not after a hyphen 13 times in 2017 and once in
/// 2019, `anti-U.S.` 4 times in 2017, `DPRK-U.S.` 3 times in 2018 (title and body). The plain
/// rules split `U.S.` into `u` and `s` and keep `anti-u`, `dprk-u` whole; the sentence ends
/// after `U.S.` only before a capital ("DPRK-U.S. Summit" in the title, but not
/// "DPRK-U.S. summit" and "DPRK-U.S. relations" in the body).
#[test]
fn plain_pipeline_on_the_sample() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = ingest_sample(tmp.path());
    let terms = |n: &str| {
        let out = tmp.path().join(format!("plain-{n}.csv"));
        let o = harness::run([
            "terms".as_ref(),
            corpus.as_os_str(),
            "--pipeline".as_ref(),
            "plain".as_ref(),
            "--by".as_ref(),
            "year".as_ref(),
            "--ngram".as_ref(),
            n.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(o.code, Some(0), "{}", o.stderr);
        read_csv(&out)
    };
    let per_year = |rows: &[harness::Row], term: &str| -> BTreeMap<String, u64> {
        rows.iter()
            .filter(|r| r.get("term") == term)
            .map(|r| {
                (
                    r.get("period").to_string(),
                    r.get("count").parse().expect("a count"),
                )
            })
            .collect()
    };
    let y = |pairs: &[(&str, u64)]| -> BTreeMap<String, u64> {
        pairs.iter().map(|(p, c)| ((*p).to_string(), *c)).collect()
    };
    let uni = terms("1");
    assert_eq!(per_year(&uni, "u"), y(&[("2017", 13), ("2019", 1)]));
    assert_eq!(
        per_year(&uni, "s"),
        y(&[("2017", 17), ("2018", 3), ("2019", 1)])
    );
    assert_eq!(per_year(&uni, "anti-u"), y(&[("2017", 4)]));
    assert_eq!(per_year(&uni, "dprk-u"), y(&[("2018", 3)]));
    assert!(per_year(&uni, "u.s.").is_empty());
    let bi = terms("2");
    assert_eq!(per_year(&bi, "u s"), y(&[("2017", 13), ("2019", 1)]));
    assert_eq!(per_year(&bi, "anti-u s"), y(&[("2017", 4)]));
    assert_eq!(per_year(&bi, "dprk-u s"), y(&[("2018", 3)]));
    assert_eq!(per_year(&bi, "s struggle"), y(&[("2017", 2)]));
    assert_eq!(per_year(&bi, "s summit"), y(&[("2018", 1)]));
    assert_eq!(per_year(&bi, "s relations"), y(&[("2018", 1)]));
    // The title is its own sentence: "… Held in Singapore" / "Kim Jong Un and …".
    assert!(per_year(&bi, "singapore kim").is_empty());
}
