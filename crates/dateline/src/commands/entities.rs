//! `dateline entities`: person and country mentions, counts per period, co-mention networks.
//!
//! The counting is an [`Accumulator`] so that `dateline run` computes it in the same
//! tokenization pass as every other analysis.
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dateline_analytics::entities::EntityCounts;
use dateline_core::PeriodIndex;
use dateline_tables::counts::{
    add_entity_counts_tables, check_counts_files, is_counts_dir, label_index, read_entity_tables,
    read_meta, EntitiesMeta,
};
use dateline_tables::entity_tables::{entity_counts_table, entity_tables, top_per_period};
use dateline_tables::{Table, Values};

use crate::cli::EntitiesArgs;
use crate::common::{prepare_periods, run_pass, stats_json, use_stored_mentions};
use crate::study::Study;
use dateline_tables::chart::{line_chart, ChartStyle, Series};
use dateline_tables::graph::{GraphFormat, Network, NetworkRows};
use dateline_tables::writer::{FolderWriter, Formats, OutputRequest};

/// The accumulator a study asks for (`None` when entities are turned off).
pub fn study_accumulator(study: &Study, base: &Path) -> Result<Option<EntityCounts>> {
    let e = &study.entities;
    if !e.enabled {
        return Ok(None);
    }
    let sentence = e.co_scope.sentence();
    let people = e.people.as_ref().map(|p| base.join(p));
    let countries = e.countries.as_ref().map(|p| base.join(p));
    let x = dateline_entities::ExtractorChoice {
        people: people.as_deref(),
        countries: countries.as_deref(),
        name_finder: e.name_finder,
        demonyms: e.demonyms,
    }
    .extractor()?;
    Ok(Some(
        EntityCounts::new(x, sentence, false).keep_mentions(e.mentions),
    ))
}

/// The default title of the entities chart.
pub const TOP_TITLE: &str = "Leading people and countries";

/// Draws the `top` most mentioned entities over time from an `entity_counts` table.
///
/// The `top` entities (by mentions over the whole range) are drawn as rates, mentions per
/// 10,000 tokens of their period, so that a period with more articles (KCNA's volume doubled
/// in 2011) does not look like more attention; `counts` draws raw mentions instead.
pub fn draw_top(
    path: &Path,
    style: &ChartStyle,
    counts: &Table,
    periods: &PeriodIndex,
    top: usize,
    raw: bool,
) -> Result<()> {
    let (
        Some(Values::Str(ids)),
        Some(Values::Str(names)),
        Some(Values::Str(plabels)),
        Some(Values::Int(m)),
        Some(Values::Float(rate)),
    ) = (
        counts.column("entity_id"),
        counts.column("name"),
        counts.column("period"),
        counts.column("mentions"),
        counts.column("per_10k"),
    )
    else {
        bail!("not an entity_counts table");
    };
    let mut total: BTreeMap<&str, i64> = BTreeMap::new();
    for (id, v) in ids.iter().zip(m) {
        *total.entry(id).or_default() += v;
    }
    let mut ranked: Vec<(&str, i64)> = total.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(top);
    let labels: Vec<String> = periods.periods().iter().map(|p| p.label.clone()).collect();
    let pos: BTreeMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let mut series = Vec::new();
    for (id, _) in &ranked {
        let mut values = vec![0.0; labels.len()];
        let mut name = (*id).to_string();
        for i in 0..ids.len() {
            if ids[i] == *id {
                if let Some(&p) = pos.get(plabels[i].as_str()) {
                    values[p] += if raw { m[i] as f64 } else { rate[i] };
                }
                name.clone_from(&names[i]);
            }
        }
        series.push(Series {
            label: name,
            values,
        });
    }
    let y = if raw {
        "mentions"
    } else {
        "mentions per 10,000 tokens"
    };
    Ok(line_chart(path, style, y, periods.periods(), &series)?)
}

/// The tokenization of `dateline entities` (the default pipeline: it has no token options).
pub fn entity_token_opts() -> crate::cli::TokenOpts {
    crate::cli::TokenOpts {
        pipeline: dateline_tokenize::PipelineName::Default,
        keep_case: false,
        lowercase: false,
        stopwords: None,
        stem: false,
        min_len: None,
        keep_numbers: false,
        keep_possessive: false,
        split_hyphens: false,
        phrases: None,
        phrase: Vec::new(),
        no_index: false,
    }
}

/// Runs `dateline entities`.
pub fn run(a: &EntitiesArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    dateline_tables::writer::check_partition(
        &OutputRequest {
            output: a.output.clone(),
            format: a.format.map(Into::into),
            partition: a.partition,
        },
        true,
    )?;
    if is_counts_dir(&a.corpus) {
        return from_counts(a, quiet, started);
    }
    let sentence = a.co_scope.sentence();
    let x = a.extractor_choice().extractor()?;
    let tok = crate::cli::TokenOpts {
        no_index: a.no_index,
        ..entity_token_opts()
    };
    let mut prep = prepare_periods(&a.corpus, &tok, &a.period, quiet)?;
    // Unresolved candidates are found in the text; otherwise the index's mentions do.
    if !a.unmatched && use_stored_mentions(&mut prep, &a.extractor_choice(), quiet)? {
        prep.text_needed = false;
    }
    let proto = EntityCounts::new(x, sentence, a.unmatched);
    let (acc, stats) = run_pass(&prep, &prep.pass_options(), || proto.empty_like(), quiet)?;
    let mut tables = entity_tables(&acc, &prep.periods, &a.track);
    if let Some(top) = a.top {
        tables[1] = top_per_period(&tables[1], top, &a.track);
    }
    if let Some(plot) = &a.plot {
        draw_top(
            plot,
            &a.chart.style(TOP_TITLE)?,
            &tables[1],
            &prep.periods,
            a.top.unwrap_or(8),
            a.plot_counts,
        )?;
        if !quiet {
            eprintln!("wrote {}", plot.display());
        }
    }
    // The networks only when graph files or pictures are asked for.
    let mut files = Vec::new();
    if !a.graph.is_empty() || a.network_plot.is_some() {
        let rows = NetworkRows::new(&acc, &prep.periods);
        let networks = rows.networks(&prep.periods);
        let formats: Vec<GraphFormat> = a.graph.iter().map(|&g| g.into()).collect();
        files = network_files(&networks, &formats);
        if let Some(plot) = &a.network_plot {
            draw_networks(plot, &networks, a.network_top, &a.corpus, quiet)?;
        }
    }
    write_tables(
        a,
        &tables,
        1,
        serde_json::json!({ "pass": stats_json(&stats) }),
        &files,
        started,
        quiet,
    )
}

/// The graph files of `networks` in `formats`: `networks/co_mentions.<period>.<ext>`.
pub fn network_files(networks: &[Network<'_>], formats: &[GraphFormat]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for n in networks {
        for f in formats {
            let name = format!("networks/co_mentions.{}.{}", n.period, f.extension());
            out.push((name, n.to_bytes(*f, dateline_tables::writer::VERSION)));
        }
    }
    out
}

/// Draws each network's picture: at `path` for one period, `<stem>.<period>.svg` beside it for
/// several.
pub fn draw_networks(
    path: &Path,
    networks: &[Network<'_>],
    top: usize,
    corpus: &Path,
    quiet: bool,
) -> Result<()> {
    if networks.is_empty() {
        bail!("no entity was mentioned: there is no network to draw");
    }
    for n in networks {
        let p = if networks.len() == 1 {
            path.to_path_buf()
        } else {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            path.with_file_name(format!("{stem}.{}.svg", n.period))
        };
        dateline_tables::check_output_vs_inputs(&p, std::slice::from_ref(&corpus.to_path_buf()))?;
        let svg = n.to_svg(top, &format!("Co-mentions, {}", n.period));
        dateline_tables::atomic_write(&p, |w| {
            std::io::Write::write_all(w, svg.as_bytes()).map_err(|source| {
                dateline_tables::TablesError::Io {
                    action: "write",
                    path: p.clone(),
                    source,
                }
            })
        })?;
        if !quiet {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(())
}

/// Writes `tables` into the `--output` folder with a manifest (`extra` in it), or, without a
/// folder, the table `main` as CSV to stdout.
#[allow(clippy::too_many_arguments)]
fn write_tables(
    a: &EntitiesArgs,
    tables: &[Table],
    main: usize,
    extra: serde_json::Value,
    files: &[(String, Vec<u8>)],
    started: Instant,
    quiet: bool,
) -> Result<ExitCode> {
    let Some(dir) = &a.output else {
        // No folder: print entity_counts as CSV.
        tables[main].write_csv_to(std::io::stdout().lock())?;
        return Ok(ExitCode::SUCCESS);
    };
    dateline_tables::check_output_vs_inputs(dir, std::slice::from_ref(&a.corpus))?;
    let _lock = dateline_tables::OutputLock::acquire(dir)?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let formats = a.format.map_or(
        if a.partition {
            Formats::Parquet
        } else {
            Formats::Both
        },
        Into::into,
    );
    let mut w = FolderWriter::new(
        dir,
        &[formats],
        a.partition,
        std::slice::from_ref(&a.corpus),
        serde_json::json!({ "args": a }),
    );
    for t in tables {
        w.table(t, started.elapsed().as_secs_f64())?;
    }
    for (name, bytes) in files {
        w.file(name, bytes)?;
    }
    w.manifest.extra = extra;
    // The tables are renamed in together, the manifest last.
    let written = w.finish()?;
    if !quiet {
        for (path, rows, files) in written {
            match files {
                Some(n) => eprintln!("wrote {} ({rows} rows, {n} files)", path.display()),
                None => eprintln!("wrote {} ({rows} rows)", path.display()),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dateline entities COUNTS_DIR`: the `entity_counts` table of a counts folder made with
/// `dateline count --entities` (the same rows as counting the corpus directly with the same
/// options: derived, as coarser periods or a range on period boundaries, or refused by
/// [`dateline_tables::answer::answer`]; `mentions` and `co_mentions` need the
/// documents and are not derived).
pub fn from_counts(
    a: &crate::cli::EntitiesArgs,
    quiet: bool,
    started: std::time::Instant,
) -> Result<std::process::ExitCode> {
    let dir = &a.corpus;
    let meta = read_meta(dir)?;
    check_counts_files(dir, &meta)?;
    if meta.entities.is_none() {
        return Err(anyhow::anyhow!(
            "the counts folder `{}` holds no entity counts",
            dir.display()
        )
        .context(crate::common::Hint(
            "count them with: dateline count CORPUS --entities -o DIR".into(),
        )));
    }
    let mut needs_documents = Vec::new();
    if a.unmatched {
        needs_documents.push("--unmatched".to_string());
    }
    if a.co_scope.sentence() {
        needs_documents.push("--co-scope sentence".to_string());
    }
    if !a.graph.is_empty() {
        needs_documents.push("--graph (co-mentions)".to_string());
    }
    if a.network_plot.is_some() {
        needs_documents.push("--network-plot (co-mentions)".to_string());
    }
    let asked = EntitiesMeta::new(&a.extractor_choice())?;
    let ask = dateline_tables::answer::Ask {
        by: crate::common::by_of(a.period.by),
        range: crate::common::period_range(&a.period)?,
        lang: crate::common::lang_filter(&a.period.lang)?,
        pipeline: None,
        whole_pipeline: false,
        ngram: None,
        entities: Some(asked),
        needs_documents,
        given: &crate::cli::given,
    };
    let derivation = dateline_tables::answer::answer(&meta, dir, &ask)?;
    let partial = crate::common::warn_partial(dir, &meta);
    let index = derivation.index;
    let labels = label_index(&meta.periods);
    let period_of = |l: &str| -> Result<Option<u32>, String> {
        let p = labels
            .get(l)
            .copied()
            .ok_or_else(|| format!("`{}`: unknown period `{l}`", dir.display()))?;
        Ok(derivation.map.get(p as usize).copied().flatten())
    };
    let mut acc = EntityCounts::for_sums()?;
    add_entity_counts_tables(&mut acc, &read_entity_tables(dir)?, &period_of)
        .map_err(anyhow::Error::msg)?;
    let mut table = entity_counts_table(&acc, &index, &a.track);
    if let Some(top) = a.top {
        table = top_per_period(&table, top, &a.track);
    }
    if let Some(plot) = &a.plot {
        draw_top(
            plot,
            &a.chart.style(TOP_TITLE)?,
            &table,
            &index,
            a.top.unwrap_or(8),
            a.plot_counts,
        )?;
        if !quiet {
            eprintln!("wrote {}", plot.display());
        }
    }
    write_tables(
        a,
        std::slice::from_ref(&table),
        0,
        serde_json::json!({ "counts": meta, "counts_folder": partial }),
        &[],
        started,
        quiet,
    )
}
