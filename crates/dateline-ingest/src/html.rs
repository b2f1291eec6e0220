//! HTML article pages (Rodong Sinmun `ArticleContent` pages, or any page with a title and `<p>`
//! paragraphs). List pages without article paragraphs are skipped with a reason: their links
//! carry headlines only, and a headline is not an article.

use std::path::Path;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use crate::dates::juche_in;
use crate::record::{date_in_file_name, Parsed, Record};
use crate::IngestError;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

static ARTICLE_P: LazyLock<Selector> = LazyLock::new(|| sel("p.ArticleContent"));
static ANY_P: LazyLock<Selector> = LazyLock::new(|| sel("p"));
static H1: LazyLock<Selector> = LazyLock::new(|| sel("h1"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static DATE_DIV: LazyLock<Selector> = LazyLock::new(|| sel(".ArticleMenuDate, .TopMarkDate, time"));
static CANONICAL: LazyLock<Selector> =
    LazyLock::new(|| sel("link[rel=canonical], meta[property='og:url']"));

fn text_of(e: ElementRef) -> String {
    let t: String = e.text().collect();
    t.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses one HTML page into one article.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Parsed, IngestError> {
    let doc = Html::parse_document(text);
    let page_title = doc
        .select(&TITLE)
        .next()
        .map(text_of)
        .filter(|t| !t.is_empty());
    let rodong_page = page_title.as_deref().is_some_and(|t| t.contains("Rodong"));
    let mut title = None;
    let mut paras: Vec<String> = Vec::new();
    let mut byline = None;
    let article: Vec<ElementRef> = doc.select(&ARTICLE_P).collect();
    if article.is_empty() {
        title = doc
            .select(&H1)
            .next()
            .map(text_of)
            .filter(|t| !t.is_empty());
        paras.extend(doc.select(&ANY_P).map(text_of).filter(|t| !t.is_empty()));
        if title.is_none() {
            title.clone_from(&page_title);
        }
    } else {
        for p in article {
            let t = text_of(p);
            if t.is_empty() {
                continue;
            }
            let centered = p.value().attr("align") == Some("center");
            let right = p.value().attr("align") == Some("right");
            if title.is_none() && centered && paras.is_empty() {
                title = Some(t);
            } else if right {
                byline = Some(t);
            } else {
                paras.push(t);
            }
        }
    }
    let words: usize = paras.iter().map(|p| p.split_whitespace().count()).sum();
    if paras.is_empty() || words < 20 {
        return Err(IngestError::NotAnArticle {
            path: path.to_path_buf(),
        });
    }
    let url = doc
        .select(&CANONICAL)
        .next()
        .and_then(|e| e.value().attr("href").or_else(|| e.value().attr("content")))
        .map(str::to_string);
    let mut date = doc.select(&DATE_DIV).find_map(|e| juche_in(&text_of(e)));
    let mut from_name = false;
    if date.is_none() {
        date = date_in_file_name(path);
        from_name = date.is_some();
    }
    Ok(Parsed {
        records: vec![Record {
            title,
            body: paras.join("\n\n"),
            date,
            date_from_filename: from_name,
            url,
            source: rodong_page.then(|| "Rodong Sinmun".to_string()),
            byline,
            record: Some(1),
            ..Record::default()
        }],
        ..Parsed::default()
    })
}
