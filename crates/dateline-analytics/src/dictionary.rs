//! Dictionaries for content analysis: named categories of entries (words, globs such as
//! `imperialis*`, multi-word entries such as `war maniacs`), read from the three formats
//! content analysts exchange them in:
//!
//! - **quanteda YAML** (`.yml`, `.yaml`; `quanteda::dictionary(file = …)`): a mapping of
//!   category names to lists of entries, nested to any depth; a nested category is named by
//!   its path joined with `.` (`hostility.us`), as quanteda names it. A category's value is a
//!   list of entries, a single entry, or a mapping of sub-categories.
//! - **LIWC** (`.dic`): between the first two `%` lines, one category per line (`id name`);
//!   after them, one entry per line followed by the ids of its categories (`kind of 12 40`).
//! - **CSV** (`.csv`): a header with the columns `category` and `entry` (others ignored), one
//!   row per entry.
//!
//! Categories keep the order of the file (their first appearance in a CSV), entries the
//! order within their category; a repeated entry of one category is kept once. The entries
//! are matched by [`crate::lookup`].
//!
//! ```
//! use dateline_analytics::dictionary::Dictionary;
//! let d = Dictionary::from_yaml("hostility:\n  us: [US imperialists, imperialis*]\n  war: [war maniacs]\neconomy: [economic construction]\n").unwrap();
//! let names: Vec<&str> = d.categories.iter().map(|c| c.name.as_str()).collect();
//! assert_eq!(names, ["hostility.us", "hostility.war", "economy"]);
//! assert_eq!(d.categories[0].entries, ["US imperialists", "imperialis*"]);
//! ```
use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

/// One category: its name and entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The name (`hostility.us` for a nested YAML category).
    pub name: String,
    /// The entries, as written.
    pub entries: Vec<String>,
}

/// A dictionary: categories in the order of the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dictionary {
    /// The categories.
    pub categories: Vec<Category>,
}

/// A dictionary file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// The file cannot be read.
    #[error("cannot read the dictionary `{path}`")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file's extension names no dictionary format.
    #[error(
        "`{0}`: a dictionary is a quanteda YAML (.yml, .yaml), LIWC (.dic) or CSV (.csv) file"
    )]
    UnknownFormat(PathBuf),
    /// The content is not a dictionary of its format.
    #[error("{where_}: {what}")]
    Bad {
        /// `file:line` (or the file, or the category) where it is wrong.
        where_: String,
        /// What is wrong.
        what: String,
    },
    /// No category at all.
    #[error("`{0}` holds no category")]
    Empty(String),
}

fn bad(where_: impl Into<String>, what: impl Into<String>) -> DictionaryError {
    DictionaryError::Bad {
        where_: where_.into(),
        what: what.into(),
    }
}

impl Dictionary {
    /// Reads a dictionary file, its format given by the extension.
    pub fn read(path: &Path) -> Result<Dictionary, DictionaryError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let parse: fn(&str) -> Result<Dictionary, DictionaryError> = match ext.as_str() {
            "yml" | "yaml" => Dictionary::from_yaml,
            "dic" => Dictionary::from_liwc,
            "csv" => Dictionary::from_csv,
            _ => return Err(DictionaryError::UnknownFormat(path.to_path_buf())),
        };
        let text = std::fs::read_to_string(path).map_err(|source| DictionaryError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path.display().to_string();
        let placed = |e: DictionaryError| match e {
            DictionaryError::Bad { where_, what } => bad(format!("{name}{where_}"), what),
            DictionaryError::Empty(_) => DictionaryError::Empty(name.clone()),
            other => other,
        };
        parse(&text).map_err(placed)
    }

    /// Parses a quanteda YAML dictionary. Errors are placed as `:line` (or `: category`).
    pub fn from_yaml(text: &str) -> Result<Dictionary, DictionaryError> {
        let docs = YamlLoader::load_from_str(text).map_err(|e| {
            bad(
                format!(":{}:{}", e.marker().line(), e.marker().col() + 1),
                e.info().to_string(),
            )
        })?;
        let mut d = Dictionary::default();
        match docs.first() {
            Some(Yaml::Hash(h)) => {
                for (k, v) in h {
                    yaml_category(&scalar(k, "")?, v, &mut d)?;
                }
            }
            None | Some(Yaml::Null) => {}
            Some(_) => {
                return Err(bad(
                    "",
                    "a quanteda dictionary is a mapping of category names to entries",
                ))
            }
        }
        d.finish()
    }

    /// Parses a LIWC `.dic` dictionary. Errors are placed as `:line`.
    pub fn from_liwc(text: &str) -> Result<Dictionary, DictionaryError> {
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
        let mut d = Dictionary::default();
        let mut ids: Vec<(String, usize)> = Vec::new();
        match lines.find(|(_, l)| !l.is_empty()) {
            Some((_, "%")) => {}
            Some((n, _)) => {
                return Err(bad(
                    format!(":{n}"),
                    "a LIWC dictionary starts with a `%` line",
                ))
            }
            None => return d.finish(),
        }
        let mut closed = false;
        for (n, l) in lines.by_ref() {
            if l.is_empty() {
                continue;
            }
            if l == "%" {
                closed = true;
                break;
            }
            let (id, name) = l
                .split_once(char::is_whitespace)
                .map(|(a, b)| (a, b.trim()))
                .filter(|(_, b)| !b.is_empty())
                .ok_or_else(|| bad(format!(":{n}"), format!("expected `id name`, found `{l}`")))?;
            if ids.iter().any(|(i, _)| i == id) {
                return Err(bad(
                    format!(":{n}"),
                    format!("category id `{id}` given twice"),
                ));
            }
            ids.push((id.to_string(), d.categories.len()));
            d.categories.push(Category {
                name: name.to_string(),
                entries: Vec::new(),
            });
        }
        if !closed {
            return Err(bad(
                "",
                "the category list is not closed by a second `%` line",
            ));
        }
        for (n, l) in lines {
            if l.is_empty() {
                continue;
            }
            let words: Vec<&str> = l.split_whitespace().collect();
            let n_ids = words
                .iter()
                .rev()
                .take_while(|w| ids.iter().any(|(i, _)| i == *w))
                .count();
            if n_ids == 0 {
                let last = words.last().copied().unwrap_or_default();
                return Err(bad(
                    format!(":{n}"),
                    format!("`{l}` names no category (`{last}` is not a category id)"),
                ));
            }
            if n_ids == words.len() {
                return Err(bad(
                    format!(":{n}"),
                    format!("`{l}` has category ids but no entry"),
                ));
            }
            let entry = words[..words.len() - n_ids].join(" ");
            for id in &words[words.len() - n_ids..] {
                let c = ids.iter().find(|(i, _)| i == id).map_or(0, |(_, c)| *c);
                d.categories[c].entries.push(entry.clone());
            }
        }
        d.finish()
    }

    /// Parses a CSV dictionary (`category,entry`). Errors are placed as `:line`.
    pub fn from_csv(text: &str) -> Result<Dictionary, DictionaryError> {
        let mut rd = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = rd.headers().map_err(|e| bad(":1", e.to_string()))?.clone();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    bad(
                        ":1",
                        format!("no `{name}` column (the header needs `category` and `entry`)"),
                    )
                })
        };
        let (c, e) = (col("category")?, col("entry")?);
        let mut d = Dictionary::default();
        for rec in rd.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                bad(format!(":{line}"), e.to_string())
            })?;
            let line = rec.position().map_or(0, csv::Position::line);
            let (Some(cat), Some(entry)) = (rec.get(c), rec.get(e)) else {
                return Err(bad(
                    format!(":{line}"),
                    "a row without a category or an entry",
                ));
            };
            let (cat, entry) = (cat.trim(), entry.trim());
            if cat.is_empty() || entry.is_empty() {
                return Err(bad(format!(":{line}"), "an empty category or entry"));
            }
            match d.categories.iter_mut().find(|k| k.name == cat) {
                Some(k) => k.entries.push(entry.to_string()),
                None => d.categories.push(Category {
                    name: cat.to_string(),
                    entries: vec![entry.to_string()],
                }),
            }
        }
        d.finish()
    }

    /// Drops repeated entries of a category; refuses a dictionary without categories, a
    /// category given twice, or one without entries.
    fn finish(mut self) -> Result<Dictionary, DictionaryError> {
        if self.categories.is_empty() {
            return Err(DictionaryError::Empty(String::new()));
        }
        for (i, c) in self.categories.iter().enumerate() {
            if self.categories[..i].iter().any(|k| k.name == c.name) {
                return Err(bad(format!(": {}", c.name), "the category is given twice"));
            }
        }
        for c in &mut self.categories {
            let mut seen = std::collections::HashSet::new();
            c.entries.retain(|e| seen.insert(e.clone()));
            if c.entries.is_empty() {
                return Err(bad(format!(": {}", c.name), "the category has no entries"));
            }
        }
        Ok(self)
    }
}

/// A YAML scalar as text (numbers and booleans as written in YAML's core schema).
fn scalar(y: &Yaml, within: &str) -> Result<String, DictionaryError> {
    let what = |s: &str| {
        if within.is_empty() {
            s.to_string()
        } else {
            format!("{s} (in `{within}`)")
        }
    };
    match y {
        Yaml::String(s) | Yaml::Real(s) => Ok(s.clone()),
        Yaml::Integer(i) => Ok(i.to_string()),
        Yaml::Boolean(b) => Ok(b.to_string()),
        _ => Err(bad(
            "",
            what("expected a name or an entry, found a list, a mapping or nothing"),
        )),
    }
}

fn yaml_category(name: &str, v: &Yaml, d: &mut Dictionary) -> Result<(), DictionaryError> {
    match v {
        Yaml::Hash(h) => {
            for (k, sub) in h {
                let k = scalar(k, name)?;
                yaml_category(&format!("{name}.{k}"), sub, d)?;
            }
        }
        Yaml::Array(a) => {
            let entries = a
                .iter()
                .map(|e| scalar(e, name))
                .collect::<Result<Vec<_>, _>>()?;
            d.categories.push(Category {
                name: name.to_string(),
                entries,
            });
        }
        Yaml::Null => {
            return Err(bad(format!(": {name}"), "the category has no entries"));
        }
        other => d.categories.push(Category {
            name: name.to_string(),
            entries: vec![scalar(other, name)?],
        }),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(d: &Dictionary) -> Vec<(&str, Vec<&str>)> {
        d.categories
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.entries.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn quanteda_yaml_nests_with_dots_and_keeps_order() {
        let d = Dictionary::from_yaml(
            "# comment\nnuclear:\n  - nuclear deterren*\n  - \"nuclear force\"\nhostility:\n  us:\n    - US imperialists\n    - imperialis*\n  puppets: south korean puppet*\nnumbers: [1950, 'true']\n",
        )
        .unwrap();
        assert_eq!(
            cats(&d),
            [
                ("nuclear", vec!["nuclear deterren*", "nuclear force"]),
                ("hostility.us", vec!["US imperialists", "imperialis*"]),
                ("hostility.puppets", vec!["south korean puppet*"]),
                ("numbers", vec!["1950", "true"]),
            ]
        );
    }

    #[test]
    fn liwc_dic_reads_ids_and_multiword_entries() {
        let d = Dictionary::from_liwc(
            "%\n1\tposemo\n2\tnegemo\n3 war talk\n%\nhappy*\t1\nsad\t2\nwar maniacs\t2\t3\nkind of 1\n",
        )
        .unwrap();
        assert_eq!(
            cats(&d),
            [
                ("posemo", vec!["happy*", "kind of"]),
                ("negemo", vec!["sad", "war maniacs"]),
                ("war talk", vec!["war maniacs"]),
            ]
        );
        let e = Dictionary::from_liwc("%\n1 a\n%\nword 7\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            ":4: `word 7` names no category (`7` is not a category id)"
        );
        let e = Dictionary::from_liwc("%\n1 a\nword 1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            ": the category list is not closed by a second `%` line"
        );
    }

    #[test]
    fn csv_groups_rows_by_category_in_first_appearance_order() {
        let d = Dictionary::from_csv(
            "entry,category,note\nwar maniacs,hostility,x\neconomic construction,economy,\nimperialis*,hostility,\nwar maniacs,hostility,again\n",
        )
        .unwrap();
        assert_eq!(
            cats(&d),
            [
                ("hostility", vec!["war maniacs", "imperialis*"]),
                ("economy", vec!["economic construction"]),
            ]
        );
        let e = Dictionary::from_csv("category,word\na,b\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            ":1: no `entry` column (the header needs `category` and `entry`)"
        );
        let e = Dictionary::from_csv("category,entry\na,b\n,c\n").unwrap_err();
        assert_eq!(e.to_string(), ":3: an empty category or entry");
    }

    #[test]
    fn bad_dictionaries_are_refused_with_their_place() {
        let e = Dictionary::from_yaml("a: [x\n").unwrap_err();
        assert!(e.to_string().starts_with(":2:"), "{e}");
        let e = Dictionary::from_yaml("- a\n- b\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            ": a quanteda dictionary is a mapping of category names to entries"
        );
        let e = Dictionary::from_yaml("a:\nb: [x]\n").unwrap_err();
        assert_eq!(e.to_string(), ": a: the category has no entries");
        assert!(matches!(
            Dictionary::from_yaml(""),
            Err(DictionaryError::Empty(_))
        ));
        let e = Dictionary::from_csv("category,entry\na,x\nA,y\na,z\n").unwrap();
        assert_eq!(cats(&e), [("a", vec!["x", "z"]), ("A", vec!["y"])]);
    }
}
