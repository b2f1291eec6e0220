#!/usr/bin/env bash
# Times dateline against the peer pipelines researchers use (pandas, scikit-learn, polars,
# DuckDB, R tidytext, spaCy) on the same corpus and token definition, checks that their counts
# agree, and writes bench/results/<date>.csv and the tables in BENCHMARKS.md.
# dateline's terms and bigrams run with `--pipeline plain`, the peers' token definition
# (docs/tokenization.md section 7), so that the counts can agree row for row.
# Not part of CI. See BENCHMARKS.md for what is measured and how.
#
# Environment (all optional):
#   DATELINE   the release binary (default: target/release/dateline; build it first with
#              `cargo build --release -p dateline`; for perf, build `--profile profiling`, which
#              keeps line tables, and set DATELINE=target/profiling/dateline)
#   CORPUS     default ../shared/corpora/kcna-cojp-daily-1997-2018 (beside the workspace)
#   WORK       scratch folder (default /tmp/dateline-bench; needs ~3 GB with the 1 GB growth run)
#   N          runs per tool (default 3; spaCy always runs once)
#   SLOW_N     runs of the slow peers, pandas, scikit-learn and R (default: N)
#   TASKS      subset of: ingest export terms bigrams agree entities cooccur collocations kwic synth report
#   SYNTH_MB   growth sizes in MB for bench/growth.sh (default "100 1000 10000")
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
DATELINE="${DATELINE:-$root/target/release/dateline}"
CORPUS="${CORPUS:-$root/../shared/corpora/kcna-cojp-daily-1997-2018}"
W="${WORK:-/tmp/dateline-bench}"
N="${N:-3}"
SLOW_N="${SLOW_N:-$N}"
TASKS="${TASKS:-ingest export terms bigrams agree entities cooccur collocations kwic synth report}"
SYNTH_MB="${SYNTH_MB:-100 1000 10000}"
STOP="$root/crates/dateline-tokenize/data/snowball_english.txt"
today="$(date -u +%F)"
csv="$here/results/$today.csv"
py="$here/.venv/bin/python"

[ -x "$DATELINE" ] || { echo "error: no dateline binary at $DATELINE" >&2; echo "hint: cargo build --release -p dateline, or set DATELINE" >&2; exit 1; }
[ -d "$CORPUS" ] || { echo "error: corpus not found: $CORPUS" >&2; exit 1; }
bash "$here/setup.sh"
mkdir -p "$W" "$here/results"
has_r=0
Rscript -e 'library(tidytext)' >/dev/null 2>&1 && has_r=1
[ -f "$csv" ] || echo "task,tool,run,wall_s,max_rss_mb,input" > "$csv"
want() { [[ " $TASKS " == *" $1 "* ]]; }

# measure TASK TOOL RUN INPUT -- CMD...: wall time (date) and peak RSS (/usr/bin/time -v).
measure() {
  local task="$1" tool="$2" run="$3" input="$4"; shift 5
  local s e rss
  s="$(date +%s.%N)"
  if ! /usr/bin/time -v -o "$W/time.txt" "$@" >"$W/last.log" 2>&1; then
    echo "error: $task/$tool run $run failed: $*" >&2; tail -5 "$W/last.log" >&2
    echo "$task,$tool,$run,,,$input (failed)" >>"$csv"; return 0
  fi
  e="$(date +%s.%N)"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/time.txt")"
  printf '%s,%s,%s,%.3f,%.1f,%s\n' "$task" "$tool" "$run" "$(echo "$e - $s" | bc -l)" \
    "$(echo "$rss / 1024" | bc -l)" "$input" | tee -a "$csv"
}

P="$W/kcna.parquet"
J="$W/docs.jsonl"
if want ingest; then
  for r in $(seq "$N"); do
    measure ingest "cat (baseline)" "$r" "JSON day files" -- \
      bash -c "find '$CORPUS/cache' -name '*.json' -print0 | xargs -0 cat > /dev/null"
    rm -f "$P" "$P".*
    measure ingest dateline "$r" "JSON day files" -- "$DATELINE" -q ingest --lenient "$CORPUS" -o "$P"
  done
fi
if want export; then
  "$py" "$here/export_jsonl.py" "$P" "$J" --sample 2000 "$W/subset.jsonl"
fi

peer_terms() { # TASK RUN
  local task="$1" r="$2" e
  for e in pandas sklearn polars duckdb; do
    case "$e" in pandas | sklearn) [ "$r" -le "$SLOW_N" ] || continue ;; esac
    measure "$task" "$e" "$r" "JSONL export" -- "$py" -W ignore "$here/peers.py" "$task" "$e" "$J" "$W/$task-$e.parquet"
  done
}
if want terms; then
  for r in $(seq "$N"); do
    rm -f "$W/t.parquet"*
    measure terms dateline "$r" "corpus parquet" -- "$DATELINE" -q terms "$P" --pipeline plain --by month -o "$W/t.parquet"
    peer_terms terms "$r"
    if [ "$has_r" = 1 ] && [ "$r" -le "$SLOW_N" ]; then
      measure terms "R tidytext" "$r" "JSONL export" -- Rscript "$here/peer_tidytext.R" "$J" "$STOP" "$W/terms-tidytext.csv"
    fi
  done
fi
if want bigrams; then
  for r in $(seq "$N"); do
    rm -f "$W/b.parquet"*
    measure bigrams dateline "$r" "corpus parquet" -- "$DATELINE" -q terms "$P" --pipeline plain --by month --ngram 2 -o "$W/b.parquet"
    peer_terms bigrams "$r"
  done
fi
if want agree; then
  tt=()
  for e in pandas sklearn polars duckdb; do tt+=("$e=$W/terms-$e.parquet"); done
  [ "$has_r" = 1 ] && tt+=("R tidytext=$W/terms-tidytext.csv")
  "$py" "$here/agree.py" "$W/t.parquet" 1 "$here/results/$today-agree-terms.md" "${tt[@]}"
  bb=()
  for e in pandas sklearn polars duckdb; do bb+=("$e=$W/bigrams-$e.parquet"); done
  "$py" "$here/agree.py" "$W/b.parquet" 2 "$here/results/$today-agree-bigrams.md" "${bb[@]}"
fi
if want entities; then
  for r in $(seq "$N"); do
    rm -rf "$W/ents"
    measure entities dateline "$r" "corpus parquet" -- "$DATELINE" -q entities "$P" --by month -o "$W/ents"
  done
  measure entities "spaCy en_core_web_sm (2000-article subset)" 1 "JSONL subset" -- \
    "$py" -W ignore "$here/spacy_entities.py" "$W/subset.jsonl" "$W/spacy-entities.csv"
  grep -o 'docs=[0-9]* chars=[0-9]*' "$W/last.log" >"$W/spacy-subset.txt" || true
fi
targets=(--target nuclear --target sanctions --target peace --target war --target Japan
  --target China --target Russia --target "South Korea" --target missile --target economy)
for r in $(seq "$N"); do
  if want cooccur; then
    rm -f "$W/cooc.parquet"*
    measure cooccur dateline "$r" "corpus parquet" -- "$DATELINE" -q cooccur "$P" "${targets[@]}" --window 5 --by year -o "$W/cooc.parquet"
  fi
  if want collocations; then
    rm -f "$W/coll.parquet"*
    measure collocations dateline "$r" "corpus parquet" -- "$DATELINE" -q collocations "$P" --size 2..3 --by year -o "$W/coll.parquet"
  fi
  if want kwic; then
    rm -f "$W/kwic.csv"*
    measure kwic dateline "$r" "corpus parquet" -- "$DATELINE" -q kwic "$P" "Kim Jong Il" -o "$W/kwic.csv"
  fi
done
if want synth; then
  # The growth table (its own CSV and BENCHMARKS.md section): bench/growth.sh.
  DATELINE="$DATELINE" CORPUS="$CORPUS" WORK="$W" SIZES="$SYNTH_MB" bash "$here/growth.sh"
fi
if want report; then
  "$py" "$here/report.py" "$csv" "$root/BENCHMARKS.md" "$CORPUS" "$W"
fi
