//! The country and people gazetteers: data kept as CSV (`crates/dateline-entities/data/gazetteers/*.csv`), loaded into
//! plain rows that the [`Extractor`](crate::Extractor) compiles into one automaton.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::EntitiesError;

/// The built-in country list (`crates/dateline-entities/data/gazetteers/countries.csv`).
pub const BUILTIN_COUNTRIES: &str = include_str!("../data/gazetteers/countries.csv");
/// The built-in people list (`crates/dateline-entities/data/gazetteers/people.csv`).
pub const BUILTIN_PEOPLE: &str = include_str!("../data/gazetteers/people.csv");

/// Groups of spellings of one first name in the romanizations KCNA uses ("Alexandr", "Aleksandr",
/// "Alexander"); a person's forms are matched in every spelling of their group.
pub const TRANSLITERATION_GROUPS: &[&[&str]] = &[
    &["Alexander", "Alexandr", "Aleksandr", "Aleksander"],
    &["Alexei", "Aleksei", "Alexey", "Aleksey"],
    &["Sergei", "Sergey"],
    &["Andrei", "Andrey"],
    &["Dmitry", "Dmitri", "Dmitriy"],
    &["Yuri", "Yury", "Yuriy"],
    &["Nikolai", "Nikolay"],
    &["Gennady", "Gennadi", "Gennadiy"],
    &["Yevgeny", "Yevgeni", "Evgeny", "Evgeni"],
    &["Anatoly", "Anatoli", "Anatoliy"],
    &["Vasily", "Vasili", "Vasiliy"],
    &["Grigory", "Grigori", "Grigoriy"],
    &["Arkady", "Arkadi", "Arkadiy"],
    &["Vitaly", "Vitali", "Vitaliy"],
    &["Valery", "Valeri", "Valeriy"],
    &["Georgy", "Georgi", "Georgiy"],
];

/// The other spellings of `form` with its first word replaced by the other members of its
/// [`TRANSLITERATION_GROUPS`] group ("Alexandr Matsegora" → "Alexander Matsegora",
/// "Aleksandr Matsegora", "Aleksander Matsegora"); empty when the first word is in no group.
pub fn transliteration_variants(form: &str) -> Vec<String> {
    let (first, rest) = form.split_once(' ').unwrap_or((form, ""));
    if rest.is_empty() {
        return Vec::new();
    }
    TRANSLITERATION_GROUPS
        .iter()
        .find(|g| g.contains(&first))
        .map(|g| {
            g.iter()
                .filter(|v| **v != first)
                .map(|v| format!("{v} {rest}"))
                .collect()
        })
        .unwrap_or_default()
}

/// The spelling of `name` an unlisted person's id is made from: its first word replaced by
/// the first member of its [`TRANSLITERATION_GROUPS`] group ("Aleksandr Fomin" and "Alexandr
/// Fomin" → "Alexander Fomin"), so that one person spelled two ways has one id; `name` itself
/// when its first word is in no group or it has one word.
pub fn transliteration_key(name: &str) -> std::borrow::Cow<'_, str> {
    let Some((first, rest)) = name.split_once(' ') else {
        return name.into();
    };
    match TRANSLITERATION_GROUPS.iter().find(|g| g.contains(&first)) {
        Some(g) if g[0] != first => format!("{} {rest}", g[0]).into(),
        _ => name.into(),
    }
}

/// What kind of surface form a country row holds (the `kind` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// Short name: "Russia", "south Korea".
    Short,
    /// Official name: "Russian Federation", "Democratic People's Republic of Korea".
    Official,
    /// Abbreviation, with or without periods: "U.S.", "US", "DPRK", "D.P.R.K.".
    Abbrev,
    /// Demonym used as adjective (and singular noun): "Russian", "Chinese".
    DemonymAdj,
    /// Demonym used as noun, usually plural: "Russians", "Americans".
    DemonymNoun,
    /// Combining form, written with its hyphen: "Sino-", "Russo-".
    Combining,
    /// Any other name of the country.
    Other,
    /// Not a country: a longer name that must shield the country forms inside it
    /// ("Latin America", "Indo-Pacific", "New Mexico"). Its `id` is `-`.
    Blocker,
}

impl FormKind {
    /// The name used in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Short => "short",
            FormKind::Official => "official",
            FormKind::Abbrev => "abbrev",
            FormKind::DemonymAdj => "demonym_adj",
            FormKind::DemonymNoun => "demonym_noun",
            FormKind::Combining => "combining",
            FormKind::Other => "other",
            FormKind::Blocker => "blocker",
        }
    }

    /// True for the two demonym kinds.
    pub fn is_demonym(self) -> bool {
        matches!(self, FormKind::DemonymAdj | FormKind::DemonymNoun)
    }
}

impl FromStr for FormKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "short" => FormKind::Short,
            "official" => FormKind::Official,
            "abbrev" => FormKind::Abbrev,
            "demonym_adj" => FormKind::DemonymAdj,
            "demonym_noun" => FormKind::DemonymNoun,
            "combining" => FormKind::Combining,
            "other" => FormKind::Other,
            "blocker" => FormKind::Blocker,
            other => {
                return Err(format!(
                    "unknown kind `{other}` (expected short, official, abbrev, demonym_adj, \
                     demonym_noun, combining, other or blocker)"
                ))
            }
        })
    }
}

/// One row of the country gazetteer: one surface form of one country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryForm {
    /// ISO 3166-1 alpha-3 code (ISO 3166-3 for former states; `-` for blockers).
    pub id: String,
    /// Display name ("Russia").
    pub name: String,
    /// What kind of form this is.
    pub kind: FormKind,
    /// The surface form, matched case-sensitively ("U.S.", "south Korea", "Sino-").
    pub form: String,
}

/// One row of the people gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// A slug such as `kim-jong-un`.
    pub id: String,
    /// Canonical name ("Kim Jong Un", "Vladimir Putin").
    pub name: String,
    /// Other surface forms ("Vladimir Vladimirovich Putin", "Putin").
    pub aliases: Vec<String>,
}

/// The country and people lists an [`Extractor`](crate::Extractor) is built from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazetteer {
    countries: Vec<CountryForm>,
    people: Vec<Person>,
}

const BUILTIN: &str = "<builtin>";

impl Gazetteer {
    /// An empty gazetteer (no countries, no people).
    pub fn empty() -> Gazetteer {
        Gazetteer::default()
    }

    /// The lists compiled into the crate from `crates/dateline-entities/data/gazetteers/`.
    pub fn builtin() -> Gazetteer {
        let mut g = Gazetteer::empty();
        g.add_countries_csv(BUILTIN_COUNTRIES.as_bytes(), Path::new(BUILTIN))
            .expect("built-in countries.csv is valid (checked by tests)");
        g.add_people_csv(BUILTIN_PEOPLE.as_bytes(), Path::new(BUILTIN))
            .expect("built-in people.csv is valid (checked by tests)");
        g
    }

    /// Every country form, in load order.
    pub fn countries(&self) -> &[CountryForm] {
        &self.countries
    }

    /// Every person, in load order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// Adds the people of a CSV file with the columns `id,name,aliases` (aliases `|`-separated).
    ///
    /// A person whose `id` is already known replaces the earlier entry.
    pub fn add_people_file(&mut self, path: &Path) -> Result<(), EntitiesError> {
        let file = std::fs::File::open(path).map_err(|source| EntitiesError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        self.add_people_csv(file, path)
    }

    /// Adds the rows of a CSV file with the columns `id,name,kind,form`.
    ///
    /// A form that is already known is re-assigned to the new row (user files override).
    pub fn add_countries_file(&mut self, path: &Path) -> Result<(), EntitiesError> {
        let file = std::fs::File::open(path).map_err(|source| EntitiesError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        self.add_countries_csv(file, path)
    }

    /// Adds people from CSV data read from `reader`; `path` is used in errors only.
    pub fn add_people_csv<R: Read>(&mut self, reader: R, path: &Path) -> Result<(), EntitiesError> {
        for (line, rec) in records(reader, path, &["id", "name", "aliases"])? {
            let id = rec[0].trim();
            let name = rec[1].trim();
            if id.is_empty() || name.is_empty() {
                return Err(record_error(path, line, "empty `id` or `name`".into()));
            }
            let aliases = rec[2]
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect();
            let person = Person {
                id: id.to_owned(),
                name: name.to_owned(),
                aliases,
            };
            if let Some(old) = self.people.iter_mut().find(|p| p.id == person.id) {
                *old = person;
            } else {
                self.people.push(person);
            }
        }
        Ok(())
    }

    /// Adds country forms from CSV data read from `reader`; `path` is used in errors only.
    pub fn add_countries_csv<R: Read>(
        &mut self,
        reader: R,
        path: &Path,
    ) -> Result<(), EntitiesError> {
        for (line, rec) in records(reader, path, &["id", "name", "kind", "form"])? {
            let kind: FormKind = rec[2]
                .trim()
                .parse()
                .map_err(|m| record_error(path, line, m))?;
            let id = rec[0].trim();
            let form = rec[3].trim();
            if id.is_empty() || form.is_empty() {
                return Err(record_error(path, line, "empty `id` or `form`".into()));
            }
            if kind == FormKind::Combining && !form.ends_with('-') {
                return Err(record_error(
                    path,
                    line,
                    format!("combining form `{form}` must end with `-`"),
                ));
            }
            let row = CountryForm {
                id: id.to_owned(),
                name: rec[1].trim().to_owned(),
                kind,
                form: form.to_owned(),
            };
            if let Some(old) = self.countries.iter_mut().find(|c| c.form == row.form) {
                *old = row;
            } else {
                self.countries.push(row);
            }
        }
        Ok(())
    }
}

fn record_error(path: &Path, line: u64, message: String) -> EntitiesError {
    EntitiesError::Record {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Reads all records after checking the header; yields `(line, fields)`.
fn records<R: Read>(
    reader: R,
    path: &Path,
    header: &[&str],
) -> Result<Vec<(u64, Vec<String>)>, EntitiesError> {
    let csv_error = |source: csv::Error| {
        let line = source.position().map_or(0, csv::Position::line);
        EntitiesError::Csv {
            path: PathBuf::from(path),
            line,
            source,
        }
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let got: Vec<String> = rdr
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if got != header {
        return Err(record_error(
            path,
            1,
            format!(
                "header is `{}`, expected `{}`",
                got.join(","),
                header.join(",")
            ),
        ));
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(csv_error)?;
        let line = rec.position().map_or(0, csv::Position::line);
        out.push((line, rec.iter().map(str::to_owned).collect()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashSet;

    #[test]
    fn builtin_countries_cover_un_members_observers_and_former_states() {
        let g = Gazetteer::builtin();
        let ids: FxHashSet<&str> = g
            .countries()
            .iter()
            .filter(|c| c.kind != FormKind::Blocker)
            .map(|c| c.id.as_str())
            .collect();
        // 193 UN members + VAT, PSE (observers) + TWN, XKX + SUN, YUG, CSK, DDR.
        assert_eq!(ids.len(), 193 + 2 + 2 + 4);
        for id in [
            "VAT", "PSE", "TWN", "XKX", "SUN", "YUG", "CSK", "DDR", "PRK", "KOR",
        ] {
            assert!(ids.contains(id), "{id}");
        }
        // Every id has a short name.
        for id in &ids {
            assert!(
                g.countries()
                    .iter()
                    .any(|c| c.id == *id && c.kind == FormKind::Short),
                "{id} has no short form"
            );
        }
        // Ids are three upper-case letters.
        assert!(ids
            .iter()
            .all(|i| i.len() == 3 && i.bytes().all(|b| b.is_ascii_uppercase())));
    }

    #[test]
    fn builtin_people_have_unique_ids_and_forms() {
        let g = Gazetteer::builtin();
        assert!(g.people().len() >= 120, "{}", g.people().len());
        let mut ids = FxHashSet::default();
        let mut forms = FxHashSet::default();
        for p in g.people() {
            assert!(ids.insert(p.id.clone()), "duplicate id {}", p.id);
            for f in std::iter::once(&p.name).chain(&p.aliases) {
                assert!(forms.insert(f.clone()), "duplicate form {f}");
            }
        }
        let putin = g
            .people()
            .iter()
            .find(|p| p.id == "vladimir-putin")
            .unwrap();
        assert_eq!(putin.name, "Vladimir Putin");
        assert!(putin
            .aliases
            .contains(&"Vladimir Vladimirovich Putin".to_owned()));
    }

    #[test]
    fn user_files_add_and_override() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("people.csv");
        std::fs::write(
            &p,
            "id,name,aliases\nkim-jong-un,Kim Jong Un,Kim Jong-un\nmanuel-munguia,Manuel Munguia,Munguia\n",
        )
        .unwrap();
        let mut g = Gazetteer::builtin();
        let n = g.people().len();
        g.add_people_file(&p).unwrap();
        assert_eq!(g.people().len(), n + 1);
        let c = dir.path().join("countries.csv");
        std::fs::write(&c, "id,name,kind,form\nGBR,United Kingdom,other,England\n").unwrap();
        g.add_countries_file(&c).unwrap();
        assert!(g
            .countries()
            .iter()
            .any(|r| r.form == "England" && r.id == "GBR"));
    }

    #[test]
    fn errors_carry_path_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("bad.csv");
        std::fs::write(
            &c,
            "id,name,kind,form\nGBR,UK,short,Britain\nFRA,France,nickname,Gaul\n",
        )
        .unwrap();
        let e = Gazetteer::empty().add_countries_file(&c).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("bad.csv") && msg.contains("line 3"), "{msg}");
        assert!(msg.contains("`nickname`"), "{msg}");

        std::fs::write(&c, "id,name\nx,y\n").unwrap();
        let e = Gazetteer::empty().add_people_file(&c).unwrap_err();
        assert!(e.to_string().contains("header is `id,name`"), "{e}");

        let e = Gazetteer::empty()
            .add_people_file(&dir.path().join("missing.csv"))
            .unwrap_err();
        assert!(e.to_string().starts_with("cannot read gazetteer"), "{e}");
    }
}
