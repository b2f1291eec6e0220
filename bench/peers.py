#!/usr/bin/env python3
"""Peer pipelines for the dateline benchmark: term and bigram counts per month.

Usage: peers.py TASK ENGINE INPUT.jsonl OUTPUT.parquet
  TASK   terms | bigrams
  ENGINE pandas | sklearn | polars | duckdb

Every engine uses the same token definition (see BENCHMARKS.md, "Token definition"):
  1. text = title + "\\n\\n" + body; curly apostrophes become "'";
  2. lower-case; a possessive "'s" after a letter or digit is removed ("people's" -> "people");
  3. tokens = letters and digits with inner apostrophes or hyphens (TOKEN below);
  4. numbers (NUMBER below: "2017", "10th", "1990s", "2017-2018") are dropped entirely;
  5. unigrams: tokens that are not Snowball English stopwords (dateline's own list file);
  6. bigrams: two adjacent tokens of one sentence (stopwords kept in the stream, numbers not),
     neither a stopword. A sentence ends at a blank line, or at . ! ? (then optional closing
     quotes or brackets) followed by whitespace and a character that is not a lower-case letter.

The output has the columns period (YYYY-MM), term, count.
"""

import json
import re
import sys
from pathlib import Path

STOPWORDS_FILE = (
    Path(__file__).resolve().parent.parent
    / "crates"
    / "dateline-tokenize"
    / "data"
    / "snowball_english.txt"
)

# Rust regex (polars) and RE2 (DuckDB) syntax; Python's `re` has no \p{..}, so it gets
# the equivalent [^\W_] (a Unicode letter or digit).
TOKEN_P = r"[\p{L}\p{N}]+(?:['\-][\p{L}\p{N}]+)*"
TOKEN_PY = r"[^\W_]+(?:['\-][^\W_]+)*"
POSS_P = r"([\p{L}\p{N}])'s\b"
POSS_PY = r"([^\W_])'s\b"
NUMBER = r"^[0-9]+(?:st|nd|rd|th|s)?(?:-[0-9]+(?:st|nd|rd|th|s)?)*$"
# Sentence ends: mark them with a blank line, then split on blank lines.
SENT_END = "([.!?\u2026][\"'\u201d\u2019)\\]]*)\\s+([^a-z\\s])"
PARA = r"\n[ \t\r]*\n"
MARK = "\x01"  # sentence ends and blank lines become this character, then split on it
APOS = "\u2019"


def sq(pattern):
    """A pattern as the inside of an SQL string literal."""
    return pattern.replace("'", "''")


def stopwords():
    words = []
    for line in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return words


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


# --------------------------------------------------------------------------- pandas
def pandas_terms(inp, bigrams):
    import pandas as pd

    df = pd.read_json(inp, lines=True, dtype={"date": str, "doc_id": str}, convert_dates=False)
    stop = set(stopwords())
    text = df["title"].fillna("") + "\n\n" + df["body"]
    period = df["date"].str.slice(0, 7)
    if not bigrams:
        toks = (
            text.str.replace(APOS, "'", regex=False)
            .str.lower()
            .str.replace(POSS_PY, r"\1", regex=True)
            .str.findall(TOKEN_PY)
        )
        long = pd.DataFrame({"period": period, "term": toks}).explode("term")
        long = long[long["term"].notna()]
        long = long[~long["term"].isin(stop) & ~long["term"].str.match(NUMBER)]
        out = long.groupby(["period", "term"]).size().reset_index(name="count")
        return out
    sents = (
        text.str.replace(APOS, "'", regex=False)
        .str.replace(SENT_END, "\\1" + MARK + "\\2", regex=True)
        .str.replace(PARA, MARK, regex=True)
        .str.split(MARK, regex=False)
    )
    long = pd.DataFrame({"period": period, "sent": sents}).explode("sent")
    long["sent_id"] = range(len(long))
    long["term"] = (
        long["sent"].str.lower().str.replace(POSS_PY, r"\1", regex=True).str.findall(TOKEN_PY)
    )
    long = long[["period", "sent_id", "term"]].explode("term")
    long = long[long["term"].notna() & ~long["term"].str.match(NUMBER)]
    nxt = long["term"].shift(-1)
    same = long["sent_id"] == long["sent_id"].shift(-1)
    keep = same & ~long["term"].isin(stop) & ~nxt.isin(stop)
    big = pd.DataFrame({"period": long["period"][keep], "term": long["term"][keep] + " " + nxt[keep]})
    return big.groupby(["period", "term"]).size().reset_index(name="count")


# --------------------------------------------------------------------------- scikit-learn
def sklearn_terms(inp, bigrams):
    import numpy as np
    import pandas as pd
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer

    docs = read_jsonl(inp)
    stop = stopwords()
    stop_set = set(stop)
    poss = re.compile(POSS_PY)
    texts = [((d.get("title") or "") + "\n\n" + d["body"]) for d in docs]
    periods = [d["date"][:7] for d in docs]
    if not bigrams:

        def pre(t):
            return poss.sub(r"\1", t.replace(APOS, "'").lower())

        cv = CountVectorizer(preprocessor=pre, token_pattern=TOKEN_PY, stop_words=stop)
    else:
        tok = re.compile(TOKEN_PY)
        num = re.compile(NUMBER)
        sent_end = re.compile(SENT_END)
        para = re.compile(PARA + "|" + MARK)

        def analyzer(t):
            out = []
            for s in para.split(sent_end.sub("\\1" + MARK + "\\2", t.replace(APOS, "'"))):
                ws = [w for w in tok.findall(poss.sub(r"\1", s.lower())) if not num.match(w)]
                out.extend(
                    a + " " + b
                    for a, b in zip(ws, ws[1:])
                    if a not in stop_set and b not in stop_set
                )
            return out

        cv = CountVectorizer(analyzer=analyzer)
    x = cv.fit_transform(texts)
    labels, inverse = np.unique(np.array(periods), return_inverse=True)
    g = sp.csr_matrix(
        (np.ones(len(periods), dtype=np.int64), (inverse, np.arange(len(periods)))),
        shape=(len(labels), len(periods)),
    )
    per = (g @ x).tocoo()
    vocab = cv.get_feature_names_out()
    out = pd.DataFrame({"period": labels[per.row], "term": vocab[per.col], "count": per.data})
    if not bigrams:
        out = out[~out["term"].str.match(NUMBER)]
    return out


# --------------------------------------------------------------------------- polars
def polars_terms(inp, bigrams):
    import polars as pl

    stop = stopwords()
    df = pl.read_ndjson(inp).select(
        pl.col("date").str.slice(0, 7).alias("period"),
        (pl.col("title").fill_null("") + "\n\n" + pl.col("body"))
        .str.replace_all(APOS, "'", literal=True)
        .alias("text"),
    )
    if not bigrams:
        return (
            df.select(
                "period",
                pl.col("text")
                .str.to_lowercase()
                .str.replace_all(POSS_P, "$1")
                .str.extract_all(TOKEN_P)
                .alias("term"),
            )
            .explode("term")
            .filter(
                pl.col("term").is_not_null()
                & ~pl.col("term").is_in(stop)
                & ~pl.col("term").str.contains(NUMBER)
            )
            .group_by("period", "term")
            .agg(pl.len().alias("count"))
        )
    long = (
        df.select(
            "period",
            pl.col("text")
            .str.replace_all(SENT_END, "$1" + MARK + "$2")
            .str.replace_all(PARA, MARK)
            .str.split(MARK)
            .alias("sent"),
        )
        .explode("sent")
        .with_row_index("sent_id")
        .select(
            "period",
            "sent_id",
            pl.col("sent")
            .str.to_lowercase()
            .str.replace_all(POSS_P, "$1")
            .str.extract_all(TOKEN_P)
            .alias("term"),
        )
        .explode("term")
        .filter(pl.col("term").is_not_null() & ~pl.col("term").str.contains(NUMBER))
    )
    return (
        long.with_columns(
            pl.col("term").shift(-1).alias("next"),
            pl.col("sent_id").shift(-1).alias("next_sent"),
        )
        .filter(
            (pl.col("sent_id") == pl.col("next_sent"))
            & ~pl.col("term").is_in(stop)
            & ~pl.col("next").is_in(stop)
        )
        .group_by("period", pl.concat_str("term", pl.lit(" "), "next").alias("term"))
        .agg(pl.len().alias("count"))
    )


# --------------------------------------------------------------------------- DuckDB
def duckdb_terms(inp, bigrams):
    import duckdb

    global _CON  # the relation returned below needs its connection alive
    con = _CON = duckdb.connect()
    con.execute("CREATE TABLE stop AS SELECT unnest(?) AS w", [stopwords()])
    src = f"""
        SELECT substr(CAST(date AS VARCHAR), 1, 7) AS period,
               replace(coalesce(title, '') || chr(10) || chr(10) || body, '{APOS}', '''') AS text
        FROM read_json('{inp}', format = 'newline_delimited',
                       columns = {{doc_id: 'VARCHAR', date: 'VARCHAR', title: 'VARCHAR', body: 'VARCHAR'}})
    """
    if not bigrams:
        q = f"""
        WITH toks AS (
          SELECT period, unnest(regexp_extract_all(
                   regexp_replace(lower(text), '{sq(POSS_P)}', '\\1', 'g'), '{sq(TOKEN_P)}')) AS term
          FROM ({src}))
        SELECT period, term, count(*) AS count FROM toks
        WHERE term NOT IN (SELECT w FROM stop) AND NOT regexp_full_match(term, '{NUMBER}')
        GROUP BY period, term
        """
        return con.sql(q)
    q = f"""
    WITH sents AS (
      SELECT period, unnest(string_split(regexp_replace(
               regexp_replace(text, '{sq(SENT_END)}', '\\1' || chr(1) || '\\2', 'g'),
               '{PARA}', chr(1), 'g'), chr(1))) AS sent
      FROM ({src})),
    toks AS (
      SELECT period,
             list_filter(regexp_extract_all(
               regexp_replace(lower(sent), '{sq(POSS_P)}', '\\1', 'g'), '{sq(TOKEN_P)}'),
               lambda x: NOT regexp_full_match(x, '{NUMBER}')) AS l
      FROM sents),
    pairs AS (SELECT period, unnest(list_zip(l, l[2:])) AS p FROM toks)
    SELECT period, p[1] || ' ' || p[2] AS term, count(*) AS count FROM pairs
    WHERE p[2] IS NOT NULL
      AND p[1] NOT IN (SELECT w FROM stop) AND p[2] NOT IN (SELECT w FROM stop)
    GROUP BY ALL
    """
    return con.sql(q)


_CON = None

ENGINES = {
    "pandas": pandas_terms,
    "sklearn": sklearn_terms,
    "polars": polars_terms,
    "duckdb": duckdb_terms,
}


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("terms", "bigrams") or sys.argv[2] not in ENGINES:
        sys.exit(__doc__)
    task, engine, inp, out = sys.argv[1:]
    res = ENGINES[engine](inp, task == "bigrams")
    # Each engine writes its own result type to Parquet (polars DataFrame, DuckDB relation).
    if engine in ("polars", "duckdb"):
        res.write_parquet(out)
    else:
        res.to_parquet(out, index=False)


if __name__ == "__main__":
    main()
