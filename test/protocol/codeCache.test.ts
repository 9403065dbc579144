import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entry } from '../core/helpers/fixture';
import { startServer, type ServerSession } from './helpers/lspClient';

const PATH = 'news/2016/07/11/a.md';
/** The loader writes its cache this long after start (10 s in use). */
const DELAY_MS = 300;
const env = { EVENT_ENTRIES_CODE_CACHE_DELAY_MS: String(DELAY_MS) };

const cacheFiles = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.v8cache')) : []);

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A served request: diagnostics of an entry that lacks its sources (the server's code runs, compiled or cached). */
async function assertServes(server: ServerSession): Promise<void> {
  await server.ready(1);
  const uri = await server.open(PATH, entry({ sources: null }));
  const diagnostics = await server.diagnostics(uri, (found) => found.length > 0);
  assert.ok(diagnostics.some((d) => d.code === 'source.missing'), JSON.stringify(diagnostics));
}

suite('protocol: the server code cache (--code-cache)', function () {
  this.timeout(60_000);
  let folder: string;
  let server: ServerSession | undefined;
  setup(() => { folder = mkdtempSync(join(tmpdir(), 'event-entries-code-cache-')); });
  teardown(async () => {
    await server?.stop();
    server = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  test('the first start writes the cache and removes those of other bundles; the next start uses it without writing again', async () => {
    const codeCache = join(folder, 'code-cache');
    mkdirSync(codeCache);
    writeFileSync(join(codeCache, 'server-0123456789abcdef0123.v8cache'), 'a cache of an older bundle');
    server = await startServer({ [PATH]: entry() }, {}, { codeCache, env });
    await assertServes(server);
    await until(() => cacheFiles(codeCache).length === 1 && !cacheFiles(codeCache).includes('server-0123456789abcdef0123.v8cache'), 'the cache, alone');
    await server.stop();
    server = undefined;

    const [name] = cacheFiles(codeCache);
    const written = statSync(join(codeCache, name)).mtimeMs;
    assert.ok(statSync(join(codeCache, name)).size > 10_000, 'the cache holds compiled code');
    server = await startServer({ [PATH]: entry() }, {}, { codeCache, env });
    await assertServes(server);
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS * 4));
    assert.deepEqual(cacheFiles(codeCache), [name]);
    assert.equal(statSync(join(codeCache, name)).mtimeMs, written, 'a cache V8 took is not written again');
    assert.deepEqual(server.stderr.join(''), '');
  });

  test('a damaged cache costs nothing but the compilation: the server serves, and writes the cache anew', async () => {
    const codeCache = join(folder, 'code-cache');
    server = await startServer({ [PATH]: entry() }, {}, { codeCache, env });
    await until(() => cacheFiles(codeCache).length === 1, 'the cache');
    await server.stop();
    const [name] = cacheFiles(codeCache);
    const damaged = Buffer.alloc(statSync(join(codeCache, name)).size, 0x5a);
    writeFileSync(join(codeCache, name), damaged);

    server = await startServer({ [PATH]: entry() }, {}, { codeCache, env });
    await assertServes(server);
    await until(() => !readFileSync(join(codeCache, name)).equals(damaged), 'the cache written anew');
  });

  test('a cache folder that cannot be written leaves the server serving, with a message on stderr', async () => {
    const blocked = join(folder, 'a-file');
    writeFileSync(blocked, 'not a folder');
    server = await startServer({ [PATH]: entry() }, {}, { codeCache: join(blocked, 'code-cache'), env });
    await assertServes(server);
    await until(() => server!.stderr.join('').includes('the code cache was not written'), 'the message');
  });
});
