#!/usr/bin/env bash
# Runs the grammar and snippet tests; exits non-zero on failure.
# Needs the devDependency vscode-tmgrammar-test (npm ci). Extra arguments go to run.mjs (--verbose, --dump FILE).
set -euo pipefail
exec node "$(dirname "$0")/run.mjs" "$@"
