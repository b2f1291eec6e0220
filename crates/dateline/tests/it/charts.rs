//! Charts (issue 19): a title and size of the user's choosing, a volume panel on request,
//! small multiples beyond five series, ticks only at round dates; the entities chart as rates.
use std::path::Path;

use crate::harness;

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn trend_charts_take_a_title_a_size_and_a_volume_panel() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = harness::ingest_sample(tmp.path(), "corpus.parquet");
    let svg = tmp.path().join("t.svg");
    let o = harness::run([
        "trend",
        s(&corpus),
        "nuclear",
        "sanctions",
        "--by",
        "month",
        "--plot",
        s(&svg),
        "--title",
        "Nuclear & sanctions",
        "--size",
        "1200x500",
        "--volume",
        "-q",
        "-o",
        s(&tmp.path().join("t.csv")),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("width=\"1200\"") && text.contains("height=\"500\""));
    assert!(text.contains("Nuclear &amp; sanctions") && text.contains("\ndocuments\n"));
    // 2017-03 .. 2019-04 by month: 26 periods, labelled only at the three year starts.
    for y in ["2017", "2018", "2019"] {
        assert!(text.contains(&format!("\n{y}\n")), "{y}");
    }
    assert!(!text.contains("\n2017-06\n"), "no label at every period");
    // Seven queries: seven panels, no legend.
    let queries = [
        "nuclear",
        "sanctions",
        "summit*",
        "peace",
        "Russia",
        "China",
        "Japan",
    ];
    let mut args = vec!["trend", s(&corpus)];
    args.extend(queries);
    let (svg7, csv7) = (tmp.path().join("seven.svg"), tmp.path().join("s.csv"));
    args.extend(["--plot", s(&svg7), "-q", "-o", s(&csv7)]);
    let o = harness::run(args);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let text = std::fs::read_to_string(&svg7).unwrap();
    for q in queries {
        assert_eq!(
            text.matches(&format!("\n{q}\n")).count(),
            1,
            "{q}: one panel title"
        );
    }
    // PNG, by the extension: the same bytes for the same input.
    let (p1, p2) = (tmp.path().join("a.png"), tmp.path().join("b.png"));
    for p in [&p1, &p2] {
        let o = harness::run([
            "trend",
            s(&corpus),
            "nuclear",
            "--plot",
            s(p),
            "-q",
            "-o",
            s(&tmp.path().join("p.csv")),
        ]);
        assert_eq!(o.code, Some(0), "{}", o.stderr);
    }
    let png = std::fs::read(&p1).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(png, std::fs::read(&p2).unwrap());
    // A size dateline will not draw is refused before anything is written.
    let bad = tmp.path().join("bad.svg");
    let o = harness::run([
        "trend",
        s(&corpus),
        "nuclear",
        "--plot",
        s(&bad),
        "--size",
        "10x10",
        "-q",
    ]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(o.stderr.contains("bad chart size `10x10`"), "{}", o.stderr);
    assert!(!bad.exists());
    let o = harness::run(["trend", s(&corpus), "nuclear", "--volume"]);
    assert_eq!(o.code, Some(2), "--volume needs --plot: {}", o.stderr);
}

#[test]
fn the_entities_chart_plots_rates_unless_asked_for_counts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = harness::ingest_sample(tmp.path(), "corpus.parquet");
    for (flag, label) in [
        (None, "mentions per 10,000 tokens"),
        (Some("--plot-counts"), "mentions"),
    ] {
        let svg = tmp.path().join("e.svg");
        let mut args = vec![
            "entities",
            s(&corpus),
            "--by",
            "year",
            "--plot",
            s(&svg),
            "-q",
        ];
        args.extend(flag);
        let o = harness::run(args);
        assert_eq!(o.code, Some(0), "{}", o.stderr);
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.contains(&format!("\n{label}\n")), "{label}");
    }
}
