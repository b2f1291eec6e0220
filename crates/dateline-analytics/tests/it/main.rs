//! Integration tests of dateline-analytics: the accumulators through `run_pass` on random small
//! corpora (invariants, against naive independent counts) and on real KCNA articles (skipped
//! when `../shared/corpora` is absent).

mod cooc_common;
mod cooc_corpus;
mod cooc_props;
mod counts_corpus;
mod counts_props;
