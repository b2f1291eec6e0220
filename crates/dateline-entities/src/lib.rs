//! Person and country mentions in English-language North Korean state media, following
//! `docs/ENTITIES.md`: a country gazetteer and a people gazetteer kept as CSV data
//! (`crates/dateline-entities/data/gazetteers/`), compiled into one Aho–Corasick automaton, and a person-name finder for
//! people in no list (titles, appositions, Korean names in KCNA romanization, surname
//! back-references).
//!
//! ```
//! use dateline_entities::{EntityType, Extractor, ExtractorOptions, Gazetteer};
//!
//! let ex = Extractor::new(&Gazetteer::builtin(), &ExtractorOptions::default());
//! let text = "Sino-DPRK friendship\n\nForeign Minister Choe Son Hui met the Russian envoy.";
//! let found: Vec<(EntityType, &str)> = ex
//!     .extract(text)
//!     .iter()
//!     .map(|m| (m.kind, &text[m.start..m.end]))
//!     .collect();
//! assert_eq!(
//!     found,
//!     [
//!         (EntityType::Country, "Sino-"),
//!         (EntityType::Country, "DPRK"),
//!         (EntityType::Person, "Choe Son Hui"),
//!         (EntityType::Country, "Russian"),
//!     ]
//! );
//! ```
#![warn(missing_docs)]

pub mod chinese;
mod error;
pub mod eval;
mod extractor;
mod gazetteer;
pub mod korean;
mod setup;
pub mod vocab;

pub use error::EntitiesError;
pub use extractor::{slug, Extractor, ExtractorOptions};
pub use gazetteer::{
    transliteration_key, transliteration_variants, CountryForm, FormKind, Gazetteer, Person,
    BUILTIN_COUNTRIES, BUILTIN_PEOPLE, TRANSLITERATION_GROUPS,
};
pub use setup::{ExtractorChoice, ListFileError};

/// The version of the extraction rules (the name finder's patterns, demonym and alias handling,
/// the surname back-references). It is part of [`ExtractorChoice::fingerprint`], so that
/// mentions stored in an index by an earlier extractor are never read as today's: any change to
/// what the extractor finds in a text bumps it. 1: the rules of issue 16's stored mentions.
/// 2: foreign names (issue 18): Chinese names family name first ("Zhang Weihua"), "counterparts"
/// and "Charge d'Affaires ad Interim" as titles, a coordination after a titled name, descriptive
/// appositions (", a public figure"), transliteration variants of listed people
/// ("Alexandr"/"Aleksandr"/"Alexander"), ship names and "Lenin Young ..." as non-persons, no
/// one-letter surname back-references, and the forms "SRV", "U.S", "Belarussian".
/// 3: an unlisted person's id folds the first name's transliterations
/// ([`transliteration_key`]: "Aleksandr Fomin" and "Alexandr Fomin" are `alexander-fomin`).
pub const EXTRACTOR_RULES_VERSION: u32 = 3;

use serde::{Deserialize, Serialize};

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// An individual human.
    Person,
    /// A sovereign state (or a former one).
    Country,
}

impl EntityType {
    /// The lower-case name used in tables: `person` or `country`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Country => "country",
        }
    }
}

/// One reference to a person or country in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mention {
    /// Person or country.
    pub kind: EntityType,
    /// ISO 3166 alpha-3 code for countries; a slug such as `kim-jong-un` for people.
    pub entity_id: String,
    /// Canonical display name ("Russia", "Vladimir Putin").
    pub name: String,
    /// First byte of the mention in the text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The text at `start..end`.
    pub surface: String,
}

/// A capitalized name-like sequence the extractor did not resolve to a mention (for auditing
/// the gazetteers: `--unmatched`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Candidate {
    /// The words.
    pub text: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}
