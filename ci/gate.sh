#!/usr/bin/env bash
# The budgetcheck CI gate, called by ci/github-actions.yml and ci/gitlab-ci.yml.
#
#   ci/gate.sh SUBMISSIONS_DIR OUT_DIR [BASE_REF]
#
# Validates every workbook (.xlsx/.xlsm/.xls) added or changed under SUBMISSIONS_DIR since BASE_REF
# (every workbook there when BASE_REF is empty or unknown) and writes to OUT_DIR:
#   junit.xml, summary.md, data-docs/ (GX Data Docs + verdict), annotated/, evidence/.
# Exit status: 0 no error-severity finding, 1 at least one, 2 an unreadable workbook or contract.
# BUDGETCHECK names the command (default "budgetcheck"); GATE_DATA_DOCS=0 skips the Data Docs site.
set -uo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 SUBMISSIONS_DIR OUT_DIR [BASE_REF]" >&2
  exit 2
fi
dir=$1 out=$2 base=${3:-}
read -r -a bc <<< "${BUDGETCHECK:-budgetcheck}"
mkdir -p "$out"

files=()
pattern='\.(xlsx|xlsm|xls)$'
if [ -n "$base" ] && ! [[ "$base" =~ ^0+$ ]] && git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  top=$(git rev-parse --show-toplevel)
  while IFS= read -r -d '' f; do files+=("$top/$f"); done < <(
    git diff -z --name-only --diff-filter=AMR "$base" HEAD -- "$dir" | grep -z -i -E "$pattern" | grep -z -v '/~\$')
else
  while IFS= read -r -d '' f; do files+=("$f"); done < <(
    find "$dir" -type f -regextype posix-extended -iregex ".*$pattern" ! -name '~$*' -print0 | sort -z)
fi

if [ ${#files[@]} -eq 0 ]; then
  echo "budgetcheck gate: no workbook added or changed under $dir" | tee "$out/summary.md"
  exit 0
fi
printf 'budgetcheck gate: %s\n' "${files[@]}"

extra=(--annotate "$out/annotated/" --evidence "$out/evidence/")
if [ "${GATE_DATA_DOCS:-1}" != "0" ]; then
  extra+=(--data-docs "$out/data-docs")
fi
"${bc[@]}" validate "${files[@]}" --format junit --output "$out/junit.xml" "${extra[@]}"
status=$?
"${bc[@]}" validate "${files[@]}" --format markdown --output "$out/summary.md" >/dev/null 2>&1 || true
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/summary.md" ]; then
  cat "$out/summary.md" >> "$GITHUB_STEP_SUMMARY"
fi
echo "budgetcheck gate: exit $status"
exit $status
