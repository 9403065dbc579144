#!/usr/bin/env bash
# `npm start`: builds the extension and opens it in a real VS Code in your browser.
# code-server (VS Code 1.100.3) listens on 127.0.0.1 only, loads the extension from this
# repository (like F5's Extension Development Host) and opens an example archive.
#
#   npm start                    # opens test/fixtures/example
#   npm start -- /path/to/archive
#   PORT=9000 npm start
#
# Stays in the foreground; Ctrl+C stops code-server and everything it started.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
E2E=$ROOT/test/e2e
EXT_DIR=$(cd "${EVENT_ENTRIES_EXT_DIR:-$ROOT}" && pwd)   # another build of the extension, if set
FOLDER=$(cd "${1:-$ROOT/test/fixtures/example}" 2>/dev/null && pwd) || { echo "start: no such folder: ${1:-}" >&2; exit 2; }

VSCX=$(bash "$E2E/setup.sh" | tail -1) || { echo "start: setup failed (see above)" >&2; exit 1; }
echo "start: building the extension"
(cd "$EXT_DIR" && npm run -s build) || { echo "start: npm run build failed" >&2; exit 1; }
[ -f "$EXT_DIR/dist/client.js" ] || { echo "start: the build made no $EXT_DIR/dist/client.js" >&2; exit 1; }

# The port from $PORT or 8080, or any free one when that is taken.
free_port() {
  node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));
    s.listen(+process.argv[1],"127.0.0.1",()=>{console.log(s.address().port);s.close()})' "$1"
}
WANT=${PORT:-8080}
PORT=$(free_port "$WANT") || { PORT=$(free_port 0); echo "start: port $WANT is taken; using $PORT"; }

# Settings, extensions and logs of this VS Code live in the cache, never in your own VS Code setup.
STATE=$VSCX/start
mkdir -p "$STATE"
setsid bash "$E2E/start-code-server.sh" "$PORT" "$STATE" "$FOLDER" >"$STATE/code-server.log" 2>&1 &
CS_PID=$!
# shellcheck disable=SC2317  # called from the traps below
stop() {
  trap - EXIT INT TERM
  kill -TERM -- "-$CS_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$CS_PID" 2>/dev/null || true
}
trap 'stop; echo; echo "start: stopped"; exit 0' INT TERM
trap stop EXIT

for _ in $(seq 1 600); do
  curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CS_PID" 2>/dev/null || { tail -30 "$STATE/code-server.log" >&2; echo "start: code-server exited" >&2; exit 1; }
  sleep 0.1
done
URL=$(node -e 'const { workbenchUrl } = require(process.argv[1]);
  console.log(workbenchUrl(process.argv[2], process.argv[3], process.argv[4]))' \
  "$E2E/launch.js" "http://127.0.0.1:$PORT" "$FOLDER" "$EXT_DIR")
cat <<MSG

  Event Entries is running in code-server $(node -p "require('$VSCX/cs/node_modules/code-server/package.json').version") on 127.0.0.1:$PORT.
  Open this URL in a browser on this machine:

  $URL

  Folder: $FOLDER
  After changing the code: run \`npm run build\` and reload the browser tab.
  Log: $STATE/code-server.log. Press Ctrl+C to stop.

MSG
wait "$CS_PID" || true
echo "start: code-server exited; its log is $STATE/code-server.log" >&2
exit 1
