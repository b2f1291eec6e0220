#!/usr/bin/env python3
"""Synthetic growth corpus: re-dated, recombined copies of a dateline corpus, as JSON Lines.

Usage: synth.py CORPUS.parquet OUTDIR SIZE_MB
Copy k (k = 0, 1, ...) of article i keeps its title and paragraphs, appends one paragraph of
another article (chosen by a seeded generator, so that no two texts are identical and
dateline's deduplication keeps them all), and is dated 22·k years later (Feb 29 → Feb 28).
Writes OUTDIR/part-K.jsonl (fields date, title, body) until SIZE_MB megabytes (10^6 bytes) are written.
"""

import json
import os
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
    written, k = 0, 0
    while written < limit:
        with open(os.path.join(out, f"part-{k:03}.jsonl"), "w", encoding="utf-8") as f:
            for i, r in enumerate(t):
                d = r["date"]
                day = 28 if (d.month == 2 and d.day == 29) else d.day
                date = f"{d.year + 22 * k:04}-{d.month:02}-{day:02}"
                other = paras[rng.randrange(len(paras))]
                body = r["body"] + "\n\n" + other[rng.randrange(len(other))]
                line = json.dumps({"date": date, "title": r["title"], "body": body}, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                if written >= limit:
                    break
        k += 1
    print(f"{written / 1e6:.1f} MB in {k} part(s)", file=sys.stderr)


if __name__ == "__main__":
    main()
