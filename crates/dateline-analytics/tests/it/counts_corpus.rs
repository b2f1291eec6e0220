//! Term counts and trends on a slice of the real kcna.co.jp corpus (January–March 1997):
//! internal consistency and agreement with an independent count of a query word.

use std::path::{Path, PathBuf};

use dateline_analytics::pass::{period_index_for, run_pass, PassOptions};
use dateline_analytics::query::Query;
use dateline_analytics::terms::{RowOptions, TermCounts, TermOptions};
use dateline_analytics::trend::TrendCounts;
use dateline_core::{By, DateRange, Document};
use dateline_tokenize::{Pipeline, PipelineSpec};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/kcna-cojp-daily-1997-2018/cache/juche")
}

/// Day files of 1997-01..1997-03 as documents (title + content, dated by the file).
fn load(dir: &Path) -> Vec<Document> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            ["1997-01", "1997-02", "1997-03"]
                .iter()
                .any(|m| name.starts_with(m))
        })
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    for path in paths {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let date = v["date"].as_str().and_then(|d| d.parse().ok());
        for a in v["articles"].as_array().into_iter().flatten() {
            let body = a["content"].as_str().unwrap_or_default().to_string();
            if !body.is_empty() {
                docs.push(Document {
                    date,
                    title: a["title"].as_str().map(String::from),
                    body,
                    lang: "en".to_string(),
                    ..Document::default()
                });
            }
        }
    }
    docs
}

#[test]
fn first_quarter_of_1997() {
    let dir = corpus_dir();
    if !dir.is_dir() {
        eprintln!("skipping: ../shared/corpora not found");
        return;
    }
    let docs = load(&dir);
    assert!(docs.len() > 300, "{} documents", docs.len());
    let p = Pipeline::new(&PipelineSpec::default());
    let months = period_index_for(&docs, By::Month, DateRange::default());
    assert_eq!(months.periods().len(), 3);
    let queries = vec![Query::parse("revolution", &p).unwrap()];
    let opts = PassOptions::new(&months);
    let to = TermOptions::ngrams(1, 2).unwrap();
    let ((tc, trend), stats) = run_pass(
        &docs,
        &p,
        &opts,
        || {
            (
                TermCounts::new(to, 3).unwrap(),
                TrendCounts::new(&queries, 3),
            )
        },
        &|_| {},
    );
    assert_eq!(stats.docs_analysed, docs.len() as u64);
    let rows = tc.term_rows(&months, &RowOptions::default());
    for pr in tc.period_rows(&months) {
        let mine = rows.iter().filter(|r| r.period == pr.period && r.n == pr.n);
        let sum: u64 = mine.clone().map(|r| r.count).sum();
        assert_eq!(sum, pr.tokens, "{} n={}", pr.period, pr.n);
        assert_eq!(mine.count() as u64, pr.types);
        assert!(pr.tokens > 1_000, "{pr:?}");
    }
    // Independent count of the word `revolution` per month (never hyphenated or possessive in this slice): lower-cased alphanumeric runs.
    for (m, period) in months.periods().iter().enumerate() {
        let naive: u64 = docs
            .iter()
            .filter(|d| months.index(d.date.unwrap()) == Some(m))
            .map(|d| {
                d.text()
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.eq_ignore_ascii_case("revolution"))
                    .count() as u64
            })
            .sum();
        let term = rows
            .iter()
            .find(|r| r.period == period.label && r.term == "revolution")
            .map_or(0, |r| r.count);
        assert!(naive > 20, "{naive}");
        assert_eq!(term, naive, "{}", period.label);
        assert_eq!(trend.get(m, 0).0, naive);
    }
}
