//! What a counts folder can answer: one place decides, for every option of every analysis of
//! a counts folder, whether the counts answer it exactly and how to derive the answer.
use std::collections::BTreeMap;
use std::path::Path;

use dateline_analytics::counted::{self, Asked, Counted, Derivation};
use dateline_core::{By, DateRange};
use dateline_tokenize::PipelineSpec;

use crate::counts::{pipeline_settings, CountsFolderError, CountsMeta, EntitiesMeta};

/// What an analysis of a counts folder asks: every option it accepts, with which of them were
/// given (an option left to its default takes the counted value).
pub struct Ask<'a> {
    /// `--by` (`None`: `--by doc`).
    pub by: Option<By>,
    /// `--from`/`--to`.
    pub range: DateRange,
    /// The `--lang` filter (`None`: every language).
    pub lang: Option<String>,
    /// The tokenization pipeline; `None` for an analysis without token options, which always
    /// uses the default pipeline (`entities`).
    pub pipeline: Option<&'a PipelineSpec>,
    /// True when the whole pipeline is to be compared: `--pipeline`, or a token option that
    /// [`TOKEN_OPTIONS`] does not list (an option added later is never ignored), was given.
    pub whole_pipeline: bool,
    /// `--ngram` and `--keep-stop-edges` (`None`: no n-grams, as `entities`).
    pub ngram: Option<((u32, u32), bool)>,
    /// The entity options, as a fingerprint (`None`: not an entity analysis).
    pub entities: Option<EntitiesMeta>,
    /// Options that need the documents (`--group-by`, `--unmatched`, …) and were given.
    pub needs_documents: Vec<String>,
    /// Whether the option of this id (`by`, `from`, `keep_case`, …) was given.
    pub given: &'a dyn Fn(&str) -> bool,
}

/// The token options (their ids) that set each pipeline setting of [`pipeline_settings`].
pub const TOKEN_OPTIONS: &[(&str, &[&str])] = &[
    ("--keep-case", &["keep_case", "lowercase"]),
    ("--stopwords", &["stopwords"]),
    ("--stem", &["stem"]),
    ("--min-len", &["min_len"]),
    ("--keep-numbers", &["keep_numbers"]),
    ("--keep-possessive", &["keep_possessive"]),
    ("--split-hyphens", &["split_hyphens"]),
    ("--phrase/--phrases", &["phrase", "phrases"]),
];

/// `--lang` as a setting.
fn lang_setting(lang: Option<&str>) -> String {
    lang.unwrap_or("all").to_string()
}

fn settings_of(spec: &PipelineSpec) -> Result<BTreeMap<String, String>, CountsFolderError> {
    pipeline_settings(&serde_json::to_value(spec).map_err(CountsFolderError::Pipeline)?)
}

/// Checks that the counts in `dir` answer `ask` exactly, and says how to derive the answer.
///
/// An option left to its default takes the counted value (`terms COUNTS` gives the counted
/// periods, sizes, pipeline and language); an option given is applied when it can be derived
/// from the counts and refused otherwise ([`counted::check`]): the answer is the same as the
/// analysis of the corpus with the counted options and the given ones.
pub fn answer(
    meta: &CountsMeta,
    dir: &Path,
    ask: &Ask<'_>,
) -> Result<Derivation, CountsFolderError> {
    let given = ask.given;
    let refuse = |why: String| CountsFolderError::CannotAnswer {
        dir: dir.to_path_buf(),
        why,
    };
    if meta.docs == 0 {
        // Every shard was an empty share (`count --shard`): the analysis would find
        // nothing, and a run that finds nothing says so and exits non-zero.
        return Err(CountsFolderError::Empty {
            dir: dir.to_path_buf(),
            shards: meta.shards.join(", "),
        });
    }
    if meta.token_rules != dateline_tokenize::RULES_VERSION {
        return Err(refuse(format!(
                "it was counted under token rules version {}, and this dateline tokenizes by version {} (`UN` and `un` apart, among others: docs/tokenization.md)",
                meta.token_rules,
                dateline_tokenize::RULES_VERSION
            )));
    }
    if let Some(opt) = ask.needs_documents.first() {
        return Err(refuse(format!(
            "{opt} needs the documents, which a counts folder does not hold"
        )));
    }
    let bad = |what: String| CountsFolderError::Bad {
        dir: dir.to_path_buf(),
        what,
    };
    let by: By = if given("by") {
        ask.by.ok_or_else(|| {
            refuse("--by doc needs the documents, which a counts folder does not hold".into())
        })?
    } else {
        meta.by.parse().map_err(bad)?
    };
    let range = DateRange {
        start: if given("from") {
            ask.range.start
        } else {
            meta.range.start
        },
        end: if given("to") {
            ask.range.end
        } else {
            meta.range.end
        },
    };
    let counted_pipeline = pipeline_settings(&meta.pipeline)?;
    let mut asked = BTreeMap::new();
    let mut counted = BTreeMap::new();
    match ask.pipeline {
        None => {
            // The analysis always tokenizes with the default pipeline.
            asked = settings_of(&PipelineSpec::default())?;
            counted.clone_from(&counted_pipeline);
        }
        Some(spec) if ask.whole_pipeline => {
            asked = settings_of(spec)?;
            counted.clone_from(&counted_pipeline);
        }
        Some(spec) => {
            let spec = settings_of(spec)?;
            for (setting, ids) in TOKEN_OPTIONS {
                if ids.iter().any(|id| given(id)) {
                    for (side, from) in [(&mut asked, &spec), (&mut counted, &counted_pipeline)] {
                        if let Some(v) = from.get(*setting) {
                            side.insert((*setting).to_string(), v.clone());
                        }
                    }
                }
            }
        }
    }
    if given("lang") {
        asked.insert("--lang".into(), lang_setting(ask.lang.as_deref()));
        counted.insert("--lang".into(), lang_setting(meta.lang.as_deref()));
    }
    let ngram = match ask.ngram {
        Some((n, keep_edges)) => {
            let n = if given("ngram") {
                n
            } else {
                meta.options.ngram
            };
            if given("keep_stop_edges") && n.1 >= 2 {
                let on = |b: bool| if b { "on" } else { "off" }.to_string();
                asked.insert("--keep-stop-edges".into(), on(keep_edges));
                counted.insert(
                    "--keep-stop-edges".into(),
                    on(!meta.options.drop_stop_edges),
                );
            }
            Some(n)
        }
        None => None,
    };
    if let Some(e) = &ask.entities {
        let ids = ["people", "countries", "no_name_finder", "no_demonyms"];
        if ids.iter().any(|id| given(id)) {
            let key = "--people/--countries/--no-name-finder/--no-demonyms".to_string();
            let show = |m: &EntitiesMeta| format!("(gazetteer {})", m.gazetteer);
            asked.insert(key.clone(), show(e));
            counted.insert(
                key,
                meta.entities
                    .as_ref()
                    .map_or("(no entity counts)".to_string(), show),
            );
        }
    }
    let want = Asked {
        by,
        range,
        ngram,
        settings: asked,
    };
    let counted = Counted {
        by: meta.by.parse().map_err(bad)?,
        periods: meta.periods.clone(),
        range: meta.range,
        dates: meta.dates.map(|d| (d.first, d.last)),
        ngram: meta.options.ngram,
        settings: counted,
    };
    counted::check(&counted, &want).map_err(|e| refuse(e.to_string()))
}
