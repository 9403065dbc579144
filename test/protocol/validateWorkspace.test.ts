import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { writeCorpus } from '../../bench/corpus/generate';
import { startServer, type ServerSession } from './helpers/lspClient';

const VALIDATE = 'eventEntries/validateWorkspace';
/** An entry that the test opens and edits without saving. */
const OPENED = 'news/2016/07/11/opened.md';
const BINARY = 'news/2016/07/11/binary.md';
const OPENED_TEXT = '### [2016-07-11](/news/2016/07/11/index.md)\n\n# Opened.\n\nText.\n\n### Source:\n\n1. [BBC](https://www.bbc.com/news/1)\n';

suite('protocol: Validate Workspace', function () {
  this.timeout(60_000);
  let folder: string;
  let server: ServerSession | undefined;
  setup(() => {
    folder = mkdtempSync(join(tmpdir(), 'event-entries-validate-'));
    writeCorpus(folder, { entries: 150, seed: 4, faults: true });
    mkdirSync(join(folder, 'news/2016/07/11'), { recursive: true });
    writeFileSync(join(folder, BINARY), Buffer.from([0x23, 0x20, 0x00, 0x01]));
    writeFileSync(join(folder, OPENED), OPENED_TEXT);
  });
  teardown(async () => {
    await server?.stop();
    server = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  /** The latest published diagnostics by workspace path. */
  function byPath(session: ServerSession): Map<string, Diagnostic[]> {
    const prefix = session.uri('x').slice(0, -1);
    return new Map([...session.published()].map(([uri, diagnostics]) => [uri.slice(prefix.length), diagnostics]));
  }

  test('puts every closed file\'s problems in the Problems panel with their quick-fix payloads; an open buffer keeps its own; a file fixed since is cleared', async () => {
    server = await startServer({}, {}, { folder });
    await server.ready();
    const opened = await server.open(OPENED, readFileSync(join(folder, OPENED), 'utf8').replace(/### Source:[^]*$/, ''));
    await server.diagnostics(opened, (diagnostics) => diagnostics.some((d) => d.code === 'source.missing'));

    const first = await server.connection.sendRequest<{ files: number; problems: number; cancelled: boolean }>(VALIDATE, {});
    assert.equal(first.cancelled, false);
    assert.equal(first.files, 152);
    const published = byPath(server);
    const codes = [...published.values()].flat().map((d) => String(d.code));
    for (const code of ['file.binary', 'related.dangling']) assert.ok(codes.includes(code), `${code} in ${codes.join(' ')}`);
    assert.ok([...published.values()].flat().every((d) => d.data !== undefined), 'every diagnostic carries its payload');
    assert.ok(published.get(OPENED)?.some((d) => d.code === 'source.missing'), 'the open buffer\'s problems, not the saved file\'s');
    assert.ok(server.logs.some((line) => /^Validated 152 files in \d+ ms: \d+ problems\.$/.test(line)), server.logs.join('\n'));

    // The binary file becomes a clean entry on disk; the next validation clears what the first one put there.
    writeFileSync(join(folder, BINARY), OPENED_TEXT.replace('# Opened.', '# Binary no more.'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(BINARY), type: 2 }] });
    const second = await server.connection.sendRequest<{ files: number; problems: number; cancelled: boolean }>(VALIDATE, {});
    assert.deepEqual(byPath(server).get(BINARY), []);
    assert.ok(second.problems < first.problems, `${second.problems} problems after the fix, ${first.problems} before`);
  });
});
