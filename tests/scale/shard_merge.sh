#!/usr/bin/env bash
# Counts the sample corpus in 4 shards run in parallel by GNU parallel, merges them, and checks
# that the merged counts datasets (terms/, cells/: Parquet partitioned by period) are
# byte-identical to counting the whole corpus at once, and that the term and period tables
# derived from them (CSV, and Parquet datasets with --partition) are byte-identical to a single
# run on the corpus; likewise the entity counts (`--entities`) and the `entity_counts` table.
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
parallel --will-cite --halt now,fail=1 "$bin" -q count corpus.parquet --by month --ngram 1..2 --entities --shard {}/4 -o counts/{} ::: 1 2 3 4
"$bin" -q merge counts/1 counts/2 counts/3 counts/4 -o counts/all
"$bin" -q count corpus.parquet --by month --ngram 1..2 --entities -o counts/whole
"$bin" -q entities corpus.parquet --by month --format csv -o ents_single
"$bin" -q entities counts/all --format csv -o ents_merged
"$bin" -q terms counts/all -o merged.csv
"$bin" -q terms corpus.parquet --by month --ngram 1..2 --partition -o single_ds.parquet
"$bin" -q terms counts/all --partition -o merged_ds.parquet
passed=0; failed=0
for f in single.csv:merged.csv single.periods.csv:merged.periods.csv \
  ents_single/entity_counts.csv:ents_merged/entity_counts.csv \
  counts/whole/entity_names.parquet:counts/all/entity_names.parquet; do
  a=${f%%:*}; b=${f##*:}
  if cmp -s "$a" "$b"; then passed=$((passed+1)); else echo "FAIL: $a and $b differ"; diff "$a" "$b" | head; failed=$((failed+1)); fi
done
# Folders compared file by file (diff -r: same names, same bytes); a period folder must exist.
for f in counts/whole/terms:counts/all/terms counts/whole/cells:counts/all/cells \
  counts/whole/entities:counts/all/entities counts/whole/entity_cells:counts/all/entity_cells \
  single_ds:merged_ds single_ds.periods:merged_ds.periods; do
  a=${f%%:*}; b=${f##*:}
  if [ -f "$a/period=2018-01/part-0.parquet" ] && diff -r "$a" "$b" >/dev/null; then
    passed=$((passed+1))
  else
    echo "FAIL: the datasets $a and $b differ"; diff -r "$a" "$b" | head; failed=$((failed+1))
  fi
done
# Merging a shard twice is refused.
if "$bin" -q merge counts/1 counts/1 -o counts/bad 2>/dev/null; then echo "FAIL: a shard merged twice"; failed=$((failed+1)); else passed=$((passed+1)); fi
echo "shard-merge: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
