#!/usr/bin/env python3
"""Growth table and plot from bench/growth.sh's CSV, written into BENCHMARKS.md.

Usage: growth_report.py RESULTS.csv BENCHMARKS.md
Per task and size: median wall time and peak RSS over the runs; time per GB; the ratio of each
size's time to 100x (10x) the time of the size 100x (10x) smaller, which the issue wants within
1.2 for 10 GB against 100 MB. The plot (SVG, no plotting library needed) goes beside the CSV and
is linked from BENCHMARKS.md, between the markers <!-- growth:begin --> and <!-- growth:end -->.
"""
import csv
import math
import os
import statistics
import sys
from collections import defaultdict


def main():
    path, md = sys.argv[1], sys.argv[2]
    runs = defaultdict(list)
    meta = {}
    for r in csv.DictReader(open(path)):
        if not r["wall_s"]:
            continue
        key = (r["task"], int(r["size_mb"]))
        runs[key].append((float(r["wall_s"]), float(r["max_rss_mb"])))
        meta[key] = (int(r["docs"]), int(r["input_bytes"]))
    med = {k: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v), len(v)) for k, v in runs.items()}
    sizes = sorted({s for _, s in med})
    rows = ["| task | size | documents | input GB | runs | wall s (median) | s per GB | peak RSS MB | time ÷ (k × time of the size k× smaller) |",
            "|---|---|---|---|---|---|---|---|---|"]
    for task in ["ingest", "run"]:
        for s in sizes:
            if (task, s) not in med:
                continue
            t, m, n = med[(task, s)]
            docs, b = meta[(task, s)]
            ratios = []
            for s0 in sizes:
                if s0 < s and (task, s0) in med:
                    k = s / s0
                    ratios.append(f"{t / (k * med[(task, s0)][0]):.2f} vs {s0} MB")
            rows.append(f"| {task} | {s} MB | {docs:,} | {b / 1e9:.2f} | {n} | {t:.1f} | {t / (b / 1e9):.1f} | {m:,.0f} | {'; '.join(ratios) or '–'} |")
    svg_path = os.path.splitext(path)[0] + ".svg"
    open(svg_path, "w").write(plot(med, sizes))
    rel = os.path.relpath(svg_path, os.path.dirname(os.path.abspath(md)))
    block = "\n".join(rows) + f"\n\n![growth: time and peak memory against corpus size]({rel})\n\nSource: `{os.path.relpath(path, os.path.dirname(os.path.abspath(md)))}`.\n"
    text = open(md).read()
    a, b = "<!-- growth:begin -->", "<!-- growth:end -->"
    if a in text and b in text:
        text = text[: text.index(a) + len(a)] + "\n" + block + text[text.index(b):]
        open(md, "w").write(text)
    print(block)


def plot(med, sizes):
    """Two log-log panels: wall time and peak RSS against input size, ingest and run."""
    W, H, pad = 380, 300, 55
    colors = {"ingest": "#1f77b4", "run": "#d62728"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{2 * W}" height="{H}" fill="white"/>']
    xs = [math.log10(s) for s in sizes]
    for panel, (idx, label) in enumerate([(0, "wall time (s)"), (1, "peak RSS (MB)")]):
        ox = panel * W
        vals = [v[idx] for v in med.values()]
        lo, hi = math.floor(math.log10(min(vals))), math.ceil(math.log10(max(vals)))
        if hi == lo:
            hi += 1
        x0, x1 = min(xs) - 0.15, max(xs) + 0.15
        px = lambda x: ox + pad + (x - x0) / (x1 - x0) * (W - 2 * pad + 20)
        py = lambda y: H - pad - (y - lo) / (hi - lo) * (H - 2 * pad)
        out.append(f'<line x1="{ox + pad}" y1="{H - pad}" x2="{ox + W - pad + 20}" y2="{H - pad}" stroke="black"/>')
        out.append(f'<line x1="{ox + pad}" y1="{pad}" x2="{ox + pad}" y2="{H - pad}" stroke="black"/>')
        for e in range(lo, hi + 1):
            out.append(f'<line x1="{ox + pad - 4}" y1="{py(e):.1f}" x2="{ox + W - pad + 20}" y2="{py(e):.1f}" stroke="#ddd"/>')
            out.append(f'<text x="{ox + pad - 6}" y="{py(e) + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
        for s, x in zip(sizes, xs):
            out.append(f'<text x="{px(x):.1f}" y="{H - pad + 16}" text-anchor="middle">{s / 1000:g} GB</text>')
        out.append(f'<text x="{ox + W / 2}" y="{H - 12}" text-anchor="middle">input size (log)</text>')
        out.append(f'<text x="{ox + 14}" y="{H / 2}" transform="rotate(-90 {ox + 14} {H / 2})" text-anchor="middle">{label}, log</text>')
        for task, c in colors.items():
            pts = [(px(math.log10(s)), py(math.log10(med[(task, s)][idx]))) for s in sizes if (task, s) in med]
            if pts:
                out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}"/>')
                out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{c}"/>' for x, y in pts]
        if idx == 0 and any(("ingest", s) in med for s in sizes):
            s0 = min(s for s in sizes if ("run", s) in med) if any(("run", s) in med for s in sizes) else None
            if s0:
                t0 = med[("run", s0)][0]
                a, b = px(math.log10(s0)), py(math.log10(t0))
                e = px(math.log10(max(sizes))), py(math.log10(t0 * max(sizes) / s0))
                out.append(f'<line x1="{a:.1f}" y1="{b:.1f}" x2="{e[0]:.1f}" y2="{e[1]:.1f}" stroke="#999" stroke-dasharray="4 3"/>')
                out.append(f'<text x="{e[0] - 4:.1f}" y="{e[1] - 6:.1f}" text-anchor="end" fill="#666">linear from run at {s0} MB</text>')
        for i, (task, c) in enumerate(colors.items()):
            out.append(f'<rect x="{ox + pad + 10}" y="{pad - 30 + 14 * i}" width="10" height="10" fill="{c}"/>')
            out.append(f'<text x="{ox + pad + 24}" y="{pad - 21 + 14 * i}">dateline {task}</text>')
    out.append("</svg>\n")
    return "\n".join(out)


if __name__ == "__main__":
    main()
