import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entry, relatedItem } from '../core/helpers/fixture';
import { startServer, type ServerSession } from './helpers/lspClient';

const A = 'news/2016/07/10/a.md';
const B = 'news/2016/07/11/b.md';
const C = 'news/2016/07/12/c.md';
const entryA = (headline: string): string => entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline });
const entryB = entry({ date: '2016-07-11', dayLink: '/news/2016/07/11/index.md', headline: 'B.', related: relatedItem(1, 'A.', '/news/2016/07/10/a.md') });

suite('protocol: the persisted index', function () {
  this.timeout(30_000);
  let storage: string;
  let server: ServerSession | undefined;
  setup(() => { storage = mkdtempSync(join(tmpdir(), 'event-entries-storage-')); });
  teardown(async () => {
    await server?.stop();
    server = undefined;
    rmSync(storage, { recursive: true, force: true });
  });

  test('a warm start answers from the cache at once, then follows what changed on disk meanwhile', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'event-entries-warm-'));
    const first = await startServer({ [A]: entryA('A.'), [B]: entryB }, {}, { storagePath: storage, folder });
    await first.ready(2);
    assert.ok(first.statuses.every((s) => s.verified !== false), 'a cold start is verified from the start');
    await first.stop();
    assert.ok(existsSync(join(storage, 'index-cache.bin')), 'the cache was written');

    writeFileSync(join(first.folder, A), entryA('A retitled.'));
    mkdirSync(join(folder, 'news/2016/07/12'), { recursive: true });
    writeFileSync(join(folder, C), entry({ date: '2016-07-12', dayLink: '/news/2016/07/12/index.md', headline: 'C.' }));
    server = await startServer({}, {}, { storagePath: storage, folder: first.folder });
    await server.ready(3);
    const firstReady = server.statuses.find((s) => s.state === 'ready');
    assert.deepEqual(firstReady, { state: 'ready', entries: 2, verified: false }, 'the cached index answers before the disk is checked');
    assert.deepEqual(server.statuses[server.statuses.length - 1], { state: 'ready', entries: 3, verified: true });
    const uri = server.uri(B);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: entryB } });
    const diagnostics = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'related.staleTitle'));
    assert.deepEqual(diagnostics.map((d) => d.code), ['related.staleTitle']);
    rmSync(folder, { recursive: true, force: true });
  });

  test('a corrupt or foreign cache is detected and rebuilt', async () => {
    for (const content of ['not a cache at all', JSON.stringify({ format: 'event-entries-index', version: 999 })]) {
      writeFileSync(join(storage, 'index-cache.bin'), content);
      server = await startServer({ [A]: entryA('A.') }, {}, { storagePath: storage });
      await server.ready(1);
      assert.ok(server.statuses.every((s) => s.verified !== false), 'nothing was answered from the bad cache');
      await server.stop();
      server = undefined;
    }
  });
});
