#!/usr/bin/env bash
# Runs every fuzz target for a fixed time and prints executions and findings per target.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on the stable toolchain set RUSTC_BOOTSTRAP=1.
# Seeds: fuzz/corpus/<target>/ (copied from data/ and tests/fixtures by this script when empty).
# Usage: fuzz/run.sh [seconds per target, default 60]
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
export RUSTC_BOOTSTRAP=${RUSTC_BOOTSTRAP:-1}
seed() { mkdir -p "corpus/$1"; [ -n "$(ls -A "corpus/$1")" ] || cp $2 "corpus/$1/" 2>/dev/null || true; }
seed page_copy "../data/sample/*.txt ../data/seed/*.txt"
seed json "../tests/fixtures/ingest/good/*.json ../tests/fixtures/ingest/good/*.jsonl ../tests/fixtures/ingest/bad/*.json"
seed csv "../tests/fixtures/ingest/good/*.csv ../tests/fixtures/ingest/good/*.tsv"
seed tokenizer "../data/sample/*.txt"
seed html "../tests/fixtures/ingest/good/*.html"
mkdir -p corpus/rdata corpus/archive
mkdir -p corpus/dates; [ -n "$(ls -A corpus/dates)" ] || { printf '2018-01-02' > corpus/dates/a; printf '13/07/2025' > corpus/dates/b; printf 'July 13, 2025' > corpus/dates/c; }
cargo fuzz build -O
for t in page_copy json csv dates tokenizer html rdata archive; do
  log=$(mktemp)
  cargo fuzz run -O "$t" -- -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1 && status=ok || status=FOUND
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "$t: $status, $execs executions in ${secs}s"
  [ "$status" = ok ] || grep -E "panicked|ERROR|SUMMARY|Test unit written" "$log" | head -5
  rm -f "$log"
done
