#!/usr/bin/env bash
# Counts the sample corpus in 4 shards run in parallel by GNU parallel, merges them, and checks
# that the merged term and period tables are byte-identical to a single run.
# Usage: tests/scale/shard_merge.sh [path/to/dateline]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(realpath "${1:-$root/target/debug/dateline}")
command -v parallel >/dev/null || { echo "skipping: GNU parallel not installed (apt-get install parallel)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$bin" -q ingest "$root/data/sample" -o corpus.parquet
"$bin" -q terms corpus.parquet --by month --ngram 1..2 -o single.csv
parallel --will-cite --halt now,fail=1 "$bin" -q count corpus.parquet --by month --ngram 1..2 --shard {}/4 -o counts/{} ::: 1 2 3 4
"$bin" -q merge counts/1 counts/2 counts/3 counts/4 -o counts/all
"$bin" -q terms counts/all -o merged.csv
passed=0; failed=0
for f in single.csv:merged.csv single.periods.csv:merged.periods.csv; do
  a=${f%%:*}; b=${f##*:}
  if cmp -s "$a" "$b"; then passed=$((passed+1)); else echo "FAIL: $a and $b differ"; diff "$a" "$b" | head; failed=$((failed+1)); fi
done
# Merging a shard twice is refused.
if "$bin" -q merge counts/1 counts/1 -o counts/bad 2>/dev/null; then echo "FAIL: a shard merged twice"; failed=$((failed+1)); else passed=$((passed+1)); fi
echo "shard-merge: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
