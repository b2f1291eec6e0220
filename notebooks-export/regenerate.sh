#!/usr/bin/env bash
# Re-run the sample study and execute both notebooks, refreshing their Markdown exports and figures.
#
#   notebooks-export/regenerate.sh            # builds dateline (debug), runs it, executes both
#   DATELINE=path/to/dateline notebooks-export/regenerate.sh   # use an existing binary
#
# Needs: python3 (3.11), R with readr, ggplot2, jsonlite and IRkernel (Debian: r-base-core
# r-cran-readr r-cran-ggplot2 r-cran-jsonlite r-cran-irkernel). The Python packages are installed
# into target/clients-venv from tests/clients/requirements.txt (the same venv .ci/clients uses).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ -z "${DATELINE:-}" ]; then
  cargo build -q -p dateline
  DATELINE="${CARGO_TARGET_DIR:-$root/target}/debug/dateline"
fi
"$DATELINE" run -q --force

venv=target/clients-venv
tests/clients/setup_venv.sh "$venv"

cd notebooks-export
for nb in python_pandas r_readr; do
  rm -rf "${nb}_files"
  "$root/$venv/bin/jupyter" nbconvert --to markdown --execute "$nb.ipynb" \
    --ExecutePreprocessor.timeout=300 --log-level=WARN
  echo "wrote notebooks-export/$nb.md and ${nb}_files/"
done
