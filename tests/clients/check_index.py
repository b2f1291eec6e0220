"""The corpus index read by its clients: polars and DuckDB (issue 16).

Usage: check_index.py DATELINE WORKDIR

Ingests data/sample into WORKDIR/corpus.parquet (which writes WORKDIR/corpus.index/), then:
- polars: every token of tokens-default.parquet, placed by the running sum of `advance` within
  its row, is its form's surface in the document's text (title, blank line, body; byte
  offsets), and every plain token's bytes lower-cased contain its form's letters;
- DuckDB: the token counts per rule set equal index.json's, and docs.parquet's per-document
  counts sum to them.
Exits non-zero with a message on the first difference.
"""
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl


def fail(msg):
    print(f"check_index: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    dateline, work = sys.argv[1], Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.parquet"
    subprocess.run([dateline, "-q", "ingest", "data/sample", "-o", str(corpus)], check=True)
    ix = work / "corpus.index"
    meta = json.loads((ix / "index.json").read_text())
    docs = pl.read_parquet(corpus).with_row_index("row")
    text = {
        r["row"]: ((r["title"] + "\n\n" if r["title"] else "") + r["body"]).encode()
        for r in docs.iter_rows(named=True)
    }

    toks = pl.read_parquet(ix / "tokens-default.parquet")
    forms = pl.read_parquet(ix / "forms-default.parquet").rename({"form": "surface", "id": "form"})
    toks = toks.with_columns(pl.col("advance").cum_sum().over("row").alias("start"))
    joined = toks.join(forms, on="form", how="left")
    if joined["surface"].null_count():
        fail("a token's form id is not in forms-default.parquet")
    n = 0
    for row, start, surface in joined.select("row", "start", "surface").iter_rows():
        b = surface.encode()
        got = text[row][start : start + len(b)]
        if got != b:
            fail(f"row {row}: bytes {start}.. are {got!r}, the form is {b!r}")
        n += 1
    if n != meta["rules"][0]["tokens"]:
        fail(f"{n} default tokens, index.json says {meta['rules'][0]['tokens']}")

    plain = pl.read_parquet(ix / "tokens-plain.parquet").with_columns(
        pl.col("advance").cum_sum().over("row").alias("start")
    )
    pforms = pl.read_parquet(ix / "forms-plain.parquet").rename({"form": "surface", "id": "form"})
    pj = plain.join(pforms, on="form", how="left")
    for row, start, length, form in pj.select("row", "start", "len", "surface").iter_rows():
        src = text[row][start : start + length].decode().lower().replace("\u2019", "'")
        letters = "".join(c for c in form if c.isalnum())
        if not all(c in src for c in letters):
            fail(f"row {row}: plain token {form!r} is not in {src!r}")

    con = duckdb.connect()
    for k, r in enumerate(meta["rules"]):
        f = ix / f"tokens-{r['name']}.parquet"
        got = con.execute(f"SELECT count(*) FROM read_parquet('{f}')").fetchone()[0]
        if got != r["tokens"]:
            fail(f"DuckDB counts {got} {r['name']} tokens, index.json {r['tokens']}")
        per_doc = con.execute(
            f"SELECT sum(tokens_{r['name']}) FROM read_parquet('{ix / 'docs.parquet'}')"
        ).fetchone()[0]
        if per_doc != r["tokens"]:
            fail(f"docs.parquet sums to {per_doc} {r['name']} tokens, index.json {r['tokens']}")
    print(f"check_index: {n} default tokens placed in their texts; counts agree (polars, DuckDB)")


if __name__ == "__main__":
    main()
