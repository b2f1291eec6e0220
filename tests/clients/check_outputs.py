#!/usr/bin/env python3
"""Check the tables of `dateline run` as a pandas user would read them.

Usage: check_outputs.py OUTDIR [--schema FILE] [--sample DIR]

- Loads every CSV and Parquet file listed in OUTDIR/manifest.json (Parquet with pyarrow).
- Checks column names and types against the manifest and the documented schema (`dateline schema`
  text output, or docs/tables.md): `date` is date32 in Parquet and datetime64 in pandas, and parses
  as dates from CSV; `int64` is an integer dtype with no nulls unless the schema says nullable;
  `float64` is a float dtype; `str` is text.
- Checks row counts against the manifest and that the CSV and Parquet copies of a table hold the
  same values.
- Recomputes a few values independently from the sample page copies (data/sample/*.txt) with plain
  Python (regexes, no dateline code) and from the formulas in docs/formulas.md, and compares them
  with the tables.

Prints one line per failure, then "N passed, M failed"; exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[2]


class Checks:
    """Counts passed and failed checks; prints each failure with its context."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.warnings = 0

    def warn(self, what: str, detail: str = "") -> None:
        self.warnings += 1
        print(f"WARN {what}" + (f": {detail}" if detail else ""))

    def ok(self, cond: bool, what: str, detail: str = "") -> bool:
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            if len(detail) > 400:
                detail = detail[:400] + " ..."
            print(f"FAIL {what}" + (f": {detail}" if detail else ""))
        return cond

    def equal(self, got, want, what: str) -> bool:
        return self.ok(got == want, what, f"got {got!r}, expected {want!r}")

    def close(self, got: float, want: float, what: str, rel: float = 1e-9) -> bool:
        good = math.isclose(got, want, rel_tol=rel, abs_tol=1e-12)
        return self.ok(good, what, f"got {got!r}, expected {want!r}")


# ---------------------------------------------------------------- schema


def load_schema(path: Path) -> dict[str, dict[str, tuple[str, bool]]]:
    """Table name -> column -> (dtype, nullable), from `dateline schema` output or docs/tables.md."""
    text = path.read_text(encoding="utf-8")
    schemas: dict[str, dict[str, tuple[str, bool]]] = {}
    current = None
    if text.startswith("# Output tables"):
        for line in text.splitlines():
            m = re.match(r"^## `([a-z0-9_]+)`", line)
            if m:
                current = schemas.setdefault(m.group(1), {})
                continue
            m = re.match(r"^\| `([a-z0-9_]+)` \| (\w+) \| (yes|no) \|", line)
            if m and current is not None:
                current[m.group(1)] = (m.group(2), m.group(3) == "yes")
    else:
        for line in text.splitlines():
            if not line.strip():
                continue
            if not line.startswith(" "):
                current = schemas.setdefault(line.split(":", 1)[0].strip(), {})
            elif current is not None:
                parts = line.split()
                current[parts[0]] = (parts[1].rstrip(","), "nullable" in parts[2:])
    if not schemas:
        raise SystemExit(f"error: no table schemas found in `{path}`")
    return schemas


def schema_for(schemas, table: str):
    """`keyness_2017_vs_2018` is a `keyness` table."""
    if table in schemas:
        return schemas[table]
    for name in sorted(schemas, key=len, reverse=True):
        if table.startswith(name + "_"):
            return schemas[name]
    return None


# ---------------------------------------------------------------- loading

ARROW_TYPES = {
    "date": lambda t: pa.types.is_date32(t),
    "int64": lambda t: pa.types.is_int64(t),
    "float64": lambda t: pa.types.is_float64(t),
    "str": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "bool": lambda t: pa.types.is_boolean(t),
}


def pandas_type_ok(dtype: str, series: pd.Series, nullable: bool) -> tuple[bool, str]:
    """Does a pandas column have the dtype a user expects for the schema type?"""
    s = series.dtype
    has_null = bool(series.isna().any())
    if dtype == "date":
        good = pd.api.types.is_datetime64_any_dtype(s)
    elif dtype == "int64":
        # An integer column with nulls becomes float64 in pandas; allowed only when nullable.
        good = pd.api.types.is_integer_dtype(s) or (
            nullable and has_null and pd.api.types.is_float_dtype(s)
        )
    elif dtype == "float64":
        good = pd.api.types.is_float_dtype(s)
    elif dtype == "str":
        good = pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)
        if good:
            good = all(isinstance(v, str) for v in series.dropna())
    elif dtype == "bool":
        good = pd.api.types.is_bool_dtype(s) or (nullable and pd.api.types.is_object_dtype(s))
    else:
        return False, f"unknown schema type `{dtype}`"
    if good and has_null and not nullable:
        return False, f"{int(series.isna().sum())} null values in a non-nullable column"
    return good, f"pandas dtype `{s}`"


def read_parquet(path: Path) -> tuple[pa.Table, pd.DataFrame]:
    table = pq.read_table(path)
    # date_as_object=False: date32 becomes datetime64 (pyarrow's default gives datetime.date objects).
    return table, table.to_pandas(date_as_object=False)


def read_csv(path: Path, columns: list[tuple[str, str]], schema) -> pd.DataFrame:
    """Read a CSV the way docs/tables.md describes it (see tests/clients/README.md).

    Dates with `parse_dates`; an empty field is null, and only in nullable columns (so a term like
    `na` or `null` stays text); text columns as `str` (an all-null text column would otherwise be
    float64); `float_precision="round_trip"` (pandas' default parser can be 1 ulp off, or worse for
    numbers with many leading zeros). Numbers are left to pandas' inference, which is checked.
    """
    date_cols = [name for name, t in columns if t == "date"]
    nullable = [name for name, _ in columns if schema is None or schema.get(name, ("", True))[1]]
    return pd.read_csv(
        path,
        parse_dates=date_cols,
        date_format="%Y-%m-%d",
        dtype={name: str for name, t in columns if t == "str"},
        keep_default_na=False,
        na_values={name: [""] for name in nullable},
        float_precision="round_trip",
    )


# ---------------------------------------------------------------- comparing


def normalize(df: pd.DataFrame, columns: list[tuple[str, str]]) -> pd.DataFrame:
    out = pd.DataFrame(index=range(len(df)))
    for name, t in columns:
        s = df[name].reset_index(drop=True)
        if t == "date":
            out[name] = pd.to_datetime(s).astype("datetime64[ns]")
        elif t == "int64":
            out[name] = s.astype("Int64")
        elif t == "float64":
            out[name] = s.astype("float64")
        elif t == "bool":
            out[name] = s.astype("boolean")
        else:
            out[name] = s.astype("object").where(s.notna(), None)
    return out


def compare_frames(ck: Checks, table: str, csv: pd.DataFrame, par: pd.DataFrame, columns) -> None:
    a = normalize(csv, columns)
    b = normalize(par, columns)
    for name, t in columns:
        x, y = a[name], b[name]
        if t == "float64":
            xv, yv = x.to_numpy(), y.to_numpy()
            both_nan = np.isnan(xv) & np.isnan(yv)
            # CSV holds the shortest round-trip decimal of each double: equal bit for bit.
            same = both_nan | (xv == yv)
            if not same.all():
                close = both_nan | np.isclose(xv, yv, rtol=1e-15, atol=0)
                bad = int((~same).sum())
                ck.ok(
                    bool(close.all()),
                    f"{table}.{name}: CSV and Parquet values differ",
                    f"{bad} rows, first at row {int(np.argmax(~same))}: {xv[~same][0]!r} vs {yv[~same][0]!r}",
                )
                continue
            ck.ok(True, "")
        else:
            xs = [None if pd.isna(v) else v for v in x]
            ys = [None if pd.isna(v) else v for v in y]
            diff = [i for i, (p, q) in enumerate(zip(xs, ys)) if p != q]
            ck.ok(
                not diff,
                f"{table}.{name}: CSV and Parquet values differ",
                f"{len(diff)} rows, first row {diff[0]}: {xs[diff[0]]!r} vs {ys[diff[0]]!r}"
                if diff
                else "",
            )


def check_tables(ck: Checks, outdir: Path, schemas) -> dict[str, pd.DataFrame]:
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    outputs = manifest.get("outputs", [])
    ck.ok(bool(outputs), "manifest.json lists outputs")
    loaded: dict[str, dict[str, pd.DataFrame]] = defaultdict(dict)
    columns_of: dict[str, list[tuple[str, str]]] = {}
    for out in outputs:
        table, path, fmt = out["table"], outdir / out["path"], out["format"]
        columns = [(c[0], c[1]) for c in out["columns"]]
        columns_of[table] = columns
        where = f"{out['path']}"
        if not ck.ok(path.is_file(), f"{where}: listed in manifest.json but missing"):
            continue
        schema = schema_for(schemas, table)
        if ck.ok(schema is not None, f"{where}: no documented schema for table `{table}`"):
            documented = [(n, t) for n, (t, _) in schema.items()]
            ck.equal(columns, documented, f"{where}: manifest columns vs documented schema")
        try:
            if fmt == "parquet":
                arrow, df = read_parquet(path)
                for name, t in columns:
                    if name in arrow.column_names:
                        at = arrow.schema.field(name).type
                        ck.ok(ARROW_TYPES.get(t, lambda _: False)(at),
                              f"{where}: column `{name}` has Arrow type `{at}`, schema says `{t}`")
            elif fmt == "csv":
                df = read_csv(path, columns, schema)
            else:
                ck.ok(False, f"{where}: unknown format `{fmt}`")
                continue
        except Exception as e:  # noqa: BLE001 - any read error is a failed check
            ck.ok(False, f"{where}: cannot be read", repr(e))
            continue
        ck.equal(len(df), out["rows"], f"{where}: rows vs manifest")
        ck.equal([str(c) for c in df.columns], [n for n, _ in columns], f"{where}: column names")
        for name, t in columns:
            if name not in df.columns:
                continue
            nullable = schema.get(name, (t, True))[1] if schema else True
            good, detail = pandas_type_ok(t, df[name], nullable)
            if (not good and fmt == "csv" and t == "float64"
                    and pd.api.types.is_integer_dtype(df[name].dtype)):
                # Every value was written without a decimal point (`0`, not `0.0`): pandas
                # infers int64. The values are still right; a client must pass the dtype.
                ck.warn(f"{where}: float64 column `{name}` is read as {df[name].dtype} by pandas "
                        "inference (every value written without a decimal point)")
                continue
            ck.ok(good, f"{where}: column `{name}` ({t}{', nullable' if nullable else ''})", detail)
        loaded[table][fmt] = df
    for table, frames in loaded.items():
        if "csv" in frames and "parquet" in frames:
            csv, par = frames["csv"], frames["parquet"]
            if ck.equal(len(csv), len(par), f"{table}: CSV and Parquet row counts"):
                compare_frames(ck, table, csv, par, columns_of[table])
    return {t: f.get("parquet", f.get("csv")) for t, f in loaded.items()}


# ---------------------------------------------------------------- independent values

MONTHS = "January February March April May June July August September October November December"


def parse_page(path: Path) -> dict:
    """A KCNA Watch page copy: title (line before `Date:`), date, place, title + body text.

    The body is the text after the `Place, Month D (KCNA) -- ` dateline up to the `-0-` end mark.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("Date: "))
    title = next(line for line in reversed(lines[:i]) if line.strip()).strip()
    d, m, y = re.match(r"Date: (\d\d)/(\d\d)/(\d{4})", lines[i]).groups()
    rest = "\n".join(lines[i + 1 :])
    dl = re.search(rf"(?m)^([A-Z][\w ]*?), (?:{MONTHS.replace(' ', '|')}) \d+ \(KCNA\) -- ", rest)
    end = rest.index("-0-")
    body = rest[dl.end() : end].strip()
    return {"file": path.name, "title": title, "date": f"{y}-{m}-{d}", "place": dl.group(1), "body": body}


def readme_counts(path: Path) -> dict[str, dict[str, int]]:
    """The `| term | 2017 | 2018 | 2019 |` table of data/sample/README.md."""
    out: dict[str, dict[str, int]] = {}
    years: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "term":
            years = cells[1:]
        elif years and len(cells) == len(years) + 1 and all(c.isdigit() for c in cells[1:]):
            out[cells[0].lower()] = dict(zip(years, map(int, cells[1:])))
    return out


def count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text, flags=re.IGNORECASE))


def check_values(ck: Checks, sample: Path, t: dict[str, pd.DataFrame]) -> None:
    files = sorted(sample.glob("*.txt"))
    if not files:
        ck.ok(False, f"no sample page copies in `{sample}`")
        return
    pages, seen = [], set()
    for f in files:
        raw = f.read_bytes()
        if raw in seen:  # the byte-identical copy is one document
            continue
        seen.add(raw)
        pages.append(parse_page(f))

    corpus = t.get("corpus")
    if corpus is not None:
        ck.equal(len(corpus), len(pages), "corpus: documents vs distinct sample files")
        got = sorted(corpus["date"].dt.strftime("%Y-%m-%d"))
        ck.equal(got, sorted(p["date"] for p in pages), "corpus: dates vs `Date:` lines")
        ck.equal(sorted(corpus["title"]), sorted(p["title"] for p in pages), "corpus: titles")
        ck.equal(Counter(corpus["place"]), Counter(p["place"] for p in pages), "corpus: places")
        by_title = {p["title"]: p for p in pages}
        ws = lambda s: " ".join(s.split())  # noqa: E731
        bad = [r.title for r in corpus.itertuples() if ws(r.body) != ws(by_title.get(r.title, {}).get("body", ""))]
        ck.ok(not bad, "corpus: body equals the page text between the dateline and `-0-`", f"differs for {bad}")
        ck.equal(corpus["copies"].sum(), len(files), "corpus: sum of copies vs sample files")
        ck.equal(int(corpus["n_chars"].iloc[0]), len(corpus["body"].iloc[0]), "corpus: n_chars of the first document (characters of body)")

    periods = t.get("periods")
    if periods is not None:
        uni = periods[periods["n"] == 1]
        docs_per_month = Counter(p["date"][:7] for p in pages)
        got = {r.period: int(r.docs) for r in uni.itertuples() if r.docs}
        ck.equal(got, dict(docs_per_month), "periods: documents per month (n = 1)")
        months = pd.period_range(min(docs_per_month), max(docs_per_month), freq="M").astype(str).tolist()
        ck.equal(sorted(uni["period"]), months, "periods: every month in the range, empty ones included")

    # Whole-word counts in title + body, case-insensitive: `nuclear*` is a word starting with
    # `nuclear` (nuclear-free included, denuclearization not).
    text_by_year: dict[str, list[str]] = defaultdict(list)
    for p in pages:
        text_by_year[p["date"][:4]].append(p["title"] + "\n\n" + p["body"])
    queries = {
        "nuclear*": r"(?<!\w)nuclear",
        "sanctions": r"(?<!\w)sanctions(?!\w)",
        "peace": r"(?<!\w)peace(?!\w)",
        "summit": r"(?<!\w)summit(?!\w)",
    }
    trends = t.get("trends")
    if trends is not None:
        for q, pat in queries.items():
            rows = trends[trends["query"] == q]
            got = rows.groupby(rows["period_start"].dt.year)["count"].sum()
            got = {str(y): int(c) for y, c in got.items()}
            want = {y: sum(count(pat, x) for x in texts) for y, texts in sorted(text_by_year.items())}
            ck.equal(got, want, f"trends: `{q}` per year vs regex count in the sample pages")
        readme = readme_counts(sample / "README.md")
        for q in ["nuclear", "sanctions", "peace", "summit"]:
            rows = trends[trends["query"] == (q + "*" if q == "nuclear" else q)]
            got = {str(y): int(c) for y, c in rows.groupby(rows["period_start"].dt.year)["count"].sum().items()}
            if ck.ok(q in readme, f"data/sample/README.md lists counts of `{q}`"):
                ck.equal(got, readme[q], f"trends: `{q}` per year vs data/sample/README.md")
        if periods is not None:
            tok = {r.period: int(r.tokens) for r in periods[periods["n"] == 1].itertuples()}
            bad = [r.period for r in trends.itertuples() if r.tokens != tok.get(r.period)]
            ck.ok(not bad, "trends: tokens equal the period's unigram tokens", f"{bad[:5]}")
            per = [(r.count * 10000 / r.tokens if r.tokens else 0.0, r.per_10k) for r in trends.itertuples()]
            bad = [(w, g) for w, g in per if not math.isclose(w, g, rel_tol=1e-12, abs_tol=1e-12)]
            ck.ok(not bad, "trends: per_10k = count * 10000 / tokens", f"{len(bad)} rows, e.g. {bad[:2]}")

    terms = t.get("terms")
    if terms is not None and periods is not None:
        # min_count = 1 and no top: the unigram counts of a period add up to its tokens.
        got = terms[terms["n"] == 1].groupby("period")["count"].sum()
        want = periods[(periods["n"] == 1) & (periods["tokens"] > 0)].set_index("period")["tokens"]
        ck.equal(got.to_dict(), want.to_dict(), "terms: unigram counts per period sum to the period's tokens")
        docs = periods[periods["n"] == 1].set_index("period")["docs"]
        bad = terms[terms["docs"] > terms["period"].map(docs)]
        ck.ok(bad.empty, "terms: docs never exceed the period's documents", f"{len(bad)} rows")
    if trends is not None:
        bad = trends[trends["smoothed"] != trends["per_10k"]]
        ck.ok(bad.empty, "trends: smoothed = per_10k with smooth = 1", f"{len(bad)} rows")

    lookup, doc_lookup = t.get("lookup"), t.get("doc_lookup")
    if lookup is not None and doc_lookup is not None:
        rate = (lookup["count"] / lookup["tokens"] * 1e4).where(lookup["tokens"] > 0, 0.0)
        ck.ok(bool(np.allclose(lookup["per_10k"], rate, rtol=1e-12)),
              "lookup: per_10k = count / tokens * 10,000 (0 without tokens)")
        share = (lookup["docs"] / lookup["period_docs"]).where(lookup["period_docs"] > 0, 0.0)
        ck.ok(bool(np.allclose(lookup["doc_share"], share, rtol=1e-12)),
              "lookup: doc_share = docs / period_docs (0 without documents)")
        if lookup["period"].astype(str).str.fullmatch(r"\d{4}-\d{2}").all():
            # Monthly periods: each document's counts, summed by its month, are the table's.
            d = doc_lookup.assign(period=doc_lookup["date"].astype(str).str[:7])
            by_doc = d.groupby(["period", "category"]).agg(count=("count", "sum"), docs=("doc_id", "nunique"))
            got = lookup[lookup["count"] > 0].set_index(["period", "category"])[["count", "docs"]].sort_index()
            ck.equal(got.to_dict(), by_doc.sort_index().to_dict(),
                     "lookup: counts and documents per month = doc_lookup summed by month")

    cooc = t.get("cooccur")
    if cooc is not None:
        e = cooc["window_tokens"] * cooc["term_count"] / cooc["tokens"]
        pmi = np.log2(cooc["cooc"] / e)
        dice = 2 * cooc["cooc"] / (cooc["target_count"] + cooc["term_count"])
        ck.ok(bool(np.allclose(cooc["expected"], e, rtol=1e-12)), "cooccur: expected = window_tokens * term_count / tokens")
        ck.ok(bool(np.allclose(cooc["pmi"], pmi, rtol=1e-12)), "cooccur: pmi = log2(cooc / expected)")
        ck.ok(bool(np.allclose(cooc["dice"], dice, rtol=1e-12)), "cooccur: dice = 2 cooc / (target_count + term_count)")
        ck.ok(bool(np.allclose(cooc["log_dice"], 14 + np.log2(dice), rtol=1e-12)), "cooccur: log_dice = 14 + log2(dice)")

    co_m = t.get("co_mentions")
    if co_m is not None:
        pmi = np.log2(co_m["count"] * co_m["units"] / (co_m["source_docs"] * co_m["target_docs"]))
        ck.ok(bool(np.allclose(co_m["pmi"], pmi, rtol=1e-12, atol=1e-12)),
              "co_mentions: pmi = log2(count * units / (source_docs * target_docs))")
        if periods is not None:
            docs = periods[periods["n"] == 1].set_index("period")["docs"]
            bad = co_m[co_m["units"] != co_m["period"].map(docs)]
            ck.ok(bad.empty, "co_mentions: units = documents of the period (document scope)", f"{len(bad)} rows")

    key = t.get("keyness_2017_vs_2018")
    if key is not None and periods is not None:
        uni = periods[periods["n"] == 1]
        c = int(uni[uni["period"].str.startswith("2017")]["tokens"].sum())
        d = int(uni[uni["period"].str.startswith("2018")]["tokens"].sum())
        row = key.set_index("term")
        # Exact token: hyphenated words stay whole by default, so `nuclear-free` is not `nuclear`.
        for term, pat in [("nuclear", r"(?<![\w-])nuclear(?![\w-])"), ("sanctions", queries["sanctions"]),
                          ("peace", queries["peace"]), ("summit", queries["summit"])]:
            want = (sum(count(pat, x) for x in text_by_year["2017"]), sum(count(pat, x) for x in text_by_year["2018"]))
            if ck.ok(term in row.index, f"keyness: term `{term}` present"):
                ck.equal((int(row.loc[term, "count_a"]), int(row.loc[term, "count_b"])), want,
                         f"keyness: `{term}` counts 2017, 2018 vs regex count in the sample pages")
        worst = 0.0
        for r in key.itertuples():
            a, b = r.count_a, r.count_b
            e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
            g2 = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
            g2 = g2 if a / c > b / d else -g2
            lr = math.log2(((a or 0.5) / c) / ((b or 0.5) / d))
            p = math.erfc(math.sqrt(abs(g2) / 2))
            for got, want in [(r.g2, g2), (r.log_ratio, lr), (r.p_value, p), (r.per_10k_a, a * 1e4 / c), (r.per_10k_b, b * 1e4 / d)]:
                worst = max(worst, abs(got - want) / max(abs(want), 1e-300) if want else abs(got))
        ck.ok(worst < 1e-9, "keyness: g2, log_ratio, p_value, per_10k recomputed from counts and period tokens",
              f"worst relative error {worst:.3g} (c = {c}, d = {d})")
        ck.equal(list(key["rank"]), list(range(1, len(key) + 1)), "keyness: rank is 1..n in row order")

    mentions = t.get("mentions")
    if mentions is not None and corpus is not None:
        texts = {r.doc_id: ((r.title + "\n\n") if isinstance(r.title, str) and r.title else "") + r.body for r in corpus.itertuples()}
        bad = []
        for r in mentions.itertuples():
            raw = texts.get(r.doc_id, "").encode("utf-8")
            if raw[r.start : r.end].decode("utf-8", "replace") != r.surface:
                bad.append((r.doc_id, r.surface, r.start, r.end))
        ck.ok(not bad, "mentions: surface equals (title + blank line + body)[start:end] in UTF-8 bytes",
              f"{len(bad)} of {len(mentions)}, e.g. {bad[:3]}")
        dates = dict(zip(corpus["doc_id"], corpus["date"]))
        bad = [r.doc_id for r in mentions.itertuples() if dates.get(r.doc_id) != r.date]
        ck.ok(not bad, "mentions: date equals the document's date", f"{bad[:3]}")

    co = t.get("co_mentions")
    ec = t.get("entity_counts")
    if co is not None and mentions is not None:
        # co_mentions per month (document scope) recomputed from the mentions table.
        month = mentions["date"].dt.strftime("%Y-%m")
        ents = mentions.assign(month=month).groupby(["month", "doc_id"])["entity_id"].agg(lambda s: set(s))
        pairs: Counter = Counter()
        for (m, _), es in ents.items():
            for x in es:
                for y in es:
                    if x < y:
                        pairs[(m, x, y)] += 1
        got = Counter()
        for r in co.itertuples():
            x, y = sorted((r.source, r.target))
            got[(r.period, x, y)] += int(r.count)
        missing = {k: v for k, v in got.items() if pairs.get(k) != v}
        ck.ok(not missing, "co_mentions: count = documents of the month mentioning both (from mentions)",
              f"{len(missing)} pairs differ, e.g. {list(missing.items())[:3]} vs {[pairs.get(k) for k in list(missing)[:3]]}")
    if ec is not None and mentions is not None:
        month = mentions["date"].dt.strftime("%Y-%m")
        want = mentions.assign(month=month).groupby(["month", "entity_id"]).size()
        got = ec[ec["mentions"] > 0].set_index(["period", "entity_id"])["mentions"]
        diff = [k for k in set(want.index) | set(got.index) if want.get(k, 0) != got.get(k, 0)]
        ck.ok(not diff, "entity_counts: mentions per month = rows of the mentions table", f"{sorted(diff)[:5]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--schema", type=Path, default=REPO / "docs" / "tables.md",
                    help="output of `dateline schema` or docs/tables.md (default)")
    ap.add_argument("--sample", type=Path, default=REPO / "data" / "sample")
    args = ap.parse_args()
    if not (args.outdir / "manifest.json").is_file():
        print(f"error: no manifest.json in `{args.outdir}` (run `dateline run` first)", file=sys.stderr)
        return 2
    ck = Checks()
    tables = check_tables(ck, args.outdir, load_schema(args.schema))
    check_values(ck, args.sample, tables)
    warned = f" ({ck.warnings} warnings)" if ck.warnings else ""
    print(f"{ck.passed} passed, {ck.failed} failed{warned}")
    return 1 if ck.failed else 0


if __name__ == "__main__":
    sys.exit(main())
