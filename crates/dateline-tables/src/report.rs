//! `report.html`: one self-contained page (no script, style or font fetched; the charts inline
//! SVG) that tells what a `dateline run` found, each section linking to its table: the corpus'
//! volume per period, the terms that rose and fell most, the keyness tables, the trends, the
//! leading people and countries as rates, the co-mention network, and a sample of each trend
//! query's concordance lines. Built from the tables of
//! a results folder alone (`dateline report OUT_DIR` rebuilds it), so it shows exactly what the
//! tables hold.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::TablesError;

/// A table of a results folder as text cells (read from its CSV, or from its Parquet file).
struct Grid {
    file: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Grid {
    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
    fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.col(name)
            .and_then(|i| row.get(i))
            .map_or("", String::as_str)
    }
    fn num(&self, row: &[String], name: &str) -> f64 {
        self.get(row, name).parse().unwrap_or(0.0)
    }
}

fn read_grid(dir: &Path, name: &str) -> Result<Option<Grid>, TablesError> {
    let csv_path = dir.join(format!("{name}.csv"));
    let parquet_path = dir.join(format!("{name}.parquet"));
    let (text, file) = if csv_path.is_file() {
        let t = std::fs::read(&csv_path).map_err(|source| TablesError::Io {
            action: "read",
            path: csv_path.clone(),
            source,
        })?;
        (t, format!("{name}.csv"))
    } else if parquet_path.is_file() {
        let t = crate::read_parquet_table(&parquet_path, name)?;
        let mut buf = Vec::new();
        t.write_csv_to(&mut buf)
            .map_err(|source| TablesError::Csv {
                path: parquet_path.clone(),
                source,
            })?;
        (buf, format!("{name}.parquet"))
    } else {
        return Ok(None);
    };
    let mut rd = csv::Reader::from_reader(text.as_slice());
    let bad = |source| TablesError::Csv {
        path: dir.join(&file),
        source,
    };
    let header = rd
        .headers()
        .map_err(bad)?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for r in rd.records() {
        rows.push(r.map_err(bad)?.iter().map(str::to_string).collect());
    }
    Ok(Some(Grid { file, header, rows }))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A number as a reader wants it in a report: integers with separators, others to 3
/// significant decimals.
fn show(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = dateline_analytics::limits::thousands(v.abs() as u64);
        if v < 0.0 {
            format!("-{s}")
        } else {
            s
        }
    } else if v != 0.0 && v.abs() < 0.001 {
        format!("{v:.1e}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

fn table_html(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    out.push_str("<table><thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", esc(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

fn section(out: &mut String, id: &str, title: &str, source: &str) {
    let _ = write!(
        out,
        "<section id=\"{id}\"><h2>{}</h2><p class=\"src\">Table: <a href=\"{}\">{}</a></p>",
        esc(title),
        esc(source),
        esc(source)
    );
}

/// The file of table `name` in the folder: its CSV, else its Parquet file.
fn table_file(dir: &Path, name: &str) -> String {
    let csv = format!("{name}.csv");
    if dir.join(&csv).is_file() {
        csv
    } else {
        format!("{name}.parquet")
    }
}

/// An inline SVG file of the folder (`trends.svg`), without its XML declaration.
fn inline_svg(dir: &Path, name: &str) -> Option<String> {
    let s = std::fs::read_to_string(dir.join(name)).ok()?;
    let start = s.find("<svg")?;
    Some(s[start..].to_string())
}

/// The terms whose rate changed most between the first and the second half of the periods
/// (mean per_10k of each half; terms counted at least `min` times in all): `(rose, fell)`,
/// each `(term, first half, second half)`.
fn movers(terms: &Grid, periods: &[String], min: f64) -> (Vec<[String; 3]>, Vec<[String; 3]>) {
    let half = periods.len() / 2;
    if half == 0 {
        return (Vec::new(), Vec::new());
    }
    let pos: BTreeMap<&str, usize> = periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut acc: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
    for r in &terms.rows {
        if terms.get(r, "n") != "1" && terms.col("n").is_some() {
            continue;
        }
        if terms.col("group").is_some() && !terms.get(r, "group").is_empty() {
            continue;
        }
        let Some(&p) = pos.get(terms.get(r, "period")) else {
            continue;
        };
        let e = acc.entry(terms.get(r, "term")).or_default();
        let rate = terms.num(r, "per_10k");
        if p < half {
            e.0 += rate;
        } else {
            e.1 += rate;
        }
        e.2 += terms.num(r, "count");
    }
    let (n1, n2) = (half as f64, (periods.len() - half) as f64);
    let mut change: Vec<(f64, &str, f64, f64)> = acc
        .into_iter()
        .filter(|(_, v)| v.2 >= min)
        .map(|(t, (a, b, _))| ((b / n2) - (a / n1), t, a / n1, b / n2))
        .collect();
    change.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let row = |c: &(f64, &str, f64, f64)| [c.1.to_string(), show(c.2), show(c.3)];
    let rose = change
        .iter()
        .take(12)
        .filter(|c| c.0 > 0.0)
        .map(row)
        .collect();
    let fell = change
        .iter()
        .rev()
        .take(12)
        .filter(|c| c.0 < 0.0)
        .map(row)
        .collect();
    (rose, fell)
}

/// Builds `report.html` for the results folder `dir` (a `dateline run` output) and returns it.
pub fn report_html(dir: &Path, title: &str) -> Result<String, TablesError> {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\n<style>\
         body{{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}}\
         h1{{font-size:1.6em}}h2{{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}}\
         table{{border-collapse:collapse;margin:.5em 0;font-size:.9em}}th,td{{padding:.2em .6em;border-bottom:1px solid #eee;text-align:right}}\
         th:first-child,td:first-child{{text-align:left}}p.src{{font-size:.85em;color:#555}}svg{{max-width:100%;height:auto}}\
         .pair{{display:flex;gap:2em;flex-wrap:wrap}}nav a{{margin-right:1em}}\
         .kwic td:nth-child(3){{font-weight:bold;text-align:center;white-space:nowrap}}.kwic td:nth-child(4),.kwic td:nth-child(5){{text-align:left}}.kwic td:nth-child(5){{color:#777}}h3{{font-size:1em;margin-bottom:0}}\
         </style></head><body>\n<h1>{t}</h1>\n<p>Made by dateline {v} from the tables of this folder; every number below is in the table its section links to.</p>\n",
        t = esc(title),
        v = crate::writer::VERSION
    );
    let mut nav = Vec::new();
    let mut body = String::new();

    // Volume.
    let mut active_periods = Vec::new();
    if let Some(p) = read_grid(dir, "periods")? {
        let rows: Vec<&Vec<String>> = p
            .rows
            .iter()
            .filter(|r| p.get(r, "n") == "1" && p.get(r, "group").is_empty())
            .collect();
        let period_labels: Vec<String> = rows
            .iter()
            .map(|r| p.get(r, "period").to_string())
            .collect();
        // The movers compare periods that hold documents (an empty period has no rate).
        active_periods = rows
            .iter()
            .filter(|r| p.num(r, "tokens") > 0.0)
            .map(|r| p.get(r, "period").to_string())
            .collect();
        section(&mut body, "volume", "Documents per period", &p.file);
        body.push_str("<p>The corpus' volume: read a rise in counts against it (the rates below are per 10,000 tokens of each period).</p>\n");
        let max = rows.iter().map(|r| p.num(r, "docs")).fold(1.0, f64::max);
        let (w, h, bar) = (900.0, 160.0, 900.0 / rows.len().max(1) as f64);
        let _ = write!(body, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {}\" role=\"img\" aria-label=\"documents per period\">", h + 20.0);
        for (i, r) in rows.iter().enumerate() {
            let d = p.num(r, "docs");
            let bh = h * d / max;
            let _ = write!(
                body,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#777\"><title>{}: {} documents</title></rect>",
                i as f64 * bar,
                h - bh,
                (bar * 0.8).max(0.5),
                esc(p.get(r, "period")),
                show(d)
            );
        }
        if let (Some(first), Some(last)) = (period_labels.first(), period_labels.last()) {
            let _ = write!(body, "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><text x=\"{w}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>", h + 16.0, esc(first), h + 16.0, esc(last));
        }
        body.push_str("</svg>\n");
        let total: f64 = rows.iter().map(|r| p.num(r, "docs")).sum();
        let tokens: f64 = rows.iter().map(|r| p.num(r, "tokens")).sum();
        let _ = write!(
            body,
            "<p>{} documents, {} counted tokens, {} periods.</p></section>",
            show(total),
            show(tokens),
            rows.len()
        );
        nav.push(("volume", "Volume"));
    }

    // Movers.
    if let Some(t) = read_grid(dir, "terms")? {
        let (rose, fell) = movers(&t, &active_periods, 10.0);
        section(
            &mut body,
            "movers",
            "Terms that rose and fell most",
            &t.file,
        );
        body.push_str("<p>Terms counted at least 10 times, by the change of their mean rate (per 10,000 tokens) from the first half of the periods with documents to the second.</p><div class=\"pair\"><div><h3>Rose</h3>");
        let rows: Vec<Vec<String>> = rose.into_iter().map(Vec::from).collect();
        table_html(&mut body, &["term", "first half", "second half"], &rows);
        body.push_str("</div><div><h3>Fell</h3>");
        let rows: Vec<Vec<String>> = fell.into_iter().map(Vec::from).collect();
        table_html(&mut body, &["term", "first half", "second half"], &rows);
        body.push_str("</div></div></section>\n");
        nav.push(("movers", "Risers and fallers"));
    }

    // Keyness.
    let mut keyness: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    let stem = n
                        .strip_suffix(".csv")
                        .or_else(|| n.strip_suffix(".parquet"))?;
                    stem.starts_with("keyness_").then(|| stem.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    keyness.sort();
    keyness.dedup();
    for k in &keyness {
        if let Some(g) = read_grid(dir, k)? {
            let id = format!("k-{}", &k["keyness_".len()..]);
            section(
                &mut body,
                &id,
                &format!("Keyness: {}", &k["keyness_".len()..]),
                &g.file,
            );
            body.push_str("<p>The terms that most distinguish A from B (signed G²: positive more in A), first the 15 of A, then the 15 of B.</p>");
            let cols = [
                "term",
                "count_a",
                "count_b",
                "per_10k_a",
                "per_10k_b",
                "g2",
                "log_ratio",
                "p_value",
            ];
            let mut a: Vec<&Vec<String>> = g
                .rows
                .iter()
                .filter(|r| g.num(r, "g2") > 0.0)
                .take(15)
                .collect();
            let b: Vec<&Vec<String>> = g
                .rows
                .iter()
                .rev()
                .filter(|r| g.num(r, "g2") < 0.0)
                .take(15)
                .collect();
            a.extend(b);
            let rows: Vec<Vec<String>> = a
                .iter()
                .map(|r| {
                    cols.iter()
                        .map(|c| {
                            if *c == "term" {
                                g.get(r, c).to_string()
                            } else {
                                show(g.num(r, c))
                            }
                        })
                        .collect()
                })
                .collect();
            table_html(&mut body, &cols, &rows);
            body.push_str("</section>\n");
            nav.push(("keyness", "Keyness"));
        }
    }

    // Trends.
    if let Some(svg) = inline_svg(dir, "trends.svg") {
        section(&mut body, "trends", "Trends", &table_file(dir, "trends"));
        body.push_str(&svg);
        body.push_str("</section>\n");
        nav.push(("trends", "Trends"));
    }

    // Concordance: each trend query's sampled lines.
    if let Some(k) = read_grid(dir, "concordance")? {
        if !k.rows.is_empty() {
            section(&mut body, "concordance", "Concordance", &k.file);
            body.push_str(
                "<p>A reproducible sample of each trend query's lines (seed 1), in date order.</p>",
            );
            let mut by_query: Vec<(String, Vec<Vec<String>>)> = Vec::new();
            for r in &k.rows {
                let q = k.get(r, "query");
                if by_query.last().map(|(l, _)| l.as_str()) != Some(q) {
                    by_query.push((q.to_string(), Vec::new()));
                }
                let line = ["date", "left", "match", "right", "doc_id"]
                    .iter()
                    .map(|c| k.get(r, c).to_string())
                    .collect();
                if let Some((_, lines)) = by_query.last_mut() {
                    lines.push(line);
                }
            }
            for (q, lines) in &by_query {
                let _ = write!(body, "<h3>{}</h3>", esc(q));
                body.push_str("<div class=\"kwic\">");
                table_html(
                    &mut body,
                    &["date", "left", "match", "right", "doc_id"],
                    lines,
                );
                body.push_str("</div>");
            }
            body.push_str("</section>\n");
            nav.push(("concordance", "Concordance"));
        }
    }

    // Entities.
    if let Some(e) = read_grid(dir, "entity_counts")? {
        section(
            &mut body,
            "entities",
            "Leading people and countries",
            &e.file,
        );
        if let Some(svg) = inline_svg(dir, "entities.svg") {
            body.push_str(&svg);
        }
        let mut totals: BTreeMap<(String, String), (String, f64)> = BTreeMap::new();
        for r in &e.rows {
            let k = (
                e.get(r, "type").to_string(),
                e.get(r, "entity_id").to_string(),
            );
            let t = totals
                .entry(k)
                .or_insert_with(|| (e.get(r, "name").to_string(), 0.0));
            t.1 += e.num(r, "mentions");
        }
        let mut top: Vec<_> = totals.into_iter().collect();
        top.sort_by(|a, b| b.1 .1.total_cmp(&a.1 .1).then(a.0.cmp(&b.0)));
        let rows: Vec<Vec<String>> = top
            .iter()
            .take(15)
            .map(|((t, id), (n, m))| vec![n.clone(), t.clone(), id.clone(), show(*m)])
            .collect();
        table_html(&mut body, &["name", "type", "id", "mentions"], &rows);
        body.push_str("</section>\n");
        nav.push(("entities", "People and countries"));
    }
    if let Some(svg) = inline_svg(dir, "network.svg") {
        section(
            &mut body,
            "network",
            "Co-mention network",
            &table_file(dir, "co_mentions"),
        );
        body.push_str("<p>The 20 most mentioned entities of the whole range; line width: co-mentions summed over the periods.</p>");
        body.push_str(&svg);
        body.push_str("</section>\n");
        nav.push(("network", "Network"));
    }

    out.push_str("<nav>");
    let mut seen = std::collections::BTreeSet::new();
    for (id, label) in nav {
        if seen.insert(label) {
            let id = if id == "keyness" {
                keyness
                    .first()
                    .map(|k| format!("k-{}", &k["keyness_".len()..]))
                    .unwrap_or_default()
            } else {
                id.to_string()
            };
            let _ = write!(out, "<a href=\"#{id}\">{}</a>", esc(label));
        }
    }
    out.push_str("</nav>\n");
    out.push_str(&body);
    out.push_str("</body></html>\n");
    Ok(out)
}

/// `text` (a manifest) with the `bytes` and `xxh3` of its `files` entry for `rel` replaced.
fn update_entry(text: &str, rel: &str, bytes: u64, xxh3: &str) -> Option<String> {
    let at = text.find(&format!("\"path\": \"{rel}\""))?;
    let b = at + text[at..].find("\"bytes\": ")? + "\"bytes\": ".len();
    let b_end = b + text[b..].find(|c: char| !c.is_ascii_digit())?;
    let x = b_end + text[b_end..].find("\"xxh3\": \"")? + "\"xxh3\": \"".len();
    let x_end = x + text[x..].find('"')?;
    Some(format!(
        "{}{bytes}{}{xxh3}{}",
        &text[..b],
        &text[b_end..x],
        &text[x_end..]
    ))
}

/// Writes `dir/report.html` (atomically), updates its entry in `dir/manifest.json` (size and
/// XXH3; the manifest is replaced atomically too), and returns its path.
pub fn write_report(dir: &Path, title: &str) -> Result<PathBuf, TablesError> {
    let html = report_html(dir, title)?;
    let path = dir.join("report.html");
    let io = |action: &'static str, p: &Path| {
        let p = p.to_path_buf();
        move |source| TablesError::Io {
            action,
            path: p,
            source,
        }
    };
    crate::atomic_write(&path, |w| {
        std::io::Write::write_all(w, html.as_bytes()).map_err(io("write", &path))
    })?;
    // The manifest's entry for the report (written by `dateline run`) gets the new size and
    // XXH3, in place: the rest of the manifest keeps its bytes.
    let mpath = dir.join("manifest.json");
    let text = std::fs::read_to_string(&mpath).map_err(io("read", &mpath))?;
    let f = crate::fingerprint_file(&path)?;
    let Some(updated) = update_entry(&text, "report.html", f.bytes, &f.xxh3) else {
        return Err(TablesError::Dataset {
            path: mpath,
            reason: "lists no report.html (a folder of an older dateline): run the study again"
                .into(),
        });
    };
    crate::atomic_write(&mpath, |w| {
        std::io::Write::write_all(w, updated.as_bytes()).map_err(io("write", &mpath))
    })?;
    Ok(path)
}
