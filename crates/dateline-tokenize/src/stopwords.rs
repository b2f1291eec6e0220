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

/// The Snowball English words in the shipped file's order (parsed once).
fn english_in_order() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        parse_list(SNOWBALL_ENGLISH, Path::new("snowball_english.txt"))
            .expect("the shipped list is well formed")
    })
}

/// The Snowball English words (parsed once).
pub(crate) fn english() -> &'static FxHashSet<Box<str>> {
    static SET: OnceLock<FxHashSet<Box<str>>> = OnceLock::new();
    SET.get_or_init(|| {
        english_in_order()
            .iter()
            .map(|w| w.as_str().into())
            .collect()
    })
}

/// `english+a+b` → (`english`, [`a`, `b`]); `none+a` → (`none`, [`a`]); anything else is one
/// file name: (`None`, [arg]). The one reading of a combination, for parsing and resolving.
fn split_combination(arg: &str) -> (Option<&str>, Vec<&str>) {
    match arg
        .split_once('+')
        .filter(|(b, _)| matches!(*b, "english" | "none"))
    {
        Some((base, rest)) => (Some(base), rest.split('+').collect()),
        None => (None, vec![arg]),
    }
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
        let words = parse_list(&text, path)?;
        if words.is_empty() {
            // No variant of its own in `TokenizeError` (error.rs is not this file's to change):
            // the reason travels as the cause.
            return Err(TokenizeError::ReadStopwords {
                path: path.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("no words in stopword file `{}`", path.display()),
                ),
            });
        }
        Ok(Stopwords::List {
            path: path.display().to_string(),
            words,
        })
    }

    /// A command-line (or study-file) value, the one parser of `--stopwords`:
    ///
    /// * `english`: the shipped Snowball list; `none`: no stopwords;
    /// * `FILE`: the file's words **instead of** the English list;
    /// * `english+FILE[+FILE…]`: the English list **plus** the files' words;
    /// * `none+FILE[+FILE…]`: the files' words only.
    ///
    /// A value that starts with `english+` or `none+` is always read as a combination (a file
    /// named so is given as `./english+x.txt`). A combination is recorded as a
    /// [`Stopwords::List`] whose `path` is the value as given and whose `words` are all the
    /// words (English ones first, then each file's, without repeats), so that specs written
    /// before combinations existed read unchanged. A file without a word is refused.
    pub fn parse_arg(arg: &str) -> Result<Stopwords, TokenizeError> {
        match arg {
            "english" => return Ok(Stopwords::English),
            "none" => return Ok(Stopwords::None),
            _ => {}
        }
        let (base, files) = split_combination(arg);
        let mut words: Vec<String> = Vec::new();
        if base == Some("english") {
            words.extend(english_in_order().iter().cloned());
        }
        for f in files {
            if f.is_empty() {
                return Err(TokenizeError::ReadStopwords {
                    path: arg.into(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "a file name is missing after `+`",
                    ),
                });
            }
            let Stopwords::List { words: w, .. } = Stopwords::from_file(f)? else {
                unreachable!("from_file gives a list")
            };
            words.extend(w);
        }
        let mut seen = FxHashSet::default();
        words.retain(|w| seen.insert(w.clone()));
        Ok(Stopwords::List {
            path: arg.to_string(),
            words,
        })
    }

    /// A `--stopwords` value of a file read from `base` (a study file's folder): the file names
    /// in it, relative ones joined to `base`; `english` and `none` stay as they are. Parse the
    /// result with [`Stopwords::parse_arg`].
    pub fn resolve_arg(arg: &str, base: &Path) -> String {
        let join = |f: &str| {
            if f.is_empty() {
                String::new()
            } else {
                base.join(f).display().to_string()
            }
        };
        match (arg, split_combination(arg)) {
            ("english" | "none", _) => arg.to_string(),
            (_, (Some(b), files)) => std::iter::once(b.to_string())
                .chain(files.into_iter().map(join))
                .collect::<Vec<_>>()
                .join("+"),
            (_, (None, _)) => join(arg),
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

    #[test]
    fn combinations_add_to_or_replace_the_english_list() {
        let dir = std::env::temp_dir().join(format!("dateline-stop-plus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a.txt");
        let b = dir.join("b.txt");
        let empty = dir.join("empty.txt");
        std::fs::write(&a, "Korean\n# comment\n\nthe\n").unwrap();
        std::fs::write(&b, "Juche\nKorean’s\n").unwrap();
        std::fs::write(&empty, "# only a comment\n\n").unwrap();
        let (a, b, empty) = (a.display(), b.display(), empty.display());

        // english+FILE: the 174 English words, then `korean` (`the` is not repeated).
        let Stopwords::List { path, words } =
            Stopwords::parse_arg(&format!("english+{a}")).unwrap()
        else {
            panic!()
        };
        assert_eq!(path, format!("english+{a}"));
        assert_eq!(words.len(), 175);
        assert_eq!(words.last().map(String::as_str), Some("korean"));
        let set = Stopwords::List { path, words }.to_set();
        assert!(set.contains("the") && set.contains("korean") && set.contains("of"));

        // english+a+b: two files added.
        let Stopwords::List { words, .. } =
            Stopwords::parse_arg(&format!("english+{a}+{b}")).unwrap()
        else {
            panic!()
        };
        assert_eq!(words.len(), 177);
        assert_eq!(&words[174..], ["korean", "juche", "korean's"]);

        // none+FILE and a bare FILE: the file's words only.
        for arg in [format!("none+{a}"), a.to_string()] {
            let Stopwords::List { words, .. } = Stopwords::parse_arg(&arg).unwrap() else {
                panic!()
            };
            assert_eq!(words, ["korean", "the"], "{arg}");
        }

        // A file without words is refused, alone or in a combination.
        for arg in [empty.to_string(), format!("english+{empty}")] {
            let err = Stopwords::parse_arg(&arg).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("cannot read stopword file `{empty}`")
            );
            assert_eq!(
                std::error::Error::source(&err).unwrap().to_string(),
                format!("no words in stopword file `{empty}`")
            );
        }
        assert!(Stopwords::parse_arg("english+").is_err());

        // Relative names in a study file are read from the study's folder.
        let base = Path::new("/s");
        assert_eq!(Stopwords::resolve_arg("english", base), "english");
        assert_eq!(Stopwords::resolve_arg("x.txt", base), "/s/x.txt");
        assert_eq!(
            Stopwords::resolve_arg("english+x.txt+/abs/y.txt", base),
            "english+/s/x.txt+/abs/y.txt"
        );
        assert_eq!(Stopwords::resolve_arg("none+x.txt", base), "none+/s/x.txt");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
