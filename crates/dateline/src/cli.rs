//! The command line: clap definitions only. Each subcommand lives in `commands/<name>.rs`.
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The parsed command line, kept to tell an option given from its default ([`given`]).
static MATCHES: std::sync::OnceLock<clap::ArgMatches> = std::sync::OnceLock::new();

/// Keeps the parsed command line for [`given`].
pub fn remember(m: clap::ArgMatches) {
    let _ = MATCHES.set(m);
}

/// True when the subcommand's option `id` (its field name: `by`, `keep_case`, …) was given on
/// the command line, not left to its default.
pub fn given(id: &str) -> bool {
    let Some((_, sub)) = MATCHES.get().and_then(clap::ArgMatches::subcommand) else {
        return false;
    };
    sub.ids().any(|i| i.as_str() == id)
        && sub.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
}

/// True when a token option that [`dateline_tables::answer::TOKEN_OPTIONS`] does not list was
/// given: then a counts folder's whole pipeline is compared (an option added later is never
/// ignored).
pub fn given_unlisted_token_option() -> bool {
    let cmd = <TokenOpts as clap::Args>::augment_args(clap::Command::new("tok"));
    let unlisted = cmd.get_arguments().any(|a| {
        let id = a.get_id().as_str();
        id != "pipeline"
            && !dateline_tables::answer::TOKEN_OPTIONS
                .iter()
                .any(|(_, ids)| ids.contains(&id))
            && given(id)
    });
    unlisted
}

fn parse_pipeline(s: &str) -> Result<dateline_tokenize::PipelineName, String> {
    s.parse()
        .map_err(|e: dateline_tokenize::TokenizeError| e.to_string())
}

fn parse_clean_step(s: &str) -> Result<dateline_ingest::CleanStep, String> {
    s.parse()
}

/// Analyse news corpora over time: clean corpora, term trends, keyness, people and countries,
/// co-occurrence, collocations and concordances. Built for North Korean state media in English.
#[derive(Debug, Parser)]
#[command(
    name = "dateline",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Threads to use (default: all cores). Outputs are identical for any thread count.
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bars or summaries on stderr (errors are still printed).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read article files into one clean, dated, deduplicated corpus table.
    ///
    /// Reads KCNA Watch page copies, JSON / JSON Lines (also nested article arrays), CSV/TSV,
    /// HTML article pages and plain text, any of them gzip-, bzip2- or xz-compressed; zip and
    /// tar archives (each member an input, origin `a.zip!/dir/x.txt`); R data frames in `.rds`
    /// and `.rda` files (origin `x.rda!object#row`); folders are read recursively. Writes the
    /// corpus table, a report of what was skipped and why (`<output>.report.csv`) and a
    /// manifest (`<output>.manifest.json`).
    ///
    /// Limits (environment): DATELINE_MAX_INPUT_MB (1024) per input as stored or decompressed,
    /// DATELINE_MAX_DOC_MB (64) per document; larger ones are skipped with the reason.
    ///
    /// Example:
    ///   dateline ingest ../shared/corpora -o corpus.parquet
    #[command(verbatim_doc_comment)]
    Ingest(IngestArgs),
    /// Print the tokens of a document or of stdin, for checking the tokenizer by eye.
    ///
    /// Example:
    ///   echo "The U.S. and the DPRK-Russia summit." | dateline tokens
    ///   dateline tokens corpus.parquet --doc 3f2a9c0d1e2b4a5c
    #[command(verbatim_doc_comment)]
    Tokens(TokensArgs),
    /// Count terms (words, n-grams, phrases) per period, with a `periods` table beside it.
    ///
    /// Example:
    ///   dateline terms corpus.parquet --by month -o terms.parquet
    ///   dateline terms corpus.parquet --by year --ngram 2..2 --top 20 -o bigrams.csv
    #[command(verbatim_doc_comment)]
    Terms(TermsArgs),
    /// Follow queries (words, phrases, globs, `a|b` alternatives) over time, with a chart.
    ///
    /// Example:
    ///   dateline trend corpus.parquet "Russia" "us=United States|U.S.|America" "nuclear*" \
    ///       --by month --smooth 3 --plot trend.svg -o trend.csv
    #[command(verbatim_doc_comment)]
    Trend(TrendArgs),
    /// Dictionary counts: each category of a dictionary (quanteda YAML, LIWC .dic or CSV
    /// `category,entry`) per period, with the entries that matched and the documents.
    ///
    /// Writes the `lookup` table (per period and category: count, docs, tokens, per_10k,
    /// doc_share) and beside it `<output>.entries` (the entries that matched) and
    /// `<output>.docs` (per document). Entries are words, globs (`imperialis*`) and phrases
    /// (`war maniacs`), matched with the tokenization options.
    ///
    /// Example (an illustration, not a validated instrument):
    ///   dateline lookup corpus.parquet --dictionary data/dictionaries/kcna_example.yml \
    ///       --by month -o lookup.parquet
    #[command(verbatim_doc_comment)]
    Lookup(LookupArgs),
    /// Rebuild `report.html` in a results folder of `dateline run` from its tables: one
    /// self-contained page (volume, risers and fallers, keyness, trends, people and countries,
    /// the co-mention network), each section linking to its table.
    ///
    /// Example:
    ///   dateline report out/sample
    #[command(verbatim_doc_comment)]
    Report(ReportArgs),
    /// Explore a corpus in the browser: a local web server (127.0.0.1, a free port by
    /// default, printed with the URL) and one page where a query shows at once its trend with
    /// the corpus' volume, its concordance lines, collocates, co-occurring terms, the people
    /// and countries around it, and the keyness of two brushed date ranges. The JSON API
    /// behind it (`/api/v1/…`, docs/explorer.md) answers every view also as the CSV the
    /// command line writes (`format=csv`). Stop it with Ctrl-C.
    ///
    /// Example:
    ///   dateline explore corpus.parquet
    ///   dateline explore corpus.parquet --port 8080
    #[command(verbatim_doc_comment)]
    Explore(ExploreArgs),
    /// Keyness: which terms distinguish date range A from date range B (G², χ², log ratio).
    ///
    /// Example:
    ///   dateline compare corpus.parquet --a 2017-01-01..2017-12-31 --b 2018 -o keyness.csv
    #[command(verbatim_doc_comment)]
    Compare(CompareArgs),
    /// People and country mentions: every mention, counts per period, co-mention networks.
    ///
    /// Example:
    ///   dateline entities corpus.parquet --by month -o entities/
    ///   dateline entities corpus.parquet --top 20 --by year --plot people.svg -o entities/
    #[command(verbatim_doc_comment)]
    Entities(EntitiesArgs),
    /// What is said next to a target phrase, per period (window, sentence or document).
    ///
    /// Example:
    ///   dateline cooccur corpus.parquet --target nuclear --window 5 --by year -o cooccur.parquet
    #[command(verbatim_doc_comment)]
    Cooccur(CooccurArgs),
    /// Multi-word expressions of each period, scored by PMI, NPMI, G² or t-score.
    ///
    /// Example:
    ///   dateline collocations corpus.parquet --size 2..4 --by year --min-count 5 --measure npmi
    #[command(verbatim_doc_comment)]
    Collocations(CollocationsArgs),
    /// Concordance (keyword in context) lines, aligned on the match.
    ///
    /// Example:
    ///   dateline kwic corpus.parquet "Kim Jong Un" --window 10 --from 2018-01-01 --to 2018-12-31
    #[command(verbatim_doc_comment)]
    Kwic(KwicArgs),
    /// Run a whole study from a TOML file (default: the sample study `data/dateline.toml`).
    ///
    /// Example:
    ///   dateline run
    ///   dateline run study.toml --force
    #[command(verbatim_doc_comment)]
    Run(RunArgs),
    /// Write a commented example study file.
    ///
    /// Example:
    ///   dateline init study.toml
    #[command(verbatim_doc_comment)]
    Init(InitArgs),
    /// Count terms of one shard of the corpus into a counts folder (additive; see `merge`).
    ///
    /// Example (4 shards, in parallel, then merged):
    ///   parallel dateline count corpus.parquet --by month --shard {}/4 -o counts/{} ::: 1 2 3 4
    ///   dateline merge counts/1 counts/2 counts/3 counts/4 -o counts/all
    ///   dateline terms counts/all -o terms.parquet
    #[command(verbatim_doc_comment)]
    Count(CountArgs),
    /// Sum counts folders made by `dateline count` (the shards of one corpus).
    ///
    /// Refuses folders of other corpora, other shard plans or other options, and a shard given
    /// twice; names the missing shards of the plan (`--partial` merges without them).
    Merge(MergeArgs),
    /// Tokenize a corpus table once into its index (`corpus.index/` beside `corpus.parquet`),
    /// so that every later analysis reads token ids instead of tokenizing the text.
    ///
    /// `dateline ingest` writes the index with the corpus; this makes (or remakes) it for a
    /// corpus that has none, or whose index no longer matches it (docs/index.md).
    ///
    /// Example:
    ///   dateline index corpus.parquet
    #[command(verbatim_doc_comment)]
    Index(IndexArgs),
    /// Print the documented schema of every output table (Markdown with --markdown).
    Schema(SchemaArgs),
}

/// Options of the tokenization pipeline, shared by every analysis.
#[derive(Debug, Clone, Args, serde::Serialize)]
#[command(next_help_heading = "Tokenization")]
pub struct TokenOpts {
    /// A named pipeline to start from: `default`, `stemmed`, or `plain` (the benchmark peers'
    /// simpler token definition: letters and digits with inner `'` or `-`, no abbreviations).
    #[arg(long, value_name = "NAME", default_value = "default", value_parser = parse_pipeline)]
    pub pipeline: dateline_tokenize::PipelineName,
    /// Keep the case of tokens (default: lower-case).
    #[arg(long, overrides_with = "lowercase")]
    pub keep_case: bool,
    /// Lower-case tokens (the default).
    #[arg(long, overrides_with = "keep_case")]
    pub lowercase: bool,
    /// Stopwords: `english` (the Snowball list, the default), `none`, `FILE` (one word per
    /// line: its words REPLACE the English list), `english+FILE` (the English list plus the
    /// file's words; `english+a.txt+b.txt` adds two files) or `none+FILE` (the file's words
    /// only, as FILE).
    #[arg(long, value_name = "english|none|FILE|english+FILE")]
    pub stopwords: Option<String>,
    /// Snowball English stemming.
    #[arg(long)]
    pub stem: bool,
    /// Leave out tokens shorter than N characters.
    #[arg(long, value_name = "N")]
    pub min_len: Option<usize>,
    /// Keep numbers ("2024", "1,000", "10th") as tokens.
    #[arg(long)]
    pub keep_numbers: bool,
    /// Keep possessives ("people's") instead of folding them ("people").
    #[arg(long)]
    pub keep_possessive: bool,
    /// Count the parts of hyphenated compounds ("dprk", "russia") instead of the compound.
    #[arg(long)]
    pub split_hyphens: bool,
    /// A file of multi-word expressions, one per line, counted as single tokens.
    #[arg(long, value_name = "FILE")]
    pub phrases: Option<PathBuf>,
    /// A multi-word expression counted as one token (repeatable): --phrase "Kim Jong Un".
    #[arg(long, value_name = "TEXT")]
    pub phrase: Vec<String>,
    /// Tokenize the text even when the corpus has an index (the results are the same).
    #[arg(long)]
    #[serde(skip)]
    pub no_index: bool,
}

/// `dateline index`.
#[derive(Debug, Args, serde::Serialize)]
pub struct IndexArgs {
    /// The corpus table (`.parquet` or `.csv`).
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
}

/// Which documents and which periods an analysis covers.
#[derive(Debug, Clone, Args, serde::Serialize)]
#[command(next_help_heading = "Documents and periods")]
pub struct PeriodOpts {
    /// Period length.
    #[arg(long, value_enum, default_value = "month")]
    pub by: ByArg,
    /// First date analysed (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last date analysed (YYYY, YYYY-MM or YYYY-MM-DD; a year or month means its last day).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Analyse documents in this language: an ISO 639-1 code or English name in any case
    /// (`en`, `EN`, `english`, `es`, `spanish`, …), `und` (undetermined: stubs and texts too
    /// short to tell; not English) or `all`.
    #[arg(long, value_name = "CODE", default_value = "en", value_parser = lang_arg)]
    pub lang: String,
}

/// Where and how tables are written.
#[derive(Debug, Clone, Args, serde::Serialize)]
#[command(next_help_heading = "Output")]
pub struct OutputOpts {
    /// Output file (`.csv` or `.parquet`); without it, CSV goes to stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Format when it should not follow the file extension.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write tables with a `period` column as Parquet datasets partitioned by period: `-o
    /// terms.parquet` makes the folder `terms/` (`terms/period=2018-01/part-0.parquet`, …).
    #[arg(long)]
    pub partition: bool,
}

/// Period lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ByArg {
    /// Calendar days.
    Day,
    /// ISO weeks (Monday to Sunday).
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
    /// The whole range as one period.
    All,
    /// Per document (only `terms`): sparse document-term triplets.
    Doc,
}

/// Table formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormatArg {
    /// CSV only.
    Csv,
    /// Parquet only.
    Parquet,
    /// Both, side by side.
    Both,
}

/// `dateline ingest`.
#[derive(Debug, Args, serde::Serialize)]
pub struct IngestArgs {
    /// Files or folders (read recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The corpus table to write (`.parquet` or `.csv`).
    #[arg(long, short, value_name = "FILE", default_value = "corpus.parquet")]
    pub output: PathBuf,
    /// Do not write the corpus' index (`<output>.index/`, tokens as ids for fast analyses;
    /// `dateline index` makes it later).
    #[arg(long)]
    pub no_index: bool,
    /// Input format, when detection from extension and content should be overridden.
    #[arg(long, value_name = "kcna|json|jsonl|csv|tsv|html|text")]
    pub format: Option<String>,
    /// Keep "More From" teasers as documents of kind `teaser`.
    #[arg(long)]
    pub teasers: bool,
    /// JSON: the field that holds the nested article array (e.g. `articles`).
    #[arg(long, value_name = "FIELD", help_heading = "Field mapping")]
    pub records: Option<String>,
    /// JSON: the text field.
    #[arg(long, value_name = "FIELD", help_heading = "Field mapping")]
    pub text_field: Option<String>,
    /// JSON: the title field.
    #[arg(long, value_name = "FIELD", help_heading = "Field mapping")]
    pub title_field: Option<String>,
    /// JSON: the date field.
    #[arg(long, value_name = "FIELD", help_heading = "Field mapping")]
    pub date_field: Option<String>,
    /// CSV: the text column.
    #[arg(long, value_name = "COLUMN", help_heading = "Field mapping")]
    pub text_col: Option<String>,
    /// CSV: the title column.
    #[arg(long, value_name = "COLUMN", help_heading = "Field mapping")]
    pub title_col: Option<String>,
    /// CSV: the date column.
    #[arg(long, value_name = "COLUMN", help_heading = "Field mapping")]
    pub date_col: Option<String>,
    /// Order of day and month in slash dates such as `03/10/2022`. Without it a slash date is
    /// read only when its order is certain (a part above 12, or both parts equal), and page
    /// copies' `Date:` lines are read day first; other slash dates are left undated with one
    /// warning per file.
    #[arg(long, value_name = "dmy|mdy", help_heading = "Dates")]
    pub date_order: Option<String>,
    /// Which date a document takes: `auto` (the record's field or `Date:` line, else the
    /// `www.kcna.kp (YYYY.MM.DD.)` end line, else the file name), `field` (the same without the
    /// file name), `dateline` (the in-text KCNA dateline `Pyongyang, March 9 (KCNA)`, its year
    /// from the `auto` date; the `auto` date when there is none) or `filename` (the file
    /// name's date only).
    #[arg(
        long,
        value_name = "auto|field|dateline|filename",
        default_value = "auto",
        help_heading = "Dates"
    )]
    pub date_from: String,
    /// Set the `source` column of every document.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Turn off cleaning steps (repeatable): entities, whitespace, nfc, repeated-title,
    /// dateline, end-marks, byline.
    #[arg(long, value_name = "STEP", help_heading = "Cleaning", value_parser = parse_clean_step)]
    pub no_clean: Vec<dateline_ingest::CleanStep>,
    /// Which records are copies of one document: `same-day` (the same normalized title and
    /// body on dates at most one day apart; a reprint later is a document of its own), `text`
    /// (the same text on any date), `none` (every record is a document). Every copy left out
    /// is listed in `<output>.duplicates.csv` (or `.parquet`).
    #[arg(long, value_name = "same-day|text|none", default_value = "same-day")]
    pub dedupe: String,
    /// CSV/TSV: a cell value that means "missing" (repeatable; replaces the default `NA`; an
    /// empty cell is always missing, so `--na ""` reads `NA` as text).
    #[arg(long, value_name = "STRING")]
    pub na: Vec<String>,
    /// Exit 0 even when files or records were skipped (a run that keeps no document still
    /// exits 1).
    #[arg(long)]
    pub lenient: bool,
}

/// `dateline tokens`.
#[derive(Debug, Args, serde::Serialize)]
pub struct TokensArgs {
    /// A corpus table, or a text file; stdin when absent.
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// With a corpus table: the document to show (doc_id, or 0-based row number).
    #[arg(long, value_name = "ID")]
    pub doc: Option<String>,
    /// Also list the n-grams of this size.
    #[arg(long, value_name = "N")]
    pub ngram: Option<usize>,
    /// Tokenization options.
    #[command(flatten)]
    pub tok: TokenOpts,
}

/// `dateline terms`.
#[derive(Debug, Args, serde::Serialize)]
pub struct TermsArgs {
    /// The corpus table (`dateline ingest` output), or a counts folder (`dateline count`/`merge`):
    /// options left out take the counted values; options given are derived from the counts
    /// (coarser --by, --from/--to on period boundaries, fewer --ngram sizes) or refused.
    #[arg(value_name = "CORPUS|COUNTS")]
    pub corpus: PathBuf,
    /// N-gram sizes, `1`, `2..3` (1 to 5).
    #[arg(long, value_name = "N|A..B", default_value = "1")]
    pub ngram: String,
    /// Keep the N most frequent terms of each period.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Leave out terms with fewer occurrences in a period.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: u64,
    /// Count separately for each value of a corpus column (e.g. `source`).
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
    /// Keep n-grams that begin or end with a stopword.
    #[arg(long)]
    pub keep_stop_edges: bool,
    /// Periods and documents.
    #[command(flatten)]
    pub period: PeriodOpts,
    /// Tokenization options.
    #[command(flatten)]
    pub tok: TokenOpts,
    /// Output.
    #[command(flatten)]
    pub out: OutputOpts,
}

/// `dateline trend`.
#[derive(Debug, Args, serde::Serialize)]
pub struct TrendArgs {
    /// The corpus table.
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// Queries: words, phrases, globs (`nuclear*`), alternatives (`a|b`), labels (`us=U.S.|America`).
    #[arg(required = true, value_name = "QUERY")]
    pub queries: Vec<String>,
    /// Smooth per_10k with a trailing mean over N periods.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub smooth: usize,
    /// Draw the trends to an SVG or PNG file (more than five queries as small multiples).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Plot `count` rather than `per_10k` (or `smoothed` when --smooth > 1).
    #[arg(long)]
    pub plot_counts: bool,
    /// Add a panel with the documents of each period under the chart.
    #[arg(long, requires = "plot")]
    pub volume: bool,
    /// Chart title and size.
    #[command(flatten)]
    pub chart: ChartOpts,
    /// Periods and documents.
    #[command(flatten)]
    pub period: PeriodOpts,
    /// Tokenization options.
    #[command(flatten)]
    pub tok: TokenOpts,
    /// Output.
    #[command(flatten)]
    pub out: OutputOpts,
}

/// `dateline lookup`.
#[derive(Debug, Args, serde::Serialize)]
pub struct LookupArgs {
    /// The corpus table.
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// The dictionary: quanteda YAML (.yml, .yaml), LIWC (.dic) or CSV (.csv, columns
    /// `category` and `entry`).
    #[arg(long, short = 'd', value_name = "FILE")]
    pub dictionary: PathBuf,
    /// How overlapping matches of one category's entries count: `longest` (a token counts
    /// at most once per category, as quanteda does) or `each` (once per entry).
    #[arg(long, value_enum, default_value_t = OverlapArg::Longest)]
    pub overlap: OverlapArg,
    /// Periods and documents.
    #[command(flatten)]
    pub period: PeriodOpts,
    /// Tokenization options.
    #[command(flatten)]
    pub tok: TokenOpts,
    /// Output.
    #[command(flatten)]
    pub out: OutputOpts,
}

/// `--overlap` of `dateline lookup` (a study's `[lookup] overlap`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum OverlapArg {
    /// Leftmost-longest within a category.
    #[default]
    Longest,
    /// Every entry counts its own matches.
    Each,
}

impl From<OverlapArg> for dateline_analytics::lookup::Overlap {
    fn from(o: OverlapArg) -> Self {
        match o {
            OverlapArg::Longest => Self::Longest,
            OverlapArg::Each => Self::Each,
        }
    }
}

/// Multiple-testing corrections (`--correction`, a study's `correction`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum CorrectionArg {
    /// None.
    #[default]
    None,
    /// Bonferroni.
    Bonferroni,
    /// Benjamini–Hochberg (false discovery rate).
    Bh,
}

impl From<CorrectionArg> for dateline_analytics::keyness::Correction {
    fn from(c: CorrectionArg) -> Self {
        match c {
            CorrectionArg::None => Self::None,
            CorrectionArg::Bonferroni => Self::Bonferroni,
            CorrectionArg::Bh => Self::BenjaminiHochberg,
        }
    }
}

/// What co-mentions are counted in (`--co-scope`, a study's `co_scope`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum CoScopeArg {
    /// The whole document.
    #[default]
    Document,
    /// One sentence.
    Sentence,
}

impl CoScopeArg {
    /// Co-mentions per sentence.
    pub fn sentence(self) -> bool {
        self == CoScopeArg::Sentence
    }
}

/// Keyness sort keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeynessSortArg {
    /// Signed G².
    G2,
    /// Log ratio.
    LogRatio,
    /// Signed χ².
    Chi2,
}

/// `dateline compare`.
#[derive(Debug, Args, serde::Serialize)]
pub struct CompareArgs {
    /// The corpus table.
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// Date range A: `2017-01-01..2017-12-31`, `2017-03`, `2017`, `2017..2018`.
    #[arg(long, value_name = "RANGE")]
    pub a: Option<String>,
    /// Date range B (same forms); default: everything not in A.
    #[arg(long, value_name = "RANGE")]
    pub b: Option<String>,
    /// Subset A by a corpus column: `source=Rodong Sinmun`.
    #[arg(long, value_name = "COLUMN=VALUE")]
    pub a_where: Option<String>,
    /// Subset B by a corpus column.
    #[arg(long, value_name = "COLUMN=VALUE")]
    pub b_where: Option<String>,
    /// Compare A against an external frequency list (CSV with columns `term,count`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["b", "b_where"])]
    pub reference: Option<PathBuf>,
    /// N-gram sizes.
    #[arg(long, value_name = "N|A..B", default_value = "1")]
    pub ngram: String,
    /// Minimum count in A and B together.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_count: u64,
    /// Multiple-testing correction of p-values.
    #[arg(long, value_enum, default_value = "none")]
    pub correction: CorrectionArg,
    /// Sort by this statistic (A's keywords first).
    #[arg(long, value_enum, default_value = "g2")]
    pub sort: KeynessSortArg,
    /// Keep the N top rows.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Analyse documents in this language: a code or English name in any case (`en`,
    /// `english`, `es`, …), `und` (undetermined) or `all`.
    #[arg(long, value_name = "CODE", default_value = "en", value_parser = lang_arg)]
    pub lang: String,
    /// Tokenization options.
    #[command(flatten)]
    pub tok: TokenOpts,
    /// Output.
    #[command(flatten)]
    pub out: OutputOpts,
}

/// `dateline entities`.
#[derive(Debug, Args, serde::Serialize)]
pub struct EntitiesArgs {
    /// The corpus table, or a counts folder made with `dateline count --entities` (then only
    /// `entity_counts` is written).
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// Output folder for `mentions`, `entity_counts`, `co_mentions` (and `unmatched`).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Table format in the folder (default: both; parquet with --partition).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write `entity_counts` and `co_mentions` as Parquet datasets partitioned by period
    /// (`DIR/entity_counts/period=2018-01/part-0.parquet`, …); `mentions` stays one file.
    #[arg(long)]
    pub partition: bool,
    /// Extra people: a CSV with columns id,name,aliases.
    #[arg(long, value_name = "FILE")]
    pub people: Option<PathBuf>,
    /// Extra country forms: a CSV with columns id,name,kind,form.
    #[arg(long, value_name = "FILE")]
    pub countries: Option<PathBuf>,
    /// Keep zero rows for these entities (entity ids, repeatable).
    #[arg(long, value_name = "ID")]
    pub track: Vec<String>,
    /// Keep the N most mentioned entities of each type per period in entity_counts.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Co-mentions within the same `document` or `sentence`.
    #[arg(long, value_name = "UNIT", value_enum, default_value_t = CoScopeArg::Document)]
    pub co_scope: CoScopeArg,
    /// Only people found in the gazetteers (turn off the name finder).
    #[arg(long)]
    pub no_name_finder: bool,
    /// Do not count demonyms ("Russian") as country mentions.
    #[arg(long)]
    pub no_demonyms: bool,
    /// Also list the capitalized names the finder could not resolve (`unmatched` table).
    #[arg(long)]
    pub unmatched: bool,
    /// Tokenize the text and extract the mentions from it even when the corpus' index holds
    /// them (the results are the same).
    #[arg(long)]
    #[serde(skip)]
    pub no_index: bool,
    /// Draw the leading entities over time (SVG or PNG, by the extension), as mentions per
    /// 10,000 tokens; more than five as small multiples.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Plot raw mention counts rather than rates.
    #[arg(long)]
    pub plot_counts: bool,
    /// Chart title and size.
    #[command(flatten)]
    pub chart: ChartOpts,
    /// Also write the co-mention network of each period as a graph file in the output
    /// folder (`networks/co_mentions.<period>.graphml` or `.gexf`; repeatable).
    #[arg(long, value_enum, value_name = "FORMAT", requires = "output")]
    pub graph: Vec<GraphArg>,
    /// Draw the co-mention network of the most mentioned entities (SVG; with several
    /// periods, one file per period: `net.2018.svg`). Use `--by all` with `--from`/`--to`
    /// for the network of a range.
    #[arg(long, value_name = "FILE")]
    pub network_plot: Option<PathBuf>,
    /// Entities drawn by --network-plot.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub network_top: usize,
    /// Periods and documents.
    #[command(flatten)]
    pub period: PeriodOpts,
}

/// Graph file formats (`--graph`, a study's `[entities] graph`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GraphArg {
    /// GraphML (networkx, igraph, Gephi, Cytoscape).
    Graphml,
    /// GEXF 1.2 (Gephi, networkx).
    Gexf,
}

impl From<GraphArg> for dateline_tables::graph::GraphFormat {
    fn from(g: GraphArg) -> Self {
        match g {
            GraphArg::Graphml => Self::Graphml,
            GraphArg::Gexf => Self::Gexf,
        }
    }
}

/// Co-occurrence scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeArg {
    /// A window of tokens around each occurrence.
    Window,
    /// The sentence of each occurrence.
    Sentence,
    /// The document.
    Document,
}

/// `dateline cooccur`.
#[derive(Debug, Args, serde::Serialize)]
pub struct CooccurArgs {
    /// The corpus table.
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// Target queries (repeatable; words, phrases, globs, alternatives).
    #[arg(long, value_name = "QUERY")]
    pub target: Vec<String>,
    /// Count given pairs: a CSV/TSV file of `a,b` phrase pairs.
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,
    /// Window span on both sides, in tokens.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub window: usize,
    /// Left span (overrides --window).
    #[arg(long, value_name = "N")]
    pub left: Option<usize>,
    /// Right span (overrides --window).
    #[arg(long, value_name = "N")]
    pub right: Option<usize>,
    /// Unit of co-occurrence.
    #[arg(long, value_enum, default_value = "window")]
    pub scope: ScopeArg,
    /// Let windows cross sentence boundaries.
    #[arg(long)]
    pub cross_sentences: bool,
    /// Count a term once per window (needed for PMI to be a probability ratio).
    #[arg(long)]
    pub boolean: bool,
    /// Leave out terms co-occurring fewer times in a period.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: u64,
    /// Keep the N top terms per period and target (by cooc).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Periods and documents.
    #[command(flatten)]
    pub period: PeriodOpts,
    /// Tokenization options.
    #[command(flatten)]
    pub tok: TokenOpts,
    /// Output.
    #[command(flatten)]
    pub out: OutputOpts,
}

/// Association measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureArg {
    /// Pointwise mutual information.
    Pmi,
    /// Normalized PMI.
    Npmi,
    /// Log-likelihood.
    G2,
    /// t-score.
    TScore,
    /// Raw count.
    Count,
}

/// `dateline collocations`.
#[derive(Debug, Args, serde::Serialize)]
pub struct CollocationsArgs {
    /// The corpus table.
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// Sizes of the expressions, `2`, `2..4`.
    #[arg(long, value_name = "N|A..B", default_value = "2")]
    pub size: String,
    /// Minimum occurrences in a period.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_count: u64,
    /// Sort (and --top) by this measure.
    #[arg(long, value_enum, default_value = "npmi")]
    pub measure: MeasureArg,
    /// Keep the N top expressions per period.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Keep expressions that begin or end with a stopword.
    #[arg(long)]
    pub keep_stop_edges: bool,
    /// Also write the expressions as a phrase list, usable with --phrases.
    #[arg(long, value_name = "FILE")]
    pub phrases_out: Option<PathBuf>,
    /// Periods and documents.
    #[command(flatten)]
    pub period: PeriodOpts,
    /// Tokenization options.
    #[command(flatten)]
    pub tok: TokenOpts,
    /// Output.
    #[command(flatten)]
    pub out: OutputOpts,
}

/// `dateline kwic`.
#[derive(Debug, Args, serde::Serialize)]
pub struct KwicArgs {
    /// The corpus table.
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// The query (word, phrase, glob, alternatives).
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Context tokens on each side.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub window: usize,
    /// A random sample of N lines.
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// Seed of the sample.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// First date.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Analyse documents in this language: a code or English name in any case (`en`,
    /// `english`, `es`, …), `und` (undetermined) or `all`.
    #[arg(long, value_name = "CODE", default_value = "en", value_parser = lang_arg)]
    pub lang: String,
    /// Tokenization options.
    #[command(flatten)]
    pub tok: TokenOpts,
    /// Output file; without it, aligned lines go to the terminal.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `dateline run`.
#[derive(Debug, Args, serde::Serialize)]
pub struct RunArgs {
    /// The study file (default: `data/dateline.toml`).
    #[arg(value_name = "STUDY.toml")]
    pub study: Option<PathBuf>,
    /// Output folder (default: the study's `output`).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Write into an output folder that holds files dateline did not write and no earlier
    /// results: those files stay as they are (an output whose name one of them has is
    /// refused). A folder of earlier results needs no --force: only the files its manifest
    /// lists are replaced, after the new run succeeded.
    #[arg(long)]
    pub force: bool,
}

/// `dateline count`.
#[derive(Debug, Args, serde::Serialize)]
pub struct CountArgs {
    /// The corpus table.
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// The share to count: `K/N` counts the documents whose doc_id is K-1 modulo N.
    #[arg(long, value_name = "K/N", default_value = "1/1")]
    pub shard: String,
    /// N-gram sizes, `1`, `1..2` (1 to 5).
    #[arg(long, value_name = "N|A..B", default_value = "1")]
    pub ngram: String,
    /// Keep n-grams that begin or end with a stopword.
    #[arg(long)]
    pub keep_stop_edges: bool,
    /// The counts folder to write.
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Also count people and country mentions per period (read by `dateline entities DIR`).
    #[arg(long, help_heading = "Entities")]
    pub entities: bool,
    /// Extra people: a CSV with columns id,name,aliases.
    #[arg(
        long,
        value_name = "FILE",
        requires = "entities",
        help_heading = "Entities"
    )]
    pub people: Option<PathBuf>,
    /// Extra country forms: a CSV with columns id,name,kind,form.
    #[arg(
        long,
        value_name = "FILE",
        requires = "entities",
        help_heading = "Entities"
    )]
    pub countries: Option<PathBuf>,
    /// Only people found in the gazetteers (turn off the name finder).
    #[arg(long, requires = "entities", help_heading = "Entities")]
    pub no_name_finder: bool,
    /// Do not count demonyms ("Russian") as country mentions.
    #[arg(long, requires = "entities", help_heading = "Entities")]
    pub no_demonyms: bool,
    /// Periods and documents.
    #[command(flatten)]
    pub period: PeriodOpts,
    /// Tokenization options.
    #[command(flatten)]
    pub tok: TokenOpts,
}

/// `dateline merge`.
#[derive(Debug, Args, serde::Serialize)]
pub struct MergeArgs {
    /// Counts folders to sum.
    #[arg(required = true, value_name = "DIR")]
    pub inputs: Vec<PathBuf>,
    /// The merged counts folder.
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Allow shards of the plan to be missing: the merged folder is marked `partial` in its
    /// counts.json, and analyses of it warn and record it in their manifests.
    #[arg(long)]
    pub partial: bool,
}

/// `dateline init`.
#[derive(Debug, Args, serde::Serialize)]
pub struct InitArgs {
    /// Where to write the example study.
    #[arg(value_name = "FILE", default_value = "study.toml")]
    pub path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `dateline schema`.
#[derive(Debug, Args, serde::Serialize)]
pub struct SchemaArgs {
    /// Print Markdown (the text of docs/tables.md).
    #[arg(long)]
    pub markdown: bool,
}

/// `--lang`: a code or English name in any case, `und` or `all` (see
/// [`dateline_core::lang::parse_lang`]), as its code; an unknown value is a usage error.
fn lang_arg(s: &str) -> Result<String, String> {
    dateline_core::lang::parse_lang(s)
        .map(|l| l.to_string())
        .map_err(|e| e.to_string())
}

/// What the entity options ask of the extractor (the same flags on `entities` and `count`).
fn extractor_choice<'a>(
    people: Option<&'a Path>,
    countries: Option<&'a Path>,
    no_name_finder: bool,
    no_demonyms: bool,
) -> dateline_entities::ExtractorChoice<'a> {
    dateline_entities::ExtractorChoice {
        people,
        countries,
        name_finder: !no_name_finder,
        demonyms: !no_demonyms,
    }
}

impl EntitiesArgs {
    /// What the options ask of the extractor.
    pub fn extractor_choice(&self) -> dateline_entities::ExtractorChoice<'_> {
        let (p, c) = (self.people.as_deref(), self.countries.as_deref());
        extractor_choice(p, c, self.no_name_finder, self.no_demonyms)
    }
}

impl CountArgs {
    /// What the options ask of the extractor.
    pub fn extractor_choice(&self) -> dateline_entities::ExtractorChoice<'_> {
        let (p, c) = (self.people.as_deref(), self.countries.as_deref());
        extractor_choice(p, c, self.no_name_finder, self.no_demonyms)
    }
}

impl From<FormatArg> for dateline_tables::writer::Formats {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Csv => Self::Csv,
            FormatArg::Parquet => Self::Parquet,
            FormatArg::Both => Self::Both,
        }
    }
}

impl From<&OutputOpts> for dateline_tables::writer::OutputRequest {
    fn from(o: &OutputOpts) -> Self {
        Self {
            output: o.output.clone(),
            format: o.format.map(Into::into),
            partition: o.partition,
        }
    }
}

/// The look of a chart (`--plot`).
#[derive(Debug, Args, serde::Serialize)]
pub struct ChartOpts {
    /// The chart's title (default: "Trends", "Leading people and countries").
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The chart's size in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "960x540")]
    pub size: String,
}

impl ChartOpts {
    /// The chart style these options ask for, `default` the title when none is given.
    pub fn style(&self, default: &str) -> anyhow::Result<dateline_tables::chart::ChartStyle> {
        Ok(dateline_tables::chart::ChartStyle {
            title: self.title.clone().unwrap_or_else(|| default.to_string()),
            size: dateline_tables::chart::parse_size(&self.size)?,
            volume: None,
        })
    }
}

/// `dateline report`.
#[derive(Debug, Args, serde::Serialize)]
pub struct ReportArgs {
    /// The results folder (written by `dateline run`).
    #[arg(value_name = "OUT_DIR")]
    pub dir: PathBuf,
    /// The report's title (default: the study's title).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

/// `dateline explore`.
#[derive(Debug, Args)]
pub struct ExploreArgs {
    /// The corpus table (written by `dateline ingest`; its index is read when it is there).
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// Port to listen on (default: a free one, printed with the URL).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,
    /// Address to listen on. Anything but loopback exposes the corpus to the network: it is
    /// refused unless `--allow-remote` is given too.
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Allow `--bind` to a non-loopback address (the corpus is then readable by anyone who
    /// can reach this machine; requests are still checked for their Host and Origin).
    #[arg(long)]
    pub allow_remote: bool,
}
