//! Limits on the size of an analysis' output, checked before anything is allocated.
//!
//! Two limits, each with an environment variable to change it:
//!
//! * periods: an analysis covers at most [`DEFAULT_MAX_PERIODS`] periods
//!   (`DATELINE_MAX_PERIODS`); a corpus whose dates run from 2000 to year 54157 at `--by day`
//!   (19 M days) is refused, naming the documents at both ends of the span;
//! * cells: the dense tables (one row per period × group, or per period × query) hold at most
//!   [`DEFAULT_MAX_CELLS`] cells (`DATELINE_MAX_CELLS`); `--group-by title --by day` on a
//!   corpus of 63,476 titles over 7,774 days (4.9 × 10⁸ cells) is refused.
//!
//! The estimates are upper bounds computed from the dates and the distinct group values alone.
use thiserror::Error;

/// The default limit on the periods of one analysis (274 years of days).
pub const DEFAULT_MAX_PERIODS: u64 = 100_000;

/// The default limit on the cells of a dense output table.
pub const DEFAULT_MAX_CELLS: u64 = 50_000_000;

/// The environment variable that sets the period limit.
pub const MAX_PERIODS_VAR: &str = "DATELINE_MAX_PERIODS";

/// The environment variable that sets the cell limit.
pub const MAX_CELLS_VAR: &str = "DATELINE_MAX_CELLS";

/// An output beyond a limit, or a limit that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LimitError {
    /// The environment variable is not a whole number.
    #[error("{var}=`{value}` is not a whole number of periods or cells")]
    BadVar {
        /// The variable.
        var: &'static str,
        /// Its value.
        value: String,
    },
    /// Too many cells.
    #[error(
        "{what} would give up to {} cells ({factors}); limit {} (set {var} to change it)",
        sci(*total),
        thousands(*limit)
    )]
    TooManyCells {
        /// The options that make the cells (`--group-by title --by day`).
        what: String,
        /// The product of the factors.
        total: u64,
        /// `63,476 titles × 7,774 days`.
        factors: String,
        /// The limit.
        limit: u64,
        /// The variable that sets it.
        var: &'static str,
    },
}

/// Reads a limit from `var` (default `default`).
fn limit(var: &'static str, default: u64) -> Result<u64, LimitError> {
    match std::env::var(var) {
        Err(_) => Ok(default),
        Ok(v) => v
            .trim()
            .replace(['_', ','], "")
            .parse()
            .map_err(|_| LimitError::BadVar { var, value: v }),
    }
}

/// The period limit (`DATELINE_MAX_PERIODS`, default [`DEFAULT_MAX_PERIODS`]).
pub fn max_periods() -> Result<u64, LimitError> {
    limit(MAX_PERIODS_VAR, DEFAULT_MAX_PERIODS)
}

/// The cell limit (`DATELINE_MAX_CELLS`, default [`DEFAULT_MAX_CELLS`]).
pub fn max_cells() -> Result<u64, LimitError> {
    limit(MAX_CELLS_VAR, DEFAULT_MAX_CELLS)
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `493000000` → `4.9e8`; below a million, the number with thousands separators.
pub fn sci(n: u64) -> String {
    if n < 1_000_000 {
        return thousands(n);
    }
    let e = (n as f64).log10().floor() as i32;
    let m = n as f64 / 10f64.powi(e);
    // 9.96e8 rounds to 10.0: write it as 1.0e9.
    let (m, e) = if (m * 10.0).round() >= 100.0 {
        (1.0, e + 1)
    } else {
        (m, e)
    };
    format!("{m:.1}e{e}")
}

/// Refuses an output of more than [`max_cells`] cells: the product of `factors` (`(n,
/// "titles")`, `(n, "days")`), made by the options `what`.
pub fn check_cells(what: &str, factors: &[(u64, &str)]) -> Result<(), LimitError> {
    let limit = max_cells()?;
    let total = factors
        .iter()
        .fold(1u64, |acc, (n, _)| acc.saturating_mul(*n));
    if total <= limit {
        return Ok(());
    }
    Err(LimitError::TooManyCells {
        what: what.to_string(),
        total,
        factors: factors
            .iter()
            .map(|(n, w)| format!("{} {w}", thousands(*n)))
            .collect::<Vec<_>>()
            .join(" × "),
        limit,
        var: MAX_CELLS_VAR,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(63476), "63,476");
        assert_eq!(thousands(50_000_000), "50,000,000");
        assert_eq!(sci(999_999), "999,999");
        assert_eq!(sci(493_462_424), "4.9e8");
        assert_eq!(sci(4_200_000_000), "4.2e9");
        assert_eq!(sci(996_000_000), "1.0e9");
    }

    #[test]
    fn cells_within_and_beyond_the_limit() {
        assert_eq!(check_cells("--by day", &[(7774, "days")]), Ok(()));
        let e = check_cells(
            "--group-by title --by day",
            &[(63_476, "titles"), (7_774, "days")],
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "--group-by title --by day would give up to 4.9e8 cells (63,476 titles × 7,774 days); limit 50,000,000 (set DATELINE_MAX_CELLS to change it)"
        );
        // No overflow on absurd factors.
        assert!(check_cells("x", &[(u64::MAX, "a"), (u64::MAX, "b")]).is_err());
    }
}
