//! Entity counts in a counts folder (`dateline count --entities`): additive, summed by `merge`,
//! turned into `entity_counts` by `dateline entities COUNTS_DIR`.
//!
//! Three tables, all additive:
//! * `entities/` (`counts_entities`, partitioned by period): mentions and documents of each
//!   entity in each period;
//! * `entity_cells/` (`counts_entity_cells`, partitioned by period): documents and counted tokens
//!   of each period with documents (the denominators of `per_10k`);
//! * `entity_names.parquet` (`counts_entity_names`): mentions of each entity under each
//!   canonical name, over all periods (`entity_counts` shows the most used name).
use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use dateline_core::PeriodIndex;
use dateline_tables::{Table, Values};
use serde::{Deserialize, Serialize};

use super::{EntityCounts, Key};

/// What `counts.json` records of the entity counts: enough to refuse merging counts made with
/// different gazetteers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EntitiesMeta {
    /// XXH3-64 (16 hex digits) of the gazetteers (built-in lists and the `--people` /
    /// `--countries` files) and the extractor options.
    pub gazetteer: String,
    /// The person-name finder was on.
    pub name_finder: bool,
    /// Demonyms counted as country mentions.
    pub demonyms: bool,
}

impl EntitiesMeta {
    /// The fingerprint of the gazetteers and options an extractor is built from.
    pub fn new(
        people: Option<&Path>,
        countries: Option<&Path>,
        name_finder: bool,
        demonyms: bool,
    ) -> Result<Self> {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(dateline_entities::BUILTIN_COUNTRIES.as_bytes());
        h.update(b"\0");
        h.update(dateline_entities::BUILTIN_PEOPLE.as_bytes());
        for (what, p) in [("people", people), ("countries", countries)] {
            h.update(b"\0");
            h.update(what.as_bytes());
            if let Some(p) = p {
                let bytes = std::fs::read(p)
                    .with_context(|| format!("cannot read the {what} file `{}`", p.display()))?;
                h.update(b"=");
                h.update(&bytes);
            }
        }
        h.update(&[u8::from(name_finder), u8::from(demonyms)]);
        Ok(EntitiesMeta {
            gazetteer: format!("{:016x}", h.digest()),
            name_finder,
            demonyms,
        })
    }
}

/// The entity counts of a counts folder as tables.
pub struct EntityTables {
    /// `counts_entities`.
    pub counts: Table,
    /// `counts_entity_cells`.
    pub cells: Table,
    /// `counts_entity_names`.
    pub names: Table,
}

impl EntityCounts {
    /// Counts only (no mention rows kept, document scope): what a counts folder stores.
    pub fn counts_only(mut self) -> Self {
        self.keep_mentions = false;
        self.sentence_scope = false;
        self.unmatched = false;
        self
    }

    /// The additive tables of a counts folder.
    pub fn counts_tables(&self, periods: &PeriodIndex) -> EntityTables {
        let ps = periods.periods();
        let period = |p: usize| (ps[p].start, ps[p].label.clone());
        let rows: Vec<(usize, &Key, u64, u64)> = self
            .counts
            .iter()
            .filter(|((p, _), _)| *p < ps.len())
            .map(|((p, k), (m, d))| (*p, k, *m, *d))
            .collect();
        let counts = Table::from_rows("counts_entities", &rows)
            .period(|r| period(r.0))
            .str("type", |r| r.1 .0.to_string())
            .str("entity_id", |r| r.1 .1.clone())
            .int("mentions", |r| r.2 as i64)
            .int("docs", |r| r.3 as i64)
            .build();
        let cells: Vec<(&usize, &(u64, u64))> =
            self.totals.iter().filter(|(p, _)| **p < ps.len()).collect();
        let cells = Table::from_rows("counts_entity_cells", &cells)
            .period(|r| period(*r.0))
            .int("docs", |r| r.1 .1 as i64)
            .int("tokens", |r| r.1 .0 as i64)
            .build();
        let names: Vec<(&Key, &String, &u64)> = self
            .names
            .iter()
            .flat_map(|(k, m)| m.iter().map(move |(n, c)| (k, n, c)))
            .collect();
        let names = Table::from_rows("counts_entity_names", &names)
            .str("type", |r| r.0 .0.to_string())
            .str("entity_id", |r| r.0 .1.clone())
            .str("name", |r| r.1.clone())
            .int("mentions", |r| *r.2 as i64)
            .build();
        EntityTables {
            counts,
            cells,
            names,
        }
    }

    /// Adds the counts of a counts folder's tables (`period_of` maps a period label to its
    /// index, `None` to leave the period out) to these counts; counts of periods that map to
    /// one index are summed.
    pub fn add_counts_tables(
        &mut self,
        t: &EntityTables,
        period_of: &dyn Fn(&str) -> Result<Option<u32>>,
    ) -> Result<()> {
        let strs = |t: &Table, name: &str| -> Result<Vec<String>> {
            match t.column(name) {
                Some(Values::Str(v)) => Ok(v.clone()),
                Some(Values::OptStr(v)) => {
                    Ok(v.iter().map(|s| s.clone().unwrap_or_default()).collect())
                }
                _ if t.rows() == 0 => Ok(Vec::new()),
                _ => bail!("table `{}` has no text column `{name}`", t.name),
            }
        };
        let ints = |t: &Table, name: &str| -> Result<Vec<u64>> {
            match t.column(name) {
                Some(Values::Int(v)) => Ok(v.iter().map(|x| *x as u64).collect()),
                _ if t.rows() == 0 => Ok(Vec::new()),
                _ => bail!("table `{}` has no integer column `{name}`", t.name),
            }
        };
        let kind = |s: &str| -> Result<&'static str> {
            match s {
                "person" => Ok("person"),
                "country" => Ok("country"),
                other => bail!("unknown entity type `{other}`"),
            }
        };
        let c = &t.counts;
        let (p, ty, id, m, d) = (
            strs(c, "period")?,
            strs(c, "type")?,
            strs(c, "entity_id")?,
            ints(c, "mentions")?,
            ints(c, "docs")?,
        );
        for i in 0..c.rows() {
            let key: Key = (kind(&ty[i])?, id[i].clone());
            let Some(period) = period_of(&p[i])? else {
                continue;
            };
            let e = self.counts.entry((period as usize, key)).or_default();
            e.0 += m[i];
            e.1 += d[i];
        }
        let c = &t.cells;
        let (p, d, k) = (strs(c, "period")?, ints(c, "docs")?, ints(c, "tokens")?);
        for i in 0..c.rows() {
            let Some(period) = period_of(&p[i])? else {
                continue;
            };
            let e = self.totals.entry(period as usize).or_default();
            e.0 += k[i];
            e.1 += d[i];
        }
        let c = &t.names;
        let (ty, id, n, m) = (
            strs(c, "type")?,
            strs(c, "entity_id")?,
            strs(c, "name")?,
            ints(c, "mentions")?,
        );
        for i in 0..c.rows() {
            *self
                .names
                .entry((kind(&ty[i])?, id[i].clone()))
                .or_default()
                .entry(n[i].clone())
                .or_default() += m[i];
        }
        Ok(())
    }

    /// `entity_counts` from the counts alone (zeros for `track`ed ids).
    pub fn entity_counts_table(&self, periods: &PeriodIndex, track: &[String]) -> Table {
        self.tables(periods, track).swap_remove(1)
    }
}

/// Writes the entity tables into a counts folder (`entities/`, `entity_cells/`,
/// `entity_names.parquet`).
pub fn write_entity_tables(dir: &Path, t: &EntityTables) -> Result<()> {
    for table in [&t.counts, &t.cells, &t.names] {
        crate::common::check_schema(table)?;
    }
    dateline_tables::write_partitioned(&t.counts, &dir.join("entities"), "period")?;
    dateline_tables::write_partitioned(&t.cells, &dir.join("entity_cells"), "period")?;
    dateline_tables::write_table(&t.names, &dir.join("entity_names.parquet"))?;
    Ok(())
}

/// Reads the entity tables of a counts folder.
pub fn read_entity_tables(dir: &Path) -> Result<EntityTables> {
    let ctx = || format!("cannot read the entity counts in `{}`", dir.display());
    Ok(EntityTables {
        counts: dateline_tables::read_partitioned(&dir.join("entities"), "counts_entities")
            .with_context(ctx)?,
        cells: dateline_tables::read_partitioned(&dir.join("entity_cells"), "counts_entity_cells")
            .with_context(ctx)?,
        names: dateline_tables::read_parquet_table(
            &dir.join("entity_names.parquet"),
            "counts_entity_names",
        )
        .with_context(ctx)?,
    })
}

/// An index from period labels to period numbers, for [`EntityCounts::add_counts_tables`].
pub fn label_index(periods: &[dateline_core::Period]) -> BTreeMap<String, u32> {
    periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.label.clone(), i as u32))
        .collect()
}

/// `dateline entities COUNTS_DIR`: the `entity_counts` table of a counts folder made with
/// `dateline count --entities` (the same rows as counting the corpus directly with the same
/// options: derived, as coarser periods or a range on period boundaries, or refused by
/// [`crate::commands::count::CountsMeta::answer`]; `mentions` and `co_mentions` need the
/// documents and are not derived).
pub fn from_counts(
    a: &crate::cli::EntitiesArgs,
    quiet: bool,
    started: std::time::Instant,
) -> Result<std::process::ExitCode> {
    let dir = &a.corpus;
    let meta = crate::commands::count::read_meta(dir)?;
    crate::commands::count::check_counts_files(dir, &meta)?;
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
    if a.co_scope != "document" {
        needs_documents.push(format!("--co-scope {}", a.co_scope));
    }
    let asked = EntitiesMeta::new(
        a.people.as_deref(),
        a.countries.as_deref(),
        !a.no_name_finder,
        !a.no_demonyms,
    )?;
    let ask = crate::commands::count::Ask {
        by: crate::common::by_of(a.period.by),
        range: crate::common::period_range(&a.period)?,
        lang: &a.period.lang,
        tok: None,
        ngram: None,
        entities: Some(asked),
        needs_documents,
    };
    let derivation = meta.answer(dir, &ask)?;
    let partial = crate::commands::count::warn_partial(dir, &meta);
    let index = derivation.index;
    let labels = label_index(&meta.periods);
    let period_of = |l: &str| -> Result<Option<u32>> {
        let p = labels
            .get(l)
            .copied()
            .with_context(|| format!("`{}`: unknown period `{l}`", dir.display()))?;
        Ok(derivation.map.get(p as usize).copied().flatten())
    };
    let mut acc = placeholder()?;
    acc.add_counts_tables(&read_entity_tables(dir)?, &period_of)?;
    let mut table = acc.entity_counts_table(&index, &a.track);
    if let Some(top) = a.top {
        table = super::top_per_period(&table, top, &a.track);
    }
    if let Some(plot) = &a.plot {
        super::draw_top(plot, &table, &index, a.top.unwrap_or(8))?;
        if !quiet {
            eprintln!("wrote {}", plot.display());
        }
    }
    super::write_tables(
        a,
        std::slice::from_ref(&table),
        0,
        serde_json::json!({ "counts": meta, "counts_folder": partial }),
        started,
        quiet,
    )
}

/// Empty counts to sum counts tables into (the extractor is never used: no document is read).
pub fn placeholder() -> Result<EntityCounts> {
    Ok(EntityCounts::new(super::extractor(None, None, false, false)?, false, false).counts_only())
}
