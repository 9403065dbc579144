// Bundles the client, the server, the CLI, the benchmark and the tests with esbuild.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Every *.test.ts below a folder, for the test bundles. */
function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

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
  { ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist' },
];
if (!production) {
  builds.push(
    { ...common, entryPoints: testFiles('test/core').concat(testFiles('test/protocol')), outdir: 'dist/test', outbase: 'test', external: ['mocha'] },
    { ...common, entryPoints: testFiles('test/vscode'), outdir: 'dist/test/vscode', outbase: 'test/vscode', external: ['vscode', 'mocha'] },
    { ...common, entryPoints: testFiles('bench').filter((f) => !f.endsWith('.d.ts')), outdir: 'dist/bench', outbase: 'bench' },
  );
}

const existing = builds.filter((b) => (Array.isArray(b.entryPoints) ? b.entryPoints.length : Object.keys(b.entryPoints).length) > 0);

if (watch) {
  for (const options of existing) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(existing.map((options) => esbuild.build(options)));
}
