#!/usr/bin/env python3
"""Write the documents dateline analyses (lang `en` or `und`, dated) as JSON Lines for the peers.

Usage: export_jsonl.py CORPUS.parquet OUTPUT.jsonl [--sample N SUBSET.jsonl]
Columns: doc_id, date (YYYY-MM-DD), title, body; rows in corpus order.
With --sample, also writes every k-th of those documents (N of them) to SUBSET.jsonl.
"""

import json
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def main():
    if len(sys.argv) not in (3, 6):
        sys.exit(__doc__)
    t = pq.read_table(sys.argv[1], columns=["doc_id", "date", "title", "body", "lang"])
    # polars writes strings as Arrow string views; compute kernels want plain strings.
    t = t.cast(pa.schema([(f.name, pa.string() if pa.types.is_string_view(f.type) else f.type) for f in t.schema]))
    keep = pc.and_(pc.is_in(t["lang"], value_set=pa.array(["en", "und"])),
                   pc.is_valid(t["date"]))
    t = t.filter(keep)
    rows = [
        {"doc_id": d, "date": str(dt), "title": ti, "body": b}
        for d, dt, ti, b in zip(
            t["doc_id"].to_pylist(), t["date"].to_pylist(), t["title"].to_pylist(), t["body"].to_pylist()
        )
    ]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    total = pq.read_metadata(sys.argv[1]).num_rows
    print(f"{len(rows)} of {total} documents exported", file=sys.stderr)
    if len(sys.argv) == 6:
        n = int(sys.argv[4])
        step = max(1, len(rows) // n)
        with open(sys.argv[5], "w", encoding="utf-8") as f:
            for r in rows[::step][:n]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
