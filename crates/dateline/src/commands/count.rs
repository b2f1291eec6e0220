//! `dateline count` and `dateline merge`: additive term counts as the unit of scale.
//!
//! `count --shard K/N` counts one deterministic share of the corpus (the documents whose
//! `doc_id` is `K − 1` modulo `N`) into a counts folder; `merge` sums counts folders; `terms
//! --counts DIR` derives the term table (per_10k, tf-idf, …) from a counts folder. The periods
//! are fixed from the whole corpus before sharding, so every shard counts into the same periods.
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_analytics::terms::{TermCounts, TermOptions};

use crate::cli::{CountArgs, MergeArgs};
use crate::common::{by_of, parse_size_range, period_range, prepare, run_pass, VERSION};
use dateline_analytics::entities::EntityCounts;
use dateline_tables::counts::{
    add_entity_counts_tables, entity_counts_tables, label_index, missing_shards, missing_text,
    parse_shard, read_counts, read_entity_tables, write_counts, CorpusId, CountedDates, CountsMeta,
    EntitiesMeta,
};

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
    let mut prep = prepare(
        &a.corpus,
        &a.tok,
        by,
        period_range(&a.period)?,
        &a.period.lang,
        quiet,
    )?;
    prep.filter = Some(Box::new(move |d| d.doc_id.0 % n == k - 1));
    // Term counts need only tokens; entity counts read the text, unless the index stores the
    // mentions of the extractor asked for.
    prep.text_needed =
        a.entities && !crate::common::use_stored_mentions(&mut prep, &a.extractor_choice(), quiet)?;
    if n > 1 {
        prep.empty_share = Some(format!("{k}/{n}"));
    }
    let proto = TermCounts::new(opts, prep.periods.periods().len())?;
    let (entities, ents_meta) = if a.entities {
        let choice = a.extractor_choice();
        let x = choice.extractor()?;
        let meta = EntitiesMeta::new(&choice)?;
        (
            Some(EntityCounts::new(x, false, false).counts_only()),
            Some(meta),
        )
    } else {
        (None, None)
    };
    let ((acc, ents), stats) = run_pass(
        &prep,
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
    dateline_tables::check_output_vs_inputs(&a.output, std::slice::from_ref(&a.corpus))?;
    let _lock = dateline_tables::OutputLock::acquire(&a.output)?;
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
            let mut e = EntityCounts::for_sums()?;
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
    dateline_tables::check_output_vs_inputs(&a.output, &a.inputs)?;
    let _lock = dateline_tables::OutputLock::acquire(&a.output)?;
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
