//! The corpus index on disk: `<corpus>.index/` beside the corpus table (`corpus.parquet` →
//! `corpus.index/`), written as a whole into a staging folder and renamed into place.
//!
//! ```text
//! corpus.index/
//!   index.json              format, version, token rules version, the corpus' fingerprint,
//!                           rows, and per rule set the number of forms and tokens
//!   docs.parquet            row u32, tokens_default u32, tokens_plain u32, mentions u32
//!                           (tokens and mentions per document)
//!   forms-default.parquet   id u32, form str, compound bool, caps bool   (dateline's rules)
//!   forms-plain.parquet     id u32, form str, compound bool, caps bool   (the plain rules)
//!   tokens-default.parquet  row u32, form u32, advance u32, sentence u32
//!   tokens-plain.parquet    row u32, form u32, advance u32, len u32, sentence u32
//!   mentions.parquet        row u32, kind str, entity_id str, name str, surface str,
//!                           start u32, end u32   (the default extractor's mentions)
//! ```
//!
//! One row of a `tokens-*` table per token, documents in corpus order (`row` is the corpus row,
//! from 0). A token starts `advance` bytes after the previous token of its document starts (the
//! first: after the start of the text), so `start` is the running sum of `advance` within a
//! row; offsets are into the document's text (`title`, a blank line, `body`). A default-rules
//! token ends at `start` plus its form's length, a plain one at `start + len`. Every table is
//! plain Parquet that polars, DuckDB, pandas and R read (`docs/index.md`).
//! [`IndexState`] says whether an index matches its corpus: the layout's version, the token
//! rules' version and the corpus' size and XXH3 must all be those of today.
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use dateline_analytics::index::{FormVocab, MentionBatch, StreamBatch, INDEX_VERSION};
use dateline_entities::{EntityType, Mention};
use dateline_tokenize::{Rules, RULES_VERSION};
use polars::prelude::{
    BatchedWriter, BooleanChunked, DataFrame, IntoColumn, IntoSeries, NamedFrom,
    ParquetCompression, ParquetReader, ParquetWriter, SerReader, Series,
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
    /// The person and country mentions stored (`mentions.parquet`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<EntitiesEntry>,
}

/// The mentions an index stores: found by the extractor of this fingerprint
/// ([`dateline_entities::ExtractorChoice::fingerprint`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitiesEntry {
    /// The extractor's fingerprint (lists, files and options).
    pub fingerprint: String,
    /// Mentions stored.
    pub mentions: u64,
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
    Ready(Box<IndexReader>),
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

/// Tokens (and mentions) per document and rule set.
const DOCS_FILE: &str = "docs.parquet";

/// The stored mentions.
const MENTIONS_FILE: &str = "mentions.parquet";

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
    let (prefix, mention_prefix) = match read_prefix(&dir, &meta) {
        Ok(p) => p,
        Err(why) => return Ok(IndexState::Stale(why)),
    };
    Ok(IndexState::Ready(Box::new(IndexReader {
        dir,
        meta,
        prefix,
        mention_prefix,
    })))
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

/// Appends `df` to a batched Parquet file, opening the writer with the first batch.
fn append_batch(
    file: &Shared,
    writer: &mut Option<BatchedWriter<Shared>>,
    path: &Path,
    df: &DataFrame,
) -> Result<(), TablesError> {
    if writer.is_none() {
        let w = ParquetWriter::new(file.clone())
            .with_compression(ParquetCompression::Zstd(None))
            .batched(df.schema())
            .map_err(pq(path))?;
        *writer = Some(w);
    }
    writer
        .as_mut()
        .expect("made above")
        .write_batch(df)
        .map_err(pq(path))?;
    Ok(())
}

/// Finishes a batched Parquet file (or writes `empty()`, the columns without rows, when no
/// batch came), then flushes and syncs it.
fn close_batches(
    file: &Shared,
    writer: Option<BatchedWriter<Shared>>,
    path: &Path,
    empty: impl FnOnce() -> polars::prelude::PolarsResult<DataFrame>,
) -> Result<(), TablesError> {
    match writer {
        Some(w) => {
            w.finish().map_err(pq(path))?;
        }
        None => {
            let mut df = empty().map_err(pq(path))?;
            ParquetWriter::new(file.clone())
                .with_compression(ParquetCompression::Zstd(None))
                .finish(&mut df)
                .map_err(pq(path))?;
        }
    }
    let mut f = file.0.lock().expect("writer lock");
    f.flush().map_err(io("write", path))?;
    f.get_ref().sync_all().map_err(io("sync", path))?;
    Ok(())
}

struct TokensSink {
    rules: Rules,
    path: PathBuf,
    file: Shared,
    writer: Option<BatchedWriter<Shared>>,
    tokens: u64,
    /// Tokens of each document so far.
    per_doc: Vec<u32>,
}

/// Writes an index: token batches as they come (in corpus order), then the forms and
/// `index.json`; the folder appears in place only at [`IndexWriter::finish`], replacing an
/// earlier dateline index (never a folder dateline did not write).
pub struct IndexWriter {
    corpus: PathBuf,
    dir: PathBuf,
    staging: PathBuf,
    sinks: Vec<TokensSink>,
    mentions: Option<MentionsSink>,
    rows: u64,
    done: bool,
}

struct MentionsSink {
    fingerprint: String,
    path: PathBuf,
    file: Shared,
    writer: Option<BatchedWriter<Shared>>,
    rows: u64,
    mentions: u64,
    per_doc: Vec<u32>,
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
                per_doc: Vec::new(),
            });
        }
        Ok(IndexWriter {
            corpus: corpus.to_path_buf(),
            dir,
            staging,
            sinks,
            mentions: None,
            rows: 0,
            done: false,
        })
    }

    /// Also stores the person and country mentions, found by the extractor of `fingerprint`
    /// ([`IndexWriter::write_mentions`], batch by batch beside [`IndexWriter::write`]).
    ///
    /// # Errors
    /// When the file cannot be made.
    pub fn with_mentions(mut self, fingerprint: &str) -> Result<IndexWriter, TablesError> {
        let path = self.staging.join(MENTIONS_FILE);
        let f = File::create(&path).map_err(io("create", &path))?;
        self.mentions = Some(MentionsSink {
            fingerprint: fingerprint.to_string(),
            path,
            file: Shared(Arc::new(Mutex::new(std::io::BufWriter::with_capacity(
                1 << 20,
                f,
            )))),
            writer: None,
            rows: 0,
            mentions: 0,
            per_doc: Vec::new(),
        });
        Ok(self)
    }

    /// Appends the mentions of the next batch of documents (the batch given to
    /// [`IndexWriter::write`]).
    ///
    /// # Errors
    /// On a write error, or when the index was not made [`IndexWriter::with_mentions`].
    pub fn write_mentions(&mut self, batch: &MentionBatch) -> Result<(), TablesError> {
        let Some(sink) = self.mentions.as_mut() else {
            return Err(TablesError::Refused {
                path: self.staging.clone(),
                reason: "this index was not made to store mentions".into(),
            });
        };
        if batch.docs() == 0 {
            return Ok(());
        }
        let df = mentions_frame(batch, sink.rows).map_err(pq(&sink.path))?;
        append_batch(&sink.file, &mut sink.writer, &sink.path, &df)?;
        sink.rows += batch.docs() as u64;
        sink.mentions += batch.mentions.len() as u64;
        sink.per_doc
            .extend(batch.offsets.windows(2).map(|w| w[1] - w[0]));
        Ok(())
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
            append_batch(&sink.file, &mut sink.writer, &sink.path, &df)?;
            sink.tokens += s.tokens() as u64;
            sink.per_doc
                .extend(s.offsets.windows(2).map(|w| w[1] - w[0]));
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
            let rules = sink.rules;
            close_batches(&sink.file, sink.writer.take(), &sink.path, || {
                // No document: an empty table with the columns.
                tokens_frame(
                    rules,
                    &StreamBatch {
                        offsets: vec![0],
                        ..StreamBatch::default()
                    },
                    0,
                )
            })?;
            let path = self.staging.join(forms_file(sink.rules));
            write_forms(&path, vocab)?;
            entries.push(RulesEntry {
                name: sink.rules.as_str().to_string(),
                forms: vocab.len() as u64,
                tokens: sink.tokens,
            });
        }
        let mut entities = None;
        if let Some(sink) = self.mentions.as_mut() {
            if sink.rows != self.rows {
                return Err(TablesError::Refused {
                    path: sink.path.clone(),
                    reason: format!(
                        "mentions of {} documents written for {} documents of tokens",
                        sink.rows, self.rows
                    ),
                });
            }
            close_batches(&sink.file, sink.writer.take(), &sink.path, || {
                mentions_frame(&MentionBatch::default(), 0)
            })?;
            entities = Some(EntitiesEntry {
                fingerprint: sink.fingerprint.clone(),
                mentions: sink.mentions,
            });
        }
        let docs_path = self.staging.join(DOCS_FILE);
        let mut cols = vec![u32_col("row", (0..self.rows as u32).collect())];
        for sink in &mut self.sinks {
            let name = format!("tokens_{}", sink.rules.as_str());
            cols.push(u32_col(&name, std::mem::take(&mut sink.per_doc)));
        }
        if let Some(sink) = self.mentions.as_mut() {
            cols.push(u32_col("mentions", std::mem::take(&mut sink.per_doc)));
        }
        write_frame(
            &docs_path,
            DataFrame::new_infer_height(cols).map_err(pq(&docs_path))?,
        )?;
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
            entities,
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

fn u32_col(name: &str, v: Vec<u32>) -> polars::prelude::Column {
    Series::new(name.into(), v).into_column()
}

/// One row per token: the corpus row, the form, the start as an advance from the previous
/// token's start (from 0 for a document's first), the length (plain rules), the sentence.
fn tokens_frame(
    rules: Rules,
    s: &StreamBatch,
    row0: u64,
) -> polars::prelude::PolarsResult<DataFrame> {
    let n = s.tokens();
    let mut rows = Vec::with_capacity(n);
    let mut advance = Vec::with_capacity(n);
    for d in 0..s.docs() {
        let r = s.offsets[d] as usize..s.offsets[d + 1] as usize;
        let mut prev = 0u32;
        for k in r {
            rows.push((row0 + d as u64) as u32);
            advance.push(s.starts[k] - prev);
            prev = s.starts[k];
        }
    }
    let mut cols = vec![
        u32_col("row", rows),
        u32_col("form", s.forms.clone()),
        u32_col("advance", advance),
    ];
    if rules == Rules::Plain {
        let lens = s.ends.iter().zip(&s.starts).map(|(e, b)| e - b).collect();
        cols.push(u32_col("len", lens));
    }
    cols.push(u32_col("sentence", s.sentences.clone()));
    DataFrame::new_infer_height(cols)
}

/// One row per mention: the corpus row, the kind, the entity, its name, the surface and the
/// byte span in the document's text.
fn mentions_frame(b: &MentionBatch, row0: u64) -> polars::prelude::PolarsResult<DataFrame> {
    let n = b.mentions.len();
    let mut rows = Vec::with_capacity(n);
    for d in 0..b.docs() {
        let k = b.offsets[d + 1] - b.offsets[d];
        rows.extend(std::iter::repeat_n((row0 + d as u64) as u32, k as usize));
    }
    let strs = |f: fn(&Mention) -> &str| -> Vec<&str> { b.mentions.iter().map(f).collect() };
    let u32s =
        |f: fn(&Mention) -> usize| -> Vec<u32> { b.mentions.iter().map(|m| f(m) as u32).collect() };
    DataFrame::new_infer_height(vec![
        u32_col("row", rows),
        Series::new("kind".into(), strs(|m| m.kind.as_str())).into_column(),
        Series::new("entity_id".into(), strs(|m| &m.entity_id)).into_column(),
        Series::new("name".into(), strs(|m| &m.name)).into_column(),
        Series::new("surface".into(), strs(|m| &m.surface)).into_column(),
        u32_col("start", u32s(|m| m.start)),
        u32_col("end", u32s(|m| m.end)),
    ])
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
    let df = DataFrame::new_infer_height(vec![
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
    write_frame(path, df)
}

/// Writes a small table to `path` (in the staging folder) and syncs it.
fn write_frame(path: &Path, mut df: DataFrame) -> Result<(), TablesError> {
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
        IndexState::Ready(r) => *r,
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

/// The extractor whose mentions an index stores: `dateline entities`' default (the built-in
/// lists, the name finder and demonyms on, no `--people` or `--countries` file).
pub fn stored_extractor() -> dateline_entities::ExtractorChoice<'static> {
    dateline_entities::ExtractorChoice {
        people: None,
        countries: None,
        name_finder: true,
        demonyms: true,
    }
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
    // The mentions of the extractor `dateline entities` uses by default: built-in lists,
    // name finder and demonyms on.
    let choice = stored_extractor();
    let list_error = |e: dateline_entities::ListFileError| TablesError::Dataset {
        path: corpus.to_path_buf(),
        reason: e.to_string(),
    };
    let extractor = choice.extractor().map_err(list_error)?;
    let mut writer = IndexWriter::create(corpus, &Rules::ALL)?
        .with_mentions(&choice.fingerprint().map_err(list_error)?)?;
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
            writer.write_mentions(&MentionBatch::extract(&extractor, &docs))?;
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
    /// Per rule set (in `meta.rules` order), where each document's tokens start (one more
    /// entry than documents).
    prefix: Vec<Vec<u64>>,
    /// Where each document's stored mentions start, when the index stores mentions.
    mention_prefix: Option<Vec<u64>>,
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

    /// The fingerprint of the extractor the stored mentions were found with, if the index
    /// stores mentions.
    pub fn mentions_fingerprint(&self) -> Option<&str> {
        self.meta.entities.as_ref().map(|e| e.fingerprint.as_str())
    }

    /// The stored mentions of corpus rows `start..start + len`.
    ///
    /// # Errors
    /// When the index stores none, or the file cannot be read or does not hold what
    /// `docs.parquet` counts.
    pub fn mentions(&self, start: usize, len: usize) -> Result<MentionBatch, TablesError> {
        let path = self.dir.join(MENTIONS_FILE);
        let bad = |what: String| TablesError::Dataset {
            path: path.clone(),
            reason: format!("not an index mentions table: {what}"),
        };
        let prefix = self
            .mention_prefix
            .as_ref()
            .ok_or_else(|| bad("the index stores no mentions".into()))?;
        if start + len >= prefix.len() {
            return Err(bad(format!(
                "rows {start}..{} asked of {}",
                start + len,
                prefix.len() - 1
            )));
        }
        let (m0, m1) = (prefix[start], prefix[start + len]);
        let f = File::open(&path).map_err(io("read", &path))?;
        let df = ParquetReader::new(f)
            .with_slice(Some((m0 as usize, (m1 - m0) as usize)))
            .finish()
            .map_err(pq(&path))?;
        if df.height() as u64 != m1 - m0 {
            return Err(bad(format!(
                "{} mentions where {} were counted",
                df.height(),
                m1 - m0
            )));
        }
        let text = |name: &str| -> Result<polars::prelude::StringChunked, TablesError> {
            let c = df.column(name).map_err(|_| bad(format!("no `{name}`")))?;
            Ok(c.str()
                .map_err(|_| bad(format!("`{name}` is not text")))?
                .clone())
        };
        let num = |name: &str| -> Result<Vec<u32>, TablesError> {
            let c = df.column(name).map_err(|_| bad(format!("no `{name}`")))?;
            let ca = c.u32().map_err(|_| bad(format!("`{name}` is not u32")))?;
            let ca = ca.rechunk();
            Ok(ca
                .cont_slice()
                .map_err(|_| bad(format!("`{name}` has missing values")))?
                .to_vec())
        };
        let (kind, id, name, surface) = (
            text("kind")?,
            text("entity_id")?,
            text("name")?,
            text("surface")?,
        );
        let (starts, ends) = (num("start")?, num("end")?);
        let missing = || bad("a missing value".into());
        let mut mentions = Vec::with_capacity(df.height());
        for (i, (((k, id), name), surface)) in kind
            .iter()
            .zip(id.iter())
            .zip(name.iter())
            .zip(surface.iter())
            .enumerate()
        {
            let kind = match k {
                Some("person") => EntityType::Person,
                Some("country") => EntityType::Country,
                other => return Err(bad(format!("kind {other:?}"))),
            };
            mentions.push(Mention {
                kind,
                entity_id: id.ok_or_else(missing)?.to_string(),
                name: name.ok_or_else(missing)?.to_string(),
                surface: surface.ok_or_else(missing)?.to_string(),
                start: starts[i] as usize,
                end: ends[i] as usize,
            });
        }
        let offsets = prefix[start..=start + len]
            .iter()
            .map(|p| (p - m0) as u32)
            .collect();
        Ok(MentionBatch { offsets, mentions })
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

    /// The streams of corpus rows `start..start + len` under `rules`; with `positions` false,
    /// only each token's form (one column read instead of three: enough for an analysis that
    /// counts from the forms, [`StreamBatch::has_positions`] false).
    ///
    /// # Errors
    /// When the file cannot be read or does not hold the tokens `docs.parquet` counts.
    pub fn streams(
        &self,
        rules: Rules,
        start: usize,
        len: usize,
        positions: bool,
    ) -> Result<StreamBatch, TablesError> {
        let path = self.dir.join(tokens_file(rules));
        let bad = |what: String| TablesError::Dataset {
            path: path.clone(),
            reason: format!("not an index tokens table: {what}"),
        };
        let k = self
            .meta
            .rules
            .iter()
            .position(|r| r.name == rules.as_str())
            .ok_or_else(|| bad(format!("no `{}` tokens", rules.as_str())))?;
        let prefix = &self.prefix[k];
        if start + len >= prefix.len() {
            return Err(bad(format!(
                "rows {start}..{} asked of {}",
                start + len,
                prefix.len() - 1
            )));
        }
        let (t0, t1) = (prefix[start], prefix[start + len]);
        let mut columns = vec!["form".into()];
        if positions {
            columns.extend(["advance".into(), "sentence".into()]);
            if rules == Rules::Plain {
                columns.push("len".into());
            }
        }
        let f = File::open(&path).map_err(io("read", &path))?;
        let df = ParquetReader::new(f)
            .with_columns(Some(columns))
            .with_slice(Some((t0 as usize, (t1 - t0) as usize)))
            .finish()
            .map_err(pq(&path))?;
        if df.height() as u64 != t1 - t0 {
            return Err(bad(format!(
                "{} tokens where {} were counted",
                df.height(),
                t1 - t0
            )));
        }
        let col = |name: &str| -> Result<Vec<u32>, TablesError> {
            let c = df.column(name).map_err(|_| bad(format!("no `{name}`")))?;
            let ca = c.u32().map_err(|_| bad(format!("`{name}` is not u32")))?;
            let ca = ca.rechunk();
            let v = ca
                .cont_slice()
                .map_err(|_| bad(format!("`{name}` has missing values")))?;
            Ok(v.to_vec())
        };
        let forms = col("form")?;
        let offsets: Vec<u32> = prefix[start..=start + len]
            .iter()
            .map(|p| (p - t0) as u32)
            .collect();
        if !positions {
            return Ok(StreamBatch {
                offsets,
                forms,
                ..StreamBatch::default()
            });
        }
        let advance = col("advance")?;
        let sentences = col("sentence")?;
        let mut starts = Vec::with_capacity(advance.len());
        for w in offsets.windows(2) {
            let mut at = 0u32;
            for &a in &advance[w[0] as usize..w[1] as usize] {
                at += a;
                starts.push(at);
            }
        }
        let ends = if rules == Rules::Plain {
            col("len")?
                .iter()
                .zip(&starts)
                .map(|(l, s)| s + l)
                .collect()
        } else {
            Vec::new()
        };
        Ok(StreamBatch {
            offsets,
            forms,
            starts,
            ends,
            sentences,
            mentions: None,
        })
    }
}

/// Where each document's rows start, from a column of counts per document.
fn prefix_of(df: &DataFrame, name: &str, path: &Path, total: u64) -> Result<Vec<u64>, String> {
    let c = df
        .column(name)
        .map_err(|_| format!("{} has no `{name}`", path.display()))?
        .u32()
        .map_err(|_| format!("`{name}` is not u32"))?
        .rechunk();
    let v = c
        .cont_slice()
        .map_err(|_| format!("`{name}` has missing values"))?;
    let mut p = Vec::with_capacity(v.len() + 1);
    let mut at = 0u64;
    p.push(0);
    for &n in v {
        at += u64::from(n);
        p.push(at);
    }
    if at != total {
        return Err(format!(
            "{} counts {at} in `{name}`, index.json {total}",
            path.display()
        ));
    }
    Ok(p)
}

/// What `docs.parquet` gives: per rule set, where each document's tokens start, and where its
/// mentions start (when stored).
type Prefixes = (Vec<Vec<u64>>, Option<Vec<u64>>);

/// Reads `docs.parquet`.
fn read_prefix(dir: &Path, meta: &IndexMeta) -> Result<Prefixes, String> {
    let path = dir.join(DOCS_FILE);
    let f = File::open(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let df = ParquetReader::new(f)
        .finish()
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if df.height() as u64 != meta.rows {
        return Err(format!(
            "{} counts {} documents, index.json {}",
            path.display(),
            df.height(),
            meta.rows
        ));
    }
    let mut out = Vec::new();
    for r in &meta.rules {
        out.push(prefix_of(
            &df,
            &format!("tokens_{}", r.name),
            &path,
            r.tokens,
        )?);
    }
    let mentions = match &meta.entities {
        Some(e) => Some(prefix_of(&df, "mentions", &path, e.mentions)?),
        None => None,
    };
    Ok((out, mentions))
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
        let mut w = IndexWriter::create(&corpus, &Rules::ALL)
            .unwrap()
            .with_mentions("f00d")
            .unwrap();
        let x = stored_extractor().extractor().unwrap();
        let first = b.add_batch(&docs[..2]);
        w.write(&first).unwrap();
        let m1 = MentionBatch::extract(&x, &docs[..2]);
        w.write_mentions(&m1).unwrap();
        let second = b.add_batch(&docs[2..]);
        w.write(&second).unwrap();
        let m2 = MentionBatch::extract(&x, &docs[2..]);
        w.write_mentions(&m2).unwrap();
        let vocabs = b.into_vocabs();
        let meta = w.finish(&vocabs, "test").unwrap();
        assert_eq!(meta.rows, 3);
        // Mentions: "UN" is no country (an organization), "U.S." is the USA, twice (also in
        // "U.S.-DPRK", with the DPRK). The extractor also takes the "US" of the ALL-CAPS title
        // "LET US UNITE" for the USA, in each document (the empty one's title too): the
        // tokenizer's acronym rule sees the capitals, the extractor does not (a known gap).
        let kinds = |m: &MentionBatch| -> Vec<(usize, String)> {
            (0..m.docs())
                .flat_map(|d| m.doc(d).iter().map(move |x| (d, x.entity_id.clone())))
                .collect()
        };
        let us = |d: usize| (d, "USA".to_string());
        assert_eq!(kinds(&m1), [us(0), us(0), us(0), (0, "PRK".into()), us(1)]);
        assert_eq!((m1.doc(1)[0].start, m1.doc(1)[0].end), (4, 6));
        assert_eq!(kinds(&m2), [us(0), (0, "kim-jong-un".to_string())]);
        assert_eq!(
            meta.entities,
            Some(EntitiesEntry {
                fingerprint: "f00d".into(),
                mentions: (m1.mentions.len() + m2.mentions.len()) as u64
            })
        );
        let IndexState::Ready(r) = index_state(&corpus).unwrap() else {
            panic!("index not ready")
        };
        for (k, &rules) in Rules::ALL.iter().enumerate() {
            let v = r.forms(rules).unwrap();
            assert_eq!(v.len(), vocabs[k].len());
            for id in 0..v.len() as u32 {
                assert_eq!(v.form(id), vocabs[k].form(id));
            }
            assert_eq!(r.streams(rules, 0, 2, true).unwrap(), first[k]);
            assert_eq!(r.streams(rules, 2, 1, true).unwrap(), second[k]);
            // Forms only: the same forms and document offsets, no positions.
            let bare = r.streams(rules, 0, 2, false).unwrap();
            assert_eq!(
                (&bare.forms, &bare.offsets),
                (&first[k].forms, &first[k].offsets)
            );
            assert!(first[k].has_positions() && !bare.has_positions());
            assert!(bare.starts.is_empty() && bare.sentences.is_empty() && bare.ends.is_empty());
            assert_eq!(
                meta.rules[k].tokens,
                (first[k].tokens() + second[k].tokens()) as u64
            );
        }
        assert_eq!(r.mentions_fingerprint(), Some("f00d"));
        assert_eq!(r.mentions(0, 2).unwrap(), m1);
        assert_eq!(r.mentions(2, 1).unwrap(), m2);
        let mut both = MentionBatch::default();
        both.offsets.push(0);
        for m in [&m1, &m2] {
            for d in 0..m.docs() {
                both.mentions.extend_from_slice(m.doc(d));
                both.offsets.push(both.mentions.len() as u32);
            }
        }
        assert_eq!(r.mentions(0, 3).unwrap(), both);
        assert_eq!(r.mentions(1, 2).unwrap().docs(), 2);
        assert!(r.mentions(2, 2).is_err(), "past the last row");
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
