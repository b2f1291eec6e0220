//! The builders of the analysis and ingest tables, from the rows the accumulators yield. Their
//! columns are declared in [`crate::schema`], and every table is checked against its
//! declaration before it is written ([`crate::check_declared`]); the entity tables are in
//! [`crate::entity_tables`], the corpus table in `corpus.rs`, counts folders in [`crate::counts`].
use dateline_analytics::collocations::CollocationRow;
use dateline_analytics::cooccur::{CooccurRow, PairRow};
use dateline_analytics::keyness::KeynessRow;
use dateline_analytics::kwic::KwicRow;
use dateline_analytics::lookup::{DocLookupRow, EntryRow, LookupRow};
use dateline_analytics::terms::{DocTermRow, PeriodRow, TermColumns};
use dateline_analytics::trend::TrendRow;
use dateline_core::PeriodIndex;
use dateline_ingest::{DuplicateCopy, Problem, Report};

use crate::{Table, Values};

/// The `terms` table, built from the columns of [`dateline_analytics::terms::TermCounts::term_columns`]: period labels and
/// terms as dictionary columns (no string per row; written as plain text columns).
pub fn terms_table(cols: TermColumns, periods: &PeriodIndex) -> Table {
    let ps = periods.periods();
    let TermColumns {
        period,
        group,
        term,
        n,
        count,
        docs,
        per_10k,
        doc_share,
        tfidf,
        groups,
        terms,
    } = cols;
    let int = |v: Vec<u64>| Values::Int(v.into_iter().map(|x| x as i64).collect());
    Table::declared("terms")
        .col(Values::Date(
            period.iter().map(|&p| ps[p as usize].start).collect(),
        ))
        .col(Values::Dict {
            dict: ps.iter().map(|p| p.label.clone()).collect(),
            codes: period,
        })
        .col(Values::OptStr(
            group.iter().map(|&g| groups[g as usize].clone()).collect(),
        ))
        .col(Values::Dict {
            dict: terms,
            codes: term,
        })
        .col(Values::Int(n.into_iter().map(i64::from).collect()))
        .col(int(count))
        .col(int(docs))
        .col(Values::Float(per_10k))
        .col(Values::Float(doc_share))
        .col(Values::Float(tfidf))
        .build()
}

/// The `periods` table.
pub fn periods_table(rows: &[PeriodRow]) -> Table {
    Table::from_rows("periods", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .opt_str(|r| r.group.clone())
        .int(|r| i64::from(r.n))
        .int(|r| r.docs as i64)
        .int(|r| r.tokens as i64)
        .int(|r| r.types as i64)
        .build()
}

/// The `doc_terms` table.
pub fn doc_terms_table(rows: &[DocTermRow]) -> Table {
    Table::from_rows("doc_terms", rows)
        .str(|r| r.doc_id.to_string())
        .opt_date(|r| r.date)
        .str(|r| r.term.clone())
        .int(|r| i64::from(r.n))
        .int(|r| r.count as i64)
        .build()
}

/// The `trends` table.
pub fn trends_table(rows: &[TrendRow]) -> Table {
    Table::from_rows("trends", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str(|r| r.query.clone())
        .int(|r| r.count as i64)
        .int(|r| r.docs as i64)
        .int(|r| r.tokens as i64)
        .float(|r| r.per_10k)
        .float(|r| r.smoothed)
        .build()
}

/// The `lookup` table.
pub fn lookup_table(rows: &[LookupRow]) -> Table {
    Table::from_rows("lookup", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str(|r| r.category.clone())
        .int(|r| r.count as i64)
        .int(|r| r.docs as i64)
        .int(|r| r.period_docs as i64)
        .int(|r| r.tokens as i64)
        .float(|r| r.per_10k)
        .float(|r| r.doc_share)
        .build()
}

/// The `lookup_entries` table.
pub fn lookup_entries_table(rows: &[EntryRow]) -> Table {
    Table::from_rows("lookup_entries", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str(|r| r.category.clone())
        .str(|r| r.entry.clone())
        .int(|r| r.count as i64)
        .build()
}

/// The `doc_lookup` table.
pub fn doc_lookup_table(rows: &[DocLookupRow]) -> Table {
    Table::from_rows("doc_lookup", rows)
        .str(|r| r.doc_id.to_string())
        .opt_date(|r| r.date)
        .str(|r| r.category.clone())
        .int(|r| r.count as i64)
        .build()
}

/// The `keyness` table.
pub fn keyness_table(rows: &[KeynessRow]) -> Table {
    Table::from_rows("keyness", rows)
        .str(|r| r.term.clone())
        .int(|r| r.count_a as i64)
        .int(|r| r.count_b as i64)
        .float(|r| r.per_10k_a)
        .float(|r| r.per_10k_b)
        .float(|r| r.g2)
        .float(|r| r.chi2)
        .float(|r| r.p_value)
        .opt_float(|r| r.p_adjusted)
        .float(|r| r.log_ratio)
        .int(|r| r.rank as i64)
        .build()
}

/// The `cooccur` table.
pub fn cooccur_table(rows: &[CooccurRow]) -> Table {
    Table::from_rows("cooccur", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str(|r| r.target.clone())
        .str(|r| r.term.clone())
        .int(|r| r.cooc as i64)
        .int(|r| r.target_count as i64)
        .int(|r| r.window_tokens as i64)
        .int(|r| r.term_count as i64)
        .int(|r| r.tokens as i64)
        .float(|r| r.expected)
        .float(|r| r.pmi)
        .float(|r| r.npmi)
        .float(|r| r.g2)
        .float(|r| r.t_score)
        .float(|r| r.dice)
        .float(|r| r.log_dice)
        .build()
}

/// The `pairs` table (`cooccur --pairs`).
pub fn pairs_table(rows: &[PairRow]) -> Table {
    Table::from_rows("pairs", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str(|r| r.a.clone())
        .str(|r| r.b.clone())
        .int(|r| r.both as i64)
        .int(|r| r.a_count as i64)
        .int(|r| r.b_count as i64)
        .int(|r| r.units as i64)
        .build()
}

/// The `collocations` table.
pub fn collocations_table(rows: &[CollocationRow]) -> Table {
    Table::from_rows("collocations", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str(|r| r.collocation.clone())
        .int(|r| i64::from(r.n))
        .int(|r| r.count as i64)
        .float(|r| r.pmi)
        .float(|r| r.npmi)
        .float(|r| r.g2)
        .float(|r| r.t_score)
        .build()
}

/// The `kwic` table.
pub fn kwic_table(rows: &[KwicRow]) -> Table {
    Table::from_rows("kwic", rows)
        .str(|r| r.doc_id.to_string())
        .opt_date(|r| r.date)
        .opt_str(|r| r.title.clone())
        .str(|r| r.left.clone())
        .str(|r| r.r#match.clone())
        .str(|r| r.right.clone())
        .int(|r| i64::from(r.start))
        .int(|r| i64::from(r.end))
        .build()
}

/// The `concordance` table of `dateline run`: each query's sampled lines (`(label, lines)` in
/// the study's order, each query's lines in date, doc_id, start order).
pub fn concordance_table(queries: &[(String, Vec<KwicRow>)]) -> Table {
    let rows: Vec<(&str, &KwicRow)> = queries
        .iter()
        .flat_map(|(q, lines)| lines.iter().map(move |l| (q.as_str(), l)))
        .collect();
    Table::from_rows("concordance", &rows)
        .str(|r| r.0.to_string())
        .str(|r| r.1.doc_id.to_string())
        .opt_date(|r| r.1.date)
        .opt_str(|r| r.1.title.clone())
        .str(|r| r.1.left.clone())
        .str(|r| r.1.r#match.clone())
        .str(|r| r.1.right.clone())
        .int(|r| i64::from(r.1.start))
        .int(|r| i64::from(r.1.end))
        .build()
}

/// The `duplicates` table (schema in `dateline_tables::schema`).
pub fn duplicates_table(d: &[DuplicateCopy]) -> Table {
    Table::declared("duplicates")
        .col(Values::Str(
            d.iter().map(|c| c.doc_id.to_string()).collect(),
        ))
        .col(Values::OptDate(d.iter().map(|c| c.date).collect()))
        .col(Values::Str(d.iter().map(|c| c.origin.clone()).collect()))
        .build()
}

/// The `ingest_report` table: the problems in path, line, record order.
pub fn report_table(r: &Report) -> Table {
    let mut probs: Vec<&Problem> = r.problems.iter().collect();
    probs.sort_by(|a, b| {
        (&a.path, a.line, a.record, &a.reason).cmp(&(&b.path, b.line, b.record, &b.reason))
    });
    Table::declared("ingest_report")
        .col(Values::Str(
            probs.iter().map(|p| p.path.display().to_string()).collect(),
        ))
        .col(Values::OptInt(
            probs.iter().map(|p| p.line.map(|x| x as i64)).collect(),
        ))
        .col(Values::OptInt(
            probs.iter().map(|p| p.record.map(|x| x as i64)).collect(),
        ))
        .col(Values::Bool(probs.iter().map(|p| p.skipped).collect()))
        .col(Values::Str(
            probs.iter().map(|p| p.reason.clone()).collect(),
        ))
        .build()
}
