//! A corpus table prepared for an analysis: opened (and checked against its manifest), its
//! periods planned from the `date` column alone, its pipeline built, its index found when it
//! can give this pipeline's tokens; then one pass over it, batch by batch
//! ([`Prepared::run`]). Every analysis command and `dateline run` go through here.
use std::path::{Path, PathBuf};
use std::time::Instant;

use dateline_analytics::pass::{
    plan_periods, run_indexed_pass_batches, run_pass_batches, Accumulator, DateSpan, PassOptions,
    PassStats, SpanError,
};
use dateline_core::{By, DateRange, Document, PeriodIndex};
use dateline_tokenize::{Pipeline, PipelineSpec};

use crate::index_io::{indexed_tokens, IndexedTokens};
use crate::{CorpusReader, ManifestCheck, TablesError, DEFAULT_BATCH_ROWS};

/// Keeps a document in an analysis (a shard of the corpus, say).
pub type DocFilter = Box<dyn Fn(&Document) -> bool + Sync + Send>;

/// Everything an analysis of a corpus table needs: the table (read in batches), pipeline,
/// periods.
pub struct Prepared {
    /// The corpus table, read batch by batch by [`Prepared::run`].
    pub corpus: CorpusReader,
    /// Only documents it keeps are read into the pass (`None`: all).
    pub filter: Option<DocFilter>,
    /// A share of a plan (`count --shard K/N`, N > 1): analysing nothing is a valid, empty
    /// share (merge needs every shard), said with a warning instead of refused.
    pub empty_share: Option<String>,
    /// The pipeline's spec (recorded in the manifest).
    pub spec: PipelineSpec,
    /// The pipeline.
    pub pipeline: Pipeline,
    /// The analysed range (`--from`/`--to`).
    pub range: DateRange,
    /// The periods covering it.
    pub periods: PeriodIndex,
    /// The earliest and latest dates in the range (of the whole corpus, every language), with
    /// their rows.
    pub dates: Option<DateSpan>,
    /// Language filter.
    pub lang: Option<String>,
    /// The corpus' index, when it can give this pipeline's tokens (else the text is tokenized).
    pub index: Option<IndexedTokens>,
    /// The analysis reads the documents' text (KWIC lines, entity names), not only their
    /// tokens: true unless the command says otherwise. With an index and no need of the text,
    /// the bodies are not read at all.
    pub text_needed: bool,
    /// Feed each document's mentions from the index ([`Prepared::use_stored_mentions`]).
    read_mentions: bool,
}

/// Documents per batch of a pass; `DATELINE_BATCH_ROWS` overrides it (tests use it to check
/// that batching does not change results).
pub fn batch_rows() -> usize {
    std::env::var("DATELINE_BATCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_BATCH_ROWS)
}

/// A span of too many periods, with the documents at its ends named (doc_id, origin).
pub fn span_refusal(reader: &CorpusReader, e: SpanError) -> TablesError {
    let SpanError::TooManyPeriods {
        dates: Some(span), ..
    } = &e
    else {
        return TablesError::Span(e);
    };
    let (ids, origins) = (
        reader.text_column("doc_id").unwrap_or_default(),
        reader.text_column("origin").unwrap_or_default(),
    );
    let name = |(date, row): (chrono::NaiveDate, usize)| {
        let get = |v: &[Option<String>]| v.get(row).cloned().flatten().unwrap_or_default();
        format!("{date} (document {}, {})", get(&ids), get(&origins))
    };
    TablesError::SpanNamed(format!(
        "{e}: the dates run from {} to {}",
        name(span.first),
        name(span.last)
    ))
}

/// Opens a corpus table; a counts folder is refused by name (only `terms` and `entities` read
/// counts folders).
pub fn open_corpus(path: &Path) -> Result<CorpusReader, TablesError> {
    if crate::counts::is_counts_dir(path) {
        return Err(TablesError::CountsFolderGiven {
            path: path.to_path_buf(),
        });
    }
    CorpusReader::open(path).map_err(|e| TablesError::OpenCorpus {
        path: path.to_path_buf(),
        source: Box::new(e),
    })
}

/// Opens a corpus table after checking it against the manifest that lists it: a table that
/// does not match its manifest (written by another run, or changed since) is refused; a table
/// no manifest lists is read with a warning, returned in `notes`.
pub fn open_checked_corpus(
    path: &Path,
    notes: &mut Vec<String>,
) -> Result<CorpusReader, TablesError> {
    if !path.is_file() {
        return open_corpus(path); // the reader says what is wrong
    }
    match crate::check_against_manifest(path) {
        Ok(ManifestCheck::Matches(_)) => {}
        Ok(ManifestCheck::NoManifest) => notes.push(format!(
            "warning: no manifest lists `{}`: it cannot be checked for completeness (made by hand, or by an older dateline?)",
            path.display()
        )),
        Ok(ManifestCheck::NoFingerprint(m)) => notes.push(format!(
            "warning: `{}` lists `{}` without a fingerprint (an older dateline): it cannot be checked for completeness",
            m.display(),
            path.display()
        )),
        Err(e @ TablesError::ManifestMismatch { .. }) => return Err(e),
        Err(_) => {} // unreadable: the reader says why
    }
    open_corpus(path)
}

/// Refuses a pass that analysed no document (every one undated, out of range or in another
/// language): the one check of every analysis, made before anything is written
/// ([`PassStats::nothing_analysed`] says why).
pub fn check_analysed(s: &PassStats) -> Result<(), TablesError> {
    match s.nothing_analysed() {
        None => Ok(()),
        Some((reason, hints)) => Err(TablesError::NothingAnalysed {
            reason,
            hints: hints.join("; "),
        }),
    }
}

fn read_corpus(path: &Path) -> impl Fn(TablesError) -> TablesError + '_ {
    move |e| TablesError::ReadCorpus {
        path: path.to_path_buf(),
        source: Box::new(e),
    }
}

impl Prepared {
    /// Opens the corpus and builds the pipeline and the periods (from the `date` column
    /// alone); `use_index`: read the tokens from the corpus' index when it can give them.
    /// What a user should be told (opening time, warnings, why the index is not used) is
    /// returned in `notes`.
    pub fn open(
        corpus: &Path,
        spec: PipelineSpec,
        by: By,
        range: DateRange,
        lang: Option<String>,
        use_index: bool,
        notes: &mut Vec<String>,
    ) -> Result<Self, TablesError> {
        let t = Instant::now();
        let reader = open_checked_corpus(corpus, notes)?;
        let dates = reader.dates().map_err(read_corpus(corpus))?;
        let plan = plan_periods(&dates, by, range).map_err(|e| span_refusal(&reader, e))?;
        drop(dates);
        notes.push(format!(
            "opened {} ({} documents) in {:.2}s",
            corpus.display(),
            reader.rows(),
            t.elapsed().as_secs_f64()
        ));
        let pipeline = Pipeline::new(&spec);
        let index = if use_index {
            match indexed_tokens(corpus, &pipeline).map_err(|e| TablesError::ReadIndex {
                path: corpus.to_path_buf(),
                source: Box::new(e),
            })? {
                Ok(ix) => Some(ix),
                Err(why) => {
                    notes.push(format!("note: {why}"));
                    None
                }
            }
        } else {
            None
        };
        Ok(Prepared {
            corpus: reader,
            filter: None,
            empty_share: None,
            spec,
            pipeline,
            range,
            periods: plan.index,
            dates: plan.dates,
            lang,
            index,
            text_needed: true,
            read_mentions: false,
        })
    }

    /// Feeds the pass the person and country mentions stored in the index when they were
    /// found by the extractor of `fingerprint` (the same lists, files and options): then the
    /// extractor does not run. `Err(why)` (for the user, in one line) when they cannot be used
    /// and the mentions are extracted from the text.
    pub fn use_stored_mentions(&mut self, fingerprint: &str) -> Result<(), String> {
        let Some(ix) = &self.index else {
            return Err("no index is read: extracting the mentions from the text".into());
        };
        match ix.reader.mentions_fingerprint() {
            Some(f) if f == fingerprint => {
                self.read_mentions = true;
                Ok(())
            }
            Some(_) => Err(format!(
                "the mentions in `{}` were found by another extractor (other lists, options or extraction rules): extracting them from the text",
                ix.reader.dir().display()
            )),
            None => Err(format!(
                "`{}` stores no mentions: extracting them from the text",
                ix.reader.dir().display()
            )),
        }
    }

    /// True when the pass is fed the mentions stored in the index.
    pub fn reads_stored_mentions(&self) -> bool {
        self.read_mentions
    }

    /// Pass options for this analysis.
    pub fn pass_options(&self) -> PassOptions<'_> {
        let mut o = PassOptions::new(&self.periods);
        o.range = self.range;
        o.lang.clone_from(&self.lang);
        o
    }

    /// Runs one pass over the corpus, batch by batch (from the index when there is one),
    /// `progress` told of every document read or left out by the filter.
    pub fn run<A: Accumulator>(
        &self,
        opts: &PassOptions<'_>,
        make: impl Fn() -> A + Sync,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(A, PassStats), TablesError> {
        let path: PathBuf = self.corpus.path().to_path_buf();
        if let Some(ix) = &self.index {
            let mut start = 0;
            // Offsets and sentences are read only when some document's tokens may be rebuilt.
            let positions = ix.map.has_phrases() || make().needs_positions();
            let batches = if self.text_needed {
                self.corpus.batches(batch_rows())
            } else {
                self.corpus.batches_without_body(batch_rows())
            };
            let batches = batches.map(|b| {
                let mut b = b?;
                let mut streams = ix.reader.streams(ix.rules, start, b.len(), positions)?;
                if self.read_mentions {
                    streams.mentions = Some(ix.reader.mentions(start, b.len())?);
                }
                start += b.len();
                if let Some(keep) = &self.filter {
                    let flags: Vec<bool> = b.iter().map(keep).collect();
                    streams = streams.select(&flags);
                    let before = b.len();
                    b.retain(|d| keep(d));
                    progress((before - b.len()) as u64);
                }
                Ok::<_, TablesError>((b, streams))
            });
            run_indexed_pass_batches(batches, &ix.map, opts, make, progress)
        } else {
            let batches = self.corpus.batches(batch_rows()).map(|b| {
                let mut b = b?;
                if let Some(keep) = &self.filter {
                    let before = b.len();
                    b.retain(|d| keep(d));
                    progress((before - b.len()) as u64);
                }
                Ok::<_, TablesError>(b)
            });
            run_pass_batches(batches, &self.pipeline, opts, make, progress)
        }
        .map_err(read_corpus(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_that_analysed_nothing_is_refused_with_the_reasons() {
        let mut s = PassStats {
            docs_total: 1061,
            docs_analysed: 0,
            docs_undated: 3,
            docs_out_of_range: 8,
            docs_other_lang: 1050,
        };
        let e = check_analysed(&s).unwrap_err();
        assert_eq!(
            e.to_string(),
            "nothing to analyse: 0 of 1,061 documents analysed (1,050 in another language, 8 out \
             of range, 3 undated)"
        );
        assert_eq!(
            e.hint().as_deref(),
            Some(
                "choose the language with --lang (`--lang all` for every one); widen --from/--to; \
                 undated documents are analysed only with --by doc"
            )
        );
        s.docs_total = 0;
        s.docs_other_lang = 0;
        s.docs_out_of_range = 0;
        s.docs_undated = 0;
        assert_eq!(check_analysed(&s).unwrap_err().hint(), None);
        s.docs_analysed = 1;
        assert!(check_analysed(&s).is_ok());
    }
}
