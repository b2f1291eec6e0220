//! The builders of the analysis and ingest tables, from the rows the accumulators yield. Their
//! columns are declared in [`crate::schema`], and every table is checked against its
//! declaration before it is written ([`crate::check_declared`]); the entity tables are in
//! [`crate::entity_tables`], the corpus table in `corpus.rs`, counts folders in [`crate::counts`].
use dateline_analytics::collocations::CollocationRow;
use dateline_analytics::cooccur::{CooccurRow, PairRow};
use dateline_analytics::keyness::KeynessRow;
use dateline_analytics::kwic::KwicRow;
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
    Table::new("terms")
        .with(
            "period_start",
            Values::Date(period.iter().map(|&p| ps[p as usize].start).collect()),
        )
        .with(
            "period",
            Values::Dict {
                dict: ps.iter().map(|p| p.label.clone()).collect(),
                codes: period,
            },
        )
        .with(
            "group",
            Values::OptStr(group.iter().map(|&g| groups[g as usize].clone()).collect()),
        )
        .with(
            "term",
            Values::Dict {
                dict: terms,
                codes: term,
            },
        )
        .with("n", Values::Int(n.into_iter().map(i64::from).collect()))
        .with("count", int(count))
        .with("docs", int(docs))
        .with("per_10k", Values::Float(per_10k))
        .with("doc_share", Values::Float(doc_share))
        .with("tfidf", Values::Float(tfidf))
}

/// The `periods` table.
pub fn periods_table(rows: &[PeriodRow]) -> Table {
    Table::from_rows("periods", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .opt_str("group", |r| r.group.clone())
        .int("n", |r| i64::from(r.n))
        .int("docs", |r| r.docs as i64)
        .int("tokens", |r| r.tokens as i64)
        .int("types", |r| r.types as i64)
        .build()
}

/// The `doc_terms` table.
pub fn doc_terms_table(rows: &[DocTermRow]) -> Table {
    Table::from_rows("doc_terms", rows)
        .str("doc_id", |r| r.doc_id.to_string())
        .opt_date("date", |r| r.date)
        .str("term", |r| r.term.clone())
        .int("n", |r| i64::from(r.n))
        .int("count", |r| r.count as i64)
        .build()
}

/// The `trends` table.
pub fn trends_table(rows: &[TrendRow]) -> Table {
    Table::from_rows("trends", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str("query", |r| r.query.clone())
        .int("count", |r| r.count as i64)
        .int("docs", |r| r.docs as i64)
        .int("tokens", |r| r.tokens as i64)
        .float("per_10k", |r| r.per_10k)
        .float("smoothed", |r| r.smoothed)
        .build()
}

/// The `keyness` table.
pub fn keyness_table(rows: &[KeynessRow]) -> Table {
    Table::from_rows("keyness", rows)
        .str("term", |r| r.term.clone())
        .int("count_a", |r| r.count_a as i64)
        .int("count_b", |r| r.count_b as i64)
        .float("per_10k_a", |r| r.per_10k_a)
        .float("per_10k_b", |r| r.per_10k_b)
        .float("g2", |r| r.g2)
        .float("chi2", |r| r.chi2)
        .float("p_value", |r| r.p_value)
        .opt_float("p_adjusted", |r| r.p_adjusted)
        .float("log_ratio", |r| r.log_ratio)
        .int("rank", |r| r.rank as i64)
        .build()
}

/// The `cooccur` table.
pub fn cooccur_table(rows: &[CooccurRow]) -> Table {
    Table::from_rows("cooccur", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str("target", |r| r.target.clone())
        .str("term", |r| r.term.clone())
        .int("cooc", |r| r.cooc as i64)
        .int("target_count", |r| r.target_count as i64)
        .int("window_tokens", |r| r.window_tokens as i64)
        .int("term_count", |r| r.term_count as i64)
        .int("tokens", |r| r.tokens as i64)
        .float("expected", |r| r.expected)
        .float("pmi", |r| r.pmi)
        .float("npmi", |r| r.npmi)
        .float("g2", |r| r.g2)
        .float("t_score", |r| r.t_score)
        .float("dice", |r| r.dice)
        .float("log_dice", |r| r.log_dice)
        .build()
}

/// The `pairs` table (`cooccur --pairs`).
pub fn pairs_table(rows: &[PairRow]) -> Table {
    Table::from_rows("pairs", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str("a", |r| r.a.clone())
        .str("b", |r| r.b.clone())
        .int("both", |r| r.both as i64)
        .int("a_count", |r| r.a_count as i64)
        .int("b_count", |r| r.b_count as i64)
        .int("units", |r| r.units as i64)
        .build()
}

/// The `collocations` table.
pub fn collocations_table(rows: &[CollocationRow]) -> Table {
    Table::from_rows("collocations", rows)
        .period(|r| (r.period_start, r.period.clone()))
        .str("collocation", |r| r.collocation.clone())
        .int("n", |r| i64::from(r.n))
        .int("count", |r| r.count as i64)
        .float("pmi", |r| r.pmi)
        .float("npmi", |r| r.npmi)
        .float("g2", |r| r.g2)
        .float("t_score", |r| r.t_score)
        .build()
}

/// The `kwic` table.
pub fn kwic_table(rows: &[KwicRow]) -> Table {
    Table::from_rows("kwic", rows)
        .str("doc_id", |r| r.doc_id.to_string())
        .opt_date("date", |r| r.date)
        .opt_str("title", |r| r.title.clone())
        .str("left", |r| r.left.clone())
        .str("match", |r| r.r#match.clone())
        .str("right", |r| r.right.clone())
        .int("start", |r| i64::from(r.start))
        .int("end", |r| i64::from(r.end))
        .build()
}

/// The `duplicates` table (schema in `dateline_tables::schema`).
pub fn duplicates_table(d: &[DuplicateCopy]) -> Table {
    Table::new("duplicates")
        .with(
            "doc_id",
            Values::Str(d.iter().map(|c| c.doc_id.to_string()).collect()),
        )
        .with("date", Values::OptDate(d.iter().map(|c| c.date).collect()))
        .with(
            "origin",
            Values::Str(d.iter().map(|c| c.origin.clone()).collect()),
        )
}

/// The `ingest_report` table: the problems in path, line, record order.
pub fn report_table(r: &Report) -> Table {
    let mut probs: Vec<&Problem> = r.problems.iter().collect();
    probs.sort_by(|a, b| {
        (&a.path, a.line, a.record, &a.reason).cmp(&(&b.path, b.line, b.record, &b.reason))
    });
    Table::new("ingest_report")
        .with(
            "path",
            Values::Str(probs.iter().map(|p| p.path.display().to_string()).collect()),
        )
        .with(
            "line",
            Values::OptInt(probs.iter().map(|p| p.line.map(|x| x as i64)).collect()),
        )
        .with(
            "record",
            Values::OptInt(probs.iter().map(|p| p.record.map(|x| x as i64)).collect()),
        )
        .with(
            "skipped",
            Values::Bool(probs.iter().map(|p| p.skipped).collect()),
        )
        .with(
            "reason",
            Values::Str(probs.iter().map(|p| p.reason.clone()).collect()),
        )
}
