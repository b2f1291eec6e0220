#!/usr/bin/env bash
# Growth: wall time and peak memory of `dateline ingest` and `dateline run` on synthetic corpora
# of 100 MB, 1 GB and 10 GB made from kcna-cojp by bench/synth.py (re-dated, recombined
# articles over the same 22 years). Writes bench/results/growth-<date>.csv, then
# bench/growth_report.py writes the table and the plot (bench/results/growth-<date>.svg) into
# BENCHMARKS.md. Not part of CI.
#
# Environment (all optional):
#   DATELINE   release binary (default target/release/dateline)
#   CORPUS     default ../shared/corpora/kcna-cojp-daily-1997-2018
#   WORK       scratch folder (default /tmp/dateline-bench); needs about 2.5x the largest size
#   SIZES      sizes in MB (default "100 1000 10000")
#   N          runs per size (default 1)
#   KEEP       1 keeps the synthetic corpora between runs (default 1: making 10 GB takes minutes)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
DATELINE="${DATELINE:-$root/target/release/dateline}"
CORPUS="${CORPUS:-$root/../shared/corpora/kcna-cojp-daily-1997-2018}"
W="${WORK:-/tmp/dateline-bench}"
SIZES="${SIZES:-100 1000 10000}"
N="${N:-1}"
KEEP="${KEEP:-1}"
today="$(date -u +%F)"
csv="$here/results/growth-$today.csv"
py="$here/.venv/bin/python"

[ -x "$DATELINE" ] || { echo "error: no dateline binary at $DATELINE" >&2; echo "hint: cargo build --release -p dateline, or set DATELINE" >&2; exit 1; }
[ -d "$CORPUS" ] || { echo "error: corpus not found: $CORPUS" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
bash "$here/setup.sh"
mkdir -p "$W" "$here/results"
[ -f "$csv" ] || echo "task,size_mb,run,wall_s,max_rss_mb,docs,input_bytes" > "$csv"

# The real corpus the synthetic ones are made from.
P="$W/growth-source.parquet"
[ -f "$P" ] || "$DATELINE" -q ingest --lenient "$CORPUS" -o "$P"

# measure TASK MB RUN DOCS_FROM -- CMD...
measure() {
  local task="$1" mb="$2" run="$3" manifest="$4"; shift 5
  local s e rss docs bytes
  s="$(date +%s.%N)"
  if ! /usr/bin/time -v -o "$W/growth-time.txt" "$@" >"$W/growth-last.log" 2>&1; then
    echo "error: $task $mb MB failed: $*" >&2; tail -5 "$W/growth-last.log" >&2
    echo "$task,$mb,$run,,,," >>"$csv"; return 0
  fi
  e="$(date +%s.%N)"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/growth-time.txt")"
  read -r docs bytes < <("$py" - "$manifest" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
r = m["extra"]["report"] if "report" in m.get("extra", {}) else m["extra"]["ingest"]
print(r["kept"], r["bytes_read"])
EOF
)
  printf '%s,%s,%s,%.3f,%.1f,%s,%s\n' "$task" "$mb" "$run" "$(echo "$e - $s" | bc -l)" \
    "$(echo "$rss / 1024" | bc -l)" "$docs" "$bytes" | tee -a "$csv"
}

for mb in $SIZES; do
  src="$W/synth-$mb"
  if [ ! -f "$src/.done" ]; then
    rm -rf "$src"
    "$py" "$here/synth.py" "$P" "$src" "$mb"
    touch "$src/.done"
  fi
  study="$W/study-growth-$mb.toml"
  cat >"$study" <<EOF
title = "growth $mb MB"
[input]
paths = ["$src"]
[output]
dir = "$W/growth-run-$mb"
formats = ["parquet"]
charts = true
[periods]
by = "month"
[tokenize]
phrases = ["Kim Jong Un", "Kim Jong Il", "United States", "south Korea", "Korean peninsula"]
[terms]
ngram = "1"
min_count = 1
[trends]
queries = ["nuclear*", "sanctions", "peace", "summit", "us=United States|U.S.|American*"]
[[compare]]
name = "early_vs_late"
a = "1997..2007"
b = "2008..2018"
min_count = 2
[entities]
track = ["PRK", "USA", "CHN", "RUS", "KOR", "kim-jong-un"]
mentions = false
[cooccur]
targets = ["nuclear", "sanctions"]
window = 5
[collocations]
# Off: collocation candidates are every bigram and trigram of every month, whose number grows
# with the text (3.8 GB for the 1 GB corpus, see BENCHMARKS.md); measured on its own.
enabled = false
EOF
  for run in $(seq 1 "$N"); do
    out="$W/growth-$mb.parquet"
    rm -f "$out" "$W/growth-$mb".*
    measure ingest "$mb" "$run" "$W/growth-$mb.manifest.json" -- \
      "$DATELINE" -q ingest --lenient "$src" -o "$out"
    measure run "$mb" "$run" "$W/growth-run-$mb/manifest.json" -- \
      "$DATELINE" -q run "$study" --force
    rm -f "$out" "$W/growth-$mb".*
  done
  [ "$KEEP" = 1 ] || rm -rf "$src"
done
"$py" "$here/growth_report.py" "$csv" "$root/BENCHMARKS.md"
