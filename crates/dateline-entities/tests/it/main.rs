//! Integration tests of dateline-entities: the seed article, matching rules, invariants,
//! the real corpora (skipped when absent).

mod corpora;
mod eval_corpus;
mod invariants;
mod rules;
mod seed;

use dateline_entities::{EntityType, Extractor, ExtractorOptions, Gazetteer, Mention};
use std::sync::OnceLock;

/// The default extractor, built once.
pub fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new(&Gazetteer::builtin(), &ExtractorOptions::default()))
}

/// `(kind, id, surface)` of each mention.
pub fn triples(ms: &[Mention]) -> Vec<(&'static str, String, String)> {
    ms.iter()
        .map(|m| {
            let k = match m.kind {
                EntityType::Person => "person",
                EntityType::Country => "country",
            };
            (k, m.entity_id.clone(), m.surface.clone())
        })
        .collect()
}

/// Asserts the mentions of `text` are exactly `want` (kind, id, surface), in order.
#[track_caller]
pub fn check(ex: &Extractor, text: &str, want: &[(&str, &str, &str)]) {
    let got = triples(&ex.extract(text));
    let want: Vec<(&str, String, String)> = want
        .iter()
        .map(|(k, i, s)| {
            let k: &'static str = if *k == "person" { "person" } else { "country" };
            (k, (*i).to_owned(), (*s).to_owned())
        })
        .collect();
    assert_eq!(got, want, "text: {text:?}");
}
