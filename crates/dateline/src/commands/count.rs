//! `dateline count` and `dateline merge`: additive term counts as the unit of scale.
//!
//! `count --shard K/N` counts one deterministic share of the corpus (the documents whose
//! `doc_id` is `K − 1` modulo `N`) into a counts folder; `merge` sums counts folders; `terms
//! --counts DIR` derives the term table (per_10k, tf-idf, …) from a counts folder. The periods
//! are fixed from the whole corpus before sharding, so every shard counts into the same periods.
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_analytics::counted::{self, Asked, Counted, Derivation};
use dateline_analytics::terms::{TermCounts, TermOptions};

use crate::cli::{CountArgs, MergeArgs};
use crate::common::{by_of, parse_size_range, period_range, Prepared, VERSION};
use dateline_analytics::entities::EntityCounts;
use dateline_tables::counts::{
    add_entity_counts_tables, entity_counts_tables, label_index, missing_shards, missing_text,
    parse_shard, pipeline_settings, read_counts, read_entity_tables, write_counts, CorpusId,
    CountedDates, CountsMeta, EntitiesMeta,
};

/// Prints the warning of a partial counts folder, and returns what the manifest of an output
/// derived from it records.
pub fn warn_partial(dir: &Path, meta: &CountsMeta) -> serde_json::Value {
    if !meta.partial {
        return serde_json::json!({ "partial": false });
    }
    let missing = missing_shards(&meta.shards);
    eprintln!(
        "warning: `{}` is a partial merge ({} missing): its counts cover only part of the corpus",
        dir.display(),
        missing_text(&missing)
    );
    serde_json::json!({ "partial": true, "missing_shards": missing })
}

/// Counts one shard into a counts folder.
pub fn run_count(a: &CountArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let (k, n) = parse_shard(&a.shard)?;
    let by = by_of(a.period.by).context("--by doc has no periods to count into")?;
    let (lo, hi) = parse_size_range(&a.ngram, 1, 5, "--ngram")?;
    let opts = TermOptions {
        drop_stop_edges: !a.keep_stop_edges,
        ..TermOptions::ngrams(lo as u32, hi as u32)?
    };
    // Periods come from the whole corpus, so that every shard uses the same ones.
    let mut prep = Prepared::new(
        &a.corpus,
        &a.tok,
        by,
        period_range(&a.period)?,
        &a.period.lang,
        quiet,
    )?;
    prep.filter = Some(Box::new(move |d| d.doc_id.0 % n == k - 1));
    // Term counts need only tokens; entity counts read the text.
    prep.text_needed = a.entities;
    if n > 1 {
        prep.empty_share = Some(format!("{k}/{n}"));
    }
    let proto = TermCounts::new(opts, prep.periods.periods().len())?;
    let (entities, ents_meta) = if a.entities {
        let choice = super::entities::choice(
            a.people.as_deref(),
            a.countries.as_deref(),
            !a.no_name_finder,
            !a.no_demonyms,
        );
        let x = choice.extractor()?;
        let meta = EntitiesMeta::new(&choice)?;
        (
            Some(EntityCounts::new(x, false, false).counts_only()),
            Some(meta),
        )
    } else {
        (None, None)
    };
    let ((acc, ents), stats) = prep.run(
        &prep.pass_options(),
        || {
            (
                proto.clone(),
                entities.as_ref().map(EntityCounts::empty_like),
            )
        },
        quiet,
    )?;
    let table = acc.to_table(&prep.periods);
    let ent_tables = ents.map(|e| entity_counts_tables(&e, &prep.periods));
    let meta = CountsMeta {
        tool: "dateline".into(),
        version: VERSION.into(),
        pipeline: serde_json::to_value(&prep.spec)?,
        token_rules: dateline_tokenize::RULES_VERSION,
        options: opts,
        by: by.as_str().into(),
        lang: prep.lang.clone(),
        periods: table.periods.clone(),
        shards: vec![format!("{k}/{n}")],
        docs: stats.docs_analysed,
        entities: ents_meta,
        corpus: Some(CorpusId::of(&a.corpus)),
        range: prep.range,
        dates: prep.dates.map(|d| CountedDates {
            first: d.first.0,
            last: d.last.0,
        }),
        partial: false,
        files: std::collections::BTreeMap::new(),
    };
    crate::common::check_output(&a.output, std::slice::from_ref(&a.corpus))?;
    let _lock = crate::common::lock_output(&a.output)?;
    write_counts(&a.output, &meta, &table, ent_tables.as_ref())?;
    if !quiet {
        eprintln!(
            "counted shard {k}/{n} ({} documents) into {} in {:.2}s",
            stats.docs_analysed,
            a.output.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Sums counts folders.
pub fn run_merge(a: &MergeArgs, quiet: bool) -> Result<ExitCode> {
    let mut inputs = a.inputs.iter();
    let first = inputs.next().context("name at least one counts folder")?;
    let (mut meta, table) = read_counts(first)?;
    let mut acc = TermCounts::from_table(&table)?;
    let labels = label_index(&meta.periods);
    let period_of = |l: &str| -> Result<Option<u32>, String> {
        labels
            .get(l)
            .copied()
            .map(Some)
            .ok_or_else(|| format!("unknown period `{l}` in the entity counts"))
    };
    let mut ents = match meta.entities {
        Some(_) => {
            let mut e = super::entities::placeholder()?;
            add_entity_counts_tables(&mut e, &read_entity_tables(first)?, &period_of)
                .map_err(anyhow::Error::msg)?;
            Some(e)
        }
        None => None,
    };
    for dir in inputs {
        let (m, t) = read_counts(dir)?;
        meta.compatible(&m).with_context(|| {
            format!(
                "cannot merge `{}` with `{}`",
                dir.display(),
                first.display()
            )
        })?;
        for s in m.shards {
            if meta.shards.contains(&s) {
                bail!(
                    "shard {s} is in `{}` and in an earlier input: it would be counted twice",
                    dir.display()
                );
            }
            meta.shards.push(s);
        }
        meta.docs += m.docs;
        acc.try_merge(TermCounts::from_table(&t)?)?;
        if let Some(e) = ents.as_mut() {
            add_entity_counts_tables(e, &read_entity_tables(dir)?, &period_of)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("bad entity counts in `{}`", dir.display()))?;
        }
    }
    meta.shards
        .sort_by_key(|s| parse_shard(s).map(|(k, _)| k).unwrap_or(0));
    let missing = missing_shards(&meta.shards);
    if !missing.is_empty() && !a.partial {
        return Err(anyhow::anyhow!(
            "{} missing; give them or use --partial",
            missing_text(&missing)
        )
        .context(crate::common::Hint(format!(
            "the folders given hold shards {}",
            meta.shards.join(", ")
        ))));
    }
    meta.partial = !missing.is_empty();
    let by: dateline_core::By = meta.by.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let index = dateline_core::PeriodIndex::from_periods(by, meta.periods.clone());
    let merged = acc.to_table(&index);
    let ent_tables = ents.map(|e| entity_counts_tables(&e, &index));
    crate::common::check_output(&a.output, &a.inputs)?;
    let _lock = crate::common::lock_output(&a.output)?;
    write_counts(&a.output, &meta, &merged, ent_tables.as_ref())?;
    if meta.partial {
        eprintln!(
            "warning: `{}` is a partial merge: {} missing (marked `partial` in its counts.json)",
            a.output.display(),
            missing_text(&missing)
        );
    }
    if !quiet {
        eprintln!(
            "merged {} folders ({} documents) into {}",
            a.inputs.len(),
            meta.docs,
            a.output.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `--lang` as a setting.
fn lang_setting(lang: Option<&str>) -> String {
    lang.unwrap_or("all").to_string()
}

/// What a counts folder counted, for [`counted::check`]; `settings` are the counted values of
/// the settings the analysis compares (see [`Ask`]).
fn counted_of(meta: &CountsMeta, settings: BTreeMap<String, String>) -> Result<Counted> {
    Ok(Counted {
        by: meta.by.parse().map_err(|e: String| anyhow::anyhow!(e))?,
        periods: meta.periods.clone(),
        range: meta.range,
        dates: meta.dates.map(|d| (d.first, d.last)),
        ngram: meta.options.ngram,
        settings,
    })
}

/// What an analysis of a counts folder asks: every option it accepts, for
/// [`CountsMeta::answer`] (which tells the options given from those left to their defaults).
pub struct Ask<'a> {
    /// `--by` (`None`: `--by doc`).
    pub by: Option<dateline_core::By>,
    /// `--from`/`--to`.
    pub range: dateline_core::DateRange,
    /// `--lang`.
    pub lang: &'a str,
    /// The tokenization options; `None` for an analysis without them, which always uses the
    /// default pipeline (`entities`).
    pub tok: Option<&'a crate::cli::TokenOpts>,
    /// `--ngram` and `--keep-stop-edges` (`None`: no n-grams, as `entities`).
    pub ngram: Option<((u32, u32), bool)>,
    /// The entity options, as a fingerprint (`None`: not an entity analysis).
    pub entities: Option<EntitiesMeta>,
    /// Options that need the documents (`--group-by`, `--unmatched`, …) and were given.
    pub needs_documents: Vec<String>,
}

/// The token options (field names) that set each pipeline setting of [`pipeline_settings`].
const TOKEN_OPTIONS: &[(&str, &[&str])] = &[
    ("--keep-case", &["keep_case", "lowercase"]),
    ("--stopwords", &["stopwords"]),
    ("--stem", &["stem"]),
    ("--min-len", &["min_len"]),
    ("--keep-numbers", &["keep_numbers"]),
    ("--keep-possessive", &["keep_possessive"]),
    ("--split-hyphens", &["split_hyphens"]),
    ("--phrase/--phrases", &["phrase", "phrases"]),
];

/// True when a token option that [`TOKEN_OPTIONS`] does not list was given: then the whole
/// pipeline is compared (an option added later is never ignored).
fn given_unlisted_token_option() -> bool {
    let cmd = <crate::cli::TokenOpts as clap::Args>::augment_args(clap::Command::new("tok"));
    let unlisted = cmd.get_arguments().any(|a| {
        let id = a.get_id().as_str();
        id != "pipeline"
            && !TOKEN_OPTIONS.iter().any(|(_, ids)| ids.contains(&id))
            && crate::cli::given(id)
    });
    unlisted
}

/// Checks that the counts in `dir` answer `ask` exactly, and says how to derive the answer:
/// one place decides, for every option of every analysis of a counts folder.
///
/// An option left to its default takes the counted value (`terms COUNTS` gives the
/// counted periods, sizes, pipeline and language); an option given is applied when it can
/// be derived from the counts and refused otherwise ([`counted::check`]): the answer is
/// the same as the analysis of the corpus with the counted options and the given ones.
pub fn answer(meta: &CountsMeta, dir: &Path, ask: &Ask<'_>) -> Result<Derivation> {
    use crate::cli::given;
    let refuse = |e: String| {
        anyhow::anyhow!("the counts folder `{}` cannot answer this: {e}", dir.display()).context(
                crate::common::Hint(
                    "count again with the options you need (dateline count CORPUS …), or analyse the corpus table".into(),
                ),
            )
    };
    if meta.docs == 0 {
        // Every shard was an empty share (`count --shard`): the analysis would find
        // nothing, and a run that finds nothing says so and exits non-zero.
        return Err(anyhow::anyhow!(
                "nothing to analyse: the counts folder `{}` holds no document (every shard counted was empty: {})",
                dir.display(),
                meta.shards.join(", ")
            ));
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
    let by: dateline_core::By = if given("by") {
        ask.by.ok_or_else(|| {
            refuse("--by doc needs the documents, which a counts folder does not hold".into())
        })?
    } else {
        meta.by.parse().map_err(|e: String| anyhow::anyhow!(e))?
    };
    let range = dateline_core::DateRange {
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
    match ask.tok {
        None => {
            // The analysis always tokenizes with the default pipeline.
            let default = serde_json::to_value(dateline_tokenize::PipelineSpec::default())?;
            asked = pipeline_settings(&default)?;
            counted.clone_from(&counted_pipeline);
        }
        Some(tok) if given("pipeline") || given_unlisted_token_option() => {
            asked = pipeline_settings(&serde_json::to_value(crate::common::pipeline_spec(tok)?)?)?;
            counted.clone_from(&counted_pipeline);
        }
        Some(tok) => {
            let spec =
                pipeline_settings(&serde_json::to_value(crate::common::pipeline_spec(tok)?)?)?;
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
        asked.insert(
            "--lang".into(),
            lang_setting(crate::common::lang_filter(ask.lang)?.as_deref()),
        );
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
    counted::check(&counted_of(meta, counted)?, &want).map_err(|e| refuse(e.to_string()))
}
