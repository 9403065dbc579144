// Runs mocha (tdd UI) on the given bundled test files and prints `<label>: N passed, N failed`.
// Exits non-zero on any failure or when no test ran, so an empty suite can never pass.
const mochaModule = require('mocha');
// mocha 12 is ESM-first: its CommonJS export holds the class under one of these names.
const Mocha = mochaModule.default || mochaModule.Mocha || mochaModule;
const [label, ...files] = process.argv.slice(2);
const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 20000 });
files.forEach((file) => mocha.addFile(file));
(async () => {
  if (typeof mocha.loadFilesAsync === 'function') await mocha.loadFilesAsync();
  const runner = mocha.run((failures) => {
    const stats = runner.stats || { passes: 0, pending: 0 };
    const skipped = stats.pending ? `, ${stats.pending} skipped` : '';
    console.log(`${label}: ${stats.passes} passed, ${failures} failed${skipped}`);
    process.exitCode = failures > 0 || stats.passes === 0 ? 1 : 0;
  });
})().catch((error) => {
  console.error(error);
    console.log(`${label}: 0 passed, 1 failed`);
  process.exitCode = 1;
});
