// Launches Debian's /usr/bin/chromium headless through playwright-core (installed by setup.sh).
// Never uses a downloaded browser: the machine cannot fetch one.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const VSCX = path.join(process.env.EVENT_ENTRIES_CACHE || path.join(os.homedir(), '.cache', 'event-entries'), 'vscx');
const PW_CORE = path.join(VSCX, 'pw', 'node_modules', 'playwright-core');

async function launch(opts = {}) {
  let chromium;
  try {
    ({ chromium } = require(PW_CORE));
  } catch (e) {
    throw new Error(`playwright-core is not installed in ${VSCX}: run test/e2e/setup.sh first (${e.message})`);
  }
  // A fresh profile per run, under the caller's throw-away folder when it gives one.
  const parent = opts.stateDir || path.join(VSCX, 'tmp');
  fs.mkdirSync(parent, { recursive: true });
  const udd = fs.mkdtempSync(path.join(parent, 'chrome-'));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    timeout: 60000,
    // Keeps Chromium's crashpad, config and cache folders out of $HOME.
    env: { ...process.env, XDG_CONFIG_HOME: path.join(udd, 'xdg-config'), XDG_CACHE_HOME: path.join(udd, 'xdg-cache') },
    // Without the background-networking flags Chromium keeps trying Google's hosts on a closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', '--disable-default-apps', '--disable-features=Translate,MediaRouter'],
  });
  const close = async () => {
    await ctx.close().catch(() => {});
    fs.rmSync(udd, { recursive: true, force: true });
  };
  return { ctx, udd, close };
}

// Builds the workbench URL; the payload loads the extension from source like test-electron does.
function workbenchUrl(base, folder, devPath, testsPath) {
  const remote = (p) => `vscode-remote://${new URL(base).host}${p}`;
  const payload = [];
  if (devPath) payload.push(['extensionDevelopmentPath', remote(devPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  let url = `${base.replace(/\/$/, '')}/?folder=${encodeURIComponent(folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

module.exports = { launch, workbenchUrl, VSCX, PW_CORE };
