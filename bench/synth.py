#!/usr/bin/env python3
"""Synthetic growth corpus: re-dated, recombined copies of a dateline corpus, as JSON Lines.

Usage: synth.py CORPUS.parquet OUTDIR SIZE_MB
Copy k (k = 0, 1, ...) of article i keeps its title and paragraphs, appends one paragraph of
another article of the same month (chosen by a seeded generator, so that no two texts are
identical and dateline's deduplication keeps them all, while each month keeps its own
vocabulary), and is re-dated by a seeded shift of 1 to 28 days
(one shift per pass over the corpus), wrapped inside the corpus' own date range. The periods stay
those of the real corpus and an article stays near its own month: a larger synthetic corpus is
more articles over the same 22 years with the same vocabulary per month, which is what lets the
growth run show that memory follows the vocabulary and the periods, not the corpus size. (A
corpus that is larger because it covers more periods, or a wider vocabulary, needs memory in
proportion to its distinct (period, term) pairs: see docs/scale.md.)
Writes OUTDIR/part-KKKK.jsonl files of about 16 MB (fields date, title, body) until SIZE_MB
megabytes (10^6 bytes) are written.
"""

import json
import os
import datetime
import random
import sys

import pyarrow.parquet as pq


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    t = pq.read_table(sys.argv[1], columns=["date", "title", "body"]).to_pylist()
    t = [r for r in t if r["date"] is not None]
    out, limit = sys.argv[2], int(float(sys.argv[3]) * 1_000_000)
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20260101)
    paras = [r["body"].split("\n\n") for r in t]
    by_month = {}
    for i, r in enumerate(t):
        by_month.setdefault((r["date"].year, r["date"].month), []).append(i)
    first = min(r["date"] for r in t)
    span = (max(r["date"] for r in t) - first).days + 1
    part_limit = 16_000_000
    written, k, part = 0, 0, 0
    f = None
    part_written = part_limit
    while written < limit:
        shift = 0 if k == 0 else rng.randrange(1, 29)
        for r in t:
            if part_written >= part_limit:
                if f:
                    f.close()
                f = open(os.path.join(out, f"part-{part:04}.jsonl"), "w", encoding="utf-8")
                part += 1
                part_written = 0
            d = first + datetime.timedelta(days=((r["date"] - first).days + shift) % span)
            same = by_month[(r["date"].year, r["date"].month)]
            other = paras[same[rng.randrange(len(same))]]
            body = r["body"] + "\n\n" + other[rng.randrange(len(other))]
            line = json.dumps({"date": d.isoformat(), "title": r["title"], "body": body}, ensure_ascii=False) + "\n"
            f.write(line)
            n = len(line.encode("utf-8"))
            written += n
            part_written += n
            if written >= limit:
                break
        k += 1
    if f:
        f.close()
    print(f"{written / 1e6:.1f} MB in {part} part(s), {k} pass(es) over the corpus", file=sys.stderr)


if __name__ == "__main__":
    main()
