#!/usr/bin/env bash
# The index benchmark (issue 16): each job with the index, without it (--no-index: the text
# tokenized, today's path before the index) and, where there is one, the polars peer, run in
# alternation N times; prints medians and ratios and appends raw rows to
# bench/results/<date>-index.csv. Not part of CI. Needs bench/setup.sh's venv for the peer.
#
# Environment: DATELINE (release binary), CORPUS (kcna-cojp), WORK (scratch), N (runs, 5).
set -euo pipefail
set -f # no globbing: queries such as missile* are arguments
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
DATELINE="${DATELINE:-$root/target/release/dateline}"
CORPUS="${CORPUS:-$root/../shared/corpora/kcna-cojp-daily-1997-2018}"
W="${WORK:-/tmp/dateline-bench}"
N="${N:-5}"
py="$here/.venv/bin/python"
today="$(date -u +%F)"
csv="$here/results/$today-index.csv"
mkdir -p "$W" "$here/results"
[ -f "$csv" ] || echo "job,variant,run,wall_s,max_rss_mb" >"$csv"
P="$W/kcna.parquet"
J="$W/docs.jsonl"

# one JOB VARIANT RUN -- CMD: wall seconds and peak RSS of one run, appended to $csv.
one() {
  local job="$1" variant="$2" run="$3"; shift 4
  local s e rss
  s="$(date +%s.%N)"
  /usr/bin/time -v -o "$W/time.txt" "$@" >"$W/last.log" 2>&1 || { echo "failed: $*" >&2; tail -3 "$W/last.log" >&2; }
  e="$(date +%s.%N)"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/time.txt")"
  printf '%s,%s,%s,%.3f,%.1f\n' "$job" "$variant" "$run" "$(echo "$e - $s" | bc -l)" "$(echo "$rss / 1024" | bc -l)" >>"$csv"
}

if [ ! -f "$P" ] || [ ! -d "$W/kcna.index" ]; then
  "$DATELINE" -q ingest --lenient "$CORPUS" -o "$P"
fi
[ -f "$J" ] || "$py" "$here/export_jsonl.py" "$P" "$J"

D="$DATELINE -q"
jobs=(
  "terms-parquet#$D terms $P --pipeline plain --by month -o $W/t-pq.parquet#$py -W ignore $here/peers.py terms polars $J $W/terms-polars.parquet"
  "terms-csv#$D terms $P --pipeline plain --by month -o $W/t-csv.csv#$py -W ignore $here/peers.py terms polars $J $W/terms-polars.parquet"
  "bigrams#$D terms $P --pipeline plain --by month --ngram 2 -o $W/b.parquet#$py -W ignore $here/peers.py bigrams polars $J $W/bigrams-polars.parquet"
  "trend5#$D trend $P nuclear sanctions Japan us=US|America missile* --by month -o $W/trend.csv#"
  "kwic#$D kwic $P nuclear -o $W/kwic.csv#"
  "compare#$D compare $P --a 2017 --b 2012..2016 -o $W/keyness.csv#"
  "collocations#$D collocations $P --size 2..3 --by year -o $W/coll.parquet#"
  "entities#$D entities $P --by month -o $W/ents#"
)
for r in $(seq "$N"); do
  for j in "${jobs[@]}"; do
    IFS='#' read -r name cmd peer <<<"$j"
    # shellcheck disable=SC2086
    one "$name" index "$r" -- $cmd
    # shellcheck disable=SC2086
    one "$name" text "$r" -- $cmd --no-index
    if [ -n "$peer" ]; then
      # shellcheck disable=SC2086
      one "$name" polars "$r" -- $peer
    fi
  done
done
"$py" - "$csv" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {}
for r in rows:
    by.setdefault((r["job"], r["variant"]), []).append((float(r["wall_s"]), float(r["max_rss_mb"])))
jobs = sorted({j for j, _ in by}, key=lambda j: [r["job"] for r in rows].index(j))
print("| job | index s | text s | polars s | text/index | polars/index | index MB | polars MB |")
print("|---|---|---|---|---|---|---|---|")
for j in jobs:
    med = {v: (statistics.median(x for x, _ in by[(j, v)]), statistics.median(m for _, m in by[(j, v)])) for v in ("index", "text", "polars") if (j, v) in by}
    i, t = med["index"], med["text"]
    p = med.get("polars")
    print(f"| {j} | {i[0]:.3f} | {t[0]:.3f} | {p[0]:.3f} | {t[0]/i[0]:.1f}× | {p[0]/i[0]:.1f}× | {i[1]:.0f} | {p[1]:.0f} |" if p else
          f"| {j} | {i[0]:.3f} | {t[0]:.3f} | — | {t[0]/i[0]:.1f}× | — | {i[1]:.0f} | — |")
EOF
