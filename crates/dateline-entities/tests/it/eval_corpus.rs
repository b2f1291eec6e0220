//! The entity extractor scored against the hand-labelled articles in `tests/entities/`.
//!
//! Each labelled article is read straight from `../shared/corpora` (by corpus, file and record),
//! cleaned as the labels assume (repeated headline, KCNA dateline and end mark removed), and run
//! through [`Extractor`]; the counts are compared with the gold counts. Precision, recall and F1
//! are printed for all articles, per labelling round (`set`: `h1` the first 42 articles, `h2` the
//! 45 of issue 18) and per round and corpus
//! (`cargo test -p dateline-entities --test it eval_corpus -- --nocapture`); the targets of each
//! round ([`TARGETS`]) are asserted only with `DATELINE_EVAL_STRICT=1`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dateline_entities::eval::{self, ArticleRef, Counts, Evaluation, Gold};
use dateline_entities::{Extractor, ExtractorOptions, Gazetteer};

/// Per labelling round: (set, country F1 target, person F1 target).
/// `h2` (issue 18): the issue asked for F1 ≥ 0.99 countries and ≥ 0.97 persons; the rules of
/// `EXTRACTOR_RULES_VERSION` 2 reach 1.000 and 0.996 (no longer held out), asserted a little
/// below.
const TARGETS: [(&str, f64, f64); 2] = [("h1", 0.95, 0.90), ("h2", 0.995, 0.99)];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpora_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora");
    dir.is_dir().then_some(dir)
}

fn load_gold() -> Gold {
    let dir = workspace_root().join("tests/entities");
    eval::load_labels(&dir.join("labels.csv"), &dir.join("articles.csv"))
        .unwrap_or_else(|e| panic!("gold set: {e}"))
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("`{}`: {e}", path.display()))
}

fn field<'a>(value: &'a serde_json::Value, name: &str, what: &str) -> &'a str {
    value
        .get(name)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_else(|| panic!("{what}: no string field `{name}`"))
}

/// Title and raw body of one labelled article.
fn read_article(corpora: &Path, article: &ArticleRef) -> (String, String) {
    let path = corpora.join(&article.corpus).join(&article.file);
    let what = format!("`{}` record {}", path.display(), article.record);
    let record = usize::try_from(article.record).expect("record fits usize");
    match article.corpus.as_str() {
        "kcna-cojp-daily-1997-2018" => {
            let day = read_json(&path);
            let item = &day["articles"][record];
            (
                field(item, "title", &what).to_string(),
                field(item, "content", &what).to_string(),
            )
        }
        "stiles-kcna-kp-2024" => {
            let all = read_json(&path);
            let item = &all[record];
            (
                field(item, "headline", &what).to_string(),
                field(item, "story_text", &what).to_string(),
            )
        }
        "nklm-rodong-sample" => {
            let mut reader = csv::Reader::from_path(&path)
                .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", path.display()));
            let headers = reader.headers().expect("csv header").clone();
            let row = reader
                .records()
                .nth(record)
                .unwrap_or_else(|| panic!("{what}: no such row"))
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            let get = |name: &str| {
                let i = headers
                    .iter()
                    .position(|h| h == name)
                    .unwrap_or_else(|| panic!("{what}: no column `{name}`"));
                row[i].to_string()
            };
            (get("title"), get("body"))
        }
        "rodong-frontpage-json-2021-2022" => {
            // Newer snapshots are `{topNews: [...]}`, the first one a bare array.
            let snapshot = read_json(&path);
            let items = snapshot.get("topNews").unwrap_or(&snapshot);
            let item = &items[record];
            let paragraphs: Vec<&str> = item["content"]
                .as_array()
                .unwrap_or_else(|| panic!("{what}: no `content` array"))
                .iter()
                .filter_map(serde_json::Value::as_str)
                .collect();
            (
                field(item, "title", &what).to_string(),
                paragraphs.join("\n"),
            )
        }
        other => panic!("{what}: unknown corpus `{other}`"),
    }
}

/// `rest` after `prefix`, comparing without regard to whitespace.
fn strip_prefix_loose<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let mut wanted = prefix.chars().filter(|c| !c.is_whitespace()).peekable();
    wanted.peek()?;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        if wanted.next() != Some(c) {
            return None;
        }
        if wanted.peek().is_none() {
            let rest = &text[i + c.len_utf8()..];
            // The headline must end at a word boundary ("Title" is no prefix of "Titles").
            return (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest);
        }
    }
    None
}

/// `text` without a leading `^[A-Z][A-Za-z .'-]+, [A-Z][a-z]+ \d{1,2} \(KCNA\) -- `.
fn strip_dateline(text: &str) -> &str {
    fn matches(head: &str) -> bool {
        let Some((place, date)) = head.split_once(", ") else {
            return false;
        };
        let mut place_chars = place.chars();
        let place_ok = place_chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && place.len() >= 2
            && place_chars.all(|c| c.is_ascii_alphabetic() || " .'-".contains(c));
        let Some((month, day)) = date.split_once(' ') else {
            return false;
        };
        let mut month_chars = month.chars();
        let month_ok = month_chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && month.len() >= 2
            && month_chars.all(|c| c.is_ascii_lowercase());
        let day_ok = (1..=2).contains(&day.len()) && day.bytes().all(|b| b.is_ascii_digit());
        place_ok && month_ok && day_ok
    }
    const MARK: &str = " (KCNA) -- ";
    match text.find(MARK) {
        Some(i) if matches(&text[..i]) => &text[i + MARK.len()..],
        _ => text,
    }
}

/// The body as the labels assume it: repeated headline, dateline and end mark removed.
fn clean_body(title: &str, body: &str) -> String {
    let body = body.replace("&nbsp;", " ");
    let mut rest = body.trim_start();
    if let Some(after) = strip_prefix_loose(rest, title.trim()) {
        rest = after.trim_start();
    }
    rest = strip_dateline(rest);
    let rest = rest.trim_end();
    rest.strip_suffix("-0-")
        .unwrap_or(rest)
        .trim_end()
        .to_string()
}

/// One line per type (and all types) of `evaluation`, prefixed with `scope`.
fn score_lines(out: &mut String, scope: &str, evaluation: &Evaluation) {
    let mut rows: Vec<(String, eval::Scores)> = evaluation
        .by_type
        .iter()
        .map(|(t, s)| (t.clone(), *s))
        .collect();
    rows.push(("all".to_string(), evaluation.overall()));
    for (t, s) in rows {
        let _ = writeln!(
            out,
            "{scope:<40} {t:<8} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}",
            s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1
        );
    }
}

/// The scores of the articles of `gold` that `keep` selects.
fn evaluate_part(
    gold: &Gold,
    predicted: &BTreeMap<String, Counts>,
    keep: impl Fn(&ArticleRef) -> bool,
) -> (Gold, Evaluation) {
    let part = gold.filter(keep);
    let evaluation = eval::evaluate(&part, predicted);
    (part, evaluation)
}

/// The labelling rounds of `gold`, in order of first appearance.
fn sets(gold: &Gold) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in gold.articles() {
        if !out.contains(&a.set) {
            out.push(a.set.clone());
        }
    }
    out
}

fn report(gold: &Gold, predicted: &BTreeMap<String, Counts>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "entity evaluation on {} hand-labelled articles",
        gold.len()
    );
    let _ = writeln!(
        out,
        "{:<40} {:<8} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}",
        "articles", "type", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    let evaluation = eval::evaluate(gold, predicted);
    score_lines(&mut out, &format!("all ({})", gold.len()), &evaluation);
    for set in sets(gold) {
        let (part, e) = evaluate_part(gold, predicted, |a| a.set == set);
        score_lines(&mut out, &format!("set {set} ({})", part.len()), &e);
        let mut corpora: Vec<&str> = part.articles().iter().map(|a| a.corpus.as_str()).collect();
        corpora.sort_unstable();
        corpora.dedup();
        for corpus in corpora {
            let (p, e) = evaluate_part(gold, predicted, |a| a.set == set && a.corpus == corpus);
            score_lines(&mut out, &format!("  {set} {corpus} ({})", p.len()), &e);
        }
    }
    let _ = writeln!(out, "\nerrors by entity (fp, fn, articles):");
    for e in evaluation.errors_by_entity().iter().take(40) {
        let name = gold.name(&e.entity_type, &e.entity_id).unwrap_or("-");
        let _ = writeln!(
            out,
            "  {:<7} {:<32} {:<28} fp {:>3} fn {:>3} in {}",
            e.entity_type, e.entity_id, name, e.fp, e.fn_, e.articles
        );
    }
    let _ = writeln!(out, "\ndisagreements (article, entity, gold, predicted):");
    for d in evaluation.disagreements.iter().take(80) {
        let _ = writeln!(
            out,
            "  {:<22} {:<7} {:<32} gold {:>2} predicted {:>2}",
            d.article, d.entity_type, d.entity_id, d.gold, d.predicted
        );
    }
    if evaluation.disagreements.len() > 80 {
        let _ = writeln!(out, "  ... {} more", evaluation.disagreements.len() - 80);
    }
    out
}

#[test]
fn extractor_against_hand_labels() {
    let Some(corpora) = corpora_dir() else {
        eprintln!("skipping: ../shared/corpora not found");
        return;
    };
    let gold = load_gold();
    let gazetteer = Gazetteer::builtin();
    let extractor = Extractor::new(&gazetteer, &ExtractorOptions::default());

    let mut predicted: BTreeMap<String, Counts> = BTreeMap::new();
    for article in gold.articles() {
        let (title, body) = read_article(&corpora, article);
        let text = format!("{}\n\n{}", title.trim(), clean_body(&title, &body));
        let mentions = extractor.extract(&text);
        let counts = eval::tally(
            mentions
                .iter()
                .map(|m| (m.kind.as_str().to_string(), m.entity_id.clone())),
        );
        predicted.insert(article.article.clone(), counts);
    }
    println!("{}", report(&gold, &predicted));

    let strict = std::env::var("DATELINE_EVAL_STRICT").as_deref() == Ok("1");
    for (set, country_target, person_target) in TARGETS {
        let (part, e) = evaluate_part(&gold, &predicted, |a| a.set == set);
        assert!(!part.is_empty(), "no article in set `{set}`");
        let country = e.by_type["country"].f1;
        let person = e.by_type["person"].f1;
        if strict {
            assert!(
                country >= country_target,
                "set {set}: country f1 {country:.3} below target {country_target}"
            );
            assert!(
                person >= person_target,
                "set {set}: person f1 {person:.3} below target {person_target}"
            );
        } else {
            println!(
                "set {set} targets (asserted with DATELINE_EVAL_STRICT=1): country f1 {country:.3} / {country_target}, person f1 {person:.3} / {person_target}"
            );
        }
    }
}

#[test]
fn every_labelled_article_is_read_and_cleaned() {
    let Some(corpora) = corpora_dir() else {
        eprintln!("skipping: ../shared/corpora not found");
        return;
    };
    let gold = load_gold();
    let mut dateline_left = Vec::new();
    for article in gold.articles() {
        let (title, body) = read_article(&corpora, article);
        assert_eq!(title.trim(), article.title, "{}", article.article);
        let clean = clean_body(&title, &body);
        assert!(!clean.is_empty(), "{}: empty body", article.article);
        assert!(
            !clean.starts_with(title.trim()),
            "{}: headline not removed",
            article.article
        );
        let head: String = clean.chars().take(80).collect();
        if head.contains("(KCNA) --") {
            dateline_left.push(article.article.as_str());
        }
    }
    // Only datelines off the documented pattern stay: no comma after the place (cojp 2011), no
    // space after the dashes (stiles 2024, "(KCNA) --Kim"). Checked by hand in the sources.
    assert_eq!(
        dateline_left,
        [
            "cojp-2011-07-11-0",
            "stiles-113",
            "stiles-592",
            "stiles-1052",
            "stiles-317",
            "stiles-1007",
            "stiles-1348",
            "stiles-1559",
            "stiles-1734",
            "stiles-607"
        ]
    );
}

#[test]
fn cleaning_rules() {
    // (title, raw body, cleaned body)
    let cases = [
        (
            "DPRK flag",
            "DPRK flag\r\n&nbsp;&nbsp;Pyongyang, July 13 (KCNA) -- The flag flies.",
            "The flag flies.",
        ),
        (
            "A  title",
            "A title \n\t\t Pyongyang, September 4 (KCNA) -- Body. -0-",
            "Body.",
        ),
        (
            "Other",
            "Pyongyang July 11 (KCNA) -- No comma, kept.",
            "Pyongyang July 11 (KCNA) -- No comma, kept.",
        ),
        (
            "X",
            "Pyongyang, July 19 (KCNA) --Kim met. -0-",
            "Pyongyang, July 19 (KCNA) --Kim met.",
        ),
        ("X", "Havana, March 3 (KCNA) -- Cuban news.", "Cuban news."),
        (
            "X",
            "Not a dateline, here (KCNA) -- text",
            "Not a dateline, here (KCNA) -- text",
        ),
        ("Title", "Titles differ", "Titles differ"),
    ];
    for (title, raw, expected) in cases {
        assert_eq!(clean_body(title, raw), expected, "{raw:?}");
    }
}
