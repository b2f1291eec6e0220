#!/usr/bin/env bash
# Create (or reuse) the Python venv of the clients and register the R kernel in it.
#
#   tests/clients/setup_venv.sh [VENV]     (default: target/clients-venv)
#
# The venv is rebuilt when tests/clients/requirements.txt changes. When IRkernel is installed
# (Debian: r-cran-irkernel), its kernel spec `ir` is written into the venv, so
# `jupyter nbconvert --execute` can run notebooks-export/r_readr.ipynb without touching ~/.local.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${1:-target/clients-venv}"
req=tests/clients/requirements.txt
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/requirements.txt"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
  cp "$req" "$venv/requirements.txt"
fi
if command -v R >/dev/null && R --slave -e 'quit(status = !requireNamespace("IRkernel", quietly = TRUE))' >/dev/null 2>&1; then
  mkdir -p "$venv/share/jupyter/kernels/ir"
  cat > "$venv/share/jupyter/kernels/ir/kernel.json" <<'JSON'
{"argv": ["R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"], "display_name": "R", "language": "R"}
JSON
fi
