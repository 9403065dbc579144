/**
 * Starts the language server (`server-main.js`). Given `--code-cache=<folder>` (the client passes a folder of the
 * extension's global storage), it runs the bundle with a V8 code cache kept there: compiling the bundle cost
 * ~40 ms of every start, a tenth of a warm start. The cache file is named by a hash of the bundle, the engine's
 * version and the machine, so that no start runs code compiled from another bundle; V8 turns down a cache made
 * with other flags, and the loader then writes it again. The file is written once the server has run a while,
 * so that it holds the functions a start compiles, not only the top level. Anything wrong with the cache costs
 * the compilation and nothing else.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';

const MAIN = path.join(__dirname, 'server-main.js');
const CACHE_ARGUMENT = '--code-cache=';
/** Long enough for a warm start to be ready, whose functions then come compiled in the cache; the tests shorten it. */
const WRITE_AFTER_MS = Number(process.env.EVENT_ENTRIES_CODE_CACHE_DELAY_MS) || 10_000;
const CACHE_PREFIX = 'server-';
const CACHE_SUFFIX = '.v8cache';

function start(): void {
  const load = createRequire(MAIN);
  const folder = process.argv.find((argument) => argument.startsWith(CACHE_ARGUMENT))?.slice(CACHE_ARGUMENT.length);
  if (!folder) {
    load(MAIN);
    return;
  }
  const source = readFileSync(MAIN, 'utf8');
  const key = createHash('sha256').update(source).update(`\0${process.version}\0${process.arch}`).digest('hex').slice(0, 20);
  const file = path.join(folder, `${CACHE_PREFIX}${key}${CACHE_SUFFIX}`);
  const cachedData = readIfThere(file);
  const script = new Script(wrap(source), { filename: MAIN, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    setTimeout(() => writeCache(folder, file, () => script.createCachedData()), WRITE_AFTER_MS).unref();
  }
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const main = { exports: {}, filename: MAIN };
  run.call(main.exports, main.exports, load, main, MAIN, path.dirname(MAIN));
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache through a temporary file, and removes the caches of other bundles. */
function writeCache(folder: string, file: string, data: () => Buffer): void {
  try {
    mkdirSync(folder, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data());
    renameSync(temporary, file);
    for (const name of readdirSync(folder)) {
      const other = path.join(folder, name);
      if (other !== file && name.startsWith(CACHE_PREFIX) && name.endsWith(CACHE_SUFFIX)) rmSync(other, { force: true });
    }
  } catch (error) {
    process.stderr.write(`Event Entries: the code cache was not written (${String(error)}); the server starts a little slower.\n`);
  }
}

start();
