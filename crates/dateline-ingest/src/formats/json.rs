//! JSON and JSON Lines: arrays of records, single records, and objects nesting their records
//! (`{date, articles: [...]}`, `{topNews: [...]}`); a nested record inherits its parent's date.

use std::path::Path;

use serde_json::{Map, Value};

use crate::dates::{check_json, from_json, in_name};
use crate::record::{Parsed, Record};
use crate::{IngestError, IngestOptions, Problem};

/// Field names guessed for the nested record array.
const RECORDS: &[&str] = &[
    "articles",
    "topNews",
    "records",
    "items",
    "stories",
    "news",
    "documents",
    "docs",
    "data",
    "results",
];
/// Field names guessed for the text.
const TEXT: &[&str] = &["body", "text", "content", "story", "story_text", "article"];
const TITLE: &[&str] = &["title", "headline"];
const DATE: &[&str] = &["date", "date_str", "published", "pubdate"];
const URL: &[&str] = &["url", "link"];
const BYLINE: &[&str] = &["byline", "author"];
/// Parent fields used as a last resort for the date (snapshot time).
const PARENT_DATE: &[&str] = &["dateScraped", "scraped", "snapshot"];

struct Fields<'a> {
    records: Vec<&'a str>,
    text: Vec<&'a str>,
    title: Vec<&'a str>,
    date: Vec<&'a str>,
}

impl<'a> Fields<'a> {
    fn new(opts: &'a IngestOptions) -> Self {
        fn pick<'a>(o: Option<&'a String>, guesses: &[&'a str]) -> Vec<&'a str> {
            match o {
                Some(s) => vec![s.as_str()],
                None => guesses.to_vec(),
            }
        }
        Fields {
            records: pick(opts.records.as_ref(), RECORDS),
            text: pick(opts.text_field.as_ref(), TEXT),
            title: pick(opts.title_field.as_ref(), TITLE),
            date: pick(opts.date_field.as_ref(), DATE),
        }
    }
    fn tried_text(&self) -> String {
        self.text
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The nested record array of a container object, if it has one.
fn nested<'v>(o: &'v Map<String, Value>, f: &Fields) -> Option<&'v Vec<Value>> {
    f.records
        .iter()
        .find_map(|k| o.get(*k).and_then(Value::as_array))
}

/// Flattens a JSON document into (parent, record) pairs.
fn flatten<'v>(v: &'v Value, f: &Fields) -> Vec<(Option<&'v Map<String, Value>>, &'v Value)> {
    let mut out = Vec::new();
    let mut push =
        |item: &'v Value| match item.as_object().and_then(|o| nested(o, f).map(|n| (o, n))) {
            Some((parent, arr)) => out.extend(arr.iter().map(|r| (Some(parent), r))),
            None => out.push((None, item)),
        };
    match v {
        Value::Array(items) => items.iter().for_each(&mut push),
        other => push(other),
    }
    out
}

fn get_str<'v>(o: &'v Map<String, Value>, keys: &[&str]) -> Option<&'v str> {
    keys.iter()
        .find_map(|k| o.get(*k).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The text of a record: a string, or an array of paragraph strings joined by blank lines.
fn get_text(o: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    for k in keys {
        match o.get(*k) {
            Some(Value::String(s)) => return Some(s.clone()),
            Some(Value::Array(parts)) => {
                let paras: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
                return Some(paras.join("\n\n"));
            }
            _ => {}
        }
    }
    None
}

fn has_text_key(v: &Value, f: &Fields) -> bool {
    v.as_object()
        .is_some_and(|o| f.text.iter().any(|k| o.contains_key(*k)))
}

/// A text field or a title field: a record (a headline without a story is one).
fn has_record_key(v: &Value, f: &Fields) -> bool {
    has_text_key(v, f)
        || v.as_object()
            .is_some_and(|o| f.title.iter().any(|k| o.contains_key(*k)))
}

/// Builds a record from one object; `None` when it has neither text nor title (a record with
/// a title and no text is a title-only record).
fn record(
    parent: Option<&Map<String, Value>>,
    v: &Value,
    f: &Fields,
    opts: &IngestOptions,
) -> Option<Record> {
    let o = v.as_object()?;
    let title = get_str(o, &f.title).map(str::to_string);
    let body = get_text(o, &f.text)
        .filter(|b| !b.trim().is_empty())
        .or_else(|| title.as_ref().map(|_| String::new()))?;
    let url = get_str(o, URL).map(str::to_string);
    // The record's own date fields: the first readable one; else the first written one that
    // could not be read is reported, and the date comes from the URL or the parent.
    let mut bad_date = None;
    let own = f.date.iter().filter_map(|k| o.get(*k)).find_map(|v| {
        match check_json(v, opts.date_order) {
            Ok(d) => Some(d),
            Err(bad) => {
                if bad_date.is_none() {
                    bad_date = bad;
                }
                None
            }
        }
    });
    if own.is_some() {
        bad_date = None;
    }
    let date = own
        .or_else(|| url.as_deref().and_then(in_name))
        .or_else(|| {
            parent.and_then(|p| {
                f.date
                    .iter()
                    .find_map(|k| p.get(*k).and_then(|v| from_json(v, opts.date_order)))
            })
        })
        .or_else(|| {
            parent.and_then(|p| {
                PARENT_DATE
                    .iter()
                    .find_map(|k| p.get(*k).and_then(|v| from_json(v, opts.date_order)))
            })
        });
    Some(Record {
        title,
        body,
        title_field: true,
        date,
        bad_date,
        url,
        source: opts
            .source
            .clone()
            .or_else(|| get_str(o, &["source"]).map(str::to_string)),
        byline: get_str(o, BYLINE).map(str::to_string),
        ..Record::default()
    })
}

/// Parses a JSON document.
pub(crate) fn parse(path: &Path, text: &str, opts: &IngestOptions) -> Result<Parsed, IngestError> {
    let value: Value = serde_json::from_str(text).map_err(|source| IngestError::Json {
        path: path.to_path_buf(),
        line: source.line() as u64,
        source,
    })?;
    let f = Fields::new(opts);
    let items = flatten(&value, &f);
    // Records found under a container's article array are records even without a text field
    // (counted as empty); a file whose top-level items have no text or title field at all is
    // not an article file (an index of dates, a word list).
    let nested_any = items.iter().any(|(parent, _)| parent.is_some());
    if !nested_any && !items.is_empty() && !items.iter().any(|(_, v)| has_record_key(v, &f)) {
        return Err(IngestError::NoText {
            path: path.to_path_buf(),
            what: "field",
            tried: f.tried_text(),
        });
    }
    let mut out = Parsed::default();
    for (i, (parent, v)) in items.into_iter().enumerate() {
        match record(parent, v, &f, opts) {
            Some(mut r) => {
                r.record = Some(i as u64 + 1);
                out.records.push(r);
            }
            None => out.empty += 1,
        }
    }
    Ok(out)
}

/// Parses JSON Lines: a bad line is reported and skipped, the rest kept.
pub(crate) fn parse_lines(path: &Path, text: &str, opts: &IngestOptions) -> Parsed {
    let f = Fields::new(opts);
    let mut out = Parsed::default();
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                let err = IngestError::Json {
                    path: path.to_path_buf(),
                    line: n,
                    source: e,
                };
                out.problems.push(err.to_problem());
                out.skipped += 1;
                continue;
            }
        };
        for (parent, v) in flatten(&value, &f) {
            match record(parent, v, &f, opts) {
                Some(mut r) => {
                    r.line = Some(n);
                    out.records.push(r);
                }
                None if v.is_object() && !has_record_key(v, &f) => {
                    out.skipped += 1;
                    out.problems.push(
                        Problem::new(
                            path,
                            format!("no text field (looked for {})", f.tried_text()),
                        )
                        .at_line(n),
                    );
                }
                None => out.empty += 1,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Parsed {
        parse(Path::new("t.json"), text, &IngestOptions::default()).unwrap()
    }

    #[test]
    fn nested_day_file_inherits_date() {
        let out = p(
            r#"{"date":"2017-09-04","url":"u","articles":[{"title":"A","url":"x","content":"Text A"},null,{"title":"B","content":""}]}"#,
        );
        // `B` has a title and no text: a title-only record; `null` is empty.
        assert_eq!(out.records.len(), 2);
        assert_eq!(out.empty, 1);
        assert_eq!(out.records[0].date.unwrap().to_string(), "2017-09-04");
        assert_eq!(out.records[0].record, Some(1));
        assert_eq!(out.records[1].title.as_deref(), Some("B"));
        assert_eq!(out.records[1].body, "");
        assert_eq!(out.records[1].record, Some(3));
    }

    #[test]
    fn paragraph_arrays_and_news_id() {
        let out = p(
            r#"{"title":"Rodong Sinmun","topNews":[{"url":"http://www.rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2022-10-10-0004","title":"T","byline":"Team","content":["P1","P2"],"images":[{"url":"AAAA"}]}],"dateScraped":"2022-10-11T03:44:24.096Z"}"#,
        );
        let r = &out.records[0];
        assert_eq!(r.body, "P1\n\nP2");
        assert_eq!(r.date.unwrap().to_string(), "2022-10-10");
        assert_eq!(r.byline.as_deref(), Some("Team"));
    }

    #[test]
    fn epoch_ms_array() {
        let out = p(
            r#"[{"headline":"H","link":"l","date":1703376000000,"story_text":"S","date_str":"2023-12-24"}]"#,
        );
        assert_eq!(out.records[0].date.unwrap().to_string(), "2023-12-24");
        assert_eq!(out.records[0].title.as_deref(), Some("H"));
    }

    #[test]
    fn no_text_field_and_bad_json() {
        let e = parse(
            Path::new("d.json"),
            r#"[{"date":"2017-01-01","url":"u"}]"#,
            &IngestOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_problem().message(),
            "d.json: no text field (looked for `body`, `text`, `content`, `story`, `story_text`, `article`)"
        );
        let e = parse(
            Path::new("d.json"),
            "[\n{\"text\": \"a\"},\n{\"text\": ",
            &IngestOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_problem().message(),
            "d.json:3: invalid json: EOF while parsing a value"
        );
    }
}
