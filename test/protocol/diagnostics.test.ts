import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { entry, relatedItem } from '../core/helpers/fixture';
import { repoRoot } from '../core/helpers/paths';
import { startServer, type ServerSession } from './helpers/lspClient';

const EXAMPLE_PATH = 'news/2016/07/11/the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md';
const EXAMPLE = readFileSync(join(repoRoot(), 'test/fixtures/example', EXAMPLE_PATH), 'utf8');
const FIRST_TARGET = 'news/2016/03/26/u-s-chairman-of-the-joint-chiefs-of-staff-joseph-dunford-makes-a-proposal-to-president-barack-obama-to-increase-the-number-of-american-troo.md';
const FIRST_TITLE = 'U.S. Chairman of the Joint Chiefs of Staff Joseph Dunford makes a proposal to President Barack Obama to increase the number of American troops in Iraq, so as to help the Iraqi Army with advisors closer to the front lines and to recapture Mosul, which fell to ISIL in June 2014.';

suite('protocol: diagnostics over stdio', function () {
  this.timeout(30_000);
  let server: ServerSession;
  teardown(async () => server?.stop());

  test('an opened entry gets its diagnostics with codes, ranges and data', async () => {
    server = await startServer({ [EXAMPLE_PATH]: EXAMPLE });
    await server.ready(1);
    const uri = server.uri(EXAMPLE_PATH);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: EXAMPLE } });
    const diagnostics = await server.diagnostics(uri, (d) => d.length > 0);
    assert.equal(diagnostics.length, 10);
    assert.ok(diagnostics.every((d) => d.code === 'related.dangling' && d.source === 'event-entries' && d.severity === 1));
    const lines = EXAMPLE.split('\n');
    const first = diagnostics[0];
    assert.equal(lines[first.range.start.line].slice(first.range.start.character, first.range.end.character), `/${FIRST_TARGET}`);
    assert.deepEqual(first.data, { target: `/${FIRST_TARGET}` });
  });

  test('creating, retitling and deleting a linked entry on disk updates the open entry', async () => {
    server = await startServer({ [EXAMPLE_PATH]: EXAMPLE });
    await server.ready(1);
    const uri = server.uri(EXAMPLE_PATH);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: EXAMPLE } });
    await server.diagnostics(uri, (d) => d.length === 10);

    const target = server.write(FIRST_TARGET, entry({ date: '2016-03-26', dayLink: '/news/2016/03/26/index.md', headline: FIRST_TITLE }));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: target, type: 1 }] });
    await server.diagnostics(uri, (d) => d.length === 9 && d.every((x) => x.code === 'related.dangling'));

    server.write(FIRST_TARGET, entry({ date: '2016-03-26', dayLink: '/news/2016/03/26/index.md', headline: 'A new headline.' }));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: target, type: 2 }] });
    const stale = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'related.staleTitle'));
    assert.equal(stale.filter((x) => x.code === 'related.staleTitle').length, 1);

    rmSync(join(server.folder, FIRST_TARGET));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: target, type: 3 }] });
    await server.diagnostics(uri, (d) => d.length === 10 && d.every((x) => x.code === 'related.dangling'));
  });

  test('an edit to the buffer wins over the disk', async () => {
    const path = 'news/2016/07/11/a-test-event-happens.md';
    server = await startServer({ [path]: entry() });
    await server.ready(1);
    const uri = server.uri(path);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: entry() } });
    assert.deepEqual(await server.diagnostics(uri), []);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: entry({ sources: null, related: relatedItem(1, 'X', '/news/2016/07/9/gone.md') }) }],
    });
    const diagnostics = await server.diagnostics(uri, (d) => d.length === 2);
    assert.deepEqual(diagnostics.map((d) => d.code), ['source.missing', 'related.dangling']);
  });

  test('severity settings reach the server', async () => {
    const path = 'news/2016/07/11/a-test-event-happens.md';
    server = await startServer({ [path]: entry() }, { diagnostics: { severity: { 'source.missing': 'off', 'related.dangling': 'hint' } } });
    await server.ready(1);
    const uri = server.uri(path);
    const text = entry({ sources: null, related: relatedItem(1, 'X', '/news/2016/07/9/gone.md') });
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const diagnostics = await server.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['related.dangling', 4]]);
  });
});
