// `npm run test:vscode`: the extension-host suites in desktop VS Code through @vscode/test-electron: the main
// suite on test/fixtures/e2e-workspace, and the large-workspace suite on a generated archive of 3,000 entries.
// It DOWNLOADS VS Code, so it needs internet. Where there is none (CI here), the same suites run in code-server
// through `npm run test:e2e` (part of `npm test`); this script says so loudly and fails.
const { execFileSync } = require('child_process');
const { mkdtempSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

(async () => {
  const root = path.resolve(__dirname, '..');
  const large = mkdtempSync(path.join(tmpdir(), 'event-entries-large-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'dist/bench/corpus/cli.js'), '--entries', '3000', '--seed', '7', '--out', large], { stdio: 'inherit' });
    for (const [suite, workspace] of [['vscode', path.join(root, 'test/fixtures/e2e-workspace')], ['vscode-large', large]]) {
      await runTests({
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(root, `dist/test/${suite}/index.js`),
        launchArgs: [workspace, '--disable-extensions'],
      });
    }
  } catch (error) {
    console.error('\n!!! test:vscode could not run VS Code through @vscode/test-electron (it needs to download VS Code).');
    console.error('!!! The same suites run in a real VS Code without internet via `npm run test:e2e` (code-server + Chromium).');
    console.error(String(error && error.message || error));
    process.exitCode = 1;
  } finally {
    rmSync(large, { recursive: true, force: true });
  }
})();
