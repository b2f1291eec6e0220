#!/usr/bin/env python3
"""Summarise a run of bench/run.sh into BENCHMARKS.md (between the results markers).

Usage: report.py RESULTS.csv BENCHMARKS.md CORPUS_DIR WORK_DIR
Medians over runs; ratios against dateline measured in the same run.
"""

import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

BEGIN, END = "<!-- results:begin (written by bench/report.py) -->", "<!-- results:end -->"


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    load = open("/proc/loadavg").read().split()[:3]
    return f"{os.cpu_count()} cores ({cpu}), {mem / 2**20:.0f} GiB RAM, Linux {platform.release()}, load average at report time {' '.join(load)}"


def main():
    csv, md_path, corpus, work = sys.argv[1:5]
    d = pd.read_csv(csv).dropna(subset=["wall_s"])
    g = d.groupby(["task", "tool", "input"], sort=False).agg(
        runs=("wall_s", "size"), wall=("wall_s", "median"), rss=("max_rss_mb", "median")).reset_index()
    base = g[g["tool"] == "dateline"].set_index("task")
    json_bytes = sum(p.stat().st_size for p in Path(corpus, "cache").rglob("*.json"))
    lines = [f"Run of {Path(csv).stem} on {machine()}.", ""]
    if "ingest" in base.index:
        ing = base.loc["ingest"]
        cat = g[(g["task"] == "ingest") & (g["tool"] != "dateline")]
        cat_s = float(cat["wall"].iloc[0]) if len(cat) else float("nan")
        lines += [f"Ingest: {json_bytes / 1e6:.1f} MB of JSON in {ing['wall']:.2f} s = "
                  f"**{json_bytes / 1e6 / ing['wall']:.0f} MB/s** (target ≥ 50); `cat` of the same files to "
                  f"/dev/null in the same run: {cat_s:.2f} s = {json_bytes / 1e6 / cat_s:.0f} MB/s.", ""]
    rows = ["| task | tool | input | runs | median wall (s) | time ÷ dateline's | peak RSS (MB) | RSS ÷ dateline's |",
            "|---|---|---|---|---|---|---|---|"]
    sub = Path(work, "spacy-subset.txt")
    docs = Path(work, "docs.jsonl")
    for _, r in g.iterrows():
        b = base.loc[r["task"]] if r["task"] in base.index else None
        tr = f"{r['wall'] / b['wall']:.1f}×" if b is not None and r["tool"] != "dateline" else "1"
        mr = f"{r['rss'] / b['rss']:.1f}×" if b is not None and r["tool"] != "dateline" else "1"
        rows.append(f"| {r['task']} | {r['tool']} | {r['input']} | {r['runs']} | {r['wall']:.2f} | {tr} | {r['rss']:.0f} | {mr} |")
        if r["tool"].startswith("spaCy") and sub.exists() and docs.exists() and b is not None:
            m = re.search(r"docs=(\d+) chars=(\d+)", sub.read_text())
            full = 0
            with open(docs, encoding="utf-8") as f:
                for line in f:
                    o = json.loads(line)
                    full += len((o.get("title") or "") + "\n\n" + o["body"])
            est = r["wall"] * full / int(m.group(2))
            rows.append(f"| {r['task']} | spaCy, scaled to the whole corpus (estimate: × {full / int(m.group(2)):.1f} by characters) | JSONL export | – | {est:.0f} | {est / b['wall']:.0f}× | {r['rss']:.0f} | {r['rss'] / b['rss']:.1f}× |")
    lines += rows
    for name in ("terms", "bigrams"):
        p = Path(csv).with_name(f"{Path(csv).stem}-agree-{name}.md")
        if p.exists():
            lines += ["", p.read_text().rstrip()]
    text = Path(md_path).read_text(encoding="utf-8")
    a, b2 = text.index(BEGIN) + len(BEGIN), text.index(END)
    Path(md_path).write_text(text[:a] + "\n" + "\n".join(lines) + "\n" + text[b2:], encoding="utf-8")


if __name__ == "__main__":
    main()
