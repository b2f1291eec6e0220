#!/usr/bin/env bash
# Count 8 shards over several hosts with GNU parallel (each host needs dateline on its PATH and the
# corpus at the same path, e.g. on a shared file system), then merge on this machine.
# Usage: tests/scale/parallel_hosts.sh host1,host2,host3 corpus.parquet
set -euo pipefail
hosts=$1; corpus=$2; N=8
parallel --will-cite --sshlogin "$hosts" --workdir . --halt now,fail=1 \
  dateline -q count "$corpus" --by month --ngram 1..2 --shard {}/$N -o counts/{} ::: $(seq 1 $N)
dateline -q merge $(printf 'counts/%s ' $(seq 1 $N)) -o counts/all
dateline -q terms counts/all -o terms.parquet
