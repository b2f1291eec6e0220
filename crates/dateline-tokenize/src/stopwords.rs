//! Stopword lists: the shipped Snowball English list and user files.

use std::path::Path;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::{Stopwords, TokenizeError};

/// The shipped list file (Snowball English, 174 words; source and licence in its header).
pub const SNOWBALL_ENGLISH: &str = include_str!("../data/snowball_english.txt");

/// The words of a stopword file's text: one per line, `#` starts a comment, blank lines skipped.
///
/// Words are lower-cased and curly apostrophes become `'`. A line holding two words is an error
/// (reported with `path` and its line number).
pub fn parse_list(text: &str, path: &Path) -> Result<Vec<String>, TokenizeError> {
    let mut words = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line.split_whitespace().count() > 1 {
            return Err(TokenizeError::StopwordLine {
                path: path.to_path_buf(),
                line: i + 1,
                text: line.to_string(),
            });
        }
        words.push(line.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'"));
    }
    Ok(words)
}

/// The Snowball English words (parsed once).
pub(crate) fn english() -> &'static FxHashSet<Box<str>> {
    static SET: OnceLock<FxHashSet<Box<str>>> = OnceLock::new();
    SET.get_or_init(|| {
        parse_list(SNOWBALL_ENGLISH, Path::new("snowball_english.txt"))
            .expect("the shipped list is well formed")
            .into_iter()
            .map(String::into_boxed_str)
            .collect()
    })
}

impl Stopwords {
    /// Reads a user list (see [`parse_list`] for the format).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Stopwords, TokenizeError> {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|source| TokenizeError::ReadStopwords {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Stopwords::List {
            path: path.display().to_string(),
            words: parse_list(&text, path)?,
        })
    }

    /// A command-line value: `english`, `none`, or the path of a list file.
    pub fn parse_arg(arg: &str) -> Result<Stopwords, TokenizeError> {
        match arg {
            "english" => Ok(Stopwords::English),
            "none" => Ok(Stopwords::None),
            path => Stopwords::from_file(path),
        }
    }

    /// The words as a set (empty for [`Stopwords::None`]).
    pub(crate) fn to_set(&self) -> FxHashSet<Box<str>> {
        match self {
            Stopwords::English => english().clone(),
            Stopwords::None => FxHashSet::default(),
            Stopwords::List { words, .. } => words
                .iter()
                .map(|w| {
                    w.to_lowercase()
                        .replace(['\u{2019}', '\u{2018}'], "'")
                        .into_boxed_str()
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_list_has_174_words_and_no_us() {
        let set = english();
        assert_eq!(set.len(), 174);
        for w in ["the", "of", "and", "don't", "i", "very", "it's"] {
            assert!(set.contains(w), "{w}");
        }
        // Commented out in the original: `us` (US = United States) and the modals.
        for w in ["us", "will", "can", "may", "must", "might", "shall", "one"] {
            assert!(!set.contains(w), "{w}");
        }
    }

    #[test]
    fn user_list_format() {
        let words = parse_list(
            "# header\nThe\n\n  of  # trailing\nPeople’s\n",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(words, ["the", "of", "people's"]);
        let err = parse_list("a\nb c\n", Path::new("list.txt")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`list.txt` line 2: expected one word per line, found `b c`"
        );
    }

    #[test]
    fn parse_arg_and_missing_file() {
        assert_eq!(Stopwords::parse_arg("english").unwrap(), Stopwords::English);
        assert_eq!(Stopwords::parse_arg("none").unwrap(), Stopwords::None);
        let err = Stopwords::parse_arg("/nonexistent/stop.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot read stopword file `/nonexistent/stop.txt`"
        );
        let dir = std::env::temp_dir().join(format!("dateline-stop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("s.txt");
        std::fs::write(&p, "juche\n# c\nKorea\n").unwrap();
        match Stopwords::from_file(&p).unwrap() {
            Stopwords::List { words, path } => {
                assert_eq!(words, ["juche", "korea"]);
                assert_eq!(path, p.display().to_string());
            }
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
