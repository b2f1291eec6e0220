//! The explorer's API, version 1: one function per endpoint, each running the command line's
//! accumulator over the loaded corpus and building the command line's table, so that
//! [`Answer::csv`] is byte for byte the file `dateline <command> … -o x.csv` writes with the
//! same options (`docs/explorer.md` lists them). [`Answer::json`] holds the same rows.
//!
//! Parameters take the command line's option names and values (`by=month`, `from=2017-01-01`,
//! `min_count=5`, queries as `dateline trend` reads them); an unknown parameter, a bad value or
//! a query that matches no token rule is refused ([`ExploreError::BadRequest`]), never guessed.
use dateline_analytics::cooccur::{CooccurCounts, CooccurOptions, Scope};
use dateline_analytics::keyness::{keyness, Correction, KeynessOptions, SortBy};
use dateline_analytics::kwic::{KwicLines, KwicOptions, KwicRow};
use dateline_analytics::pass::{Accumulator, DocView, IndexedDoc, PassOptions};
use dateline_analytics::query::Query;
use dateline_analytics::sides::{Side, TwoSides};
use dateline_analytics::trend::TrendCounts;
use dateline_core::{By, DateRange};
use dateline_tables::builders::{cooccur_table, keyness_table, kwic_table, trends_table};
use dateline_tables::entity_tables::{co_mentions_table, entity_counts_table, top_per_period};
use dateline_tables::{Table, Values};
use serde_json::{json, Map, Value};

use crate::{ExploreError, Explorer};

/// The API version: the path prefix `/api/v1/`. A change that removes or renames a field or
/// parameter, or changes what one means, makes `v2`; adding one does not.
pub const API_VERSION: &str = "v1";

/// The endpoints, in the order `docs/explorer.md` gives them.
pub const ENDPOINTS: [&str; 7] = [
    "info",
    "trend",
    "kwic",
    "collocates",
    "cooccur",
    "entities",
    "compare",
];

/// A request's parameters, in order (a name may repeat: `q=a&q=b`).
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Reads a URL query string; a name not in `known` (nor `format`) is refused.
    pub fn parse(query: &str, known: &[&str]) -> Result<Params, ExploreError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (k, _) in &pairs {
            if k != "format" && !known.contains(&k.as_str()) {
                return Err(ExploreError::bad(format!(
                    "unknown parameter `{k}` (this endpoint takes {})",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                )));
            }
        }
        Ok(Params { pairs })
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of `name` (an empty value is no value).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// A whole number, or `default`.
    fn num<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, ExploreError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| ExploreError::bad(format!("`{name}`: `{v}` is not a whole number"))),
        }
    }

    /// An optional whole number.
    fn opt_num(&self, name: &str) -> Result<Option<usize>, ExploreError> {
        self.get(name).map(|_| self.num(name, 0)).transpose()
    }

    /// `true`/`false` (`1`/`0`), default false.
    fn flag(&self, name: &str) -> Result<bool, ExploreError> {
        match self.get(name) {
            None | Some("false" | "0") => Ok(false),
            Some("true" | "1") => Ok(true),
            Some(v) => Err(ExploreError::bad(format!(
                "`{name}`: `{v}` is not true or false"
            ))),
        }
    }

    /// One of `choices`, or `default`.
    fn choice<'a>(
        &'a self,
        name: &str,
        choices: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str, ExploreError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) if choices.contains(&v) => Ok(v),
            Some(v) => Err(ExploreError::bad(format!(
                "`{name}`: `{v}` is not one of {}",
                choices.join(", ")
            ))),
        }
    }
}

/// One endpoint's answer: the command line's table, and what the JSON adds to it.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The table (its CSV is the command line's file).
    pub table: Option<Table>,
    /// Fields of the JSON answer beside `rows`.
    pub extra: Map<String, Value>,
}

impl Answer {
    /// The table as CSV, as the command line writes it (`None` for `info`, which has no table).
    pub fn csv(&self) -> Option<Vec<u8>> {
        let t = self.table.as_ref()?;
        let mut out = Vec::new();
        t.write_csv_to(&mut out)
            .expect("CSV into memory does not fail");
        Some(out)
    }

    /// The answer as JSON: `api`, `table`, `columns`, `rows` (one object per row, the CSV's
    /// values typed: numbers, strings, `null` for an empty field) and the extra fields.
    pub fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("api".into(), json!(API_VERSION));
        if let Some(t) = &self.table {
            m.insert("table".into(), json!(t.name));
            m.insert("columns".into(), json!(t.column_names()));
            m.insert("rows".into(), Value::Array(table_rows(t)));
        }
        m.extend(self.extra.clone());
        Value::Object(m)
    }
}

impl Answer {
    /// [`Answer::json`] written straight to bytes, without building the value tree (an
    /// answer of 60,000 rows is 8 MB): the same JSON value, its row objects' fields in the
    /// table's column order.
    pub fn json_bytes(&self) -> Vec<u8> {
        fn put<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
            serde_json::to_writer(&mut *out, v).expect("JSON into memory");
        }
        let mut out = Vec::with_capacity(1 << 12);
        out.extend_from_slice(b"{\"api\":");
        put(&mut out, API_VERSION);
        if let Some(t) = &self.table {
            out.extend_from_slice(b",\"table\":");
            put(&mut out, &t.name);
            out.extend_from_slice(b",\"columns\":");
            put(&mut out, &t.column_names());
            out.extend_from_slice(b",\"rows\":[");
            let keys: Vec<Vec<u8>> = t
                .columns
                .iter()
                .map(|(name, _)| {
                    let mut k = serde_json::to_vec(name).expect("JSON");
                    k.push(b':');
                    k
                })
                .collect();
            for i in 0..t.rows() {
                if i > 0 {
                    out.push(b',');
                }
                out.push(b'{');
                for (k, (key, (_, v))) in keys.iter().zip(&t.columns).enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(key);
                    match v {
                        Values::Str(x) => put(&mut out, &x[i]),
                        Values::OptStr(x) => put(&mut out, &x[i]),
                        Values::Dict { dict, codes } => put(&mut out, &dict[codes[i] as usize]),
                        Values::Int(x) => put(&mut out, &x[i]),
                        Values::OptInt(x) => put(&mut out, &x[i]),
                        // serde_json writes a non-finite number as null, as `float` does.
                        Values::Float(x) => put(&mut out, &x[i]),
                        Values::OptFloat(x) => put(&mut out, &x[i]),
                        Values::Date(x) => put(&mut out, &x[i].to_string()),
                        Values::OptDate(x) => put(&mut out, &x[i].map(|d| d.to_string())),
                        Values::Bool(x) => put(&mut out, &x[i]),
                    }
                }
                out.push(b'}');
            }
            out.push(b']');
        }
        for (k, v) in &self.extra {
            out.push(b',');
            put(&mut out, k);
            out.push(b':');
            put(&mut out, v);
        }
        out.push(b'}');
        out
    }
}

/// Each row of `t` as an object of its columns.
pub fn table_rows(t: &Table) -> Vec<Value> {
    (0..t.rows())
        .map(|i| {
            Value::Object(
                t.columns
                    .iter()
                    .map(|(name, v)| (name.clone(), value_at(v, i)))
                    .collect(),
            )
        })
        .collect()
}

fn float(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn value_at(v: &Values, i: usize) -> Value {
    match v {
        Values::Str(x) => json!(x[i]),
        Values::OptStr(x) => json!(x[i]),
        Values::Dict { dict, codes } => json!(dict[codes[i] as usize]),
        Values::Int(x) => json!(x[i]),
        Values::OptInt(x) => json!(x[i]),
        Values::Float(x) => float(x[i]),
        Values::OptFloat(x) => x[i].map_or(Value::Null, float),
        Values::Date(x) => json!(x[i].to_string()),
        Values::OptDate(x) => json!(x[i].map(|d| d.to_string())),
        Values::Bool(x) => json!(x[i]),
    }
}

/// An error and its causes in one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

/// Answers `endpoint` (a name of [`ENDPOINTS`]) with the URL query string `query`.
pub fn answer(ex: &Explorer, endpoint: &str, query: &str) -> Result<Answer, ExploreError> {
    fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        ["by", "from", "to", "lang"]
            .iter()
            .chain(extra)
            .copied()
            .collect()
    }
    match endpoint {
        "info" => {
            Params::parse(query, &[])?;
            Ok(info(ex))
        }
        "trend" => trend(ex, &Params::parse(query, &with(&["q", "smooth"]))?),
        "kwic" => kwic(
            ex,
            &Params::parse(
                query,
                &[
                    "q", "window", "sample", "seed", "from", "to", "lang", "sort", "limit",
                ],
            )?,
        ),
        "collocates" => cooccur(
            ex,
            &Params::parse(
                query,
                &with(&[
                    "q",
                    "window",
                    "left",
                    "right",
                    "cross_sentences",
                    "boolean",
                    "min_count",
                    "top",
                ]),
            )?,
            true,
        ),
        "cooccur" => cooccur(
            ex,
            &Params::parse(query, &with(&["q", "scope", "boolean", "min_count", "top"]))?,
            false,
        ),
        "entities" => entities(ex, &Params::parse(query, &with(&["q", "table", "top"]))?),
        "compare" => compare(
            ex,
            &Params::parse(
                query,
                &[
                    "a",
                    "b",
                    "ngram",
                    "min_count",
                    "correction",
                    "sort",
                    "top",
                    "lang",
                ],
            )?,
        ),
        other => Err(ExploreError::bad(format!(
            "no endpoint `{other}` (the endpoints: {})",
            ENDPOINTS.join(", ")
        ))),
    }
}

/// `--from`/`--to` as the command line reads them.
fn range(p: &Params) -> Result<DateRange, ExploreError> {
    let mut r = DateRange::default();
    for (name, v) in [("from", p.get("from")), ("to", p.get("to"))] {
        if let Some(v) = v {
            let x: DateRange = v.parse().map_err(|e: dateline_core::RangeError| {
                ExploreError::bad(format!("bad `{name}`: {}", chain(&e)))
            })?;
            if name == "from" {
                r.start = x.start;
            } else {
                r.end = x.end;
            }
        }
    }
    if let (Some(a), Some(b)) = (r.start, r.end) {
        if b < a {
            return Err(ExploreError::bad(format!(
                "`to` {b} comes before `from` {a}"
            )));
        }
    }
    Ok(r)
}

/// `--by` (default month; `doc` is only for `dateline terms`).
fn by(p: &Params) -> Result<By, ExploreError> {
    Ok(
        match p.choice(
            "by",
            &["day", "week", "month", "quarter", "year", "all"],
            "month",
        )? {
            "day" => By::Day,
            "week" => By::Week,
            "quarter" => By::Quarter,
            "year" => By::Year,
            "all" => By::All,
            _ => By::Month,
        },
    )
}

/// `--lang` (default `en`).
fn lang(p: &Params) -> Result<Option<String>, ExploreError> {
    let v = p.get("lang").unwrap_or("en");
    dateline_core::lang::parse_lang(v)
        .map(|c| c.code().map(str::to_string))
        .map_err(|e| ExploreError::bad(format!("bad `lang`: {}", chain(&e))))
}

/// The queries `q` (at least one), parsed as `dateline trend` parses them.
fn queries(ex: &Explorer, p: &Params) -> Result<Vec<Query>, ExploreError> {
    let qs = p.all("q");
    if qs.iter().all(|q| q.trim().is_empty()) {
        return Err(ExploreError::bad(
            "give a query: `q=term`, `q=a phrase`, `q=label=a|b|glob*`",
        ));
    }
    qs.iter()
        .filter(|q| !q.trim().is_empty())
        .map(|q| {
            Query::parse(q, &ex.pipeline)
                .map_err(|e| ExploreError::bad(format!("bad query `{q}`: {}", chain(&e))))
        })
        .collect()
}

/// Pass options over `periods` with the range and language of `p`.
fn pass(
    periods: &dateline_core::PeriodIndex,
    range: DateRange,
    lang: Option<String>,
) -> PassOptions<'_> {
    let mut o = PassOptions::new(periods);
    o.range = range;
    o.lang = lang;
    o
}

/// `info`: the corpus, its dates and languages, and the endpoints.
fn info(ex: &Explorer) -> Answer {
    let dated: Vec<_> = ex.dates.iter().flatten().collect();
    let first = dated.iter().min().map(ToString::to_string);
    let last = dated.iter().max().map(ToString::to_string);
    let mut langs = std::collections::BTreeMap::<&str, u64>::new();
    for d in &ex.docs {
        *langs.entry(d.lang.as_str()).or_default() += 1;
    }
    let mut periods = Map::new();
    for (name, b) in [
        ("day", By::Day),
        ("week", By::Week),
        ("month", By::Month),
        ("quarter", By::Quarter),
        ("year", By::Year),
    ] {
        if let Ok(p) = ex.periods(b, DateRange::default()) {
            periods.insert(name.into(), json!(p.periods().len()));
        }
    }
    let mut extra = Map::new();
    extra.insert(
        "corpus".into(),
        json!({
            "file": ex.path().file_name().map(|f| f.to_string_lossy().into_owned()),
            "docs": ex.docs.len(),
            "dated": dated.len(),
            "tokens": ex.streams.tokens(),
            "first": first,
            "last": last,
            "langs": langs,
            "periods": periods,
            "index": if ex.from_index { "read" } else { "built at start" },
        }),
    );
    extra.insert("endpoints".into(), json!(ENDPOINTS));
    extra.insert(
        "tool_version".into(),
        json!(dateline_tables::writer::VERSION),
    );
    Answer { table: None, extra }
}

/// `trend`: `dateline trend CORPUS Q… --by B --from --to --smooth N --lang L`, with each
/// period's volume (documents and non-stop tokens analysed).
fn trend(ex: &Explorer, p: &Params) -> Result<Answer, ExploreError> {
    let smooth = p.num("smooth", 1usize)?;
    if smooth == 0 {
        return Err(ExploreError::bad(
            "`smooth` must be at least 1 (1 means no smoothing)",
        ));
    }
    let qs = queries(ex, p)?;
    let r = range(p)?;
    let periods = ex.periods(by(p)?, r)?;
    let n = periods.periods().len();
    let opts = pass(&periods, r, lang(p)?);
    let (acc, _) = ex.run(&opts, || TrendCounts::new(&qs, n))?;
    let rows = acc.rows(&periods, smooth);
    let volume: Vec<Value> = periods
        .periods()
        .iter()
        .enumerate()
        .map(|(i, per)| {
            let (docs, tokens) = acc.period_totals(i);
            json!({ "period": per.label, "period_start": per.start.to_string(), "docs": docs, "tokens": tokens })
        })
        .collect();
    let mut extra = Map::new();
    extra.insert("volume".into(), Value::Array(volume));
    Ok(Answer {
        table: Some(trends_table(&rows)),
        extra,
    })
}

/// Lowercased words of a context, nearest the match first when `reverse`.
fn sort_key(s: &str, reverse: bool) -> Vec<String> {
    let words = s.split_whitespace().map(str::to_lowercase);
    if reverse {
        words.rev().collect()
    } else {
        words.collect()
    }
}

/// `kwic`: `dateline kwic CORPUS Q --window N --from --to --sample N --seed S --lang L -o x.csv`;
/// `sort=left|right` orders the lines by their context (the words nearest the match first;
/// ties keep the command line's order) and `limit=N` keeps the first N (the explorer's own).
fn kwic(ex: &Explorer, p: &Params) -> Result<Answer, ExploreError> {
    let mut qs = queries(ex, p)?;
    if qs.len() > 1 {
        return Err(ExploreError::bad("kwic takes one query `q`"));
    }
    let query = qs.remove(0);
    let r = range(p)?;
    let seed = p.num("seed", 1u64)?;
    let options = KwicOptions {
        window: p.num("window", 10usize)?,
        sample: p.opt_num("sample")?.map(|n| (n, seed)),
    };
    let sort = p.choice("sort", &["none", "left", "right"], "none")?;
    let limit = p.opt_num("limit")?;
    let periods = ex.periods(By::All, r)?;
    let mut opts = pass(&periods, r, lang(p)?);
    // Concordances show undated documents too, unless a date range is asked for (as the CLI).
    opts.include_undated = r.start.is_none() && r.end.is_none();
    // Only the documents where a match can start (postings): the same lines.
    let only = ex.query_docs(std::slice::from_ref(&query));
    opts.only = Some(&only);
    let proto = KwicLines::new(query, options);
    let (acc, _) = ex.run(&opts, || proto.empty_like())?;
    let mut rows: Vec<KwicRow> = acc.rows();
    let total = rows.len();
    match sort {
        "left" => rows.sort_by_cached_key(|r| sort_key(&r.left, true)),
        "right" => rows.sort_by_cached_key(|r| sort_key(&r.right, false)),
        _ => {}
    }
    if let Some(n) = limit {
        rows.truncate(n);
    }
    let mut extra = Map::new();
    extra.insert("lines_total".into(), json!(total));
    Ok(Answer {
        table: Some(kwic_table(&rows)),
        extra,
    })
}

/// `collocates` (`window`): `dateline cooccur CORPUS --target Q --window N …`; `cooccur`
/// (`!window`): `dateline cooccur CORPUS --target Q --scope sentence|document …` (default
/// `sentence`).
fn cooccur(ex: &Explorer, p: &Params, window: bool) -> Result<Answer, ExploreError> {
    let qs = queries(ex, p)?;
    let (scope, w) = if window {
        (Scope::Window, p.num("window", 5usize)?)
    } else {
        let s = match p.choice("scope", &["sentence", "document"], "sentence")? {
            "document" => Scope::Document,
            _ => Scope::Sentence,
        };
        (s, 5)
    };
    let options = CooccurOptions {
        left: p.opt_num("left")?.unwrap_or(w),
        right: p.opt_num("right")?.unwrap_or(w),
        scope,
        cross_sentences: p.flag("cross_sentences")?,
        boolean: p.flag("boolean")?,
        min_count: p.num("min_count", 1u64)?,
        top: p.opt_num("top")?,
        ..CooccurOptions::default()
    };
    let r = range(p)?;
    let (b, l) = (by(p)?, lang(p)?);
    let periods = ex.periods(b, r)?;
    let mut opts = pass(&periods, r, l.clone());
    // Every period's tokens and term counts come from totals counted once per (by, range,
    // language); only the documents where a target can start are visited.
    let totals = ex.cooccur_totals(b, r, l)?;
    let only = ex.query_docs(&qs);
    opts.only = Some(&only);
    let proto = CooccurCounts::over_totals(qs, options, totals)
        .expect("totals without targets, stopwords not counted");
    let (acc, _) = ex.run(&opts, || proto.empty_like())?;
    Ok(Answer {
        table: Some(cooccur_table(&acc.rows(periods.periods()))),
        extra: Map::new(),
    })
}

/// Counts only the documents where a query matches.
struct Matching<'q, A> {
    queries: &'q [Query],
    inner: A,
}

impl<A: Accumulator> Accumulator for Matching<'_, A> {
    fn add(&mut self, doc: &DocView<'_>) {
        if self.queries.iter().any(|q| q.count(doc.tokens) > 0) {
            self.inner.add(doc);
        }
    }

    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        let hit = {
            let view = doc.view();
            self.queries.iter().any(|q| q.count(view.tokens) > 0)
        };
        if hit {
            self.inner.add_indexed(doc);
        }
    }

    fn merge(&mut self, other: Self) {
        self.inner.merge(other.inner);
    }
}

/// `entities`: `dateline entities CORPUS --by B --from --to --lang L [--top N] -o DIR`'s
/// `entity_counts.csv` (`table=co_mentions`: its `co_mentions.csv`); with `q`, of the
/// documents where a query matches only (their tokens are the `per_10k` base), which the
/// command line has no option for.
fn entities(ex: &Explorer, p: &Params) -> Result<Answer, ExploreError> {
    let qs = if p.all("q").iter().any(|q| !q.trim().is_empty()) {
        queries(ex, p)?
    } else {
        Vec::new()
    };
    let which = p.choice("table", &["entity_counts", "co_mentions"], "entity_counts")?;
    let top = p.opt_num("top")?;
    let r = range(p)?;
    let periods = ex.periods(by(p)?, r)?;
    let mut opts = pass(&periods, r, lang(p)?);
    // A query's entities: only the documents where a match can start are looked at.
    let only = ex.query_docs(&qs);
    if !qs.is_empty() {
        opts.only = Some(&only);
    }
    // Co-mentions are counted only for their table.
    let proto = if which == "co_mentions" {
        ex.entities.empty_like()
    } else {
        ex.entities.empty_like().without_co_mentions()
    };
    let acc = if qs.is_empty() {
        ex.run(&opts, || proto.empty_like())?.0
    } else {
        ex.run(&opts, || Matching {
            queries: &qs,
            inner: proto.empty_like(),
        })?
        .0
        .inner
    };
    // Only the table asked for is made (the mention rows are not kept).
    let table = if which == "co_mentions" {
        co_mentions_table(&acc, &periods)
    } else {
        let t = entity_counts_table(&acc, &periods, &[]);
        match top {
            Some(top) => top_per_period(&t, top, &[]),
            None => t,
        }
    };
    Ok(Answer {
        table: Some(table),
        extra: Map::new(),
    })
}

/// `compare`: `dateline compare CORPUS --a RANGE [--b RANGE] --ngram N --min-count N
/// --correction C --sort S --top N --lang L -o x.csv` (without `b`, B is the rest of the
/// corpus).
fn compare(ex: &Explorer, p: &Params) -> Result<Answer, ExploreError> {
    let Some(a) = p.get("a") else {
        return Err(ExploreError::bad(
            "say what A is: `a=FROM..TO` (and `b=FROM..TO`, else B is the rest of the corpus)",
        ));
    };
    let n = p.num("ngram", 1u32)?;
    if !(1..=5).contains(&n) {
        return Err(ExploreError::bad("`ngram` must lie in 1..5"));
    }
    let side = |v: &str, flag: &str| {
        Side::parse(Some(v), None, flag).map_err(|e| ExploreError::bad(chain(&e)))
    };
    let side_a = side(a, "a")?;
    let side_b = p.get("b").map(|b| side(b, "b")).transpose()?;
    let options = KeynessOptions {
        min_total: p.num("min_count", 5u64)?,
        correction: match p.choice("correction", &["none", "bonferroni", "bh"], "none")? {
            "bonferroni" => Correction::Bonferroni,
            "bh" => Correction::BenjaminiHochberg,
            _ => Correction::None,
        },
        sort_by: match p.choice("sort", &["g2", "log-ratio", "chi2"], "g2")? {
            "log-ratio" => SortBy::LogRatio,
            "chi2" => SortBy::Chi2,
            _ => SortBy::G2,
        },
        top: p.opt_num("top")?,
        ..KeynessOptions::default()
    };
    let periods = ex.periods(By::All, DateRange::default())?;
    let mut opts = pass(&periods, DateRange::default(), lang(p)?);
    opts.include_undated = true;
    let proto = TwoSides::new(side_a, side_b, n).map_err(|e| ExploreError::bad(chain(&e)))?;
    let (acc, _) = ex.run(&opts, || proto.clone())?;
    let (fa, fb) = acc.lists(n);
    if fa.total == 0 {
        return Err(ExploreError::bad(
            "corpus A holds no tokens: check `a` (and `lang`)",
        ));
    }
    if fb.total == 0 {
        return Err(ExploreError::bad(
            "corpus B holds no tokens: check `b` (and `lang`)",
        ));
    }
    let rows = keyness(&fa, &fb, &options);
    let mut extra = Map::new();
    extra.insert("tokens_a".into(), json!(fa.total));
    extra.insert("tokens_b".into(), json!(fb.total));
    Ok(Answer {
        table: Some(keyness_table(&rows)),
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_repeat_decode_and_refuse_unknown_names() {
        let p = Params::parse(
            "q=Kim+Jong+Un&q=us%3DU.S.%7CAmerica&by=&top=3",
            &["q", "by", "top"],
        )
        .unwrap();
        assert_eq!(p.all("q"), vec!["Kim Jong Un", "us=U.S.|America"]);
        assert_eq!(p.get("by"), None);
        assert_eq!(p.opt_num("top").unwrap(), Some(3));
        let e = Params::parse("q=a&window=5", &["q"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown parameter `window` (this endpoint takes `q`)"
        );
        let p = Params::parse("top=x&boolean=yes&by=decade", &["top", "boolean", "by"]).unwrap();
        assert_eq!(
            p.opt_num("top").unwrap_err().to_string(),
            "`top`: `x` is not a whole number"
        );
        assert!(p.flag("boolean").is_err());
        assert_eq!(
            by(&p).unwrap_err().to_string(),
            "`by`: `decade` is not one of day, week, month, quarter, year, all"
        );
    }

    #[test]
    fn ranges_read_as_the_command_line_reads_them() {
        let p = Params::parse("from=2017&to=2018-03", &["from", "to"]).unwrap();
        let r = range(&p).unwrap();
        assert_eq!(r.start.unwrap().to_string(), "2017-01-01");
        assert_eq!(r.end.unwrap().to_string(), "2018-03-31");
        let p = Params::parse("from=2018&to=2017", &["from", "to"]).unwrap();
        assert_eq!(
            range(&p).unwrap_err().to_string(),
            "`to` 2017-12-31 comes before `from` 2018-01-01"
        );
        let p = Params::parse("from=yesterday", &["from", "to"]).unwrap();
        assert!(range(&p).unwrap_err().to_string().starts_with("bad `from`"));
    }

    #[test]
    fn json_rows_hold_the_table_values_typed() {
        let t = Table::new("t")
            .with("term", Values::Str(vec!["a".into(), "b".into()]))
            .with("count", Values::Int(vec![3, 0]))
            .with("per_10k", Values::Float(vec![1.5, f64::NAN]))
            .with("p", Values::OptFloat(vec![None, Some(0.25)]));
        let a = Answer {
            table: Some(t),
            extra: Map::new(),
        };
        let j = a.json();
        assert_eq!(j["columns"], json!(["term", "count", "per_10k", "p"]));
        assert_eq!(
            j["rows"],
            json!([
                {"term": "a", "count": 3, "per_10k": 1.5, "p": null},
                {"term": "b", "count": 0, "per_10k": null, "p": 0.25}
            ])
        );
        assert_eq!(
            String::from_utf8(a.csv().unwrap()).unwrap(),
            "term,count,per_10k,p\na,3,1.5,\nb,0,,0.25\n"
        );
        let mut extra = Map::new();
        extra.insert("lines_total".into(), json!(7));
        let a = Answer { extra, ..a };
        let bytes = a.json_bytes();
        let parsed: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(parsed, a.json());
        assert!(String::from_utf8(bytes)
            .unwrap()
            .contains(r#"{"term":"a","count":3,"per_10k":1.5,"p":null}"#));
    }

    #[test]
    fn kwic_sort_keys_read_from_the_match_outwards() {
        assert_eq!(
            sort_key("the Great Leader", true),
            ["leader", "great", "the"]
        );
        assert_eq!(sort_key("said that", false), ["said", "that"]);
    }
}
