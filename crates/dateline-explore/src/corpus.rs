//! The corpus in memory: every document, its token streams under the default rules and its
//! person and country mentions, loaded once; one pass over them per query.
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::NaiveDate;
use dateline_analytics::cooccur::CooccurCounts;
use dateline_analytics::entities::EntityCounts;
use dateline_analytics::index::{IndexBuilder, MentionBatch, Postings, StreamBatch, TokenMap};
use dateline_analytics::pass::{plan_periods, run_indexed_pass, Accumulator, PassStats};
use dateline_analytics::query::Query;
use dateline_core::{By, DateRange, Document};
use dateline_tables::index_io::{indexed_tokens, stored_extractor};
use dateline_tables::prepared::{check_analysed, open_checked_corpus};
use dateline_tables::DEFAULT_BATCH_ROWS;
use dateline_tokenize::{Pipeline, PipelineName, PipelineSpec};

use crate::ExploreError;

/// A corpus table loaded for the explorer, with the default pipeline of every analysis (the
/// command line's without token options).
pub struct Explorer {
    path: PathBuf,
    pub(crate) docs: Vec<Document>,
    pub(crate) streams: StreamBatch,
    pub(crate) map: TokenMap,
    pub(crate) pipeline: Pipeline,
    pub(crate) dates: Vec<Option<NaiveDate>>,
    /// The extractor of `dateline entities`' defaults, shared by every entity query.
    pub(crate) entities: EntityCounts,
    /// True when the streams were read from the corpus' index (false: built at load).
    pub(crate) from_index: bool,
    /// Which documents hold each form: a concordance or a query's entities visit only the
    /// documents where a match can start.
    postings: Postings,
    /// Co-occurrence totals (every period's tokens and term counts, which do not depend on
    /// the target) of the last few (by, range, language) asked, newest last: a collocates or
    /// co-occurrence answer then counts only the target's documents.
    cooccur_totals: Mutex<Vec<(TotalsKey, Arc<CooccurCounts>)>>,
}

/// What co-occurrence totals depend on: the periods, the date range and the language.
type TotalsKey = (By, DateRange, Option<String>);

/// How many co-occurrence totals are kept (about 15 MB each for a whole-corpus period of
/// kcna-cojp: its 300,000 words and their counts).
const KEPT_TOTALS: usize = 4;

impl Explorer {
    /// Reads the corpus table at `path` and its index into memory; without a usable index the
    /// text is tokenized once, here. What a user should be told is pushed to `notes`.
    pub fn load(path: &Path, notes: &mut Vec<String>) -> Result<Explorer, ExploreError> {
        let t = Instant::now();
        let reader = open_checked_corpus(path, notes)?;
        let spec = PipelineSpec::named(PipelineName::Default);
        let pipeline = Pipeline::new(&spec);
        let choice = stored_extractor();
        let fingerprint = choice.fingerprint()?;
        let extractor = choice.extractor()?;
        let mut docs = Vec::with_capacity(reader.rows());
        let mut streams = StreamBatch::default();
        let read_index = |e| dateline_tables::TablesError::ReadIndex {
            path: path.to_path_buf(),
            source: Box::new(e),
        };
        let (map, from_index) = match indexed_tokens(path, &pipeline).map_err(read_index)? {
            Ok(ix) => {
                let stored = ix.reader.mentions_fingerprint() == Some(fingerprint.as_str());
                let mut start = 0;
                for b in reader.batches(DEFAULT_BATCH_ROWS) {
                    let b = b?;
                    let mut s = ix.reader.streams(ix.rules, start, b.len(), true)?;
                    s.mentions = Some(if stored {
                        ix.reader.mentions(start, b.len())?
                    } else {
                        MentionBatch::extract(&extractor, &b)
                    });
                    start += b.len();
                    streams.append(s);
                    docs.extend(b);
                }
                (ix.map, true)
            }
            Err(why) => {
                notes.push(format!("note: {why}"));
                notes.push(format!(
                    "note: building the index in memory (`dateline index {}` writes it, for a faster start)",
                    path.display()
                ));
                let rules = pipeline
                    .index_rules()
                    .expect("the default pipeline has index rules");
                let mut builder = IndexBuilder::new(&[rules]);
                for b in reader.batches(DEFAULT_BATCH_ROWS) {
                    let b = b?;
                    let mut s = builder.add_batch(&b).remove(0);
                    s.mentions = Some(MentionBatch::extract(&extractor, &b));
                    streams.append(s);
                    docs.extend(b);
                }
                let vocab = builder.into_vocabs().remove(0);
                let map = TokenMap::new(&pipeline, &vocab)
                    .expect("the default pipeline maps onto its own rules' forms");
                (map, false)
            }
        };
        let dates = docs.iter().map(|d| d.date).collect();
        let postings = Postings::new(&streams, map.forms());
        let ex = Explorer {
            path: path.to_path_buf(),
            docs,
            streams,
            map,
            pipeline,
            dates,
            entities: EntityCounts::new(extractor, false, false).keep_mentions(false),
            from_index,
            postings,
            cooccur_totals: Mutex::new(Vec::new()),
        };
        // The page's collocates and co-occurrence panels ask for the whole corpus as one
        // period: their totals are counted now, once.
        ex.cooccur_totals(By::All, DateRange::default(), None)?;
        notes.push(format!(
            "loaded {} ({} documents, {} tokens) in {:.2}s",
            path.display(),
            ex.docs.len(),
            ex.streams.tokens(),
            t.elapsed().as_secs_f64()
        ));
        Ok(ex)
    }

    /// The co-occurrence totals of a pass by `by` over `range` in `lang`
    /// ([`CooccurCounts::totals`], stopwords not counted): kept from an earlier question, or
    /// counted now over every document.
    pub(crate) fn cooccur_totals(
        &self,
        by: By,
        range: DateRange,
        lang: Option<String>,
    ) -> Result<Arc<CooccurCounts>, ExploreError> {
        let key = (by, range, lang);
        let mut kept = self.cooccur_totals.lock().expect("totals lock");
        if let Some(i) = kept.iter().position(|(k, _)| *k == key) {
            let hit = kept.remove(i);
            let totals = Arc::clone(&hit.1);
            kept.push(hit);
            return Ok(totals);
        }
        let periods = self.periods(key.0, key.1)?;
        let mut opts = dateline_analytics::pass::PassOptions::new(&periods);
        opts.range = key.1;
        opts.lang.clone_from(&key.2);
        let proto = CooccurCounts::totals(false);
        let (totals, _) = self.run(&opts, || proto.empty_like())?;
        let totals = Arc::new(totals);
        if kept.len() >= KEPT_TOTALS {
            kept.remove(0);
        }
        kept.push((key, Arc::clone(&totals)));
        Ok(totals)
    }

    /// The documents where a match of any of `queries` can start (a bit set for
    /// [`PassOptions::only`](dateline_analytics::pass::PassOptions::only)).
    pub(crate) fn query_docs(&self, queries: &[Query]) -> Vec<u64> {
        let n = self.docs.len();
        let mut set = vec![0u64; n.div_ceil(64)];
        for q in queries {
            for (s, w) in set
                .iter_mut()
                .zip(self.postings.query_docs(q, &self.map, n))
            {
                *s |= w;
            }
        }
        set
    }

    /// The corpus table's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of documents.
    pub fn docs(&self) -> usize {
        self.docs.len()
    }

    /// The periods of `by` covering `range`, as the command line plans them.
    pub(crate) fn periods(
        &self,
        by: By,
        range: DateRange,
    ) -> Result<dateline_core::PeriodIndex, ExploreError> {
        plan_periods(&self.dates, by, range)
            .map(|p| p.index)
            .map_err(|e| ExploreError::bad(e.to_string()))
    }

    /// One pass of `make`'s accumulators over the corpus; a pass that analysed nothing is
    /// refused with the command line's reason.
    pub(crate) fn run<A: Accumulator>(
        &self,
        opts: &dateline_analytics::pass::PassOptions<'_>,
        make: impl Fn() -> A + Sync,
    ) -> Result<(A, PassStats), ExploreError> {
        let (acc, stats) =
            run_indexed_pass(&self.docs, &self.streams, &self.map, opts, make, &|_| {});
        check_analysed(&stats).map_err(|e| {
            let hint = e.hint().map(|h| format!(" ({h})")).unwrap_or_default();
            ExploreError::bad(format!("{e}{hint}"))
        })?;
        Ok((acc, stats))
    }
}
