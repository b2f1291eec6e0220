//! Every statistic dateline reports, computed from counts in one place.
//!
//! Sources: Dunning (1993) "Accurate methods for the statistics of surprise and coincidence";
//! Rayson and Garside (2000) "Comparing corpora using frequency profiling"; Hardie (2014) "Log
//! ratio: an informal introduction"; Church and Hanks (1990) for PMI; Bouma (2009) for NPMI;
//! Rychlý (2008) for logDice.

/// `x * ln(x / e)`, with the convention `0 * ln(0) = 0`.
fn xlogx_over(x: f64, e: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else {
        x * (x / e).ln()
    }
}

/// Log-likelihood G² for comparing a word's frequency in two corpora (Rayson and Garside 2000).
///
/// `a`, `b`: the word's count in corpus A and B; `c`, `d`: the token totals of A and B.
/// `E1 = c (a + b) / (c + d)`, `E2 = d (a + b) / (c + d)`, `G² = 2 (a ln(a/E1) + b ln(b/E2))`.
/// Unsigned; see [`signed`] for the sign convention used in tables.
pub fn g2_keyness(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = c + d;
    if n <= 0.0 || a + b <= 0.0 {
        return 0.0;
    }
    let e1 = c * (a + b) / n;
    let e2 = d * (a + b) / n;
    (2.0 * (xlogx_over(a, e1) + xlogx_over(b, e2))).max(0.0)
}

/// Log-likelihood G² of a 2×2 contingency table (Dunning 1993): `2 Σ O ln(O / E)` over four cells.
///
/// `o11`: both events; `o12`: the first without the second; `o21`: the second without the
/// first; `o22`: neither.
pub fn g2_2x2(o11: f64, o12: f64, o21: f64, o22: f64) -> f64 {
    let n = o11 + o12 + o21 + o22;
    if n <= 0.0 {
        return 0.0;
    }
    let (r1, r2) = (o11 + o12, o21 + o22);
    let (c1, c2) = (o11 + o21, o12 + o22);
    let e = |r: f64, c: f64| r * c / n;
    let g = xlogx_over(o11, e(r1, c1))
        + xlogx_over(o12, e(r1, c2))
        + xlogx_over(o21, e(r2, c1))
        + xlogx_over(o22, e(r2, c2));
    (2.0 * g).max(0.0)
}

/// Pearson's χ² of a 2×2 table, without continuity correction:
/// `N (o11 o22 − o12 o21)² / (r1 r2 c1 c2)`; 0 when a margin is empty.
pub fn chi2_2x2(o11: f64, o12: f64, o21: f64, o22: f64) -> f64 {
    let n = o11 + o12 + o21 + o22;
    let (r1, r2) = (o11 + o12, o21 + o22);
    let (c1, c2) = (o11 + o21, o12 + o22);
    let den = r1 * r2 * c1 * c2;
    if den <= 0.0 {
        return 0.0;
    }
    let diff = o11 * o22 - o12 * o21;
    n * diff * diff / den
}

/// Upper-tail p-value of a χ² statistic with one degree of freedom: `erfc(sqrt(x / 2))`.
pub fn p_chi2_df1(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    libm::erfc((x / 2.0).sqrt())
}

/// Hardie's log ratio: `log2((a / c) / (b / d))`, with 0.5 added to a zero count (and to
/// nothing else) so that a word absent from one corpus has a finite effect size.
pub fn log_ratio(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if c <= 0.0 || d <= 0.0 {
        return 0.0;
    }
    let a = if a == 0.0 { 0.5 } else { a };
    let b = if b == 0.0 { 0.5 } else { b };
    ((a / c) / (b / d)).log2()
}

/// Gives `value` the sign of A's over-use: positive when `a / c > b / d`, negative otherwise.
pub fn signed(value: f64, a: f64, b: f64, c: f64, d: f64) -> f64 {
    let ra = if c > 0.0 { a / c } else { 0.0 };
    let rb = if d > 0.0 { b / d } else { 0.0 };
    if ra < rb {
        -value.abs()
    } else {
        value.abs()
    }
}

/// A count per 10,000 tokens (0 when there are no tokens).
pub fn per_10k(count: f64, tokens: f64) -> f64 {
    if tokens <= 0.0 {
        0.0
    } else {
        count * 10_000.0 / tokens
    }
}

/// Pointwise mutual information of a co-mention: `log2(both · units / (a · b))`, where `both`
/// units (documents or sentences) mention the two entities, `a` and `b` each of them, of
/// `units` in all (Church and Hanks 1990). Only computed for pairs seen together (`both ≥ 1`,
/// so `a, b ≥ 1`).
pub fn pmi(both: f64, a: f64, b: f64, units: f64) -> f64 {
    (both * units / (a * b)).log2()
}

/// tf-idf with periods (or any units) as documents: `weight × ln(units / units_with_term)`.
///
/// `weight` is the term's frequency in the unit (dateline uses `per_10k`); `units` the number of
/// units with at least one token, `units_with_term` those where the term occurs. No smoothing:
/// a term found in every unit scores 0; 0 when either count is 0.
pub fn tfidf(weight: f64, units: f64, units_with_term: f64) -> f64 {
    if units <= 0.0 || units_with_term <= 0.0 {
        return 0.0;
    }
    weight * (units / units_with_term).ln()
}

/// Benjamini–Hochberg adjusted p-values (step-up), in the input order.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]).then(i.cmp(&j)));
    let mut adj = vec![0.0; m];
    let mut running = 1.0_f64;
    for rank in (0..m).rev() {
        let i = order[rank];
        let v = (p[i] * m as f64 / (rank + 1) as f64).min(1.0);
        running = running.min(v);
        adj[i] = running;
    }
    adj
}

/// Bonferroni adjusted p-values: `min(1, p m)`.
pub fn bonferroni(p: &[f64]) -> Vec<f64> {
    let m = p.len() as f64;
    p.iter().map(|&x| (x * m).min(1.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b}");
    }

    #[test]
    fn co_mention_pmi_by_hand() {
        // 3 of 40 documents mention both; 6 and 10 mention each: p(a,b) = 3/40,
        // p(a) p(b) = 6/40 · 10/40, so PMI = log2(3 · 40 / 60) = log2(2) = 1.
        close(pmi(3.0, 6.0, 10.0, 40.0), 1.0, 1e-15);
        // Independent of each other: 4 of 16, 8 and 8 → log2(1) = 0.
        close(pmi(4.0, 8.0, 8.0, 16.0), 0.0, 1e-15);
        // Always together, 1 in 8 units: log2(8) = 3.
        close(pmi(1.0, 1.0, 1.0, 8.0), 3.0, 1e-15);
    }

    #[test]
    fn keyness_g2_matches_hand_computation() {
        // a=10, b=20, c=1000, d=4000: E1 = 1000*30/5000 = 6, E2 = 24.
        // G2 = 2 (10 ln(10/6) + 20 ln(20/24)).
        let expected = 2.0 * (10.0 * (10.0_f64 / 6.0).ln() + 20.0 * (20.0_f64 / 24.0).ln());
        close(g2_keyness(10.0, 20.0, 1000.0, 4000.0), expected, 1e-12);
        // Independently: python3 math.log.
        close(expected, 2.923_650_203_561_63, 1e-9);
        // A zero count contributes nothing: a=0, b=5, c=d=100: E2 = 2.5; G2 = 2*5*ln 2.
        close(g2_keyness(0.0, 5.0, 100.0, 100.0), 10.0 * 2f64.ln(), 1e-12);
    }

    #[test]
    fn two_by_two_statistics_match_hand_computation() {
        // Table [[10, 20], [30, 940]], N = 1000.
        // chi2 = 1000 (10*940 - 20*30)^2 / (30 * 970 * 40 * 960) = 7.744e10 / 1.11744e9.
        close(
            chi2_2x2(10.0, 20.0, 30.0, 940.0),
            7.744e10 / 1.117_44e9,
            1e-9,
        );
        // G2 by the four-cell formula with expected 1.2, 28.8, 38.8, 931.2.
        let g = 2.0
            * (10.0 * (10.0_f64 / 1.2).ln()
                + 20.0 * (20.0_f64 / 28.8).ln()
                + 30.0 * (30.0_f64 / 38.8).ln()
                + 940.0 * (940.0_f64 / 931.2).ln());
        close(g2_2x2(10.0, 20.0, 30.0, 940.0), g, 1e-9);
    }

    #[test]
    fn p_value_of_known_quantiles() {
        // 3.841458820694124 is the 0.95 quantile of chi2(1); 6.634896601021214 the 0.99 one.
        close(p_chi2_df1(3.841458820694124), 0.05, 1e-12);
        close(p_chi2_df1(6.634896601021214), 0.01, 1e-12);
        close(p_chi2_df1(0.0), 1.0, 0.0);
    }

    #[test]
    fn log_ratio_and_sign() {
        close(log_ratio(20.0, 10.0, 1000.0, 1000.0), 1.0, 1e-12);
        // zero count smoothed to 0.5: log2((4/100)/(0.5/100)) = 3.
        close(log_ratio(4.0, 0.0, 100.0, 100.0), 3.0, 1e-12);
        assert!(signed(5.0, 1.0, 10.0, 100.0, 100.0) < 0.0);
        assert!(signed(5.0, 10.0, 1.0, 100.0, 100.0) > 0.0);
    }

    #[test]
    fn multiple_testing_corrections() {
        let p = [0.01, 0.04, 0.03, 0.5];
        // BH: sorted 0.01,0.03,0.04,0.5 -> 0.04, 0.06, 0.0533.., 0.5 then cumulative min from top.
        let bh = benjamini_hochberg(&p);
        close(bh[0], 0.04, 1e-12);
        close(bh[2], 0.16 / 3.0, 1e-12);
        close(bh[1], 0.16 / 3.0, 1e-12);
        close(bh[3], 0.5, 1e-12);
        assert_eq!(bonferroni(&p), vec![0.04, 0.16, 0.12, 1.0]);
    }
}
