// `npm run test:vscode`: the extension-host suite in desktop VS Code through @vscode/test-electron.
// It DOWNLOADS VS Code, so it needs internet. Where there is none (CI here), the same suite runs in
// code-server through `npm run test:e2e` (part of `npm test`); this script says so loudly and fails.
const path = require('path');
const { runTests } = require('@vscode/test-electron');

(async () => {
  const root = path.resolve(__dirname, '..');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'dist/test/vscode/index.js'),
      launchArgs: [path.join(root, 'test/fixtures/e2e-workspace'), '--disable-extensions'],
    });
  } catch (error) {
    console.error('\n!!! test:vscode could not run VS Code through @vscode/test-electron (it needs to download VS Code).');
    console.error('!!! The same suite runs in a real VS Code without internet via `npm run test:e2e` (code-server + Chromium).');
    console.error(String(error && error.message || error));
    process.exit(1);
  }
})();
