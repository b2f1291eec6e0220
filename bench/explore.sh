#!/usr/bin/env bash
# The explorer benchmark (issue 19): `dateline explore` started on kcna-cojp, every endpoint
# asked N times in turn (the queries a researcher types one after another), the answer time
# read from outside (the HTTP round trip on loopback) and from the server's Server-Timing
# header; prints medians and the load time, appends raw rows to
# bench/results/<date>-explore.csv. Target: every answer under 100 ms. Not part of CI.
#
# Environment: DATELINE (release binary), CORPUS (kcna-cojp), WORK (scratch), N (runs, 5).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
DATELINE="${DATELINE:-$root/target/release/dateline}"
CORPUS="${CORPUS:-$root/../shared/corpora/kcna-cojp-daily-1997-2018}"
W="${WORK:-/tmp/dateline-bench}"
N="${N:-5}"
[ -x "$DATELINE" ] || { echo "error: no dateline binary at $DATELINE" >&2; exit 1; }
mkdir -p "$W" "$here/results"
P="$W/kcna.parquet"
if [ ! -f "$P" ] || [ ! -d "$W/kcna.index" ]; then
  [ -d "$CORPUS" ] || { echo "error: corpus not found: $CORPUS" >&2; exit 1; }
  "$DATELINE" -q ingest --lenient "$CORPUS" -o "$P"
fi
rm -f "$W/explore-url.txt"
start=$(date +%s.%N)
"$DATELINE" explore "$P" >"$W/explore-url.txt" 2>"$W/explore.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 600); do [ -s "$W/explore-url.txt" ] && break; sleep 0.05; done
ready=$(date +%s.%N)
url="$(head -1 "$W/explore-url.txt")"
[ -n "$url" ] || { echo "error: no URL" >&2; cat "$W/explore.log" >&2; exit 1; }
printf 'load: %.2f s (%s)\n' "$(echo "$ready - $start" | bc -l)" "$(grep loaded "$W/explore.log" || true)"
python3 "$here/explore_queries.py" "$url" "$N" "$here/results/$(date -u +%F)-explore.csv"
rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
printf 'server peak memory: %.0f MB\n' "$(echo "$rss / 1024" | bc -l)"
