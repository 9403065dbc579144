// The mocha runner that VS Code loads as extensionTestsPath (bundled to dist/test/vscode/index.js).
// It runs every *.test.js beside it inside the extension host and writes {passed, failed} to
// $EVENT_ENTRIES_TEST_RESULT, because the exit code alone cannot tell how many tests ran.
import * as fs from 'fs';
import * as path from 'path';
// Mocha is external to the bundle and resolved at run time from the project's node_modules.
import Mocha from 'mocha';

const TAG = '[event-entries-test]';

function writeResult(passed: number, failed: number): void {
  const out = process.env.EVENT_ENTRIES_TEST_RESULT;
  if (out) fs.writeFileSync(out, JSON.stringify({ passed, failed }) + '\n');
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  console.log(`${TAG} loading ${files.length} test files: ${files.join(', ')}`);
  try {
    // Mocha 12 is ESM-first: loadFilesAsync loads CommonJS and ESM test files alike.
    await mocha.loadFilesAsync();
  } catch (e) {
    console.log(`${TAG} FAIL loading test files: ${String(e)}`);
    writeResult(0, 1);
    throw e;
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures: number) => {
      const passed = runner.stats ? runner.stats.passes : 0;
      console.log(`${TAG} ${passed} passed, ${failures} failed`);
      writeResult(passed, failures);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else if (passed === 0) reject(new Error('No test ran.'));
      else resolve();
    });
    runner.on('pass', (t: Mocha.Test) => console.log(`${TAG} PASS ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('fail', (t: Mocha.Test, err: Error) => console.log(`${TAG} FAIL ${t.fullTitle()}: ${err.message}`));
  });
}
