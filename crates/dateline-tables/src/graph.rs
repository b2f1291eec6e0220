//! The co-mention network of one period as a graph file: GraphML (networkx, igraph, Gephi,
//! Cytoscape) or GEXF 1.2 (Gephi, networkx). Nodes are the entities mentioned in the period
//! (id `type:entity_id`, attributes `type`, `entity_id`, `name`, `mentions`, `docs`,
//! `per_10k`); undirected edges are their co-mentions (`count`, the GEXF `weight`, `pmi`,
//! `source_docs`, `target_docs`, `units`); the period is the graph's `period` attribute (GraphML)
//! or its description (GEXF). Nodes come in `entity_counts` order (type, then id), edges in
//! `co_mentions` order, so the same counts give the same bytes.
use std::io::Cursor;

use dateline_analytics::entities::{CoMentionRow, EntityCountRow, EntityCounts, Key};
use dateline_core::PeriodIndex;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

/// A graph file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GraphFormat {
    /// GraphML.
    Graphml,
    /// GEXF 1.2.
    Gexf,
}

impl GraphFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            GraphFormat::Graphml => "graphml",
            GraphFormat::Gexf => "gexf",
        }
    }
}

/// The network of one period.
pub struct Network<'a> {
    /// The period's label (`2018-01`, `all`).
    pub period: String,
    /// The entities mentioned in the period.
    pub nodes: Vec<&'a EntityCountRow>,
    /// Their co-mentions.
    pub edges: Vec<&'a CoMentionRow>,
}

/// The counts and co-mentions a set of networks is built from (kept for the borrow).
pub struct NetworkRows {
    counts: Vec<EntityCountRow>,
    co: Vec<CoMentionRow>,
}

impl NetworkRows {
    /// The rows of `e` over the periods of `periods`.
    pub fn new(e: &EntityCounts, periods: &PeriodIndex) -> Self {
        let n = periods.periods().len();
        NetworkRows {
            counts: e.count_rows(n, &[]),
            co: e.co_mention_rows(n),
        }
    }

    /// One network per period with at least one mention, in period order.
    pub fn networks<'a>(&'a self, periods: &PeriodIndex) -> Vec<Network<'a>> {
        // Rows bucketed by period in one pass (rows keep their order within a period).
        let n = periods.periods().len();
        let mut nodes: Vec<Vec<&EntityCountRow>> = vec![Vec::new(); n];
        for r in self
            .counts
            .iter()
            .filter(|r| r.mentions > 0 && r.period < n)
        {
            nodes[r.period].push(r);
        }
        let mut edges: Vec<Vec<&CoMentionRow>> = vec![Vec::new(); n];
        for r in self.co.iter().filter(|r| r.period < n) {
            edges[r.period].push(r);
        }
        periods
            .periods()
            .iter()
            .zip(nodes.into_iter().zip(edges))
            .filter(|(_, (nodes, _))| !nodes.is_empty())
            .map(|(period, (nodes, edges))| Network {
                period: period.label.clone(),
                nodes,
                edges,
            })
            .collect()
    }
}

impl NetworkRows {
    /// The network of the whole range, for a picture: mentions, documents and co-mention
    /// counts summed over the periods (rates and PMI, which do not add up, are left at 0), named
    /// `label`.
    pub fn summed(&self, label: &str) -> SummedNetwork {
        let mut nodes = std::collections::BTreeMap::<Key, EntityCountRow>::new();
        for r in &self.counts {
            let n = nodes
                .entry(r.key.clone())
                .or_insert_with(|| EntityCountRow {
                    period: 0,
                    key: r.key.clone(),
                    name: r.name.clone(),
                    mentions: 0,
                    docs: 0,
                    per_10k: 0.0,
                });
            n.mentions += r.mentions;
            n.docs += r.docs;
        }
        let mut edges = std::collections::BTreeMap::<(Key, Key), CoMentionRow>::new();
        for r in &self.co {
            let e = edges
                .entry((r.source.clone(), r.target.clone()))
                .or_insert_with(|| CoMentionRow {
                    period: 0,
                    count: 0,
                    source_units: 0,
                    target_units: 0,
                    units: 0,
                    pmi: 0.0,
                    ..r.clone()
                });
            e.count += r.count;
        }
        SummedNetwork {
            label: label.to_string(),
            nodes: nodes.into_values().collect(),
            edges: edges.into_values().collect(),
        }
    }
}

/// A network summed over periods ([`NetworkRows::summed`]).
pub struct SummedNetwork {
    label: String,
    nodes: Vec<EntityCountRow>,
    edges: Vec<CoMentionRow>,
}

impl SummedNetwork {
    /// The network to draw.
    pub fn network(&self) -> Network<'_> {
        Network {
            period: self.label.clone(),
            nodes: self.nodes.iter().filter(|r| r.mentions > 0).collect(),
            edges: self.edges.iter().collect(),
        }
    }
}

fn node_id(kind: &str, id: &str) -> String {
    format!("{kind}:{id}")
}

type W = Writer<Cursor<Vec<u8>>>;

fn text(w: &mut W, tag: &str, attrs: &[(&str, &str)], value: &str) -> std::io::Result<()> {
    w.create_element(tag)
        .with_attributes(attrs.iter().copied())
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn empty(w: &mut W, tag: &str, attrs: &[(&str, &str)]) -> std::io::Result<()> {
    w.create_element(tag)
        .with_attributes(attrs.iter().copied())
        .write_empty()?;
    Ok(())
}

const NODE_KEYS: [(&str, &str, &str); 6] = [
    ("type", "string", "person or country"),
    ("entity_id", "string", ""),
    ("name", "string", ""),
    ("mentions", "long", ""),
    ("docs", "long", ""),
    ("per_10k", "double", ""),
];
const EDGE_KEYS: [(&str, &str); 5] = [
    ("count", "long"),
    ("pmi", "double"),
    ("source_docs", "long"),
    ("target_docs", "long"),
    ("units", "long"),
];

fn node_values(r: &EntityCountRow) -> [String; 6] {
    [
        r.key.0.to_string(),
        r.key.1.clone(),
        r.name.clone(),
        r.mentions.to_string(),
        r.docs.to_string(),
        r.per_10k.to_string(),
    ]
}

fn edge_values(r: &CoMentionRow) -> [String; 5] {
    [
        r.count.to_string(),
        r.pmi.to_string(),
        r.source_units.to_string(),
        r.target_units.to_string(),
        r.units.to_string(),
    ]
}

impl Network<'_> {
    /// The network in `format`.
    pub fn to_bytes(&self, format: GraphFormat, version: &str) -> Vec<u8> {
        let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
        let r = match format {
            GraphFormat::Graphml => self.graphml(&mut w),
            GraphFormat::Gexf => self.gexf(&mut w, version),
        };
        // Writing into memory cannot fail.
        r.expect("an in-memory XML writer");
        let mut out = w.into_inner().into_inner();
        out.push(b'\n');
        out
    }

    fn graphml(&self, w: &mut W) -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("graphml")
            .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
            .write_inner_content(|w| {
                empty(
                    w,
                    "key",
                    &[
                        ("id", "period"),
                        ("for", "graph"),
                        ("attr.name", "period"),
                        ("attr.type", "string"),
                    ],
                )?;
                for (k, t, _) in NODE_KEYS {
                    empty(
                        w,
                        "key",
                        &[
                            ("id", k),
                            ("for", "node"),
                            ("attr.name", k),
                            ("attr.type", t),
                        ],
                    )?;
                }
                for (k, t) in EDGE_KEYS {
                    let id = format!("e_{k}");
                    empty(
                        w,
                        "key",
                        &[
                            ("id", &id),
                            ("for", "edge"),
                            ("attr.name", k),
                            ("attr.type", t),
                        ],
                    )?;
                }
                w.create_element("graph")
                    .with_attributes([("id", "co_mentions"), ("edgedefault", "undirected")])
                    .write_inner_content(|w| {
                        text(w, "data", &[("key", "period")], &self.period)?;
                        for n in &self.nodes {
                            let id = node_id(n.key.0, &n.key.1);
                            w.create_element("node")
                                .with_attribute(("id", id.as_str()))
                                .write_inner_content(|w| {
                                    for ((k, _, _), v) in NODE_KEYS.iter().zip(node_values(n)) {
                                        text(w, "data", &[("key", k)], &v)?;
                                    }
                                    Ok(())
                                })?;
                        }
                        for e in &self.edges {
                            let (s, t) = (
                                node_id(e.source.0, &e.source.1),
                                node_id(e.target.0, &e.target.1),
                            );
                            w.create_element("edge")
                                .with_attributes([("source", s.as_str()), ("target", t.as_str())])
                                .write_inner_content(|w| {
                                    for ((k, _), v) in EDGE_KEYS.iter().zip(edge_values(e)) {
                                        text(w, "data", &[("key", &format!("e_{k}"))], &v)?;
                                    }
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
        Ok(())
    }

    fn gexf(&self, w: &mut W, version: &str) -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("gexf")
            .with_attributes([
                ("xmlns", "http://www.gexf.net/1.2draft"),
                ("version", "1.2"),
            ])
            .write_inner_content(|w| {
                w.create_element("meta").write_inner_content(|w| {
                    text(w, "creator", &[], &format!("dateline {version}"))?;
                    text(
                        w,
                        "description",
                        &[],
                        &format!("co-mentions, period {}", self.period),
                    )
                })?;
                w.create_element("graph")
                    .with_attributes([("mode", "static"), ("defaultedgetype", "undirected")])
                    .write_inner_content(|w| {
                        w.create_element("attributes")
                            .with_attribute(("class", "node"))
                            .write_inner_content(|w| {
                                for (i, (k, t, _)) in NODE_KEYS.iter().enumerate() {
                                    let id = i.to_string();
                                    empty(
                                        w,
                                        "attribute",
                                        &[("id", &id), ("title", k), ("type", t)],
                                    )?;
                                }
                                Ok(())
                            })?;
                        w.create_element("attributes")
                            .with_attribute(("class", "edge"))
                            .write_inner_content(|w| {
                                for (i, (k, t)) in EDGE_KEYS.iter().enumerate() {
                                    let id = i.to_string();
                                    empty(
                                        w,
                                        "attribute",
                                        &[("id", &id), ("title", k), ("type", t)],
                                    )?;
                                }
                                Ok(())
                            })?;
                        w.create_element("nodes").write_inner_content(|w| {
                            for n in &self.nodes {
                                let id = node_id(n.key.0, &n.key.1);
                                w.create_element("node")
                                    .with_attributes([
                                        ("id", id.as_str()),
                                        ("label", n.name.as_str()),
                                    ])
                                    .write_inner_content(|w| {
                                        w.create_element("attvalues").write_inner_content(|w| {
                                            for (i, v) in node_values(n).iter().enumerate() {
                                                let f = i.to_string();
                                                empty(w, "attvalue", &[("for", &f), ("value", v)])?;
                                            }
                                            Ok(())
                                        })?;
                                        Ok(())
                                    })?;
                            }
                            Ok(())
                        })?;
                        w.create_element("edges").write_inner_content(|w| {
                            for (i, e) in self.edges.iter().enumerate() {
                                let (s, t) = (
                                    node_id(e.source.0, &e.source.1),
                                    node_id(e.target.0, &e.target.1),
                                );
                                let (id, weight) = (i.to_string(), e.count.to_string());
                                w.create_element("edge")
                                    .with_attributes([
                                        ("id", id.as_str()),
                                        ("source", s.as_str()),
                                        ("target", t.as_str()),
                                        ("weight", weight.as_str()),
                                    ])
                                    .write_inner_content(|w| {
                                        w.create_element("attvalues").write_inner_content(|w| {
                                            for (i, v) in edge_values(e).iter().enumerate() {
                                                let f = i.to_string();
                                                empty(w, "attvalue", &[("for", &f), ("value", v)])?;
                                            }
                                            Ok(())
                                        })?;
                                        Ok(())
                                    })?;
                            }
                            Ok(())
                        })?;
                        Ok(())
                    })?;
                Ok(())
            })?;
        Ok(())
    }
}

/// Okabe–Ito colours, legible to colour-blind readers: countries blue, people vermillion.
const COUNTRY: &str = "#0072B2";
const PERSON: &str = "#D55E00";

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Network<'_> {
    /// A picture of the `top` most mentioned entities (SVG, 900 × 900): a circular layout,
    /// countries then people, each by mentions (most first, ties by id), clockwise from the
    /// top; a node's area follows its mentions, an edge's width its co-mentions. The layout
    /// depends on the counts alone: the same counts give the same picture.
    pub fn to_svg(&self, top: usize, title: &str) -> String {
        let mut nodes: Vec<&EntityCountRow> = self.nodes.clone();
        nodes.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.key.cmp(&b.key)));
        nodes.truncate(top.max(1));
        nodes.sort_by(|a, b| {
            (a.key.0 != "country")
                .cmp(&(b.key.0 != "country"))
                .then(b.mentions.cmp(&a.mentions))
                .then_with(|| a.key.cmp(&b.key))
        });
        let (size, cx, cy, radius) = (900.0f64, 450.0f64, 470.0f64, 300.0f64);
        let n = nodes.len();
        let pos: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
                (cx + radius * a.cos(), cy + radius * a.sin())
            })
            .collect();
        let index =
            |k: &(&str, String)| nodes.iter().position(|r| r.key.0 == k.0 && r.key.1 == k.1);
        let max_m = nodes.iter().map(|r| r.mentions).max().unwrap_or(1).max(1) as f64;
        let edges: Vec<(usize, usize, u64)> = self
            .edges
            .iter()
            .filter_map(|e| Some((index(&e.source)?, index(&e.target)?, e.count)))
            .collect();
        let max_c = edges.iter().map(|e| e.2).max().unwrap_or(1).max(1) as f64;
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"{cx}\" y=\"36\" text-anchor=\"middle\" font-size=\"22\">{}</text>\n",
            xml_escape(title)
        );
        s.push_str(&format!(
            "<text x=\"{cx}\" y=\"62\" text-anchor=\"middle\" font-size=\"14\" fill=\"#444\">{} most mentioned of {} entities; node area: mentions, line width: co-mentions</text>\n",
            n,
            self.nodes.len()
        ));
        for (a, b, c) in &edges {
            let w = 0.5 + 7.5 * (*c as f64 / max_c);
            s.push_str(&format!(
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#555\" stroke-opacity=\"0.45\" stroke-width=\"{w:.2}\"><title>{} – {}: {c}</title></line>\n",
                pos[*a].0, pos[*a].1, pos[*b].0, pos[*b].1,
                xml_escape(&nodes[*a].name), xml_escape(&nodes[*b].name)
            ));
        }
        for (i, r) in nodes.iter().enumerate() {
            let (x, y) = pos[i];
            let rad = 5.0 + 20.0 * (r.mentions as f64 / max_m).sqrt();
            let colour = if r.key.0 == "country" {
                COUNTRY
            } else {
                PERSON
            };
            s.push_str(&format!(
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{rad:.1}\" fill=\"{colour}\" fill-opacity=\"0.85\"><title>{}: {} mentions in {} documents</title></circle>\n",
                xml_escape(&r.name), r.mentions, r.docs
            ));
            let (dx, dy) = (x - cx, y - cy);
            let d = (dx * dx + dy * dy).sqrt().max(1.0);
            let (lx, ly) = (x + dx / d * (rad + 8.0), y + dy / d * (rad + 8.0) + 5.0);
            let anchor = if dx.abs() < 1.0 {
                "middle"
            } else if dx > 0.0 {
                "start"
            } else {
                "end"
            };
            s.push_str(&format!(
                "<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\" font-size=\"14\">{}</text>\n",
                xml_escape(&r.name)
            ));
        }
        s.push_str(&format!(
            "<circle cx=\"40\" cy=\"{0}\" r=\"7\" fill=\"{COUNTRY}\"/><text x=\"54\" y=\"{1}\" font-size=\"14\">country</text>\n<circle cx=\"140\" cy=\"{0}\" r=\"7\" fill=\"{PERSON}\"/><text x=\"154\" y=\"{1}\" font-size=\"14\">person</text>\n</svg>\n",
            size - 30.0,
            size - 25.0
        ));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &'static str, id: &str, name: &str, mentions: u64) -> EntityCountRow {
        EntityCountRow {
            period: 0,
            key: (kind, id.to_string()),
            name: name.to_string(),
            mentions,
            docs: mentions,
            per_10k: mentions as f64 * 2.5,
        }
    }

    fn net<'a>(nodes: &'a [EntityCountRow], edges: &'a [CoMentionRow]) -> Network<'a> {
        Network {
            period: "2018".into(),
            nodes: nodes.iter().collect(),
            edges: edges.iter().collect(),
        }
    }

    #[test]
    fn graphml_and_gexf_hold_the_nodes_and_edges_escaped() {
        let nodes = [
            row("country", "USA", "United States", 4),
            row("person", "kim-jong-un", "Kim Jong Un & co", 2),
        ];
        let edges = [CoMentionRow {
            period: 0,
            source: ("country", "USA".into()),
            source_name: "United States".into(),
            target: ("person", "kim-jong-un".into()),
            target_name: "Kim Jong Un & co".into(),
            count: 2,
            source_units: 4,
            target_units: 2,
            units: 8,
            pmi: 1.0,
        }];
        let g =
            String::from_utf8(net(&nodes, &edges).to_bytes(GraphFormat::Graphml, "0.1.0")).unwrap();
        assert!(g.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">"), "{g}");
        assert!(g.contains("<node id=\"person:kim-jong-un\">"), "{g}");
        assert!(
            g.contains("<data key=\"name\">Kim Jong Un &amp; co</data>"),
            "{g}"
        );
        assert!(
            g.contains("<edge source=\"country:USA\" target=\"person:kim-jong-un\">"),
            "{g}"
        );
        assert!(
            g.contains("<data key=\"e_count\">2</data>")
                && g.contains("<data key=\"e_pmi\">1</data>"),
            "{g}"
        );
        assert!(g.contains("<data key=\"period\">2018</data>"), "{g}");
        assert_eq!(g.matches("<node ").count(), 2);
        let x =
            String::from_utf8(net(&nodes, &edges).to_bytes(GraphFormat::Gexf, "0.1.0")).unwrap();
        assert!(
            x.contains("<gexf xmlns=\"http://www.gexf.net/1.2draft\" version=\"1.2\">"),
            "{x}"
        );
        assert!(
            x.contains("<node id=\"person:kim-jong-un\" label=\"Kim Jong Un &amp; co\">"),
            "{x}"
        );
        assert!(
            x.contains(
                "<edge id=\"0\" source=\"country:USA\" target=\"person:kim-jong-un\" weight=\"2\">"
            ),
            "{x}"
        );
        let svg = net(&nodes, &edges).to_svg(10, "Co-mentions <2018>");
        assert!(svg.contains("Co-mentions &lt;2018&gt;") && svg.contains("Kim Jong Un &amp; co"));
        assert_eq!(svg.matches("<line ").count(), 1);
        assert_eq!(svg, net(&nodes, &edges).to_svg(10, "Co-mentions <2018>"));
        // Only the top node: no edge left to draw.
        assert_eq!(
            net(&nodes, &edges).to_svg(1, "t").matches("<line ").count(),
            0
        );
    }
}
