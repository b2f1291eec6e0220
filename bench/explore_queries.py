"""Times each explorer endpoint (bench/explore.sh): N rounds, each asking every query once in
turn; prints the median round trip and server time per query, and the first ask's (round 0, a
warm-up not in the medians: kept co-occurrence totals of a new range are counted then), appends
raw rows to a CSV (round 0 included)."""
import csv
import statistics
import sys
import time
import urllib.parse
import urllib.request

url, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
Q = urllib.parse.quote
queries = [
    ("info", "info"),
    ("trend 1 term by month", "trend?q=nuclear&by=month"),
    ("trend 5 queries by month",
     "trend?q=nuclear&q=sanctions&q=Japan&q=" + Q("us=US|America") + "&q=" + Q("missile*") + "&by=month"),
    ("trend phrase by day", "trend?q=" + Q("Kim Jong Un") + "&by=day"),
    ("kwic 1 term, all lines", "kwic?q=nuclear"),
    ("kwic 1 term, 200 lines sorted right", "kwic?q=nuclear&sort=right&limit=200"),
    ("kwic phrase 2017", "kwic?q=" + Q("Kim Jong Un") + "&from=2017&to=2017"),
    ("collocates window 5", "collocates?q=nuclear&by=all&min_count=3&top=30"),
    ("collocates window 5, 2015..2017", "collocates?q=nuclear&by=all&from=2015&to=2017&min_count=3&top=30"),
    ("cooccur sentence", "cooccur?q=nuclear&by=all&min_count=3&top=30"),
    ("entities of a query", "entities?q=nuclear&by=all"),
    ("entities by month", "entities?by=month"),
    ("co-mentions of a query (CSV link)", "entities?q=nuclear&by=all&table=co_mentions"),
    ("compare 2017 vs 2012..2016", "compare?a=2017&b=2012..2016&top=50"),
]
rows = []
for run in range(n + 1):  # round 0 is a warm-up, not counted
    for name, q in queries:
        t = time.perf_counter()
        with urllib.request.urlopen(url + "api/v1/" + q) as r:
            body = r.read()
            server = r.headers.get("Server-Timing", "")
        wall = (time.perf_counter() - t) * 1000
        ms = float(server.split("dur=")[1]) if "dur=" in server else float("nan")
        rows.append((name, run, round(wall, 2), ms, len(body)))
with open(out, "a", newline="") as f:
    w = csv.writer(f)
    if f.tell() == 0:
        w.writerow(["query", "run", "round_trip_ms", "server_ms", "bytes"])
    w.writerows(rows)
print(f"{'query':40} {'median ms':>10} {'min':>7} {'max':>7} {'server ms':>10} {'first ms':>9} {'bytes':>10}")
worst = 0.0
for name, _ in queries:
    ws = [r[2] for r in rows if r[0] == name and r[1]]
    ss = [r[3] for r in rows if r[0] == name and r[1]]
    first = [r[2] for r in rows if r[0] == name and not r[1]][0]
    b = [r[4] for r in rows if r[0] == name][-1]
    med = statistics.median(ws)
    worst = max(worst, med)
    print(f"{name:40} {med:10.1f} {min(ws):7.1f} {max(ws):7.1f} {statistics.median(ss):10.1f} {first:9.1f} {b:10}")
print(f"slowest median: {worst:.1f} ms (target < 100 ms: {'met' if worst < 100 else 'missed'})")
