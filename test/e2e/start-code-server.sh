#!/usr/bin/env bash
# Starts code-server (VS Code 1.100.3, installed by setup.sh) in the foreground:
#
#   start-code-server.sh PORT STATE_DIR FOLDER [extra code-server args...]
#
# It binds 127.0.0.1 only, without a password, and keeps all of its state (settings, extensions,
# logs, sockets) in STATE_DIR so that a run never reads or changes the user's own VS Code setup.
# Callers start it under setsid so that the whole tree (server, extension host, watchers) can be ended.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 PORT STATE_DIR FOLDER [code-server args...]" >&2; exit 2; }
PORT=$1; STATE=$2; FOLDER=$3; shift 3
VSCX=${EVENT_ENTRIES_CACHE:-$HOME/.cache/event-entries}/vscx
CS_BIN=$VSCX/cs/node_modules/.bin/code-server
[ -x "$CS_BIN" ] || { echo "code-server is not installed in $VSCX: run test/e2e/setup.sh first" >&2; exit 1; }

export XDG_CONFIG_HOME=$STATE/xdg/config XDG_DATA_HOME=$STATE/xdg/data XDG_CACHE_HOME=$STATE/xdg/cache
# The extension host and the built-in extensions put sockets and caches in os.tmpdir().
export TMPDIR=$STATE/tmp
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$STATE/data/User" "$STATE/extensions" "$TMPDIR"

# Quiet defaults: no telemetry, welcome page, trust prompt, update checks or AI panels;
# autoSave off as in desktop VS Code (the web default saves after a second, which tests must not get).
[ -f "$STATE/data/User/settings.json" ] || cat >"$STATE/data/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "chat.commandCenter.enabled": false,
  "git.enabled": false,
  "files.autoSave": "off",
  "editor.wordWrap": "on",
  "editor.minimap.enabled": false,
  "editor.stickyScroll.enabled": false
}
JSON

# No extension gallery: its default (open-vsx.org) is outside the machine and never needed here.
export EXTENSIONS_GALLERY='{}'

# The config file is created by code-server on first use; --auth none makes its password unused.
exec "$CS_BIN" --config "$STATE/cs-config.yaml" \
  --bind-addr "127.0.0.1:$PORT" --auth none \
  --user-data-dir "$STATE/data" --extensions-dir "$STATE/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened "$@" "$FOLDER"
