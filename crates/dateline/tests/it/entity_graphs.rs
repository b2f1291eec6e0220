//! Co-mention networks as graph files and pictures (issue 18): the GraphML and GEXF files hold
//! exactly the entities of `entity_counts` and the edges of `co_mentions` of their period, the
//! same bytes for any thread count; a counts folder, which holds no co-mentions, is refused.
use std::collections::BTreeMap;
use std::path::Path;

use crate::harness;

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The value of `attr="…"` in `tag`.
fn attr<'a>(tag: &'a str, attr: &str) -> &'a str {
    let k = format!("{attr}=\"");
    let i = tag.find(&k).unwrap_or_else(|| panic!("{attr} in {tag}")) + k.len();
    &tag[i..i + tag[i..].find('"').unwrap()]
}

/// GraphML nodes (`id` → mentions) and edges (`(source, target)` → count), read by string
/// search (the file is dateline's, indented one element a line).
fn read_graphml(text: &str) -> (BTreeMap<String, u64>, BTreeMap<(String, String), u64>) {
    let (mut nodes, mut edges) = (BTreeMap::new(), BTreeMap::new());
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for (i, l) in lines.iter().enumerate() {
        let value = |key: &str| -> u64 {
            let open = format!("<data key=\"{key}\">");
            let l = lines[i + 1..]
                .iter()
                .find(|l| l.starts_with(&open))
                .expect(key);
            l[open.len()..l.len() - "</data>".len()]
                .parse()
                .expect("int")
        };
        if l.starts_with("<node ") {
            nodes.insert(attr(l, "id").to_string(), value("mentions"));
        } else if l.starts_with("<edge ") {
            let k = (attr(l, "source").to_string(), attr(l, "target").to_string());
            edges.insert(k, value("e_count"));
        }
    }
    (nodes, edges)
}

#[test]
fn graph_files_hold_the_entity_tables_of_their_period() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = harness::ingest_sample(tmp.path(), "corpus.parquet");
    let run = |threads: &str, out: &Path| {
        let o = harness::run([
            "--threads",
            threads,
            "entities",
            s(&corpus),
            "--by",
            "year",
            "-q",
            "-o",
            s(out),
            "--format",
            "csv",
            "--graph",
            "graphml",
            "--graph",
            "gexf",
            "--network-plot",
            s(&out.with_extension("svg")),
        ]);
        assert_eq!(o.code, Some(0), "{}", o.stderr);
    };
    let (one, two) = (tmp.path().join("t1"), tmp.path().join("t2"));
    run("1", &one);
    run("2", &two);
    let years = ["2017", "2018", "2019"];
    for y in years {
        for ext in ["graphml", "gexf"] {
            let f = format!("networks/co_mentions.{y}.{ext}");
            assert_eq!(
                std::fs::read(one.join(&f)).expect(&f),
                std::fs::read(two.join(&f)).expect(&f),
                "{f}"
            );
        }
        let f = format!("t1.{y}.svg");
        assert_eq!(
            std::fs::read(tmp.path().join(&f)).expect(&f),
            std::fs::read(tmp.path().join(format!("t2.{y}.svg"))).unwrap()
        );
    }
    // Every graph against the tables.
    let counts = harness::read_csv(&one.join("entity_counts.csv"));
    let co = harness::read_csv(&one.join("co_mentions.csv"));
    let manifest = std::fs::read_to_string(one.join("manifest.json")).unwrap();
    for y in years {
        let text =
            std::fs::read_to_string(one.join(format!("networks/co_mentions.{y}.graphml"))).unwrap();
        assert!(text.contains(&format!("<data key=\"period\">{y}</data>")));
        let (nodes, edges) = read_graphml(&text);
        let want_nodes: BTreeMap<String, u64> = counts
            .iter()
            .filter(|r| r.get("period") == y)
            .map(|r| {
                (
                    format!("{}:{}", r.get("type"), r.get("entity_id")),
                    r.get("mentions").parse().unwrap(),
                )
            })
            .collect();
        let want_edges: BTreeMap<(String, String), u64> = co
            .iter()
            .filter(|r| r.get("period") == y)
            .map(|r| {
                (
                    (
                        format!("{}:{}", r.get("source_type"), r.get("source")),
                        format!("{}:{}", r.get("target_type"), r.get("target")),
                    ),
                    r.get("count").parse().unwrap(),
                )
            })
            .collect();
        assert!(!want_nodes.is_empty() && !want_edges.is_empty(), "{y}");
        assert_eq!(nodes, want_nodes, "{y} nodes");
        assert_eq!(edges, want_edges, "{y} edges");
        assert!(
            manifest.contains(&format!("\"networks/co_mentions.{y}.graphml\"")),
            "listed in the manifest"
        );
        let gexf =
            std::fs::read_to_string(one.join(format!("networks/co_mentions.{y}.gexf"))).unwrap();
        assert_eq!(gexf.matches("<node ").count(), want_nodes.len());
        assert_eq!(gexf.matches("<edge ").count(), want_edges.len());
    }
}

#[test]
fn a_counts_folder_has_no_network_and_graph_needs_an_output_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = harness::ingest_sample(tmp.path(), "corpus.parquet");
    let counts = tmp.path().join("counts");
    let o = harness::run(["count", s(&corpus), "--entities", "-q", "-o", s(&counts)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let out = tmp.path().join("e");
    let o = harness::run(["entities", s(&counts), "--graph", "graphml", "-o", s(&out)]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr
            .contains("--graph (co-mentions) needs the documents"),
        "{}",
        o.stderr
    );
    assert!(!out.exists());
    let o = harness::run(["entities", s(&corpus), "--graph", "graphml"]);
    assert_eq!(o.code, Some(2), "{}", o.stderr);
}
