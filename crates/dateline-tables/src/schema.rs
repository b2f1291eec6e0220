//! The documented schema of every table dateline writes. `docs/tables.md` is generated from
//! this list (`dateline schema --markdown`), and a test checks that every table written matches
//! its schema, so the docs cannot drift from the data.

/// One column: name, type (`str`, `int64`, `float64`, `date`, `bool`), nullable, meaning.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSchema {
    /// Column name (snake_case; one meaning per name across tables).
    pub name: &'static str,
    /// `str`, `int64`, `float64`, `date` or `bool`.
    pub dtype: &'static str,
    /// Null allowed (empty CSV field).
    pub nullable: bool,
    /// What it means.
    pub meaning: &'static str,
}

/// One table: name, what a row is, columns, and the order of rows.
#[derive(Debug, Clone, Copy)]
pub struct TableSchema {
    /// Table name (file stem).
    pub name: &'static str,
    /// The command(s) that write it.
    pub written_by: &'static str,
    /// What one row is.
    pub row: &'static str,
    /// Row order.
    pub order: &'static str,
    /// Columns in order.
    pub columns: &'static [ColumnSchema],
}

const fn c(name: &'static str, dtype: &'static str, meaning: &'static str) -> ColumnSchema {
    ColumnSchema {
        name,
        dtype,
        nullable: false,
        meaning,
    }
}
const fn n(name: &'static str, dtype: &'static str, meaning: &'static str) -> ColumnSchema {
    ColumnSchema {
        name,
        dtype,
        nullable: true,
        meaning,
    }
}

const PERIOD_START: ColumnSchema = c(
    "period_start",
    "date",
    "first day of the period (the whole range's first day for `--by all`)",
);
const PERIOD: ColumnSchema = c(
    "period",
    "str",
    "readable period label: `2018-01-05` (day), `2018-W01` (ISO week), `2018-01` (month), `2018-Q1`, `2018`, or `all`",
);
const GROUP: ColumnSchema = n(
    "group",
    "str",
    "value of the `--group-by` corpus column (null without `--group-by`)",
);

static SCHEMAS: &[TableSchema] = &[
    TableSchema {
        name: "corpus",
        written_by: "`dateline ingest`, `dateline run`",
        row: "one deduplicated document",
        order: "date (undated last), then doc_id",
        columns: &[
            c("doc_id", "str", "16 hex digits: XXH3-64 of the normalized title and body; the same text always gets the same id"),
            n("date", "date", "publication date; null when unknown (never made up)"),
            n("title", "str", "headline"),
            c("body", "str", "cleaned text: no dateline, end marks or repeated headline; paragraphs separated by a blank line"),
            n("source", "str", "publisher or collection (`KCNA`, `Rodong Sinmun`)"),
            n("url", "str", "address of the original"),
            n("place", "str", "place named in the dateline (`Pyongyang`)"),
            n("byline", "str", "closing byline (Rodong Sinmun)"),
            c("lang", "str", "detected language, ISO 639-1 (`en`, `es`), `und` when unsure; analyses use `en` and `und` by default"),
            c("kind", "str", "`article`, or `teaser` (a \"More From\" title and lead, kept only with `--teasers`)"),
            c("n_chars", "int64", "characters (Unicode scalar values) in `body`"),
            n("flags", "str", "`;`-separated quality flags: `replacement_char` (text had invalid bytes), `date_mismatch`, `date_from_filename`, `no_date`, `title_only` (a headline without a body: `body` is empty); null when none"),
            c("origin", "str", "where the kept copy (the earliest of its copies, then the first read) came from: `path:line` or `path#record`"),
            c("copies", "int64", "records of the same normalized text collapsed into this row by the `--dedupe` rule (1 when unique); the others are listed in `duplicates`"),
        ],
    },
    TableSchema {
        name: "ingest_report",
        written_by: "`dateline ingest` (as `<output>.report.csv`), `dateline run`",
        row: "one problem met while reading: a skipped file or record, or a warning",
        order: "path, then line/record",
        columns: &[
            c("path", "str", "the input file"),
            n("line", "int64", "1-based line, when the problem has one"),
            n("record", "int64", "1-based record number in a JSON file, when it has one"),
            c("skipped", "bool", "true when the file or record was left out; false for a warning (the document was kept)"),
            c("reason", "str", "what was wrong"),
        ],
    },
    TableSchema {
        name: "duplicates",
        written_by: "`dateline ingest` (as `<output>.duplicates.csv`, or `.parquet` beside a Parquet corpus)",
        row: "one record left out as a copy of a kept document (`--dedupe`: the same normalized title and body on dates at most a day apart by default)",
        order: "the kept document's corpus order, then the copy's date (undated last), then input order",
        columns: &[
            c("doc_id", "str", "the kept document (see `corpus`); its `copies` counts it and these rows"),
            n("date", "date", "the date of the copy left out; null when unknown"),
            c("origin", "str", "where the copy left out came from: `path:line` or `path#record`"),
        ],
    },
    TableSchema {
        name: "periods",
        written_by: "`dateline terms`, `dateline run`",
        row: "one period of the analysed range, including periods without documents",
        order: "period_start, group, n",
        columns: &[
            PERIOD_START,
            PERIOD,
            GROUP,
            c("n", "int64", "n-gram size the totals are of (one row per size counted)"),
            c("docs", "int64", "documents analysed in the period"),
            c("tokens", "int64", "terms of size n counted in the period (non-stopword tokens for n = 1): the denominator of `per_10k`"),
            c("types", "int64", "distinct terms of size n in the period"),
        ],
    },
    TableSchema {
        name: "terms",
        written_by: "`dateline terms`, `dateline run`",
        row: "one term (word, phrase or n-gram) in one period where it occurs",
        order: "period_start, group, count descending, term",
        columns: &[
            PERIOD_START,
            PERIOD,
            GROUP,
            c("term", "str", "normalized term; n-grams and phrases joined by single spaces"),
            c("n", "int64", "words in the term (1 for unigrams)"),
            c("count", "int64", "occurrences in the period"),
            c("docs", "int64", "documents of the period containing it"),
            c("per_10k", "float64", "count × 10,000 / the period's tokens of the same n (see `periods`)"),
            c("doc_share", "float64", "docs / documents in the period"),
            c("tfidf", "float64", "per_10k × ln(P / p_t), periods as documents: P periods with tokens, p_t periods containing the term"),
        ],
    },
    TableSchema {
        name: "doc_terms",
        written_by: "`dateline terms --by doc`",
        row: "one term in one document (sparse document-term matrix triplets)",
        order: "corpus order of documents, then term",
        columns: &[
            c("doc_id", "str", "document id (see `corpus`)"),
            n("date", "date", "the document's date"),
            c("term", "str", "normalized term"),
            c("n", "int64", "words in the term"),
            c("count", "int64", "occurrences in the document"),
        ],
    },
    TableSchema {
        name: "counts_terms",
        written_by: "`dateline count`, `dateline merge` (as the dataset `terms/`, partitioned by period, in a counts folder)",
        row: "one term in one period (and group): raw additive counts, summed by `merge`",
        order: "period_start, group, n, term",
        columns: &[
            PERIOD_START,
            PERIOD,
            GROUP,
            c("n", "int64", "words in the term"),
            c("term", "str", "normalized term"),
            c("count", "int64", "occurrences"),
            c("docs", "int64", "documents containing it"),
        ],
    },
    TableSchema {
        name: "counts_cells",
        written_by: "`dateline count`, `dateline merge` (as the dataset `cells/`, partitioned by period, in a counts folder)",
        row: "the totals of one period (and group) for one n-gram size: the marginals of `counts_terms`",
        order: "period_start, group, n",
        columns: &[
            PERIOD_START,
            PERIOD,
            GROUP,
            c("n", "int64", "n-gram size"),
            c("docs", "int64", "documents counted"),
            c("tokens", "int64", "terms of size n counted"),
        ],
    },
    TableSchema {
        name: "counts_entities",
        written_by: "`dateline count --entities`, `dateline merge` (as the dataset `entities/`, partitioned by period, in a counts folder)",
        row: "one person or country in one period: raw additive counts, summed by `merge`",
        order: "period_start, type, entity_id",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("type", "str", "`person` or `country`"),
            c("entity_id", "str", "see `mentions`"),
            c("mentions", "int64", "mentions in the period"),
            c("docs", "int64", "documents mentioning it"),
        ],
    },
    TableSchema {
        name: "counts_entity_cells",
        written_by: "`dateline count --entities`, `dateline merge` (as the dataset `entity_cells/`, partitioned by period, in a counts folder)",
        row: "the totals of one period with documents: the marginals of `counts_entities`",
        order: "period_start",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("docs", "int64", "documents counted"),
            c("tokens", "int64", "counted (non-stopword) tokens: the denominator of `per_10k` in `entity_counts`"),
        ],
    },
    TableSchema {
        name: "counts_entity_names",
        written_by: "`dateline count --entities`, `dateline merge` (as `entity_names.parquet` in a counts folder)",
        row: "one canonical name of one entity, over all periods (`entity_counts` shows the most used)",
        order: "type, entity_id, name",
        columns: &[
            c("type", "str", "`person` or `country`"),
            c("entity_id", "str", "see `mentions`"),
            c("name", "str", "canonical name"),
            c("mentions", "int64", "mentions resolved to this name"),
        ],
    },
    TableSchema {
        name: "trends",
        written_by: "`dateline trend`, `dateline run`",
        row: "one query in one period, zeros included",
        order: "query (in the order given), period_start",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("query", "str", "the query's label (`us` for `us=United States|U.S.`, else the query text)"),
            c("count", "int64", "matches of any alternative in the period"),
            c("docs", "int64", "documents with at least one match"),
            c("tokens", "int64", "counted (non-stopword) tokens in the period"),
            c("per_10k", "float64", "count × 10,000 / tokens"),
            c("smoothed", "float64", "trailing mean of per_10k over the last `--smooth` periods (fewer at the start)"),
        ],
    },
    TableSchema {
        name: "lookup",
        written_by: "`dateline lookup`, `dateline run` (with `[lookup]`)",
        row: "one dictionary category in one period, zeros included",
        order: "period_start, then category (in the dictionary's order)",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("category", "str", "the category (`hostility.us` for a nested quanteda category)"),
            c("count", "int64", "matches of the category's entries (`--overlap longest`: a token counts at most once per category; `each`: once per entry)"),
            c("docs", "int64", "documents with at least one match"),
            c("period_docs", "int64", "documents analysed in the period"),
            c("tokens", "int64", "counted (non-stopword) tokens in the period"),
            c("per_10k", "float64", "count × 10,000 / tokens (0 for a period without tokens)"),
            c("doc_share", "float64", "docs / period_docs (0 for a period without documents)"),
        ],
    },
    TableSchema {
        name: "lookup_entries",
        written_by: "`dateline lookup` (as `<output>.entries.<ext>`), `dateline run` (with `[lookup]`)",
        row: "one dictionary entry that matched in one period",
        order: "period_start, category (in the dictionary's order), count descending, then the entry's order in its category",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("category", "str", "the category"),
            c("entry", "str", "the entry as written in the dictionary (of entries that normalize alike, the first)"),
            c("count", "int64", "matches counted for this entry (`longest`: the matches it won)"),
        ],
    },
    TableSchema {
        name: "doc_lookup",
        written_by: "`dateline lookup` (as `<output>.docs.<ext>`), `dateline run` (with `[lookup]`)",
        row: "one dictionary category in one document with at least one match",
        order: "corpus order, then category (in the dictionary's order)",
        columns: &[
            c("doc_id", "str", "the document (see `corpus`)"),
            n("date", "date", "its date"),
            c("category", "str", "the category"),
            c("count", "int64", "matches in the document"),
        ],
    },
    TableSchema {
        name: "keyness",
        written_by: "`dateline compare`, `dateline run`",
        row: "one term compared between corpus A and corpus B",
        order: "rank (by the chosen statistic, A's keywords first)",
        columns: &[
            c("term", "str", "normalized term"),
            c("count_a", "int64", "occurrences in A"),
            c("count_b", "int64", "occurrences in B"),
            c("per_10k_a", "float64", "count_a × 10,000 / tokens of A"),
            c("per_10k_b", "float64", "count_b × 10,000 / tokens of B"),
            c("g2", "float64", "log-likelihood G² (Rayson and Garside 2000), positive where A uses the term more"),
            c("chi2", "float64", "Pearson χ² of the 2×2 table [[count_a, count_b], [tokens_a − count_a, tokens_b − count_b]], without continuity correction, signed like g2"),
            c("p_value", "float64", "upper tail of χ²(1) at |g2|"),
            n("p_adjusted", "float64", "p_value after `--correction` (null without it)"),
            c("log_ratio", "float64", "Hardie's log ratio: log2 of the ratio of relative frequencies, 0.5 for a zero count"),
            c("rank", "int64", "1 = the most distinctive of A"),
        ],
    },
    TableSchema {
        name: "mentions",
        written_by: "`dateline entities`, `dateline run`",
        row: "one person or country mention, traceable to its bytes in the text",
        order: "corpus order of documents, then start",
        columns: &[
            c("doc_id", "str", "document id"),
            n("date", "date", "the document's date"),
            c("type", "str", "`person` or `country`"),
            c("entity_id", "str", "ISO 3166 alpha-3 code for countries (SUN, YUG for former states); a slug of the canonical name for people"),
            c("name", "str", "canonical name (`Vladimir Putin`, `Russia`)"),
            c("surface", "str", "the text as written (`President Putin`, `Russian`)"),
            c("start", "int64", "first byte in `title + \"\\n\\n\" + body`"),
            c("end", "int64", "one past the last byte"),
        ],
    },
    TableSchema {
        name: "entity_counts",
        written_by: "`dateline entities`, `dateline run`",
        row: "one entity in one period (zeros for `--track`ed entities)",
        order: "period_start, type, mentions descending, entity_id",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("type", "str", "`person` or `country`"),
            c("entity_id", "str", "see `mentions`"),
            c("name", "str", "canonical name"),
            c("mentions", "int64", "mentions in the period"),
            c("docs", "int64", "documents mentioning it"),
            c("per_10k", "float64", "mentions × 10,000 / the period's tokens"),
        ],
    },
    TableSchema {
        name: "co_mentions",
        written_by: "`dateline entities`, `dateline run`",
        row: "one pair of entities mentioned in the same document (or sentence) in one period: an edge list",
        order: "period_start, count descending, source, target",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("source", "str", "entity_id of the first entity (the smaller id)"),
            c("source_name", "str", "its name"),
            c("source_type", "str", "`person` or `country`"),
            c("target", "str", "entity_id of the second entity"),
            c("target_name", "str", "its name"),
            c("target_type", "str", "`person` or `country`"),
            c("count", "int64", "units (documents, or sentences with `--co-scope sentence`) mentioning both"),
            c("source_docs", "int64", "units mentioning the source"),
            c("target_docs", "int64", "units mentioning the target"),
            c("units", "int64", "units in the period"),
            c("pmi", "float64", "log2(count × units / (source_docs × target_docs))"),
        ],
    },
    TableSchema {
        name: "unmatched",
        written_by: "`dateline entities --unmatched`",
        row: "one capitalized name sequence the name finder saw but could not resolve to a person or country",
        order: "count descending, candidate",
        columns: &[
            c("candidate", "str", "the text as written"),
            c("count", "int64", "occurrences in the analysed documents"),
            c("example", "str", "a sentence holding it (the smallest of the examples seen, so the table is deterministic)"),
        ],
    },
    TableSchema {
        name: "cooccur",
        written_by: "`dateline cooccur`, `dateline run`",
        row: "one term co-occurring with one target in one period",
        order: "period_start, target (order given), cooc descending, term",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("target", "str", "the target query's label"),
            c("term", "str", "the co-occurring term"),
            c("cooc", "int64", "co-occurrences (see docs/formulas.md for the window rule)"),
            c("target_count", "int64", "occurrences of the target in the period"),
            c("window_tokens", "int64", "R1: co-occurrence slots of the target in the period (counted positions inside its windows or units; = target_count × (left + right) when no window is clipped)"),
            c("term_count", "int64", "occurrences of the term in the period"),
            c("tokens", "int64", "counted tokens in the period"),
            c("expected", "float64", "co-occurrences expected by chance: window_tokens × term_count / tokens"),
            c("pmi", "float64", "log2(cooc / expected)"),
            c("npmi", "float64", "pmi / −log2(cooc / tokens)"),
            c("g2", "float64", "log-likelihood of the 2×2 table"),
            c("t_score", "float64", "(cooc − expected) / √cooc"),
            c("dice", "float64", "2 cooc / (target_count + term_count)"),
            c("log_dice", "float64", "14 + log2(dice)"),
        ],
    },
    TableSchema {
        name: "pairs",
        written_by: "`dateline cooccur --pairs`",
        row: "one given pair of phrases in one period, zeros included",
        order: "pair (order given), period_start",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("a", "str", "the first phrase's label"),
            c("b", "str", "the second phrase's label"),
            c("both", "int64", "window scope: occurrences of `a` with a whole occurrence of `b` in their window; sentence or document scope: units holding both"),
            c("a_count", "int64", "window scope: occurrences of `a`; otherwise units holding `a`"),
            c("b_count", "int64", "window scope: occurrences of `b`; otherwise units holding `b`"),
            c("units", "int64", "window scope: counted tokens; sentence scope: sentences; document scope: documents, in the period"),
        ],
    },
    TableSchema {
        name: "collocations",
        written_by: "`dateline collocations`, `dateline run`",
        row: "one multi-word expression in one period",
        order: "period_start, the chosen measure descending, collocation",
        columns: &[
            PERIOD_START,
            PERIOD,
            c("collocation", "str", "the words joined by single spaces"),
            c("n", "int64", "words in it"),
            c("count", "int64", "occurrences in the period, within sentences"),
            c("pmi", "float64", "pointwise mutual information (log2)"),
            c("npmi", "float64", "normalized PMI in [-1, 1]"),
            c("g2", "float64", "log-likelihood G²"),
            c("t_score", "float64", "t-score"),
        ],
    },
    TableSchema {
        name: "kwic",
        written_by: "`dateline kwic`",
        row: "one concordance line",
        order: "date, doc_id, start",
        columns: &[
            c("doc_id", "str", "document id"),
            n("date", "date", "the document's date"),
            n("title", "str", "the document's title"),
            c("left", "str", "context before the match (`--window` tokens)"),
            c("match", "str", "the matched text as written"),
            c("right", "str", "context after the match"),
            c("start", "int64", "first byte of the match in `title + \"\\n\\n\" + body`"),
            c("end", "int64", "one past its last byte"),
        ],
    },    TableSchema {
        name: "concordance",
        written_by: "`dateline run` (`[trends] concordance`)",
        row: "one sampled concordance line of a trend query",
        order: "query (the study's order), date, doc_id, start",
        columns: &[
            c("query", "str", "the query's label"),
            c("doc_id", "str", "document id"),
            n("date", "date", "the document's date"),
            n("title", "str", "the document's title"),
            c("left", "str", "context before the match (10 tokens)"),
            c("match", "str", "the matched text as written"),
            c("right", "str", "context after the match"),
            c("start", "int64", "first byte of the match in `title + \"\\n\\n\" + body`"),
            c("end", "int64", "one past its last byte"),
        ],
    },
];

/// Every documented table.
pub fn schemas() -> &'static [TableSchema] {
    SCHEMAS
}

/// Checks a table against its declaration (tables without one pass): every table is checked
/// before it is written, in every build.
pub fn check_declared(t: &crate::Table) -> Result<(), crate::TablesError> {
    match TableSchema::get(&t.name) {
        Some(s) => s.check(t).map_err(crate::TablesError::Undeclared),
        None => Ok(()),
    }
}

impl TableSchema {
    /// The schema of the table called `name`.
    pub fn get(name: &str) -> Option<&'static TableSchema> {
        SCHEMAS.iter().find(|s| s.name == name)
    }

    /// Checks that `table` has exactly these columns with these types (an error lists the
    /// differences).
    pub fn check(&self, table: &crate::Table) -> Result<(), String> {
        let got: Vec<(&str, &str)> = table
            .columns
            .iter()
            .map(|(n, v)| (n.as_str(), v.type_name()))
            .collect();
        let want: Vec<(&str, &str)> = self.columns.iter().map(|c| (c.name, c.dtype)).collect();
        if got == want {
            Ok(())
        } else {
            Err(format!(
                "table `{}` has columns {got:?}, its schema says {want:?}",
                self.name
            ))
        }
    }
}

/// The Markdown of `docs/tables.md`: every table's columns, types and meanings.
pub fn schema_markdown() -> String {
    let mut s = String::from(
        "# Output tables\n\n<!-- Generated by `dateline schema --markdown`; do not edit by hand. -->\n\n\
         Every table is tidy (one row per observation, long format), written as UTF-8 CSV with a \
         header (RFC 4180, `\\n` line ends, ISO 8601 dates, floats in their shortest round-trip form — scientific \
         notation below 1e-4, always with a decimal point —, empty field for null) and/or Parquet \
         (dates as `date32`, counts as `int64`, statistics as `float64`). Column names mean the \
         same thing in every table. Beside every output a `*.manifest.json` (or `manifest.json` \
         for `dateline run`) records the tool version, the command, all options, input \
         fingerprints, row counts and each output's size and XXH3 (`bytes`, `xxh3`). It is \
         written last, after the table and its companions are in place; an analysis refuses a \
         corpus that does not match the manifest listing it, and reads one no manifest lists \
         with a warning.\n\n\
         A table with a `period` column can also be written as a Parquet *dataset* partitioned \
         by period (`--partition`; the tables of a counts folder always are): a folder with one \
         sub-folder `period=<label>` per period holding `part-0.parquet`, the rows of that period \
         in the table's order without the `period` column (the Hive layout; labels escaped as \
         Hive escapes them; an empty table is one empty `period=__HIVE_DEFAULT_PARTITION__` \
         partition). DuckDB (`read_parquet('DIR/**/*.parquet', hive_partitioning = true)`), \
         polars (`pl.scan_parquet('DIR/**/*.parquet', hive_partitioning=True)`) and Spark read \
         it as one table and restore `period` from the folder names, as the last column; declare \
         it as text (DuckDB `hive_types = {'period': 'VARCHAR'}`, polars \
         `hive_schema={'period': pl.String}`), or a reader may take `2018` for an integer or \
         `2018-01-05` for a date.\n\n",
    );
    for t in SCHEMAS {
        s.push_str(&format!(
            "## `{}`\n\nWritten by {}. One row: {}. Rows ordered by {}.\n\n| column | type | null | meaning |\n|---|---|---|---|\n",
            t.name, t.written_by, t.row, t.order
        ));
        for col in t.columns {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                col.name,
                col.dtype,
                if col.nullable { "yes" } else { "no" },
                col.meaning.replace('|', "\\|")
            ));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_table_matches_its_schema() {
        let t = crate::corpus_table(&[]);
        TableSchema::get("corpus").unwrap().check(&t).unwrap();
    }

    #[test]
    fn names_are_unique_and_snake_case() {
        let mut names: Vec<_> = SCHEMAS.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SCHEMAS.len());
        for s in SCHEMAS {
            for c in s.columns {
                assert!(
                    c.name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                    "{}",
                    c.name
                );
            }
        }
    }
}

#[cfg(test)]
mod docs_tests {
    /// `docs/tables.md` is generated from the schemas: regenerate it with
    /// `dateline schema --markdown > docs/tables.md` when this fails.
    #[test]
    fn docs_tables_md_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/tables.md");
        let on_disk = std::fs::read_to_string(path).expect("docs/tables.md exists");
        assert!(
            on_disk == super::schema_markdown(),
            "docs/tables.md is out of date: run `dateline schema --markdown > docs/tables.md`"
        );
    }
}
