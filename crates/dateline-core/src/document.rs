use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The text placed between a document's title and its body in [`Document::text`].
///
/// Every byte offset that dateline reports (tokens, mentions, concordance lines) is an offset into
/// `title + TEXT_SEPARATOR + body` (or `body` alone when there is no title).
pub const TEXT_SEPARATOR: &str = "\n\n";

/// A stable document id: the 64-bit XXH3 hash of the document's normalized text.
///
/// Re-ingesting the same text gives the same id. Displayed as 16 lower-case hex digits.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub struct DocId(pub u64);

impl DocId {
    /// The id of a normalized text (title and body as they will be analysed).
    pub fn of_text(title: &str, body: &str) -> Self {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(title.as_bytes());
        h.update(b"\x00");
        h.update(body.as_bytes());
        DocId(h.digest())
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl FromStr for DocId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        u64::from_str_radix(s, 16).map(DocId)
    }
}

/// What a document is: a full article, or a teaser (title and lead) listed under another page.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A full article.
    #[default]
    Article,
    /// A "More From" teaser: a title and a lead sentence, not the whole article.
    Teaser,
}

impl Kind {
    /// The lower-case name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Teaser => "teaser",
        }
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "article" => Ok(Kind::Article),
            "teaser" => Ok(Kind::Teaser),
            other => Err(format!(
                "unknown kind `{other}` (expected `article` or `teaser`)"
            )),
        }
    }
}

/// One clean, dated (when the date is known) article of the corpus: a row of the corpus table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    /// Stable id derived from the normalized title and body.
    pub doc_id: DocId,
    /// Publication date; `None` when unknown (never made up).
    pub date: Option<NaiveDate>,
    /// Headline.
    pub title: Option<String>,
    /// Cleaned article text (no dateline, end marks or repeated headline).
    pub body: String,
    /// Publisher or collection, e.g. `KCNA` or `Rodong Sinmun`.
    pub source: Option<String>,
    /// Address of the original article.
    pub url: Option<String>,
    /// Place named in the dateline ("Pyongyang").
    pub place: Option<String>,
    /// Closing byline (Rodong Sinmun).
    pub byline: Option<String>,
    /// ISO 639-1 language code (`en`, `es`, …) or `und`.
    pub lang: String,
    /// Article or teaser.
    pub kind: Kind,
    /// Characters (Unicode scalar values) in the body.
    pub n_chars: u64,
    /// Quality flags, e.g. `replacement_char`, `date_mismatch` (sorted, unique).
    pub flags: Vec<String>,
    /// Where the first copy came from: `path:line` or `path#record`.
    pub origin: String,
    /// How many identical copies were collapsed into this document (1 when unique).
    pub copies: u32,
}

/// A name that is not a corpus column one can group or filter by.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot group by `{0}`: use one of source, lang, kind, place, byline, title, url")]
pub struct UnknownColumn(pub String);

/// A document's value of one corpus column.
pub type ColumnFn = fn(&Document) -> Option<String>;

/// The accessor of a corpus column, for grouping (`--group-by`) and subsets (`--a-where`):
/// source, lang, kind, place, byline, title or url.
pub fn column_fn(column: &str) -> Result<ColumnFn, UnknownColumn> {
    Ok(match column {
        "source" => |d| d.source.clone(),
        "lang" => |d| Some(d.lang.clone()),
        "kind" => |d| Some(d.kind.as_str().to_string()),
        "place" => |d| d.place.clone(),
        "byline" => |d| d.byline.clone(),
        "title" => |d| d.title.clone(),
        "url" => |d| d.url.clone(),
        other => return Err(UnknownColumn(other.to_string())),
    })
}

impl Document {
    /// The analysed text: the title, [`TEXT_SEPARATOR`], the body (or the body alone).
    ///
    /// Every offset dateline reports points into this string.
    pub fn text(&self) -> String {
        match self.title.as_deref() {
            Some(t) if !t.is_empty() => {
                let mut s = String::with_capacity(t.len() + TEXT_SEPARATOR.len() + self.body.len());
                s.push_str(t);
                s.push_str(TEXT_SEPARATOR);
                s.push_str(&self.body);
                s
            }
            _ => self.body.clone(),
        }
    }

    /// True when the document carries `flag`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_round_trips_and_is_stable() {
        let id = DocId::of_text("Title", "Body text.");
        let s = id.to_string();
        assert_eq!(s.len(), 16);
        assert_eq!(s.parse::<DocId>().unwrap(), id);
        assert_eq!(DocId::of_text("Title", "Body text."), id);
        assert_ne!(DocId::of_text("Title B", "ody text."), id);
    }

    #[test]
    fn text_joins_title_and_body() {
        let d = Document {
            title: Some("T".into()),
            body: "B".into(),
            ..Document::default()
        };
        assert_eq!(d.text(), "T\n\nB");
        let d = Document {
            body: "B".into(),
            ..Document::default()
        };
        assert_eq!(d.text(), "B");
    }
}
