//! `report.html` (issue 19): written by `dateline run`, listed in its manifest, self-contained,
//! its numbers those of the tables it links to; `dateline report` rebuilds the same bytes.
use std::path::Path;

use crate::harness::{self, workspace};

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn the_run_writes_a_self_contained_report_of_its_tables() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = harness::write_study(tmp.path(), &workspace().join("data/sample"));
    let out = tmp.path().join("out");
    let o = harness::run(["run", s(&study), "-q", "-o", s(&out)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "report.html" && f["bytes"].as_u64() == Some(html.len() as u64));
    assert!(listed, "report.html is in the manifest with its size");
    // Self-contained: nothing to fetch when it opens.
    for bad in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "url(",
        "@import",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    for id in [
        "volume",
        "movers",
        "k-2017_vs_2018",
        "trends",
        "entities",
        "network",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "section {id}"
        );
    }
    // Every table link names a file of the folder.
    for part in html.split("Table: <a href=\"").skip(1) {
        let file = &part[..part.find('"').unwrap()];
        assert!(out.join(file).is_file(), "{file}");
    }
    // The numbers are the tables': the corpus size, and keyness' first term of A.
    let corpus = harness::read_csv(&out.join("corpus.csv"));
    assert!(
        html.contains(&format!("<p>{} documents,", corpus.len())),
        "volume total"
    );
    let key = harness::read_csv(&out.join("keyness_2017_vs_2018.csv"));
    let first_a = key
        .iter()
        .find(|r| r.get("g2").parse::<f64>().unwrap() > 0.0)
        .unwrap();
    let sec = &html[html.find("<section id=\"k-2017_vs_2018\">").unwrap()..];
    let first_row = &sec[sec.find("<tbody><tr><td>").unwrap() + "<tbody><tr><td>".len()..];
    assert_eq!(
        &first_row[..first_row.find('<').unwrap()],
        first_a.get("term")
    );
    // `dateline report` rebuilds the same bytes; a folder dateline did not write is refused.
    let o = harness::run(["report", s(&out), "-q"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("report.html")).unwrap(),
        html
    );
    let manifest_before = std::fs::read(out.join("manifest.json")).unwrap();
    // Another title: another report, and its manifest entry follows it (the rest unchanged).
    let o = harness::run(["report", s(&out), "--title", "Other title", "-q"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let html2 = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html2.contains("<h1>Other title</h1>") && html2.len() != html.len());
    let m2: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let entry = m2["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "report.html")
        .unwrap();
    assert_eq!(entry["bytes"].as_u64(), Some(html2.len() as u64));
    assert_eq!(m2["outputs"], m["outputs"]);
    // Back to the study's title: the same bytes as the run wrote, manifest included.
    let o = harness::run(["report", s(&out), "-q"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("report.html")).unwrap(),
        html
    );
    assert_eq!(
        std::fs::read(out.join("manifest.json")).unwrap(),
        manifest_before
    );
    let other = tmp.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let o = harness::run(["report", s(&other)]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr
            .contains("is not a results folder of `dateline run`"),
        "{}",
        o.stderr
    );
    assert!(!other.join("report.html").exists());
}

#[test]
fn a_parquet_only_study_without_entities_or_comparisons_has_a_shorter_report() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = harness::write_study(tmp.path(), &workspace().join("data/sample"));
    let text = std::fs::read_to_string(&study).unwrap();
    // Parquet only, no comparison, no entities.
    let mut kept = Vec::new();
    let mut skip = false;
    for line in text.lines() {
        if line.starts_with('[') {
            skip = line == "[[compare]]" || line == "[entities]";
        }
        if !skip {
            kept.push(line.to_string());
        }
    }
    let text = kept.join("\n").replace(
        "formats = [\"csv\", \"parquet\"]",
        "formats = [\"parquet\"]",
    ) + "\n[entities]\nenabled = false\n";
    assert!(text.contains("formats = [\"parquet\"]"), "{text}");
    std::fs::write(&study, text).unwrap();
    let out = tmp.path().join("out");
    let o = harness::run(["run", s(&study), "-q", "-o", s(&out)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(!out.join("terms.csv").exists());
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    for id in ["volume", "movers", "trends"] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "section {id}"
        );
    }
    for id in ["entities", "network", "k-2017_vs_2018"] {
        assert!(
            !html.contains(&format!("<section id=\"{id}\">")),
            "no section {id}"
        );
    }
    assert!(
        html.contains("Table: <a href=\"terms.parquet\">"),
        "links to the Parquet table"
    );
    for part in html.split("Table: <a href=\"").skip(1) {
        let file = &part[..part.find('"').unwrap()];
        assert!(out.join(file).is_file(), "{file}");
    }
    // The sample's 20 page copies hold 19 distinct articles (one is a byte copy), as the test
    // above reads from corpus.csv.
    let corpus_rows = 19;
    assert!(
        html.contains(&format!("<p>{corpus_rows} documents,")),
        "volume total"
    );
}

/// The run's `concordance` table holds, for each trend query, the lines `dateline kwic QUERY
/// --sample 10 --seed 1` gives on the run's corpus (its dated documents, the study's phrases),
/// and the report shows them under the query's heading.
#[test]
fn the_run_samples_each_trend_querys_concordance_as_kwic_does() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = harness::write_study(tmp.path(), &workspace().join("data/sample"));
    let out = tmp.path().join("out");
    let o = harness::run(["run", s(&study), "-q", "-o", s(&out)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let lines = harness::read_csv(&out.join("concordance.csv"));
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(html.contains("<section id=\"concordance\">"));
    let queries = [
        ("nuclear*", "nuclear*"),
        ("sanctions", "sanctions"),
        ("peace", "peace"),
        ("summit", "summit"),
        ("us", "us=United States|U.S.|American*"),
    ];
    let cols = [
        "doc_id", "date", "title", "left", "match", "right", "start", "end",
    ];
    let mut seen = 0;
    for (label, query) in queries {
        let k = tmp.path().join(format!("kwic_{label}.csv"));
        let mut args = vec![
            "kwic",
            s(&out),
            query,
            "--sample",
            "10",
            "--seed",
            "1",
            "--from",
            "1900-01-01",
            "-q",
            "-o",
            s(&k),
        ];
        for p in [
            "Kim Jong Un",
            "United States",
            "south Korea",
            "Korean peninsula",
        ] {
            args.extend(["--phrase", p]);
        }
        let corpus = out.join("corpus.parquet");
        args[1] = s(&corpus);
        let o = harness::run(args);
        assert_eq!(o.code, Some(0), "{}", o.stderr);
        let want: Vec<Vec<String>> = harness::read_csv(&k)
            .iter()
            .map(|r| cols.iter().map(|c| r.get(c).to_string()).collect())
            .collect();
        let got: Vec<Vec<String>> = lines
            .iter()
            .filter(|r| r.get("query") == label)
            .map(|r| cols.iter().map(|c| r.get(c).to_string()).collect())
            .collect();
        assert_eq!(got, want, "query {label}");
        assert!(want.len() <= 10, "{label}: {} lines", want.len());
        if !want.is_empty() {
            assert!(html.contains(&format!("<h3>{label}</h3>")), "{label}");
            let first = &want[0];
            let cell = format!(
                "<td>{}</td><td>{}</td>",
                first[4].replace('&', "&amp;").replace('<', "&lt;"),
                first[5]
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
            );
            assert!(html.contains(&cell), "{label}: {cell}");
        }
        seen += want.len();
    }
    assert_eq!(seen, lines.len(), "no line of another query");
    assert!(seen >= 10, "the sample has lines to show: {seen}");
}
