#!/usr/bin/env bash
# The whole end-to-end flow in a real VS Code (code-server 4.100.3, i.e. VS Code 1.100.3, and headless Chromium):
# setup, build, the extension's mocha suites inside the extension host (on the example archive, then on a
# generated archive of 3,000 entries), then DOM checks of what a person sees. Ends with one line
# `N passed, N failed` and exits non-zero on any failure.
#
#   bash test/e2e/run.sh
#
# Environment: EVENT_ENTRIES_CACHE (cache folder), EVENT_ENTRIES_EXT_DIR (extension to test,
# default this repository), EVENT_ENTRIES_SKIP_BUILD=1, EVENT_ENTRIES_E2E_TIMEOUT (seconds, default 1200),
# EVENT_ENTRIES_KEEP_RUN=1 (keep the throw-away state folder for debugging).
set -euo pipefail

# A hard limit for the whole run so that CI can never hang; timeout signals our whole process group.
if [ -z "${EVENT_ENTRIES_E2E_UNDER_TIMEOUT:-}" ]; then
  export EVENT_ENTRIES_E2E_UNDER_TIMEOUT=1
  exec timeout --kill-after=20 "${EVENT_ENTRIES_E2E_TIMEOUT:-1200}" bash "$0" "$@"
fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
EXT_DIR=$(cd "${EVENT_ENTRIES_EXT_DIR:-$ROOT}" && pwd)
FIXTURE=$ROOT/test/fixtures/e2e-workspace
RESULTS=$ROOT/test-results
T0=$(date +%s)
log() { echo "[e2e +$(( $(date +%s) - T0 ))s] $*"; }
SUMMARY=   # set once the closing line is printed; cleanup prints one when a signal cut the run short
fail_early() { echo "[e2e] ERROR: $*" >&2; SUMMARY=1; echo "0 passed, 1 failed"; exit 1; }

# 1. Tools (idempotent; fast when the cache is warm).
VSCX=$(bash "$HERE/setup.sh" | tail -1) || fail_early "setup failed (see the messages above)"
export TMPDIR=$VSCX/tmp

# 2. The extension and its test bundles.
if [ "${EVENT_ENTRIES_SKIP_BUILD:-}" != 1 ]; then
  log "building the extension in $EXT_DIR"
  (cd "$EXT_DIR" && npm run -s build) || fail_early "npm run build failed in $EXT_DIR"
fi
for f in dist/client.js dist/test/vscode/index.js dist/test/vscode-large/index.js dist/bench/corpus/cli.js; do
  [ -f "$EXT_DIR/$f" ] || fail_early "$EXT_DIR/$f is missing after the build"
done
ls "$EXT_DIR"/dist/test/vscode/*.test.js >/dev/null 2>&1 || fail_early "no dist/test/vscode/*.test.js was built"

# 3. Throw-away state: code-server's settings and logs, Chromium profiles, and two copies of the
#    fixture (the suite writes files; each window gets its own folder so nothing is restored across).
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
RUN=$VSCX/runs/run-$$-$PORT
rm -rf "$RUN"; mkdir -p "$RUN/ext" "$RUN/ui" "$RESULTS"
# A picture left by an earlier run must not pass for this run's.
SCREENSHOTS=(diagnostics.png completion.png hover.png)
for f in "${SCREENSHOTS[@]}" ui-failure.png; do rm -f "$RESULTS/$f"; done
cp -R "$FIXTURE" "$RUN/ext/news-archive"
cp -R "$FIXTURE" "$RUN/ui/news-archive"
export EVENT_ENTRIES_TEST_RESULT=$RUN/ext-result.json   # reaches the extension host through code-server
UI_RESULT=$RUN/ui-result.json

CS_PID=
cleanup() {
  local rc=$?
  if [ -n "$CS_PID" ]; then
    # The server runs in its own session (setsid): end the whole group, then make sure.
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
    CS_PID=
  fi
  [ "${EVENT_ENTRIES_KEEP_RUN:-}" = 1 ] || rm -rf "$RUN"
  if [ -z "$SUMMARY" ]; then
    echo "[e2e] stopped before the end (time limit or signal)" >&2
    echo "0 passed, 1 failed"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 4. code-server on loopback.
setsid bash "$HERE/start-code-server.sh" "$PORT" "$RUN/cs" "$RUN/ext/news-archive" >"$RUN/code-server.log" 2>&1 &
CS_PID=$!
up=
for _ in $(seq 1 600); do
  if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/healthz"; then up=1; break; fi
  kill -0 "$CS_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$up" ]; then
  tail -30 "$RUN/code-server.log" >&2
  fail_early "code-server did not come up on 127.0.0.1:$PORT within 60 s"
fi
log "code-server up on 127.0.0.1:$PORT"

# Runs one mocha suite in the extension host on a workspace: NAME WORKSPACE BUNDLE RESULT. Shows the suite's lines,
# keeps its log in the results, and moves its result file to RESULT; returns the suite's exit code.
run_suite() {
  local name=$1 workspace=$2 bundle=$3 result=$4 rc=0
  node "$HERE/run-ext-tests.js" "http://127.0.0.1:$PORT" "$workspace" "$EXT_DIR" "$bundle" 300 "$RUN" >"$RUN/$name.log" 2>&1 || rc=$?
  # The suite's lines arrive twice (console and log channel): show the log channel's copy.
  grep -E '^\[log:[a-z]*\] \[event-entries-test\]|^\[codeAutomationExit\]|^extension tests:|^\[pageerror\]' "$RUN/$name.log" |
    sed -e 's/^\[log:[a-z]*\] //' -e 's/^/  /' || true
  cp "$RUN/$name.log" "$RESULTS/$name.log"
  if [ -f "$EVENT_ENTRIES_TEST_RESULT" ]; then mv "$EVENT_ENTRIES_TEST_RESULT" "$result"; fi
  return "$rc"
}

# 5. The mocha suite inside the extension host.
MAIN_RESULT=$RUN/ext-result-main.json
ext_rc=0
run_suite ext-tests "$RUN/ext/news-archive" "$EXT_DIR/dist/test/vscode/index.js" "$MAIN_RESULT" || ext_rc=$?
log "extension-host suite exit code: $ext_rc"

# 5b. The same in a generated archive of 3,000 entries, above the size from which the server indexes in worker threads.
LARGE_RESULT=$RUN/ext-result-large.json
large_rc=0
if node "$EXT_DIR/dist/bench/corpus/cli.js" --entries 3000 --seed 7 --out "$RUN/large/news-archive" >"$RUN/large-corpus.log" 2>&1; then
  run_suite large-tests "$RUN/large/news-archive" "$EXT_DIR/dist/test/vscode-large/index.js" "$LARGE_RESULT" || large_rc=$?
else
  cat "$RUN/large-corpus.log" >&2
  large_rc=1
fi
log "large-workspace suite exit code: $large_rc"

# The suite would pass as well were the worker threads to fail and the server to read in process: its log tells.
log_passed=0; log_failed=0
if [ -d "$RUN/large/news-archive/news" ]; then
  large_log=$(grep -l "Indexed 3000 entries" "$RUN"/cs/data/logs/*/exthost*/event-entries.event-entries/*.log 2>/dev/null | head -1 || true)
  if [ -n "$large_log" ] && ! grep -E '\[error\]|in a worker thread failed|Bulk loading failed' "$large_log"; then
    log_passed=1; echo "  PASS the large workspace's server log shows no fallback from worker threads, and no error"
  else
    log_failed=1; echo "  FAIL the large workspace's server log is missing, or shows a fallback or an error (above): ${large_log:-no log}"
  fi
fi

# 6. DOM checks in a fresh window.
ui_rc=0
node "$HERE/ui-checks.js" "http://127.0.0.1:$PORT" "$RUN/ui/news-archive" "$EXT_DIR" "$RESULTS" "$UI_RESULT" "$RUN" || ui_rc=$?
log "DOM checks exit code: $ui_rc"
# The README pictures: each one only when this run took it.
for f in "${SCREENSHOTS[@]}"; do
  if [ -f "$RESULTS/$f" ]; then
    mkdir -p "$ROOT/docs/screenshots"
    cp "$RESULTS/$f" "$ROOT/docs/screenshots/$f"
  fi
done
cp "$RUN/code-server.log" "$RESULTS/code-server.log" 2>/dev/null || true

# 7. One summary line over every part: the two extension-host suites, the DOM checks and the log check.
read_counts() { # FILE -> "passed failed", or nothing when the file is missing or malformed
  node -e 'try{const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
    if(Number.isInteger(r.passed)&&Number.isInteger(r.failed))console.log(r.passed,r.failed)}catch{}' "$1"
}
passed=$log_passed; failed=$log_failed
count_part() { # NAME RESULT_FILE EXIT_CODE: adds the part's counts; a part without a result, or that crashed, fails
  local counts p f
  if counts=$(read_counts "$2") && [ -n "$counts" ]; then
    read -r p f <<<"$counts"; passed=$((passed + p)); failed=$((failed + f))
    # A crash after the result was written still counts as a failure.
    [ "$3" -eq 0 ] || [ "$f" -gt 0 ] || failed=$((failed + 1))
  else
    echo "[e2e] the $1 wrote no result ($2); exit code $3" >&2
    failed=$((failed + 1))
  fi
}
count_part "main suite" "$MAIN_RESULT" "$ext_rc"
count_part "large-workspace suite" "$LARGE_RESULT" "$large_rc"
count_part "DOM checks" "$UI_RESULT" "$ui_rc"
log "done"
SUMMARY=1
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
