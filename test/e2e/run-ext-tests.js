// node run-ext-tests.js BASE_URL FOLDER EXT_DEV_PATH EXT_TESTS_PATH [TIMEOUT_SEC] [STATE_DIR]
// Runs the extension's mocha suite inside code-server's (Node) extension host, the way
// @vscode/test-electron does with extensionTestsPath. VS Code reports the end of the suite
// through window.codeAutomationExit(code), which Playwright exposes to the page.
// Exit code: the suite's (0 = all passed), 2 on timeout, 3 on a driver error.
'use strict';
const { launch, workbenchUrl } = require('./launch');

const [base, folder, devPath, testsPath, timeoutSec = '300', stateDir] = process.argv.slice(2);
if (!testsPath) {
  console.error('usage: node run-ext-tests.js BASE_URL FOLDER EXT_DEV_PATH EXT_TESTS_PATH [TIMEOUT_SEC] [STATE_DIR]');
  process.exit(3);
}

(async () => {
  const b = await launch({ stateDir });
  let code;
  try {
    const page = b.ctx.pages()[0] || (await b.ctx.newPage());
    const T0 = Date.now();
    let done;
    const exited = new Promise((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const msg = Array.isArray(args) ? args.join(' ') : String(args);
      console.log(`[log:${type}] ${msg}`);
    });
    await page.exposeFunction('codeAutomationExit', (c) => {
      console.log(`[codeAutomationExit] code=${c} after ${Date.now() - T0} ms`);
      done(c);
    });
    // The extension host's console is forwarded to the page; keep the suite's own lines.
    page.on('console', (m) => {
      const t = m.text();
      if (process.env.SHOW_CONSOLE || /event-entries|passed,|failed/i.test(t)) console.log(`[console.${m.type()}] ${t}`);
    });
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    await page.goto(workbenchUrl(base, folder, devPath, testsPath), { timeout: 60000 });
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), Number(timeoutSec) * 1000)));
    code = await Promise.race([exited, timeout]);
    clearTimeout(timer);
  } finally {
    await b.close();
  }
  if (code === 'timeout') {
    console.log(`extension tests: timed out after ${timeoutSec} s`);
    process.exit(2);
  }
  process.exit(Number(code) || 0);
})().catch((e) => {
  console.error('extension tests: driver error:', e && e.stack ? e.stack : e);
  process.exit(3);
});
