#!/usr/bin/env bash
# Installs what the end-to-end tests and `npm start` need, idempotently:
# Debian packages (Chromium and the build tools for code-server's native modules),
# code-server and playwright-core into a cache folder outside the repository.
# Only the npm registry and Debian's packages are used; no browser or binary is downloaded.
#
#   bash test/e2e/setup.sh        # prints the cache folder on its last line
#
# EVENT_ENTRIES_CACHE moves the cache (default ~/.cache/event-entries).
set -euo pipefail

CS_VERSION=4.100.3   # VS Code 1.100.3; later code-server releases need Node 22 or newer.
PW_VERSION=1.65.1
VSCX=${EVENT_ENTRIES_CACHE:-$HOME/.cache/event-entries}/vscx
APT_PACKAGES=(chromium libkrb5-dev ripgrep build-essential python3 pkg-config)

say() { echo "[e2e-setup] $*" >&2; }
die() { echo "[e2e-setup] ERROR: $*" >&2; exit 1; }

mkdir -p "$VSCX/tmp" || die "cannot create the cache folder $VSCX (set EVENT_ENTRIES_CACHE to a writable folder)"
# Every temporary file of npm, node-gyp and the installers stays in the cache.
export TMPDIR=$VSCX/tmp

# Two runs at once must not install into the same folder together.
exec 9>"$VSCX/.setup.lock"
flock -w 900 9 || die "another setup has held $VSCX/.setup.lock for 15 minutes"

# 1. Debian packages. apt-get update runs only when something is missing.
command -v node >/dev/null || die "node is not on PATH (Node 20 or newer is needed)"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' ||
  die "Node $(node -v) is too old: code-server $CS_VERSION needs Node 20"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing Debian packages ${missing[*]}; run as root or install them: apt-get install ${missing[*]}"
    SUDO=(sudo -n)
  fi
  say "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq >"$VSCX/apt.log" 2>&1 ||
    { tail -20 "$VSCX/apt.log" >&2; die "apt-get update failed (log: $VSCX/apt.log)"; }
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$VSCX/apt.log" 2>&1 ||
    { tail -20 "$VSCX/apt.log" >&2; die "apt-get install ${missing[*]} failed (log: $VSCX/apt.log)"; }
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing although the chromium package is installed"
command -v rg >/dev/null || die "ripgrep (rg) is missing although the ripgrep package is installed"

# 2. code-server. A marker written after a successful install and version check makes reruns instant.
CS_DIR=$VSCX/cs
CS_BIN=$CS_DIR/node_modules/.bin/code-server
CS_MARK=$CS_DIR/.installed-$CS_VERSION
if ! [ -f "$CS_MARK" ] || ! [ -x "$CS_BIN" ]; then
  say "installing code-server@$CS_VERSION into $CS_DIR (about 300 MB, one minute or two)"
  rm -rf "$CS_DIR" "$VSCX/tmp/pack"
  mkdir -p "$CS_DIR" "$VSCX/tmp/pack"
  # @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable:
  # seed its download cache with Debian's rg under the exact name it looks for.
  (cd "$VSCX/tmp/pack" && npm pack "code-server@$CS_VERSION" --silent >/dev/null 2>"$VSCX/pack.log") ||
    { cat "$VSCX/pack.log" >&2; die "npm pack code-server@$CS_VERSION failed: is the npm registry reachable?"; }
  rgver=$(tar xzOf "$VSCX/tmp/pack/code-server-$CS_VERSION.tgz" package/lib/vscode/npm-shrinkwrap.json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).packages["node_modules/@vscode/ripgrep"].version))') ||
    die "cannot read the @vscode/ripgrep version from code-server's shrinkwrap"
  (cd "$VSCX/tmp/pack" && npm pack "@vscode/ripgrep@$rgver" --silent >/dev/null 2>"$VSCX/pack.log") ||
    { cat "$VSCX/pack.log" >&2; die "npm pack @vscode/ripgrep@$rgver failed"; }
  rgtag=$(tar xzOf "$VSCX/tmp/pack/vscode-ripgrep-$rgver.tgz" package/lib/postinstall.js | sed -n "s/^const VERSION = '\(.*\)';/\1/p")
  [ -n "$rgtag" ] || die "cannot read the ripgrep release tag from @vscode/ripgrep@$rgver"
  mkdir -p "$VSCX/tmp/rg" "$VSCX/tmp/vscode-ripgrep-cache-$rgver"
  cp "$(command -v rg)" "$VSCX/tmp/rg/rg"
  tar czf "$VSCX/tmp/vscode-ripgrep-cache-$rgver/ripgrep-$rgtag-x86_64-unknown-linux-musl.tar.gz" -C "$VSCX/tmp/rg" rg
  echo '{"private":true}' >"$CS_DIR/package.json"
  # npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which a `yes=false` npmrc cancels.
  # argon2's prebuilt download fails offline; it then builds from source with build-essential.
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save "code-server@$CS_VERSION" >"$VSCX/cs-install.log" 2>&1) ||
    { tail -40 "$VSCX/cs-install.log" >&2; rm -rf "$CS_DIR"; die "npm install code-server@$CS_VERSION failed (log: $VSCX/cs-install.log)"; }
  got=$(XDG_CONFIG_HOME=$VSCX/xdg/config XDG_DATA_HOME=$VSCX/xdg/data "$CS_BIN" --config "$VSCX/cs-config.yaml" --version 2>/dev/null | grep -m1 "^$CS_VERSION " || true)
  case "$got" in
    "$CS_VERSION "*) ;;
    *) rm -rf "$CS_DIR"; die "code-server installed but reports '${got:-nothing}' instead of $CS_VERSION" ;;
  esac
  touch "$CS_MARK"
  rm -rf "$VSCX/tmp/pack" "$VSCX/tmp/rg"
fi

# 3. playwright-core: the driver only; the browser is Debian's /usr/bin/chromium.
PW_DIR=$VSCX/pw
PW_PKG=$PW_DIR/node_modules/playwright-core/package.json
if ! [ -f "$PW_PKG" ] || [ "$(node -p "require('$PW_PKG').version" 2>/dev/null)" != "$PW_VERSION" ]; then
  say "installing playwright-core@$PW_VERSION into $PW_DIR"
  rm -rf "$PW_DIR"; mkdir -p "$PW_DIR"
  echo '{"private":true}' >"$PW_DIR/package.json"
  (cd "$PW_DIR" && npm install --no-audit --no-fund --no-save "playwright-core@$PW_VERSION" >"$VSCX/pw-install.log" 2>&1) ||
    { tail -20 "$VSCX/pw-install.log" >&2; rm -rf "$PW_DIR"; die "npm install playwright-core@$PW_VERSION failed (log: $VSCX/pw-install.log)"; }
fi

say "ready: code-server $CS_VERSION, playwright-core $PW_VERSION, $(/usr/bin/chromium --version 2>/dev/null | head -1)"
echo "$VSCX"
