#!/usr/bin/env python3
"""Check that polars and DuckDB read dateline's Parquet datasets (partitioned by period) as one table.

Usage: check_datasets.py DATELINE CORPUS WORKDIR

- `dateline count CORPUS --by month --ngram 1..2 -o WORKDIR/counts` writes the counts folder, whose
  `terms/` and `cells/` are Hive-partitioned datasets (`terms/period=2018-01/part-0.parquet`);
- `dateline terms WORKDIR/counts -o WORKDIR/terms.csv` derives the term and period tables as CSV;
- `dateline terms WORKDIR/counts --partition -o WORKDIR/ds.parquet` writes them as datasets.

Then, with `polars.scan_parquet(DIR + "/**/*.parquet", hive_partitioning=True)` and DuckDB's
`read_parquet(..., hive_partitioning = true)`: the `period` column comes back from the folder
names; per period and n-gram size, the summed counts and the distinct terms of `counts/terms`, and
the documents and tokens of `counts/cells`, equal those of the CSV (`terms.csv`: sum of `count`,
rows; `terms.periods.csv`: `types`, `docs`, `tokens`); and the `--partition` datasets read by
polars hold the rows of the CSV tables, value for value, in the same order; an empty table (a
range without documents) reads as zero rows with its columns.

Prints one line per failure, then "N passed, M failed"; exits 1 when anything failed.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import duckdb
import polars as pl


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def ok(self, cond: bool, what: str, detail: str = "") -> bool:
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {what}" + (f": {detail[:400]}" if detail else ""))
        return cond

    def equal(self, got, want, what: str) -> bool:
        return self.ok(got == want, what, f"got {got!r}, expected {want!r}")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def scan(folder: Path) -> pl.LazyFrame:
    # The period labels are text: without hive_schema polars would take `2018` (--by year) for an
    # integer and `2018-01-05` (--by day) for a date.
    return pl.scan_parquet(
        str(folder) + "/**/*.parquet",
        hive_partitioning=True,
        hive_schema={"period": pl.String},
    )


def duck(folder: Path) -> str:
    return (
        f"read_parquet('{folder}/**/*.parquet', hive_partitioning = true, "
        "hive_types = {'period': 'VARCHAR'})"
    )


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    exe, corpus, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    counts = work / "counts"
    run = lambda *a: subprocess.run([exe, "-q", *map(str, a)], check=True)  # noqa: E731
    run("count", corpus, "--by", "month", "--ngram", "1..2", "-o", counts)
    run("terms", counts, "-o", work / "terms.csv")
    run("terms", counts, "--partition", "-o", work / "ds.parquet")
    c = Checks()

    terms_csv = read_csv(work / "terms.csv")
    periods_csv = read_csv(work / "terms.periods.csv")
    want_count: dict[tuple[str, int], int] = defaultdict(int)
    want_types: dict[tuple[str, int], int] = defaultdict(int)
    for r in terms_csv:
        key = (r["period"], int(r["n"]))
        want_count[key] += int(r["count"])
        want_types[key] += 1
    # The counts hold the periods with documents; the periods table every period of the range.
    want_cells = {(r["period"], int(r["n"])): (int(r["docs"]), int(r["tokens"])) for r in periods_csv if r["docs"] != "0"}
    c.ok(any(r["docs"] == "0" for r in periods_csv), "the sample has months without documents")
    c.ok(len(want_count) >= 10 and ("2018-01", 1) in want_count, "the sample has counts", repr(sorted(want_count)[:3]))
    for key, types in want_types.items():
        c.equal(types, int(next(r["types"] for r in periods_csv if (r["period"], int(r["n"])) == key)), f"terms.csv rows = types {key}")

    # --- polars: the counts folder's datasets.
    files = sorted(p.relative_to(counts) for p in (counts / "terms").rglob("*.parquet"))
    c.equal([str(p) for p in files], sorted(f"terms/period={p}/part-0.parquet" for p in {k[0] for k in want_count}),
            "one file per period with terms")
    t = scan(counts / "terms")
    c.equal(t.collect_schema().get("period"), pl.String, "polars: period comes back as text")
    c.equal(t.collect_schema().names()[-1], "period", "polars: period is the last column")
    got = t.group_by("period", "n").agg(pl.col("count").sum().alias("count"), pl.len().alias("types")).collect()
    got_count = {(r["period"], r["n"]): r["count"] for r in got.iter_rows(named=True)}
    got_types = {(r["period"], r["n"]): r["types"] for r in got.iter_rows(named=True)}
    c.equal(got_count, dict(want_count), "polars: counts per period and n = terms.csv")
    c.equal(got_types, dict(want_types), "polars: distinct terms per period and n = terms.csv rows")
    cells = scan(counts / "cells").collect()
    got_cells = {(r["period"], r["n"]): (r["docs"], r["tokens"]) for r in cells.iter_rows(named=True)}
    c.equal(got_cells, want_cells, "polars: docs and tokens per period and n = terms.periods.csv")

    # --- DuckDB: the same sums in SQL.
    con = duckdb.connect()
    rows = con.sql(
        f"SELECT period, n, sum(count)::BIGINT, count(*) FROM {duck(counts / 'terms')} GROUP BY period, n"
    ).fetchall()
    c.equal({(p, n): s for p, n, s, _ in rows}, dict(want_count), "duckdb: counts per period and n = terms.csv")
    c.equal({(p, n): k for p, n, _, k in rows}, dict(want_types), "duckdb: distinct terms per period and n")
    rows = con.sql(f"SELECT period, n, docs, tokens FROM {duck(counts / 'cells')}").fetchall()
    c.equal({(p, n): (d, k) for p, n, d, k in rows}, want_cells, "duckdb: docs and tokens per period and n")
    cols = [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM {duck(counts / 'terms')}").fetchall()]
    c.equal(cols, ["period_start", "group", "n", "term", "count", "docs", "period"], "duckdb: columns")

    # --- polars: the --partition outputs hold the CSV's rows, in order (files are read in path order).
    for folder, table in [(work / "ds", terms_csv), (work / "ds.periods", periods_csv)]:
        df = scan(folder).collect()
        header = list(table[0].keys())
        c.equal(sorted(df.columns), sorted(header), f"{folder.name}: columns")
        c.equal(df.height, len(table), f"{folder.name}: rows")
        for col in header:
            dtype = df.schema[col]
            want = [r[col] for r in table]
            if dtype == pl.Date:
                got = [v.isoformat() for v in df[col]]
            elif dtype == pl.Float64:
                got, want = list(df[col]), [float(v) for v in want]
            elif dtype == pl.Int64:
                got, want = list(df[col]), [int(v) for v in want]
            else:
                got = ["" if v is None else v for v in df[col]]
            if not c.ok(got == want, f"{folder.name}: column {col} = CSV"):
                bad = next(i for i, (a, b) in enumerate(zip(got, want)) if a != b)
                print(f"  first difference at row {bad}: {got[bad]!r} vs {want[bad]!r}")

    # --- A range with no document is refused (exit 1, nothing written: issue 15, "nothing to
    # analyse"); an empty table (documents analysed, no term kept) is one empty default
    # partition: both readers still find the columns and return no rows.
    refused = subprocess.run([exe, "-q", "terms", str(corpus), "--from", "2030-01", "--to", "2030-02",
                              "--partition", "-o", str(work / "nothing.parquet")], capture_output=True, text=True)
    c.equal(refused.returncode, 1, "empty range: refused")
    c.ok("nothing to analyse" in refused.stderr, "empty range: says why", refused.stderr)
    c.equal(sorted(p.name for p in work.glob("nothing*")), [], "empty range: nothing written")
    run("terms", corpus, "--min-count", "1000000", "--partition", "-o", work / "empty.parquet")
    files = sorted(str(p.relative_to(work)) for p in (work / "empty").rglob("*.parquet"))
    c.equal(files, ["empty/period=__HIVE_DEFAULT_PARTITION__/part-0.parquet"], "empty: one empty default partition")
    df = scan(work / "empty").collect()
    c.equal((df.height, df.columns[-1], len(df.columns)), (0, "period", len(terms_csv[0])), "polars: empty dataset")
    got = con.sql(f"SELECT count(*) FROM {duck(work / 'empty')}").fetchone()
    cols = [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM {duck(work / 'empty')}").fetchall()]
    c.equal((got[0], cols[-1], len(cols)), (0, "period", len(terms_csv[0])), "duckdb: empty dataset")

    print(f"datasets: {c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
