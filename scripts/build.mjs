// Bundles the client, the server, the CLI, the benchmark and the tests with esbuild.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** The files below a folder whose names pass a filter, for the test and benchmark bundles. */
function filesBelow(dir, accept) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesBelow(full, accept));
    else if (accept(name)) out.push(full);
  }
  return out;
}
const isTest = (name) => name.endsWith('.test.ts');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/serverLoader.ts', 'server-main': 'server/src/server.ts', cli: 'server/src/cli.ts', 'index-worker': 'server/src/indexWorker.ts' }, outdir: 'dist' },
];
if (!production) {
  builds.push(
    { ...common, entryPoints: filesBelow('test/core', isTest).concat(filesBelow('test/protocol', isTest)), outdir: 'dist/test', outbase: 'test', external: ['mocha'] },
    { ...common, entryPoints: filesBelow('test/vscode', (name) => isTest(name) || name === 'index.ts'), outdir: 'dist/test/vscode', outbase: 'test/vscode', external: ['vscode', 'mocha'] },
    { ...common, entryPoints: filesBelow('test/vscode-large', (name) => isTest(name) || name === 'index.ts'), outdir: 'dist/test/vscode-large', outbase: 'test/vscode-large', external: ['vscode', 'mocha'] },
    { ...common, entryPoints: filesBelow('bench', (name) => name === 'bench.ts' || name === 'cli.ts'), outdir: 'dist/bench', outbase: 'bench' },
  );
}

// Test bundles of test files since deleted would still run: the test bundles are made afresh each time.
if (!production) rmSync('dist/test', { recursive: true, force: true });

const existing = builds.filter((b) => (Array.isArray(b.entryPoints) ? b.entryPoints.length : Object.keys(b.entryPoints).length) > 0);

if (watch) {
  for (const options of existing) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(existing.map((options) => esbuild.build(options)));
}
