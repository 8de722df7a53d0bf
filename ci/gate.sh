#!/usr/bin/env bash
# The budgetcheck CI gate: a thin wrapper over `budgetcheck gate` (kept for pipelines that call it).
#
#   ci/gate.sh SUBMISSIONS_DIR OUT_DIR [BASE_REF]
#
# BUDGETCHECK names the command (default "budgetcheck"); GATE_DATA_DOCS=0 skips the Data Docs site.
# See `budgetcheck gate --help` for the artifacts and exit codes.
set -uo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 SUBMISSIONS_DIR OUT_DIR [BASE_REF]" >&2
  exit 2
fi
read -r -a bc <<< "${BUDGETCHECK:-budgetcheck}"
args=("$1" --out "$2")
if [ -n "${3:-}" ]; then args+=(--base "$3"); fi
if [ "${GATE_DATA_DOCS:-1}" = "0" ]; then args+=(--no-data-docs); fi
exec "${bc[@]}" gate "${args[@]}"
