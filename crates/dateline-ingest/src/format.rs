use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// KCNA Watch page copy (capture line, source line, title, `Date:` line, body, teasers).
    Kcna,
    /// JSON: an array of records, one record, or objects nesting their records.
    Json,
    /// JSON Lines: one record per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// An HTML article page.
    Html,
    /// Plain text, one article per file.
    Text,
}

impl Format {
    /// All formats, in the order of [`Format::as_str`] documentation.
    pub const ALL: [Format; 7] = [
        Format::Kcna,
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Tsv,
        Format::Html,
        Format::Text,
    ];

    /// `kcna`, `json`, `jsonl`, `csv`, `tsv`, `html` or `text`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Kcna => "kcna",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Html => "html",
            Format::Text => "text",
        }
    }

    /// The format named by a file extension (`json`, `ndjson`, `htm`, `txt`, …), if any.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "html" | "htm" | "xhtml" => Format::Html,
            "txt" | "text" => Format::Text,
            "kcna" => Format::Kcna,
            _ => return None,
        })
    }

    /// Detects the format of `text` read from `path` (a `.gz` suffix already ignored by the
    /// caller): the extension first, then the content decides between close formats (a `.json`
    /// file that holds HTML, a `.txt` file that is a KCNA page copy).
    pub fn detect(path: &Path, text: &str) -> Format {
        let by_ext = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension);
        let sniffed = sniff(text);
        match by_ext {
            Some(Format::Json) => match sniffed {
                Format::Html | Format::Jsonl => sniffed,
                _ => Format::Json,
            },
            Some(Format::Jsonl) => match sniffed {
                Format::Html => Format::Html,
                _ => Format::Jsonl,
            },
            Some(Format::Text) => match sniffed {
                Format::Kcna => Format::Kcna,
                _ => Format::Text,
            },
            Some(f) => f,
            None => sniffed,
        }
    }
}

/// Guesses a format from the first bytes of the content.
fn sniff(text: &str) -> Format {
    let t = text.trim_start();
    if t.starts_with('<') {
        let head: String = t.chars().take(512).collect::<String>().to_ascii_lowercase();
        if head.starts_with("<!doctype html")
            || head.starts_with("<html")
            || head.contains("<head")
            || head.contains("<body")
            || head.contains("<p")
        {
            return Format::Html;
        }
    }
    if t.starts_with('[') {
        return Format::Json;
    }
    if t.starts_with('{') {
        let mut lines = t.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or("");
        let second = lines.next();
        if first.ends_with('}')
            && second.is_some_and(|s| s.starts_with('{'))
            && serde_json::from_str::<serde_json::Value>(first).is_ok()
        {
            return Format::Jsonl;
        }
        return Format::Json;
    }
    if crate::formats::kcna_page::looks_like_page_copy(text) {
        return Format::Kcna;
    }
    Format::Text
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                format!("unknown format `{s}` (expected kcna, json, jsonl, csv, tsv, html or text)")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>().unwrap(), f);
        }
        assert!("xml".parse::<Format>().is_err());
    }

    #[test]
    fn detection_table() {
        let cases: &[(&str, &str, Format)] = &[
            ("a.json", "[{\"a\":1}]", Format::Json),
            ("a.json", "<html><body><p>x</p></body></html>", Format::Html),
            ("a.json", "{\"a\":1}\n{\"a\":2}\n", Format::Jsonl),
            ("a.json", "{\n  \"a\": 1\n}\n", Format::Json),
            ("a.jsonl", "{\"a\":1}\n", Format::Jsonl),
            ("a.csv", "a,b\n1,2\n", Format::Csv),
            ("a.tsv", "a\tb\n", Format::Tsv),
            ("a.txt", "Title\n\nBody.\n", Format::Text),
            (
                "a.txt",
                "KCNA KCNA.kp (En)\n\nT\n\nDate: 13/07/2025 | Source: KCNA.kp (En)\n",
                Format::Kcna,
            ),
            ("noext", "<!DOCTYPE html><html></html>", Format::Html),
            ("noext", "Just text.", Format::Text),
        ];
        for (name, text, want) in cases {
            assert_eq!(
                Format::detect(Path::new(name), text),
                *want,
                "{name}: {text:?}"
            );
        }
    }
}
