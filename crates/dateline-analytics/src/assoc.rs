//! Association measures of two events from a 2×2 contingency table, used by [`crate::cooccur`]
//! and [`crate::collocations`].
//!
//! Every measure is computed from four counts: `o11` (the two events together), `r1` (the first
//! event's total), `c1` (the second event's total) and `n` (the sample size). The table is
//!
//! ```text
//!              term        ¬term
//! target       o11         o12 = r1 − o11           r1
//! ¬target      o21 = c1 − o11   o22 = n − r1 − c1 + o11   r2 = n − r1
//!              c1          c2 = n − c1               n
//! ```
//!
//! **Clamping rule.** With windows, one occurrence of a term can fall in the windows of two
//! target occurrences, so `o11` can exceed `c1` (and, in sentence scope, other marginals). The
//! cells `o12`, `o21`, `o22` are therefore clamped at 0 before G² is computed; `o11` is never
//! changed. `E11 = r1 · c1 / n` always uses the unclamped marginals.
//!
//! Formulas (`log2` throughout; sources in [`crate::stats`]):
//! - `expected = E11 = r1 · c1 / n`
//! - `pmi = log2(o11 / E11)` (Church and Hanks 1990)
//! - `npmi = pmi / −log2(o11 / n)` (Bouma 2009, with `p(x,y) = o11 / n`), clamped to `[−1, 1]`
//!   because the window correction can push it slightly outside; 1 when `o11 = n`
//! - `t_score = (o11 − E11) / sqrt(o11)` (Church et al. 1991)
//! - `g2`: Dunning's G² of the clamped table ([`crate::stats::g2_2x2`]), **signed**: negative when
//!   `o11 < E11` (the pair is rarer than chance), so that sorting by `g2` descending puts
//!   attraction first
//! - `dice = 2 · o11 / (f1 + f2)`, `log_dice = 14 + log2(dice)` (Rychlý 2008); `f1`, `f2` are the
//!   two events' own frequencies (for co-occurrence: target occurrences and term count)
//!
//! When `o11 = 0` or `E11 = 0` (no emitted row has either), `pmi`, `npmi` and `t_score` are 0 and
//! `log_dice` is `−inf`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::stats::g2_2x2;

/// The cells of a 2×2 table built from `o11` and the marginals, with the clamping rule of the
/// module docs.
pub fn table_2x2(o11: u64, r1: u64, c1: u64, n: u64) -> [f64; 4] {
    let (o11f, r1f, c1f, nf) = (o11 as f64, r1 as f64, c1 as f64, n as f64);
    [
        o11f,
        (r1f - o11f).max(0.0),
        (c1f - o11f).max(0.0),
        (nf - r1f - c1f + o11f).max(0.0),
    ]
}

/// The association scores of one pair.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Scores {
    /// `E11 = r1 · c1 / n`.
    pub expected: f64,
    /// Pointwise mutual information, `log2(o11 / E11)`.
    pub pmi: f64,
    /// Normalized PMI, in `[−1, 1]`.
    pub npmi: f64,
    /// Signed log-likelihood G².
    pub g2: f64,
    /// `(o11 − E11) / sqrt(o11)`.
    pub t_score: f64,
    /// `2 o11 / (f1 + f2)`.
    pub dice: f64,
    /// `14 + log2(dice)`.
    pub log_dice: f64,
}

/// Computes every measure of the module docs for `o11` with marginals `r1`, `c1`, sample size
/// `n`, and Dice frequencies `f1`, `f2`.
pub fn scores(o11: u64, r1: u64, c1: u64, n: u64, f1: u64, f2: u64) -> Scores {
    let o = o11 as f64;
    let nf = n as f64;
    let expected = if n == 0 {
        0.0
    } else {
        r1 as f64 * c1 as f64 / nf
    };
    let (pmi, npmi, t_score) = if o11 == 0 || expected <= 0.0 {
        (0.0, 0.0, 0.0)
    } else {
        let pmi = (o / expected).log2();
        let h = -(o / nf).log2();
        let npmi = if h <= 0.0 {
            1.0
        } else {
            (pmi / h).clamp(-1.0, 1.0)
        };
        (pmi, npmi, (o - expected) / o.sqrt())
    };
    let [a, b, c, d] = table_2x2(o11, r1, c1, n);
    let mut g2 = g2_2x2(a, b, c, d);
    if o < expected {
        g2 = -g2;
    }
    let dice = if f1 + f2 == 0 {
        0.0
    } else {
        2.0 * o / (f1 + f2) as f64
    };
    let log_dice = 14.0 + dice.log2();
    Scores {
        expected,
        pmi,
        npmi,
        g2,
        t_score,
        dice,
        log_dice,
    }
}

/// The measure used to rank rows (`--measure`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The raw co-occurrence (or n-gram) count.
    Count,
    /// Pointwise mutual information.
    Pmi,
    /// Normalized PMI.
    #[default]
    Npmi,
    /// Signed log-likelihood G².
    G2,
    /// t-score.
    TScore,
    /// Dice coefficient (co-occurrence only).
    Dice,
    /// logDice (co-occurrence only).
    LogDice,
}

impl Measure {
    /// The name used on the command line and in column names.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Count => "count",
            Measure::Pmi => "pmi",
            Measure::Npmi => "npmi",
            Measure::G2 => "g2",
            Measure::TScore => "t_score",
            Measure::Dice => "dice",
            Measure::LogDice => "log_dice",
        }
    }

    /// The value of this measure among `scores` for a pair seen `count` times.
    pub fn pick(self, count: u64, s: &Scores) -> f64 {
        match self {
            Measure::Count => count as f64,
            Measure::Pmi => s.pmi,
            Measure::Npmi => s.npmi,
            Measure::G2 => s.g2,
            Measure::TScore => s.t_score,
            Measure::Dice => s.dice,
            Measure::LogDice => s.log_dice,
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Measure {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "count" => Measure::Count,
            "pmi" => Measure::Pmi,
            "npmi" => Measure::Npmi,
            "g2" => Measure::G2,
            "t_score" | "t" => Measure::TScore,
            "dice" => Measure::Dice,
            "log_dice" | "logdice" => Measure::LogDice,
            other => {
                return Err(format!(
                    "unknown measure `{other}` (expected count, pmi, npmi, g2, t_score, dice or log_dice)"
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9, "{a} vs {b}");
    }

    #[test]
    fn scores_match_hand_computation() {
        // o11 = 4, r1 = 10, c1 = 8, n = 100: E11 = 10 * 8 / 100 = 0.8.
        // pmi = log2(4 / 0.8) = log2 5 = 2.321928094887362.
        // npmi = log2 5 / -log2(0.04) = 2.321928094887362 / 4.643856189774724 = 0.5 exactly,
        // since 0.04 = 1/25 = (1/5)^2.
        // t = (4 - 0.8) / 2 = 1.6. dice(f1 = 5, f2 = 8) = 8 / 13; log_dice = 14 + log2(8/13).
        // Table: [[4, 6], [4, 86]]; E = [0.8, 9.2, 7.2, 82.8].
        let s = scores(4, 10, 8, 100, 5, 8);
        close(s.expected, 0.8);
        close(s.pmi, 5f64.log2());
        close(s.npmi, 0.5);
        close(s.t_score, 1.6);
        close(s.dice, 8.0 / 13.0);
        close(s.log_dice, 14.0 + (8.0f64 / 13.0).log2());
        let g = 2.0
            * (4.0 * (4.0f64 / 0.8).ln()
                + 6.0 * (6.0f64 / 9.2).ln()
                + 4.0 * (4.0f64 / 7.2).ln()
                + 86.0 * (86.0f64 / 82.8).ln());
        close(s.g2, g);
        // Independently (python3): 2*(4*log(5)+6*log(6/9.2)+4*log(4/7.2)+86*log(86/82.8)).
        close(g, 9.565_990_198_647_087);
    }

    #[test]
    fn repulsion_gives_negative_g2_and_pmi() {
        // o11 = 1, r1 = 50, c1 = 50, n = 100: E11 = 25 > 1.
        let s = scores(1, 50, 50, 100, 50, 50);
        assert!(s.g2 < 0.0);
        close(s.pmi, (1.0f64 / 25.0).log2());
        close(s.t_score, -24.0);
    }

    #[test]
    fn clamping_rule() {
        // A term seen once but in two overlapping windows: o11 = 2 > c1 = 1.
        assert_eq!(table_2x2(2, 4, 1, 10), [2.0, 2.0, 0.0, 7.0]);
        // o22 = n - r1 - c1 + o11 would be negative: clamped to 0.
        assert_eq!(table_2x2(1, 6, 6, 10), [1.0, 5.0, 5.0, 0.0]);
        // npmi stays within [-1, 1] even when o11 > c1.
        let s = scores(2, 4, 1, 10, 2, 1);
        assert!(s.npmi <= 1.0 && s.npmi >= -1.0);
        // o11 = n: npmi 1 by convention.
        close(scores(5, 5, 5, 5, 5, 5).npmi, 1.0);
    }

    #[test]
    fn zero_counts_are_finite_where_documented() {
        let s = scores(0, 10, 10, 100, 10, 10);
        assert_eq!((s.pmi, s.npmi, s.t_score), (0.0, 0.0, 0.0));
        assert!(s.log_dice.is_infinite());
        let s = scores(0, 0, 0, 0, 0, 0);
        assert_eq!(s.expected, 0.0);
        assert_eq!(s.g2, 0.0);
    }

    #[test]
    fn measure_names_round_trip() {
        for m in [
            Measure::Count,
            Measure::Pmi,
            Measure::Npmi,
            Measure::G2,
            Measure::TScore,
            Measure::Dice,
            Measure::LogDice,
        ] {
            assert_eq!(m.as_str().parse::<Measure>().unwrap(), m);
        }
        assert!("mi3".parse::<Measure>().unwrap_err().contains("`mi3`"));
    }
}
