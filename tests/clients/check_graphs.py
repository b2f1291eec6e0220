#!/usr/bin/env python3
"""The co-mention graph files of `dateline entities --graph graphml --graph gexf`, read by networkx.

Usage: check_graphs.py ENTITIES_DIR

For every `networks/co_mentions.<period>.graphml` and `.gexf`: networkx reads it as an
undirected graph whose nodes are the entities of `entity_counts.csv` in that period (with
their `type`, `name` and `mentions`) and whose edges are the rows of `co_mentions.csv` (with
their `count` and `pmi`). Exits 1 on the first difference.
"""

import sys
from pathlib import Path

import csv

import networkx as nx


def main() -> int:
    d = Path(sys.argv[1])
    counts = list(csv.DictReader(open(d / "entity_counts.csv", encoding="utf-8")))
    co = list(csv.DictReader(open(d / "co_mentions.csv", encoding="utf-8")))
    files = sorted((d / "networks").glob("co_mentions.*.*"))
    if not files:
        print(f"error: no graph file in {d / 'networks'}")
        return 1
    for f in files:
        period = f.name[len("co_mentions."):].rsplit(".", 1)[0]
        g = nx.read_graphml(f) if f.suffix == ".graphml" else nx.read_gexf(f)
        want_nodes = {
            f"{r['type']}:{r['entity_id']}": (r["name"], int(r["mentions"]))
            for r in counts
            if r["period"] == period and int(r["mentions"]) > 0
        }
        got_nodes = {k: (v["name"], int(v["mentions"])) for k, v in g.nodes(data=True)}
        if got_nodes != want_nodes:
            print(f"error: {f}: nodes differ from entity_counts.csv")
            return 1
        want = {
            frozenset((f"{r['source_type']}:{r['source']}", f"{r['target_type']}:{r['target']}")): (
                int(r["count"]),
                float(r["pmi"]),
            )
            for r in co
            if r["period"] == period
        }
        got = {frozenset((a, b)): (int(v["count"]), float(v["pmi"])) for a, b, v in g.edges(data=True)}
        if got.keys() != want.keys() or any(
            got[k][0] != want[k][0] or abs(got[k][1] - want[k][1]) > 1e-12 * max(1.0, abs(want[k][1])) for k in want
        ):
            print(f"error: {f}: edges differ from co_mentions.csv")
            return 1
        if g.is_directed():
            print(f"error: {f}: read as a directed graph")
            return 1
        print(f"ok {f.name}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
