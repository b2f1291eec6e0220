#!/usr/bin/env python3
"""Agreement of dateline's terms table with the peers' counts, row by row.

Usage: agree.py DATELINE_TERMS.parquet N OUT.md NAME=FILE [NAME=FILE ...]
  N      n-gram size to compare (1 or 2); FILE is a peer's Parquet or CSV (period, term, count).
Joins on (period, term) (full outer join) and counts the rows whose count differs or that
one side lacks; sorts the differing rows into kinds by the term's shape, with examples.
Writes a Markdown section to OUT.md and a one-line summary per peer to stdout.
"""

import sys

import pandas as pd


def load(path):
    d = pd.read_csv(path, dtype={"period": str, "term": str}, keep_default_na=False) if path.endswith(".csv") else pd.read_parquet(path)
    d = d[["period", "term", "count"]].copy()
    d["period"] = d["period"].astype(str)
    d["term"] = d["term"].astype(str)
    d["count"] = d["count"].astype("int64")
    return d


def kind(term):
    words = term.split(" ")
    if "." in term:
        return "lower-case abbreviation kept with its periods by dateline (`a.m.`, `e.g.`)"
    if any(w != w.lower() for w in words):
        return "acronym kept in capitals by dateline (`UN`, `US`: docs/tokenization.md section 2)"
    if "us" in words or "un" in words:
        return "`us`/`un`: dateline keeps the acronyms `US`/`UN` apart"
    if any(len(w) == 1 for w in words):
        return "single letter (pieces of `U.S.`, `D.P.R.K.`, initials)"
    if not term.isascii():
        return "non-ASCII (NFKC, dashes, quotes)"
    if "-" in term:
        return "hyphenated compound"
    if "'" in term:
        return "apostrophe"
    if any(c.isdigit() for c in term):
        return "digits"
    return "other"


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    dl = pd.read_parquet(sys.argv[1])
    n = int(sys.argv[2])
    if "n" in dl.columns:
        dl = dl[dl["n"] == n]
    dl = dl[["period", "term", "count"]].astype({"period": str, "term": str, "count": "int64"})
    md = [f"### n = {n}: dateline vs peers\n",
          f"dateline rows: {len(dl):,}, tokens: {dl['count'].sum():,}\n",
          "| peer | rows | tokens | rows equal | rows differing | only dateline | only peer | count differs |",
          "|---|---|---|---|---|---|---|---|"]
    details = []
    for spec in sys.argv[4:]:
        name, path = spec.split("=", 1)
        peer = load(path)
        j = dl.merge(peer, on=["period", "term"], how="outer", suffixes=("_dateline", "_peer"), indicator=True)
        only_d = (j["_merge"] == "left_only").sum()
        only_p = (j["_merge"] == "right_only").sum()
        both = j["_merge"] == "both"
        differ = both & (j["count_dateline"] != j["count_peer"])
        equal = (both & ~differ).sum()
        ndiff = only_d + only_p + differ.sum()
        md.append(f"| {name} | {len(peer):,} | {peer['count'].sum():,} | {equal:,} | {ndiff:,} | {only_d:,} | {only_p:,} | {differ.sum():,} |")
        print(f"{name}: n={n} rows_dateline={len(dl)} rows_peer={len(peer)} equal={equal} differ={ndiff}")
        if not details:  # the kinds of differences, for the first peer (the peers agree with each other)
            bad = j[(j["_merge"] != "both") | differ].copy()
            bad = bad.fillna({"count_dateline": 0, "count_peer": 0})
            bad["kind"] = bad["term"].map(kind)
            bad["delta"] = bad["count_dateline"] - bad["count_peer"]
            if bad.empty:
                details.append(f"\nNo differing rows (against {name}).\n")
                continue
            details.append(f"\nKinds of differing rows (against {name}; a row is one (month, term)):\n")
            details.append("| kind | rows | dateline − peer (tokens) | examples (term: dateline / peer, summed over months) |")
            details.append("|---|---|---|---|")
            for k, g in sorted(bad.groupby("kind"), key=lambda kv: -len(kv[1])):
                tops = (g.groupby("term")[["count_dateline", "count_peer"]].sum()
                        .assign(a=lambda x: (x["count_dateline"] - x["count_peer"]).abs())
                        .sort_values("a", ascending=False).head(6))
                ex = "; ".join(f"`{t}`: {int(r.count_dateline)} / {int(r.count_peer)}" for t, r in tops.iterrows())
                details.append(f"| {k} | {len(g):,} | {int(g['delta'].sum()):+,} | {ex} |")
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        f.write("\n".join(md + details) + "\n")


if __name__ == "__main__":
    main()
