import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { entry, relatedItem } from '../core/helpers/fixture';
import { startServer, type ServerSession } from './helpers/lspClient';

const OPEN = 'news/2016/07/11/a-test-event-happens.md';
const path = (i: number): string => `news/2015/${String((i % 12) + 1).padStart(2, '0')}/${(i % 28) + 1}/bulk-${i}.md`;
const text = (i: number, headline: string): string =>
  entry({ date: `2015-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`, dayLink: `/${path(i).replace(/[^/]+$/, 'index.md')}`, headline });

suite('protocol: bulk changes on disk (a checkout, a script)', function () {
  this.timeout(60_000);
  let server: ServerSession;
  teardown(async () => server?.stop());

  test('1,000 files rewritten, then a folder deleted, reach the index and the open entry', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) files[path(i)] = text(i, `Bulk ${i}.`);
    const related = [relatedItem(1, 'Bulk 5.', `/${path(5)}`), relatedItem(2, 'Bulk 17.', `/${path(17)}`)].join('\n');
    files[OPEN] = entry({ related });
    server = await startServer(files);
    await server.ready(1001);
    const uri = server.uri(OPEN);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: files[OPEN] } });
    await server.diagnostics(uri, (d) => d.length === 0);

    // A checkout rewrites every headline; the watcher reports the changes in batches.
    const changes = [];
    for (let i = 0; i < 1000; i++) changes.push({ uri: server.write(path(i), text(i, `Renamed ${i}.`)), type: 2 });
    for (let start = 0; start < changes.length; start += 250) {
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.slice(start, start + 250) });
    }
    const stale = await server.diagnostics(uri, (d) => d.filter((x) => x.code === 'related.staleTitle').length === 2);
    assert.deepEqual(stale.map((d) => d.code), ['related.staleTitle', 'related.staleTitle']);

    // A script deletes the folder of March 2015 (entries 2, 14, 26, … are there, none linked).
    rmSync(join(server.folder, 'news/2015/03'), { recursive: true, force: true });
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri('news/2015/03'), type: 3 }] });
    await server.ready(1001 - 84);
    const lines = files[OPEN].split('\n');
    const line = lines.findIndex((l) => l.startsWith('1. [Bulk 5.]'));
    const hover = await server.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 6 } });
    assert.match(hover?.contents.value ?? '', /Renamed 5\\?\./, 'the hover shows the new headline');
  });
});
