//! The corpus index on disk: `<corpus>.index/` beside the corpus table (`corpus.parquet` →
//! `corpus.index/`), written as a whole into a staging folder and renamed into place.
//!
//! ```text
//! corpus.index/
//!   index.json              format, version, token rules version, the corpus' fingerprint,
//!                           rows, and per rule set the number of forms and tokens
//!   forms-default.parquet   id u32, form str, compound bool, caps bool   (dateline's rules)
//!   forms-plain.parquet     id u32, form str, compound bool, caps bool   (the plain rules)
//!   tokens-default.parquet  row u32, form list<u32>, start list<u32>, sentence list<u32>
//!   tokens-plain.parquet    row u32, form list<u32>, start list<u32>, end list<u32>,
//!                           sentence list<u32>
//! ```
//!
//! One row of a `tokens-*` table per corpus row, in corpus order (`row` is the corpus row, from
//! 0); `start`/`end` are byte offsets into the document's text (`title`, a blank line, `body`).
//! Both kinds of table are plain Parquet that polars and DuckDB read (`docs/index.md`).
//! [`IndexState`] says whether an index matches its corpus: the layout's version, the token
//! rules' version and the corpus' size and XXH3 must all be those of today.
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use dateline_analytics::index::{FormVocab, StreamBatch, INDEX_VERSION};
use dateline_tokenize::{Rules, RULES_VERSION};
use polars::prelude::{
    BatchedWriter, BooleanChunked, DataFrame, DataType, IntoColumn, IntoSeries, ListBuilderTrait,
    ListPrimitiveChunkedBuilder, NamedFrom, ParquetCompression, ParquetReader, ParquetWriter,
    SerReader, Series, UInt32Type,
};
use serde::{Deserialize, Serialize};

use crate::output::{fingerprint_file, Fingerprint};
use crate::TablesError;

/// What `index.json` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// Always `dateline-index`.
    pub format: String,
    /// The layout's version ([`INDEX_VERSION`]).
    pub version: u32,
    /// The token rules' version ([`RULES_VERSION`]).
    pub token_rules: u32,
    /// The dateline version that wrote it.
    pub tool_version: String,
    /// The corpus table's file name and fingerprint.
    pub corpus: CorpusRef,
    /// Documents (rows of the corpus).
    pub rows: u64,
    /// Per rule set: forms and tokens.
    pub rules: Vec<RulesEntry>,
}

/// The corpus an index was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusRef {
    /// Its file name.
    pub file: String,
    /// Its size and XXH3.
    #[serde(flatten)]
    pub fingerprint: Fingerprint,
}

/// One rule set of an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesEntry {
    /// `default` or `plain`.
    pub name: String,
    /// Distinct forms.
    pub forms: u64,
    /// Tokens.
    pub tokens: u64,
}

const FORMAT: &str = "dateline-index";

/// The index folder of a corpus table: its path with the extension `index` in place of the
/// table's (`corpus.parquet` → `corpus.index`, `x.csv.gz` → `x.index`).
pub fn index_dir(corpus: &Path) -> PathBuf {
    let name = corpus
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let stem_len = [".csv.gz", ".parquet", ".csv", ".tsv"]
        .iter()
        .find(|e| lower.ends_with(*e) && lower.len() > e.len())
        .map_or_else(
            || name.rfind('.').filter(|&i| i > 0).unwrap_or(name.len()),
            |e| name.len() - e.len(),
        );
    corpus.with_file_name(format!("{}.index", &name[..stem_len]))
}

/// Whether a corpus has a usable index.
#[derive(Debug)]
pub enum IndexState {
    /// None beside it.
    Missing,
    /// One that does not match (why); it must be rebuilt.
    Stale(String),
    /// One that matches.
    Ready(IndexReader),
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> TablesError + 'a {
    move |source| TablesError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

fn pq(path: &Path) -> impl Fn(polars::prelude::PolarsError) -> TablesError + '_ {
    move |source| TablesError::Parquet {
        path: path.to_path_buf(),
        source,
    }
}

fn tokens_file(rules: Rules) -> String {
    format!("tokens-{}.parquet", rules.as_str())
}

fn forms_file(rules: Rules) -> String {
    format!("forms-{}.parquet", rules.as_str())
}

/// Reads `dir/index.json` when it is a dateline index (any version); `None` otherwise.
fn read_meta(dir: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("index.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    (v.get("format").and_then(|f| f.as_str()) == Some(FORMAT)).then_some(v)
}

/// Looks at the index of `corpus`.
///
/// # Errors
/// When the corpus cannot be read (to fingerprint it).
pub fn index_state(corpus: &Path) -> Result<IndexState, TablesError> {
    let dir = index_dir(corpus);
    if !dir.exists() {
        return Ok(IndexState::Missing);
    }
    let Some(v) = read_meta(&dir) else {
        return Ok(IndexState::Stale(format!(
            "{} is not a dateline index (no index.json of format `{FORMAT}`)",
            dir.display()
        )));
    };
    let meta: IndexMeta = match serde_json::from_value(v) {
        Ok(m) => m,
        Err(e) => return Ok(IndexState::Stale(format!("unreadable index.json: {e}"))),
    };
    if meta.version != INDEX_VERSION {
        return Ok(IndexState::Stale(format!(
            "index layout version {} (this dateline reads {INDEX_VERSION})",
            meta.version
        )));
    }
    if meta.token_rules != RULES_VERSION {
        return Ok(IndexState::Stale(format!(
            "made under token rules {} (this dateline tokenizes by rules {RULES_VERSION})",
            meta.token_rules
        )));
    }
    let now = fingerprint_file(corpus)?;
    if now != meta.corpus.fingerprint {
        return Ok(IndexState::Stale(format!(
            "made from another version of {} ({} bytes, XXH3 {}; now {} bytes, XXH3 {})",
            corpus.display(),
            meta.corpus.fingerprint.bytes,
            meta.corpus.fingerprint.xxh3,
            now.bytes,
            now.xxh3
        )));
    }
    Ok(IndexState::Ready(IndexReader { dir, meta }))
}

/// Shares one file between polars' batched writer and the code that syncs it.
#[derive(Clone)]
struct Shared(Arc<Mutex<std::io::BufWriter<File>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("writer lock").write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().expect("writer lock").flush()
    }
}

struct TokensSink {
    rules: Rules,
    path: PathBuf,
    file: Shared,
    writer: Option<BatchedWriter<Shared>>,
    tokens: u64,
}

/// Writes an index: token batches as they come (in corpus order), then the forms and
/// `index.json`; the folder appears in place only at [`IndexWriter::finish`], replacing an
/// earlier dateline index (never a folder dateline did not write).
pub struct IndexWriter {
    corpus: PathBuf,
    dir: PathBuf,
    staging: PathBuf,
    sinks: Vec<TokensSink>,
    rows: u64,
    done: bool,
}

impl IndexWriter {
    /// Starts the index of `corpus` for `rules`.
    ///
    /// # Errors
    /// When `<corpus>.index` exists and is not a dateline index, or the staging folder cannot be
    /// made.
    pub fn create(corpus: &Path, rules: &[Rules]) -> Result<IndexWriter, TablesError> {
        let dir = index_dir(corpus);
        if dir.exists() && (read_meta(&dir).is_none() || !dir.is_dir()) {
            return Err(TablesError::Refused {
                path: dir,
                reason: "it is not a dateline index (no index.json of format `dateline-index`), \
                         and dateline never replaces what it did not write"
                    .into(),
            });
        }
        let staging = crate::staging::begin(&dir)?;
        let mut sinks = Vec::new();
        let mut rules = rules.to_vec();
        rules.sort();
        rules.dedup();
        for r in rules {
            let path = staging.join(tokens_file(r));
            let f = File::create(&path).map_err(io("create", &path))?;
            sinks.push(TokensSink {
                rules: r,
                path,
                file: Shared(Arc::new(Mutex::new(std::io::BufWriter::with_capacity(
                    1 << 20,
                    f,
                )))),
                writer: None,
                tokens: 0,
            });
        }
        Ok(IndexWriter {
            corpus: corpus.to_path_buf(),
            dir,
            staging,
            sinks,
            rows: 0,
            done: false,
        })
    }

    /// The folder being filled (for a Ctrl-C handler to remove).
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Appends the streams of the next batch of documents, one per rule set in the order
    /// given to [`IndexWriter::create`] (sorted).
    ///
    /// # Errors
    /// On a write error.
    pub fn write(&mut self, streams: &[StreamBatch]) -> Result<(), TablesError> {
        let docs = streams.first().map_or(0, StreamBatch::docs);
        if docs == 0 {
            return Ok(());
        }
        for (sink, s) in self.sinks.iter_mut().zip(streams) {
            let df = tokens_frame(sink.rules, s, self.rows).map_err(pq(&sink.path))?;
            if sink.writer.is_none() {
                let w = ParquetWriter::new(sink.file.clone())
                    .with_compression(ParquetCompression::Zstd(None))
                    .batched(df.schema())
                    .map_err(pq(&sink.path))?;
                sink.writer = Some(w);
            }
            let w = sink.writer.as_mut().expect("made above");
            w.write_batch(&df).map_err(pq(&sink.path))?;
            sink.tokens += s.tokens() as u64;
        }
        self.rows += docs as u64;
        Ok(())
    }

    /// Writes the forms and `index.json`, syncs every file and moves the folder into place.
    ///
    /// # Errors
    /// On a write error; the earlier index (if any) is then left as it was.
    pub fn finish(
        mut self,
        vocabs: &[FormVocab],
        tool_version: &str,
    ) -> Result<IndexMeta, TablesError> {
        let mut entries = Vec::new();
        for sink in &mut self.sinks {
            let vocab = vocabs
                .iter()
                .find(|v| v.rules() == sink.rules)
                .expect("a vocabulary per rule set");
            match sink.writer.take() {
                Some(w) => {
                    w.finish().map_err(pq(&sink.path))?;
                }
                None => {
                    // No document: an empty table with the columns.
                    let df = tokens_frame(
                        sink.rules,
                        &StreamBatch {
                            offsets: vec![0],
                            ..StreamBatch::default()
                        },
                        0,
                    )
                    .map_err(pq(&sink.path))?;
                    let mut df = df;
                    ParquetWriter::new(sink.file.clone())
                        .with_compression(ParquetCompression::Zstd(None))
                        .finish(&mut df)
                        .map_err(pq(&sink.path))?;
                }
            }
            {
                let mut f = sink.file.0.lock().expect("writer lock");
                f.flush().map_err(io("write", &sink.path))?;
                f.get_ref().sync_all().map_err(io("sync", &sink.path))?;
            }
            let path = self.staging.join(forms_file(sink.rules));
            write_forms(&path, vocab)?;
            entries.push(RulesEntry {
                name: sink.rules.as_str().to_string(),
                forms: vocab.len() as u64,
                tokens: sink.tokens,
            });
        }
        let meta = IndexMeta {
            format: FORMAT.to_string(),
            version: INDEX_VERSION,
            token_rules: RULES_VERSION,
            tool_version: tool_version.to_string(),
            corpus: CorpusRef {
                file: self
                    .corpus
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                fingerprint: fingerprint_file(&self.corpus)?,
            },
            rows: self.rows,
            rules: entries,
        };
        let path = self.staging.join("index.json");
        let mut text = serde_json::to_string_pretty(&meta).expect("serializable");
        text.push('\n');
        let mut f = File::create(&path).map_err(io("create", &path))?;
        f.write_all(text.as_bytes()).map_err(io("write", &path))?;
        f.sync_all().map_err(io("sync", &path))?;
        crate::staging::replace_dir(&self.staging, &self.dir)?;
        self.done = true;
        Ok(meta)
    }
}

impl Drop for IndexWriter {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn list_u32(name: &str, s: &StreamBatch, values: &[u32]) -> Series {
    let docs = s.docs();
    let mut b = ListPrimitiveChunkedBuilder::<UInt32Type>::new(
        name.into(),
        docs,
        values.len(),
        DataType::UInt32,
    );
    for d in 0..docs {
        b.append_slice(&values[s.offsets[d] as usize..s.offsets[d + 1] as usize]);
    }
    b.finish().into_series()
}

fn tokens_frame(
    rules: Rules,
    s: &StreamBatch,
    row0: u64,
) -> polars::prelude::PolarsResult<DataFrame> {
    let rows: Vec<u32> = (0..s.docs() as u64).map(|i| (row0 + i) as u32).collect();
    let mut cols = vec![
        Series::new("row".into(), rows).into_column(),
        list_u32("form", s, &s.forms).into_column(),
        list_u32("start", s, &s.starts).into_column(),
    ];
    if rules == Rules::Plain {
        cols.push(list_u32("end", s, &s.ends).into_column());
    }
    cols.push(list_u32("sentence", s, &s.sentences).into_column());
    DataFrame::new_infer_height(cols)
}

fn write_forms(path: &Path, v: &FormVocab) -> Result<(), TablesError> {
    let n = v.len() as u32;
    let mut text = Vec::with_capacity(n as usize);
    let mut compound = Vec::with_capacity(n as usize);
    let mut caps = Vec::with_capacity(n as usize);
    for id in 0..n {
        let (t, c, a) = v.form(id);
        text.push(t);
        compound.push(c);
        caps.push(a);
    }
    let mut df = DataFrame::new_infer_height(vec![
        Series::new("id".into(), (0..n).collect::<Vec<u32>>()).into_column(),
        Series::new("form".into(), text).into_column(),
        BooleanChunked::new("compound".into(), compound)
            .into_series()
            .into_column(),
        BooleanChunked::new("caps".into(), caps)
            .into_series()
            .into_column(),
    ])
    .map_err(pq(path))?;
    let f = File::create(path).map_err(io("create", path))?;
    let mut w = std::io::BufWriter::new(f);
    ParquetWriter::new(&mut w)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(&mut df)
        .map_err(pq(path))?;
    let f = w.into_inner().map_err(|e| TablesError::Io {
        action: "write",
        path: path.to_path_buf(),
        source: e.into_error(),
    })?;
    f.sync_all().map_err(io("sync", path))?;
    Ok(())
}

/// How an analysis gets its tokens from a corpus' index.
#[derive(Debug)]
pub struct IndexedTokens {
    /// The index.
    pub reader: IndexReader,
    /// The rule set the pipeline is answered from.
    pub rules: Rules,
    /// The pipeline over that rule set's forms.
    pub map: dateline_analytics::index::TokenMap,
}

/// The token map of `pipeline` over the index of `corpus`: `Ok(Ok(..))` when the index is
/// there, matches the corpus and can answer the pipeline; `Ok(Err(why))` when the text must be
/// tokenized instead (no index, a stale one, or a pipeline its forms cannot answer), said in
/// one line for the user.
///
/// # Errors
/// When the index matches but cannot be read.
pub fn indexed_tokens(
    corpus: &Path,
    pipeline: &dateline_tokenize::Pipeline,
) -> Result<Result<IndexedTokens, String>, TablesError> {
    let reader = match index_state(corpus)? {
        IndexState::Missing => {
            return Ok(Err(format!(
                "no index beside `{}`: tokenizing the text (`dateline index {}` makes the next analyses faster)",
                corpus.display(),
                corpus.display()
            )))
        }
        IndexState::Stale(why) => {
            return Ok(Err(format!(
                "the index `{}` does not match the corpus ({why}): tokenizing the text (rebuild it with `dateline index {}`)",
                index_dir(corpus).display(),
                corpus.display()
            )))
        }
        IndexState::Ready(r) => r,
    };
    let rules = match pipeline.index_rules() {
        Ok(r) => r,
        Err(what) => {
            return Ok(Err(format!(
                "the index keeps no tokens for {what}: tokenizing the text"
            )))
        }
    };
    if !reader.has(rules) {
        return Ok(Err(format!(
            "the index `{}` holds no `{}` tokens: tokenizing the text",
            reader.dir.display(),
            rules.as_str()
        )));
    }
    let vocab = reader.forms(rules)?;
    let map = dateline_analytics::index::TokenMap::new(pipeline, &vocab)
        .expect("the rules were checked above");
    Ok(Ok(IndexedTokens { reader, rules, map }))
}

/// Builds the index of a corpus table (both rule sets), reading it batch by batch; `progress`
/// is told the documents done.
///
/// # Errors
/// When the corpus cannot be read or the index cannot be written (then no index is left).
pub fn build_index(
    corpus: &Path,
    tool_version: &str,
    progress: &dyn Fn(u64),
) -> Result<IndexMeta, TablesError> {
    let reader = crate::CorpusReader::open(corpus)?;
    let mut builder = dateline_analytics::index::IndexBuilder::new(&Rules::ALL);
    let mut writer = IndexWriter::create(corpus, &Rules::ALL)?;
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let reader = &reader;
        s.spawn(move || {
            for b in reader.batches(crate::DEFAULT_BATCH_ROWS) {
                let stop = b.is_err();
                if tx.send(b).is_err() || stop {
                    break;
                }
            }
        });
        for batch in rx {
            let docs = batch?;
            let streams = builder.add_batch(&docs);
            writer.write(&streams)?;
            progress(docs.len() as u64);
        }
        Ok::<(), TablesError>(())
    })?;
    writer.finish(builder.vocabs(), tool_version)
}

/// A matching index, opened.
#[derive(Debug)]
pub struct IndexReader {
    dir: PathBuf,
    meta: IndexMeta,
}

impl IndexReader {
    /// What `index.json` says.
    pub fn meta(&self) -> &IndexMeta {
        &self.meta
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether it holds `rules`.
    pub fn has(&self, rules: Rules) -> bool {
        self.meta.rules.iter().any(|r| r.name == rules.as_str())
    }

    /// The forms of `rules`.
    ///
    /// # Errors
    /// When the file cannot be read or does not hold forms `0..n` in order.
    pub fn forms(&self, rules: Rules) -> Result<FormVocab, TablesError> {
        let path = self.dir.join(forms_file(rules));
        let f = File::open(&path).map_err(io("read", &path))?;
        let df = ParquetReader::new(f).finish().map_err(pq(&path))?;
        let bad = |what: &str| TablesError::Dataset {
            path: path.clone(),
            reason: format!("not an index forms table: {what}"),
        };
        let text = df
            .column("form")
            .map_err(|_| bad("no `form`"))?
            .str()
            .map_err(|_| bad("`form` not text"))?
            .clone();
        let compound = df
            .column("compound")
            .map_err(|_| bad("no `compound`"))?
            .bool()
            .map_err(|_| bad("`compound` not boolean"))?
            .clone();
        let caps = df
            .column("caps")
            .map_err(|_| bad("no `caps`"))?
            .bool()
            .map_err(|_| bad("`caps` not boolean"))?
            .clone();
        let mut v = FormVocab::new(rules);
        for ((t, c), a) in text.iter().zip(compound.iter()).zip(caps.iter()) {
            let t = t.ok_or_else(|| bad("a missing form"))?;
            let id = v.push(t, c.unwrap_or(false), a.unwrap_or(false));
            if id as usize + 1 != v.len() {
                return Err(bad("a form twice"));
            }
        }
        Ok(v)
    }

    /// The streams of corpus rows `start..start + len` under `rules`.
    ///
    /// # Errors
    /// When the file cannot be read or its rows are not those asked for.
    pub fn streams(
        &self,
        rules: Rules,
        start: usize,
        len: usize,
    ) -> Result<StreamBatch, TablesError> {
        let path = self.dir.join(tokens_file(rules));
        let f = File::open(&path).map_err(io("read", &path))?;
        let df = ParquetReader::new(f)
            .with_slice(Some((start, len)))
            .finish()
            .map_err(pq(&path))?;
        let bad = |what: String| TablesError::Dataset {
            path: path.clone(),
            reason: format!("not an index tokens table: {what}"),
        };
        if df.height() != len {
            return Err(bad(format!(
                "{} rows where {len} were asked for",
                df.height()
            )));
        }
        let mut out = StreamBatch {
            offsets: Vec::with_capacity(len + 1),
            ..StreamBatch::default()
        };
        let mut first = true;
        for (name, dest) in [
            ("form", &mut out.forms),
            ("start", &mut out.starts),
            ("sentence", &mut out.sentences),
        ] {
            let offs = read_list(&df, name, dest).map_err(|e| bad(e))?;
            if first {
                out.offsets = offs;
                first = false;
            } else if offs != out.offsets {
                return Err(bad(format!("`{name}` is not as long as `form`")));
            }
        }
        if rules == Rules::Plain {
            let offs = read_list(&df, "end", &mut out.ends).map_err(|e| bad(e))?;
            if offs != out.offsets {
                return Err(bad("`end` is not as long as `form`".into()));
            }
        }
        Ok(out)
    }
}

/// Appends a list<u32> column's values to `dest`; returns the row offsets (from 0).
fn read_list(df: &DataFrame, name: &str, dest: &mut Vec<u32>) -> Result<Vec<u32>, String> {
    let ca = df
        .column(name)
        .map_err(|_| format!("no `{name}`"))?
        .list()
        .map_err(|_| format!("`{name}` is not a list"))?
        .clone();
    if ca.inner_dtype() != &DataType::UInt32 {
        return Err(format!(
            "`{name}` holds {} values, not u32",
            ca.inner_dtype()
        ));
    }
    let ca = ca.rechunk().into_owned();
    let mut offsets = Vec::with_capacity(ca.len() + 1);
    offsets.push(0u32);
    let Some(arr) = ca.downcast_iter().next() else {
        return Ok(offsets);
    };
    let offs = arr.offsets().as_slice();
    let inner = ca.get_inner();
    let values = inner
        .u32()
        .map_err(|_| format!("`{name}` does not hold u32"))?
        .rechunk();
    let values = values
        .cont_slice()
        .map_err(|_| format!("`{name}` has missing values"))?;
    let base = dest.len() as u32;
    let o0 = offs[0];
    dest.extend_from_slice(&values[o0 as usize..offs[offs.len() - 1] as usize]);
    for w in &offs[1..] {
        offsets.push(base + (w - o0) as u32);
    }
    Ok(offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_folder_is_named_after_the_table() {
        for (c, i) in [
            ("d/corpus.parquet", "d/corpus.index"),
            ("x.csv.gz", "x.index"),
            ("x.CSV", "x.index"),
            ("kcna.2017.parquet", "kcna.2017.index"),
            ("noext", "noext.index"),
            (".hidden", ".hidden.index"),
        ] {
            assert_eq!(index_dir(Path::new(c)), Path::new(i), "{c}");
        }
    }
    use dateline_analytics::index::IndexBuilder;
    use dateline_core::{DocId, Document};

    fn doc(body: &str) -> Document {
        Document {
            doc_id: DocId::of_text("", body),
            title: Some("LET US UNITE".into()),
            body: body.into(),
            lang: "en".into(),
            copies: 1,
            ..Document::default()
        }
    }

    #[test]
    fn an_index_round_trips_and_goes_stale_with_its_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus.parquet");
        std::fs::write(&corpus, b"stand-in for a corpus table").unwrap();
        let docs = [
            doc("The UN and us met the U.S. envoy. 1,000 men; 2-3 talks, U.S.-DPRK."),
            doc(""),
            doc("Kim Jong Un’s visit… People's Army's drill."),
        ];
        let mut b = IndexBuilder::new(&Rules::ALL);
        let mut w = IndexWriter::create(&corpus, &Rules::ALL).unwrap();
        let first = b.add_batch(&docs[..2]);
        w.write(&first).unwrap();
        let second = b.add_batch(&docs[2..]);
        w.write(&second).unwrap();
        let vocabs = b.into_vocabs();
        let meta = w.finish(&vocabs, "test").unwrap();
        assert_eq!(meta.rows, 3);
        let IndexState::Ready(r) = index_state(&corpus).unwrap() else {
            panic!("index not ready")
        };
        for (k, &rules) in Rules::ALL.iter().enumerate() {
            let v = r.forms(rules).unwrap();
            assert_eq!(v.len(), vocabs[k].len());
            for id in 0..v.len() as u32 {
                assert_eq!(v.form(id), vocabs[k].form(id));
            }
            assert_eq!(r.streams(rules, 0, 2).unwrap(), first[k]);
            assert_eq!(r.streams(rules, 2, 1).unwrap(), second[k]);
            assert_eq!(
                meta.rules[k].tokens,
                (first[k].tokens() + second[k].tokens()) as u64
            );
        }
        // The caps flag survives: "US" in the ALL-CAPS title is a form of its own.
        let v = r.forms(Rules::Default).unwrap();
        assert!((0..v.len() as u32).any(|id| v.form(id) == ("US", false, true)));
        assert!((0..v.len() as u32).any(|id| v.form(id) == ("U.S.-DPRK", true, false)));
        // No staging folder is left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");

        std::fs::write(&corpus, b"another corpus table").unwrap();
        match index_state(&corpus).unwrap() {
            IndexState::Stale(why) => assert!(why.contains("another version"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_folder_dateline_did_not_write_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus.parquet");
        std::fs::write(&corpus, b"x").unwrap();
        let theirs = dir.path().join("corpus.index");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("notes.txt"), b"mine").unwrap();
        assert!(matches!(
            index_state(&corpus).unwrap(),
            IndexState::Stale(_)
        ));
        let err = IndexWriter::create(&corpus, &Rules::ALL)
            .err()
            .expect("refused");
        assert!(err.to_string().contains("refusing"), "{err}");
        assert_eq!(std::fs::read(theirs.join("notes.txt")).unwrap(), b"mine");
    }
}
