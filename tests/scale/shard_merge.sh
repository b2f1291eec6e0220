#!/usr/bin/env bash
# Counts the sample corpus in 4 shards run in parallel by GNU parallel, merges them, and checks
# that the merged counts datasets (terms/, cells/: Parquet partitioned by period) are
# byte-identical to counting the whole corpus at once, and that the term and period tables
# derived from them (CSV, and Parquet datasets with --partition) are byte-identical to a single
# run on the corpus; likewise the entity counts (`--entities`) and the `entity_counts` table.
# Then runs the example files slurm_array.sbatch + slurm_merge.sbatch and parallel_hosts.sh the
# way Slurm and GNU parallel would, and checks their terms tables against a single run.
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
# The example files of docs/scale.md, run here as their engines would run them: the Slurm array
# script once per task id (as Slurm sets SLURM_ARRAY_TASK_ID), then the merge script; the
# several-hosts script with GNU parallel's `:` login (this machine). Each must give the terms
# table of a single run, byte for byte.
"$bin" -q terms corpus.parquet --by month --ngram 1..2 -o single.parquet
mkdir -p bin slurm hosts
ln -s "$bin" bin/dateline
for d in slurm hosts; do ln -s "$work/corpus.parquet" "$d/corpus.parquet"; done
(
  cd slurm
  for i in $(seq 1 16); do
    PATH="$work/bin:$PATH" SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=1 bash "$root/tests/scale/slurm_array.sbatch"
  done
  PATH="$work/bin:$PATH" bash "$root/tests/scale/slurm_merge.sbatch"
)
(cd hosts && PATH="$work/bin:$PATH" bash "$root/tests/scale/parallel_hosts.sh" : corpus.parquet)
for f in slurm/terms.parquet hosts/terms.parquet; do
  if cmp -s single.parquet "$f"; then passed=$((passed+1)); else echo "FAIL: $f differs from a single run"; failed=$((failed+1)); fi
done
# Merging a shard twice is refused.
if "$bin" -q merge counts/1 counts/1 -o counts/bad 2>/dev/null; then echo "FAIL: a shard merged twice"; failed=$((failed+1)); else passed=$((passed+1)); fi
# counts.json records the corpus fingerprint and the shard plan.
for k in 1 2 3 4; do
  if grep -q '"xxh3"' "counts/$k/counts.json" && grep -q "\"$k/4\"" "counts/$k/counts.json"; then passed=$((passed+1)); else echo "FAIL: counts/$k/counts.json lacks the corpus fingerprint or its shard"; failed=$((failed+1)); fi
done
if grep -q '"partial": false' counts/all/counts.json; then passed=$((passed+1)); else echo "FAIL: counts/all is not marked complete"; failed=$((failed+1)); fi
# Missing shards are named; --partial merges them and marks the folder.
err=$("$bin" -q merge counts/1 counts/3 -o counts/bad 2>&1 || true)
if [ "$err" = "error: shards 2/4, 4/4 are missing; give them or use --partial
hint: the folders given hold shards 1/4, 3/4" ] && [ ! -e counts/bad ]; then passed=$((passed+1)); else echo "FAIL: missing shards: $err"; failed=$((failed+1)); fi
"$bin" -q merge counts/1 counts/3 --partial -o counts/part 2>/dev/null
if grep -q '"partial": true' counts/part/counts.json; then passed=$((passed+1)); else echo "FAIL: a partial merge is not marked"; failed=$((failed+1)); fi
# Shards of two plans are refused.
"$bin" -q count corpus.parquet --by month --ngram 1..2 --shard 2/3 -o counts/other
if "$bin" -q merge counts/1 counts/other -o counts/bad 2>/dev/null; then echo "FAIL: shards of two plans merged"; failed=$((failed+1)); else passed=$((passed+1)); fi
# A coarser period derived from the month counts equals a direct run.
"$bin" -q terms counts/all --by year -o merged_year.csv
"$bin" -q terms corpus.parquet --by year --ngram 1..2 -o single_year.csv
if cmp -s merged_year.csv single_year.csv; then passed=$((passed+1)); else echo "FAIL: --by year of month counts differs from a direct run"; failed=$((failed+1)); fi
echo "shard-merge: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
