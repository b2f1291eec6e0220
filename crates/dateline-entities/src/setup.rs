//! The extractor an analysis asks for: the built-in gazetteers plus the `--people` and
//! `--countries` files, and the fingerprint of that choice (recorded in counts folders, so
//! that counts made with different lists are never summed).
use std::path::{Path, PathBuf};

use crate::{Extractor, ExtractorOptions, Gazetteer, BUILTIN_COUNTRIES, BUILTIN_PEOPLE};

/// What the analysis asked of the extractor.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractorChoice<'a> {
    /// A people file added to the built-in list.
    pub people: Option<&'a Path>,
    /// A countries file added to the built-in list.
    pub countries: Option<&'a Path>,
    /// The person-name finder is on.
    pub name_finder: bool,
    /// Demonyms count as country mentions.
    pub demonyms: bool,
}

/// A people or countries file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the {what} file `{path}`")]
pub struct ListFileError {
    /// `people` or `countries`.
    pub what: &'static str,
    /// The file.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl ListFileError {
    fn new(
        what: &'static str,
        path: &Path,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        ListFileError {
            what,
            path: path.to_path_buf(),
            source: Box::new(source),
        }
    }
}

impl ExtractorChoice<'_> {
    /// Builds the gazetteer and the extractor.
    pub fn extractor(&self) -> Result<Extractor, ListFileError> {
        let mut g = Gazetteer::builtin();
        if let Some(p) = self.people {
            g.add_people_file(p)
                .map_err(|e| ListFileError::new("people", p, e))?;
        }
        if let Some(c) = self.countries {
            g.add_countries_file(c)
                .map_err(|e| ListFileError::new("countries", c, e))?;
        }
        let o = ExtractorOptions {
            find_names: self.name_finder,
            demonyms: self.demonyms,
            ..ExtractorOptions::default()
        };
        Ok(Extractor::new(&g, &o))
    }

    /// XXH3-64 (16 hex digits) of the extraction rules' version
    /// ([`crate::EXTRACTOR_RULES_VERSION`]), the built-in lists, the files' bytes and the options.
    pub fn fingerprint(&self) -> Result<String, ListFileError> {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(b"rules=");
        h.update(&crate::EXTRACTOR_RULES_VERSION.to_le_bytes());
        h.update(b"\0");
        h.update(BUILTIN_COUNTRIES.as_bytes());
        h.update(b"\0");
        h.update(BUILTIN_PEOPLE.as_bytes());
        for (what, p) in [("people", self.people), ("countries", self.countries)] {
            h.update(b"\0");
            h.update(what.as_bytes());
            if let Some(p) = p {
                let bytes = std::fs::read(p).map_err(|e| ListFileError::new(what, p, e))?;
                h.update(b"=");
                h.update(&bytes);
            }
        }
        h.update(&[u8::from(self.name_finder), u8::from(self.demonyms)]);
        Ok(format!("{:016x}", h.digest()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(name_finder: bool) -> ExtractorChoice<'static> {
        ExtractorChoice {
            people: None,
            countries: None,
            name_finder,
            demonyms: true,
        }
    }

    /// The fingerprint is XXH3 of the rules' version, the lists and the options, computed here
    /// independently from the documented recipe; a change of any option changes it.
    #[test]
    fn fingerprint_covers_the_rules_version_the_lists_and_the_options() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"rules=");
        bytes.extend_from_slice(&crate::EXTRACTOR_RULES_VERSION.to_le_bytes());
        bytes.extend_from_slice(b"\0");
        bytes.extend_from_slice(BUILTIN_COUNTRIES.as_bytes());
        bytes.extend_from_slice(b"\0");
        bytes.extend_from_slice(BUILTIN_PEOPLE.as_bytes());
        bytes.extend_from_slice(b"\0people\0countries");
        bytes.extend_from_slice(&[1, 1]);
        let want = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
        assert_eq!(choice(true).fingerprint().unwrap(), want);
        assert_ne!(choice(false).fingerprint().unwrap(), want);
    }
}
