#!/usr/bin/env bash
# `npm test`: every test of the project, set-up included. Stages run in order; the last line
# sums them as `N passed, N failed`. Set SKIP_E2E=1 to leave out the real-VS-Code stage locally.
set -uo pipefail
cd "$(dirname "$0")/.."
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
failed_stages=0

stage() {
  local name=$1; shift
  echo "=== $name"
  local log
  log=$(mktemp)
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  # A stage's own closing line `label: N passed, N failed` is what gets summed.
  grep -E '^([a-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 >> "$summary" || true
  rm -f "$log"
  if [ "$rc" -ne 0 ]; then echo "!!! stage $name failed (exit $rc)"; failed_stages=$((failed_stages + 1)); fi
}

[ -d node_modules ] || npm ci --no-audit --no-fund
stage build npm run -s build
stage typecheck npm run -s typecheck
stage lint npm run -s lint
stage core node scripts/run-mocha.js core dist/test/core/*.test.js
stage protocol node scripts/run-mocha.js protocol dist/test/protocol/*.test.js
if [ -f test/grammar/run.sh ]; then stage grammar bash test/grammar/run.sh; fi
if [ "${SKIP_E2E:-}" = 1 ]; then
  echo "!!! SKIP_E2E=1: the real VS Code stage did NOT run"
else
  stage vscode bash test/e2e/run.sh
fi

passed=$(awk '{ for (i = 1; i <= NF; i++) if ($(i+1) ~ /^passed/) s += $i } END { print s + 0 }' "$summary")
failed=$(awk '{ for (i = 1; i <= NF; i++) if ($(i+1) ~ /^failed/) s += $i } END { print s + 0 }' "$summary")
echo "--- stages:"; cat "$summary"
[ "$failed_stages" -eq 0 ] || echo "$failed_stages stage(s) failed"
echo "$passed passed, $failed failed"
[ "$failed_stages" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
