//! The study file of `dateline run`: every option of every analysis, in TOML.
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// A whole study. Unknown keys are errors (with their line), so a typo never passes silently.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Study {
    /// A title for the summary.
    #[serde(default)]
    pub title: Option<String>,
    /// What to read.
    pub input: InputCfg,
    /// Where to write.
    #[serde(default)]
    pub output: OutputCfg,
    /// Periods and documents.
    #[serde(default)]
    pub periods: PeriodsCfg,
    /// Tokenization.
    #[serde(default)]
    pub tokenize: TokenizeCfg,
    /// Term counts.
    #[serde(default)]
    pub terms: TermsCfg,
    /// Tracked queries.
    #[serde(default)]
    pub trends: TrendsCfg,
    /// Named keyness comparisons.
    #[serde(default)]
    pub compare: Vec<CompareCfg>,
    /// People and countries.
    #[serde(default)]
    pub entities: EntitiesCfg,
    /// Co-occurrence.
    #[serde(default)]
    pub cooccur: CooccurCfg,
    /// Collocations.
    #[serde(default)]
    pub collocations: CollocationsCfg,
    /// Dictionary counts (none without the section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<LookupCfg>,
}

/// `[lookup]`: dictionary categories per period (as `dateline lookup`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LookupCfg {
    /// The dictionary (quanteda YAML, LIWC .dic or CSV), relative to the study file.
    pub dictionary: PathBuf,
    /// `longest` or `each` (as `--overlap`).
    #[serde(default)]
    pub overlap: crate::cli::OverlapArg,
}

/// `[input]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InputCfg {
    /// Files or folders, relative to the study file.
    pub paths: Vec<PathBuf>,
    /// Force a format (`kcna`, `json`, `jsonl`, `csv`, `tsv`, `html`, `text`).
    #[serde(default)]
    pub format: Option<String>,
    /// Keep teasers.
    #[serde(default)]
    pub teasers: bool,
    /// JSON field holding nested articles.
    #[serde(default)]
    pub records: Option<String>,
    /// Set the source column.
    #[serde(default)]
    pub source: Option<String>,
    /// JSON: the text, title and date fields (as `--text-field` and the others).
    #[serde(default)]
    pub text_field: Option<String>,
    /// JSON: the title field.
    #[serde(default)]
    pub title_field: Option<String>,
    /// JSON: the date field.
    #[serde(default)]
    pub date_field: Option<String>,
    /// CSV: the text column.
    #[serde(default)]
    pub text_col: Option<String>,
    /// CSV: the title column.
    #[serde(default)]
    pub title_col: Option<String>,
    /// CSV: the date column.
    #[serde(default)]
    pub date_col: Option<String>,
    /// `dmy` or `mdy` (as `--date-order`).
    #[serde(default)]
    pub date_order: Option<String>,
    /// `auto`, `field`, `dateline` or `filename` (as `--date-from`).
    #[serde(default)]
    pub date_from: Option<String>,
    /// `same-day`, `text` or `none` (as `--dedupe`).
    #[serde(default)]
    pub dedupe: Option<String>,
    /// CSV cell values that mean "missing" (as `--na`; default `["NA"]`).
    #[serde(default)]
    pub na: Option<Vec<String>>,
    /// Cleaning steps turned off (as `--no-clean`).
    #[serde(default)]
    pub no_clean: Vec<dateline_ingest::CleanStep>,
}

/// `[output]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutputCfg {
    /// Output folder, relative to the study file.
    #[serde(default = "default_out")]
    pub dir: PathBuf,
    /// `csv`, `parquet` or both.
    #[serde(default = "default_formats")]
    pub formats: Vec<StudyFormat>,
    /// Draw SVG charts.
    #[serde(default = "yes")]
    pub charts: bool,
}

impl Default for OutputCfg {
    fn default() -> Self {
        OutputCfg {
            dir: default_out(),
            formats: default_formats(),
            charts: true,
        }
    }
}

fn default_out() -> PathBuf {
    PathBuf::from("out")
}
fn default_formats() -> Vec<StudyFormat> {
    vec![StudyFormat::Csv, StudyFormat::Parquet]
}

/// A table format of `[output] formats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StudyFormat {
    /// CSV.
    Csv,
    /// Parquet.
    Parquet,
}

impl From<StudyFormat> for dateline_tables::writer::Formats {
    fn from(f: StudyFormat) -> Self {
        match f {
            StudyFormat::Csv => Self::Csv,
            StudyFormat::Parquet => Self::Parquet,
        }
    }
}
fn yes() -> bool {
    true
}

/// `[periods]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodsCfg {
    /// `day`, `week`, `month`, `quarter`, `year` or `all`.
    #[serde(default = "default_by")]
    pub by: dateline_core::By,
    /// First date.
    #[serde(default)]
    pub from: Option<String>,
    /// Last date.
    #[serde(default)]
    pub to: Option<String>,
    /// Language analysed: a code or English name in any case (`en`, `English`), `und` or
    /// `all` (read by `dateline_core::lang::parse_lang`).
    #[serde(default = "default_lang")]
    pub lang: String,
}

impl Default for PeriodsCfg {
    fn default() -> Self {
        PeriodsCfg {
            by: default_by(),
            from: None,
            to: None,
            lang: default_lang(),
        }
    }
}
fn default_by() -> dateline_core::By {
    dateline_core::By::Month
}
fn default_lang() -> String {
    "en".into()
}

/// `[tokenize]`: the same options as the command line's.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TokenizeCfg {
    /// `default`, `stemmed` or `plain`.
    #[serde(default)]
    pub pipeline: Option<dateline_tokenize::PipelineName>,
    /// `english`, `none`, a file (its words replace the English list), `english+FILE` (added
    /// to it) or `none+FILE`; files relative to the study file.
    #[serde(default)]
    pub stopwords: Option<String>,
    /// Stemming.
    #[serde(default)]
    pub stem: bool,
    /// Keep case.
    #[serde(default)]
    pub keep_case: bool,
    /// Minimum token length.
    #[serde(default)]
    pub min_len: Option<usize>,
    /// Keep numbers.
    #[serde(default)]
    pub keep_numbers: bool,
    /// Keep possessives.
    #[serde(default)]
    pub keep_possessive: bool,
    /// Split hyphenated compounds.
    #[serde(default)]
    pub split_hyphens: bool,
    /// Multi-word expressions.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// A phrase file (relative to the study file).
    #[serde(default)]
    pub phrases_file: Option<PathBuf>,
}

/// `[terms]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermsCfg {
    /// N-gram sizes: `1`, `1..2`.
    #[serde(default = "one")]
    pub ngram: String,
    /// Top terms per period.
    #[serde(default)]
    pub top: Option<usize>,
    /// Minimum count per period.
    #[serde(default = "one_u64")]
    pub min_count: u64,
}

impl Default for TermsCfg {
    fn default() -> Self {
        TermsCfg {
            ngram: one(),
            top: None,
            min_count: 1,
        }
    }
}
fn one() -> String {
    "1".into()
}
fn one_u64() -> u64 {
    1
}

/// `[trends]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TrendsCfg {
    /// Queries as on the command line.
    #[serde(default)]
    pub queries: Vec<String>,
    /// Trailing mean over N periods.
    #[serde(default = "one_usize")]
    pub smooth: usize,
    /// Concordance lines sampled per query (table `concordance`, as `dateline kwic QUERY
    /// --sample N --seed 1`, window 10); 0: none.
    #[serde(default = "ten_usize")]
    pub concordance: usize,
}

impl Default for TrendsCfg {
    fn default() -> Self {
        TrendsCfg {
            queries: Vec::new(),
            smooth: 1,
            concordance: ten_usize(),
        }
    }
}
fn ten_usize() -> usize {
    10
}
fn one_usize() -> usize {
    1
}

/// `[[compare]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CompareCfg {
    /// Name of the comparison (file `keyness_<name>`).
    pub name: String,
    /// Range A.
    #[serde(default)]
    pub a: Option<String>,
    /// Range B (default: everything not in A).
    #[serde(default)]
    pub b: Option<String>,
    /// Subset A.
    #[serde(default)]
    pub a_where: Option<String>,
    /// Subset B.
    #[serde(default)]
    pub b_where: Option<String>,
    /// Minimum count in A and B together.
    #[serde(default = "five")]
    pub min_count: u64,
    /// `none`, `bonferroni` or `bh`.
    #[serde(default)]
    pub correction: crate::cli::CorrectionArg,
    /// Top rows.
    #[serde(default)]
    pub top: Option<usize>,
}
fn five() -> u64 {
    5
}

/// `[entities]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EntitiesCfg {
    /// Count people and countries.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Extra people file.
    #[serde(default)]
    pub people: Option<PathBuf>,
    /// Extra countries file.
    #[serde(default)]
    pub countries: Option<PathBuf>,
    /// Entities kept with zeros.
    #[serde(default)]
    pub track: Vec<String>,
    /// Leading entities drawn in the chart.
    #[serde(default = "default_top")]
    pub top: usize,
    /// `document` or `sentence`.
    #[serde(default)]
    pub co_scope: crate::cli::CoScopeArg,
    /// The name finder.
    #[serde(default = "yes")]
    pub name_finder: bool,
    /// Demonyms as country mentions.
    #[serde(default = "yes")]
    pub demonyms: bool,
    /// Write the `mentions` table (one row per mention: it grows with the corpus).
    #[serde(default = "yes")]
    pub mentions: bool,
    /// Graph files of each period's co-mention network (`graphml`, `gexf`), in `networks/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub graph: Vec<crate::cli::GraphArg>,
}

impl Default for EntitiesCfg {
    fn default() -> Self {
        EntitiesCfg {
            enabled: true,
            people: None,
            countries: None,
            track: Vec::new(),
            top: default_top(),
            co_scope: crate::cli::CoScopeArg::Document,
            name_finder: true,
            mentions: true,
            graph: Vec::new(),
            demonyms: true,
        }
    }
}
fn default_top() -> usize {
    8
}

/// `[cooccur]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CooccurCfg {
    /// Target queries (none: no co-occurrence table).
    #[serde(default)]
    pub targets: Vec<String>,
    /// Window span on both sides.
    #[serde(default = "five_usize")]
    pub window: usize,
    /// `window`, `sentence` or `document`.
    #[serde(default)]
    pub scope: dateline_analytics::cooccur::Scope,
    /// Count a term once per window.
    #[serde(default)]
    pub boolean: bool,
    /// Minimum co-occurrences per period.
    #[serde(default = "one_u64")]
    pub min_count: u64,
    /// Top terms per period and target.
    #[serde(default)]
    pub top: Option<usize>,
}

impl Default for CooccurCfg {
    fn default() -> Self {
        CooccurCfg {
            targets: Vec::new(),
            window: 5,
            scope: dateline_analytics::cooccur::Scope::Window,
            boolean: false,
            min_count: 1,
            top: None,
        }
    }
}
fn five_usize() -> usize {
    5
}

/// `[collocations]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CollocationsCfg {
    /// Compute collocations.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Sizes: `2`, `2..3`.
    #[serde(default = "two_three")]
    pub size: String,
    /// Minimum count per period.
    #[serde(default = "five")]
    pub min_count: u64,
    /// `pmi`, `npmi`, `g2`, `t_score` or `count`.
    #[serde(default = "npmi")]
    pub measure: crate::cli::MeasureArg,
    /// Top per period.
    #[serde(default)]
    pub top: Option<usize>,
}

impl Default for CollocationsCfg {
    fn default() -> Self {
        CollocationsCfg {
            enabled: true,
            size: two_three(),
            min_count: 5,
            measure: npmi(),
            top: None,
        }
    }
}
fn npmi() -> crate::cli::MeasureArg {
    crate::cli::MeasureArg::Npmi
}
fn two_three() -> String {
    "2..3".into()
}

impl Study {
    /// Reads and checks a study file; errors name the key and the line.
    pub fn load(path: &Path) -> Result<(Study, String)> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the study file `{}`", path.display()))?;
        let study: Study = toml::from_str(&text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((0, 0));
            anyhow::anyhow!(
                "{}:{line}:{col}: {}",
                path.display(),
                e.message().trim_end_matches('\n')
            )
        })?;
        let mut study = study;
        match dateline_core::lang::parse_lang(&study.periods.lang) {
            Ok(l) => study.periods.lang = l.to_string(),
            Err(e) => anyhow::bail!("{}: {e}", key_at(path, &text, "[periods]", "lang")),
        }
        Ok((study, text))
    }
}

/// `path:line` of the first `key = …` line in `section` (`[periods]`, or `` for the top), for
/// errors found after parsing (a value of the right type but not allowed); `path` alone when
/// the key is not written (a default).
pub fn key_at(path: &Path, text: &str, section: &str, key: &str) -> String {
    let mut in_section = section.is_empty();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.starts_with('[') {
            in_section = l.trim_matches(|c| c == '[' || c == ']')
                == section.trim_matches(|c| c == '[' || c == ']');
            continue;
        }
        if in_section {
            if let Some(rest) = l.strip_prefix(key) {
                if rest.trim_start().starts_with('=') {
                    return format!("{}:{}", path.display(), i + 1);
                }
            }
        }
    }
    path.display().to_string()
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The commented example `dateline init` writes.
pub const EXAMPLE: &str = include_str!("../assets/dateline.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_parses() {
        let s: Study = toml::from_str(EXAMPLE).unwrap();
        assert!(!s.input.paths.is_empty());
        assert!(!s.trends.queries.is_empty());
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.toml");
        std::fs::write(
            &p,
            "[input]\npaths = [\"a\"]\n\n[terms]\nngrams = \"1..2\"\n",
        )
        .unwrap();
        let e = Study::load(&p).unwrap_err().to_string();
        assert!(e.contains(":5:"), "{e}");
        assert!(e.contains("ngrams"), "{e}");
    }

    #[test]
    fn wrong_type_names_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.toml");
        std::fs::write(
            &p,
            "[input]\npaths = [\"a\"]\n[trends]\nsmooth = \"three\"\n",
        )
        .unwrap();
        let e = Study::load(&p).unwrap_err().to_string();
        assert!(e.contains(":4:"), "{e}");
    }
}
