//! The tables of `dateline entities`: `mentions`, `entity_counts`, `co_mentions` and
//! `unmatched`, built from [`EntityCounts`] (their columns are declared in `schema.rs`).
use std::collections::BTreeMap;

use dateline_analytics::entities::EntityCounts;
use dateline_core::PeriodIndex;

use crate::{Table, Values};

/// `entity_counts`: counted entities per period, zeros for the `track`ed ids.
pub fn entity_counts_table(e: &EntityCounts, periods: &PeriodIndex, track: &[String]) -> Table {
    let ps = periods.periods();
    let rows = e.count_rows(ps.len(), track);
    Table::from_rows("entity_counts", &rows)
        .period(|r| (ps[r.period].start, ps[r.period].label.clone()))
        .str(|r| r.key.0.to_string())
        .str(|r| r.key.1.clone())
        .str(|r| r.name.clone())
        .int(|r| r.mentions as i64)
        .int(|r| r.docs as i64)
        .float(|r| r.per_10k)
        .build()
}

/// The tables of an entity analysis: `mentions`, `entity_counts` (zeros for `track`ed ids),
/// `co_mentions`, and `unmatched` when the candidates were collected.
pub fn entity_tables(e: &EntityCounts, periods: &PeriodIndex, track: &[String]) -> Vec<Table> {
    let mentions = Table::from_rows("mentions", &e.mention_rows())
        .str(|m| m.doc_id.to_string())
        .opt_date(|m| m.date)
        .str(|m| m.kind.to_string())
        .str(|m| m.entity_id.clone())
        .str(|m| m.name.clone())
        .str(|m| m.surface.clone())
        .int(|m| m.start as i64)
        .int(|m| m.end as i64)
        .build();
    let counts = entity_counts_table(e, periods, track);
    let mut out = vec![mentions, counts, co_mentions_table(e, periods)];
    if e.collects_unmatched() {
        out.push(
            Table::from_rows("unmatched", &e.unmatched_rows())
                .str(|x| x.0.clone())
                .int(|x| x.1 as i64)
                .str(|x| x.2.clone())
                .build(),
        );
    }
    out
}

/// The `co_mentions` table alone (as [`entity_tables`] makes it).
pub fn co_mentions_table(e: &EntityCounts, periods: &PeriodIndex) -> Table {
    let ps = periods.periods();
    let period = |p: usize| (ps[p].start, ps[p].label.clone());
    Table::from_rows("co_mentions", &e.co_mention_rows(ps.len()))
        .period(|r| period(r.period))
        .str(|r| r.source.1.clone())
        .str(|r| r.source_name.clone())
        .str(|r| r.source.0.to_string())
        .str(|r| r.target.1.clone())
        .str(|r| r.target_name.clone())
        .str(|r| r.target.0.to_string())
        .int(|r| r.count as i64)
        .int(|r| r.source_units as i64)
        .int(|r| r.target_units as i64)
        .int(|r| r.units as i64)
        .float(|r| r.pmi)
        .build()
}

/// Keeps the `top` entities of each type per period of an `entity_counts` table (tracked ids
/// always): the table is sorted by period, type and mentions.
pub fn top_per_period(t: &Table, top: usize, track: &[String]) -> Table {
    let (Some(Values::Str(period)), Some(Values::Str(kind)), Some(Values::Str(id))) =
        (t.column("period"), t.column("type"), t.column("entity_id"))
    else {
        return t.clone();
    };
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let keep: Vec<bool> = (0..t.rows())
        .map(|i| {
            let n = seen
                .entry((period[i].as_str(), kind[i].as_str()))
                .or_default();
            *n += 1;
            *n <= top || track.contains(&id[i])
        })
        .collect();
    let mut out = Table::new(&t.name);
    for (name, v) in &t.columns {
        out.push(name, v.filter(&keep));
    }
    out
}
