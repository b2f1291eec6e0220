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

/// The deepest nesting of elements read: html5ever's tree builder looks through the stack of open
/// elements at each start tag, so a page nested `n` deep takes time in `n²` (120,000 `<div>`s,
/// 0.6 MB, took 52 s). Real pages nest a few dozen deep.
pub(crate) const MAX_DEPTH: usize = 1_000;

/// Elements without content, or whose end tag may be left out (the parser closes them itself):
/// they do not deepen the nesting.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "tbody", "thead", "tfoot", "rb", "rt", "rtc", "rp", "colgroup", "caption", "html", "head",
    "body",
];
/// Elements whose content is text, not tags.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Whether `text` nests elements deeper than `limit`, found in one linear pass over its tags
/// (comments, declarations and the content of scripts and styles skipped).
pub(crate) fn nests_deeper_than(text: &str, limit: usize) -> bool {
    let b = text.as_bytes();
    let find = |from: usize, pat: &[u8]| -> Option<usize> {
        b.get(from..)?
            .windows(pat.len())
            .position(|w| w.eq_ignore_ascii_case(pat))
            .map(|i| from + i)
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = find(i + 3, b"-->").map_or(b.len(), |j| j + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[start].is_ascii_alphabetic() {
            // `<!doctype …>`, `<?xml …>`, a bare `<` in text.
            continue;
        }
        let name = text[start..start + name_len].to_ascii_lowercase();
        let end = b[start..]
            .iter()
            .position(|&c| c == b'>')
            .map(|j| start + j);
        let self_closing = end.is_some_and(|e| e > 0 && b[e - 1] == b'/');
        i = end.map_or(b.len(), |e| e + 1);
        if FLAT.contains(&name.as_str()) || self_closing {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find(i, close.as_bytes()).unwrap_or(b.len());
            continue;
        }
        depth += 1;
        if depth > limit {
            return true;
        }
    }
    false
}

/// Parses one HTML page into one article.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Parsed, IngestError> {
    if nests_deeper_than(text, MAX_DEPTH) {
        return Err(IngestError::HtmlTooDeep {
            path: path.to_path_buf(),
            limit: MAX_DEPTH,
        });
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth() {
        let deep = |n: usize, tag: &str| {
            format!(
                "<html><body>{}<p>x</p>{}</body></html>",
                format!("<{tag}>").repeat(n),
                format!("</{tag}>").repeat(n)
            )
        };
        assert!(!nests_deeper_than(&deep(1_000, "div"), 1_000));
        assert!(nests_deeper_than(&deep(1_001, "div"), 1_000));
        // Siblings, void and optional-end elements, comments and scripts do not nest.
        let flat = format!(
            "<div></div>{}{}<!-- <div><div><div> --><script>if (a<b) {{ x = '<div><div>'; }}</script><img src=x><br/>",
            "<p>para".repeat(5_000),
            "<div><span>x</span></div>".repeat(5_000)
        );
        assert!(!nests_deeper_than(&flat, 3));
        assert!(nests_deeper_than("<div><div><div><div>", 3));
        assert!(!nests_deeper_than("a < b and c <= d", 0));
    }

    #[test]
    fn deep_page_is_refused_quickly() {
        let text = format!(
            "<html><body>{}<p>{}</p></body></html>",
            "<div>".repeat(120_000),
            "word ".repeat(30)
        );
        let t = std::time::Instant::now();
        let e = parse(Path::new("deep.html"), &text).unwrap_err();
        assert!(t.elapsed().as_secs() < 5);
        assert_eq!(
            e.to_problem().message(),
            "deep.html: html nested more than 1000 elements deep, not read (limit of the html reader)"
        );
    }
}
