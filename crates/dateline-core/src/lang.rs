//! Language values of `--lang` and of study files: ISO 639-1 codes or English names, in any
//! case, `und` (undetermined) or `all`.
//!
//! The languages are those the ingest detector can assign (`dateline-ingest`'s `lang.rs`).
//!
//! ```
//! use dateline_core::lang::{parse_lang, LangChoice};
//! assert_eq!(parse_lang("EN").unwrap(), LangChoice::Code("en"));
//! assert_eq!(parse_lang("Spanish").unwrap(), LangChoice::Code("es"));
//! assert_eq!(parse_lang("all").unwrap(), LangChoice::All);
//! assert!(parse_lang("english").unwrap().admits("en"));
//! assert!(parse_lang("klingon").is_err());
//! ```

/// The languages the corpus can hold: (ISO 639-1 code, ISO 639-2 code, English name).
pub const LANGUAGES: &[(&str, &str, &str)] = &[
    ("en", "eng", "English"),
    ("es", "spa", "Spanish"),
    ("fr", "fra", "French"),
    ("de", "deu", "German"),
    ("ru", "rus", "Russian"),
    ("zh", "zho", "Chinese"),
    ("ja", "jpn", "Japanese"),
    ("ko", "kor", "Korean"),
    ("ar", "ara", "Arabic"),
    ("pt", "por", "Portuguese"),
    ("it", "ita", "Italian"),
];

/// The code of undetermined documents (too short, or the detector unsure).
pub const UNDETERMINED: &str = "und";

/// What a language value selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangChoice {
    /// Every document, whatever its language.
    All,
    /// Documents of this code (`en`, …, or `und`).
    Code(&'static str),
}

impl LangChoice {
    /// The code, `None` for [`LangChoice::All`].
    pub fn code(self) -> Option<&'static str> {
        match self {
            LangChoice::All => None,
            LangChoice::Code(c) => Some(c),
        }
    }

    /// Whether a document whose `lang` column holds `lang` is selected (an exact match of the
    /// code: `und` documents are selected only by `und` or `all`).
    pub fn admits(self, lang: &str) -> bool {
        match self {
            LangChoice::All => true,
            LangChoice::Code(c) => c == lang,
        }
    }
}

impl std::fmt::Display for LangChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code().unwrap_or("all"))
    }
}

/// A language value that is not one of the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{value}`: expected {}", accepted())]
pub struct LangError {
    /// The value given.
    pub value: String,
}

/// The accepted values, for messages: `en (English), es (Spanish), …, und, all`.
pub fn accepted() -> String {
    let mut s: Vec<String> = LANGUAGES
        .iter()
        .map(|(code, _, name)| format!("{code} ({name})"))
        .collect();
    s.push("und (undetermined)".into());
    s.push("all".into());
    s.join(", ")
}

/// Parses a language value: an ISO 639-1 or 639-2 code or an English name, in any case, with
/// surrounding spaces ignored; `und` (or `undetermined`) or `all`.
pub fn parse_lang(value: &str) -> Result<LangChoice, LangError> {
    let v = value.trim().to_lowercase();
    match v.as_str() {
        "all" => return Ok(LangChoice::All),
        "und" | "undetermined" => return Ok(LangChoice::Code(UNDETERMINED)),
        _ => {}
    }
    LANGUAGES
        .iter()
        .find(|(c1, c2, name)| v == *c1 || v == *c2 || v == name.to_lowercase())
        .map(|(c1, _, _)| LangChoice::Code(c1))
        .ok_or_else(|| LangError {
            value: value.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_in_any_case() {
        for (v, code) in [
            ("en", "en"),
            ("EN", "en"),
            ("eng", "en"),
            ("English", "en"),
            ("english", "en"),
            (" ENGLISH ", "en"),
            ("es", "es"),
            ("spanish", "es"),
            ("SPA", "es"),
            ("fr", "fr"),
            ("German", "de"),
            ("ru", "ru"),
            ("zh", "zh"),
            ("Chinese", "zh"),
            ("ja", "ja"),
            ("ko", "ko"),
            ("korean", "ko"),
            ("ar", "ar"),
            ("pt", "pt"),
            ("it", "it"),
            ("und", "und"),
            ("UND", "und"),
        ] {
            assert_eq!(parse_lang(v), Ok(LangChoice::Code(code)), "{v}");
        }
        assert_eq!(parse_lang("ALL"), Ok(LangChoice::All));
    }

    #[test]
    fn unknown_values_are_refused_with_the_list() {
        for v in ["klingon", "", "e", "en-US", "englisch"] {
            let e = parse_lang(v).unwrap_err();
            assert_eq!(e.value, v);
        }
        assert_eq!(
            parse_lang("klingon").unwrap_err().to_string(),
            "unknown language `klingon`: expected en (English), es (Spanish), fr (French), \
             de (German), ru (Russian), zh (Chinese), ja (Japanese), ko (Korean), ar (Arabic), \
             pt (Portuguese), it (Italian), und (undetermined), all"
        );
    }

    #[test]
    fn und_is_admitted_only_by_und_and_all() {
        let en = parse_lang("en").unwrap();
        assert!(en.admits("en") && !en.admits("und") && !en.admits("es"));
        assert!(parse_lang("und").unwrap().admits("und"));
        assert!(LangChoice::All.admits("und"));
        assert_eq!(LangChoice::All.to_string(), "all");
        assert_eq!(en.to_string(), "en");
    }
}
