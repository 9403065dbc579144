import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { writeCorpus } from '../../bench/corpus/generate';
import { startServer, type ServerSession } from './helpers/lspClient';

const VALIDATE = 'eventEntries/validateWorkspace';
/** A corpus entry that the test opens and edits without saving. */
const OPENED = 'news/2016/07/11/opened.md';

suite('protocol: Validate Workspace', function () {
  this.timeout(60_000);
  let folder: string;
  const servers: ServerSession[] = [];
  setup(() => {
    folder = mkdtempSync(join(tmpdir(), 'event-entries-validate-'));
    writeCorpus(folder, { entries: 150, seed: 4, faults: true });
    mkdirSync(join(folder, 'news/2016/07/11'), { recursive: true });
    writeFileSync(join(folder, 'news/2016/07/11/binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01]));
    writeFileSync(join(folder, OPENED), '### [2016-07-11](/news/2016/07/11/index.md)\n\n# Opened.\n\nText.\n\n### Source:\n\n1. [BBC](https://www.bbc.com/news/1)\n');
  });
  teardown(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    rmSync(folder, { recursive: true, force: true });
  });

  /** Validates with an entry open and edited (its sources removed, unsaved); the published diagnostics by workspace path. */
  async function validate(env: Record<string, string>): Promise<{ server: ServerSession; result: { files: number; problems: number }; byPath: Map<string, Diagnostic[]> }> {
    const server = await startServer({}, {}, { folder, env });
    servers.push(server);
    await server.ready();
    const opened = await server.open(OPENED, readFileSync(join(folder, OPENED), 'utf8').replace(/### Source:[^]*$/, ''));
    await server.diagnostics(opened, (diagnostics) => diagnostics.some((d) => d.code === 'source.missing'));
    const result = await server.connection.sendRequest<{ files: number; problems: number; cancelled: boolean }>(VALIDATE, {});
    assert.equal(result.cancelled, false);
    const prefix = server.uri('x').slice(0, -1);
    const byPath = new Map([...server.published()].map(([uri, diagnostics]) => [uri.slice(prefix.length), diagnostics]));
    return { server, result, byPath };
  }

  test('worker threads publish exactly what the in-process check publishes, quick-fix payloads included; the open buffer wins', async () => {
    const inProcess = await validate({});
    const inWorkers = await validate({ EVENT_ENTRIES_WORKER_THRESHOLD: '1' });
    assert.ok(inProcess.server.logs.some((line) => /^Validated 152 files in process/.test(line)), inProcess.server.logs.join('\n'));
    assert.ok(inWorkers.server.logs.some((line) => /^Validated 152 files in worker threads/.test(line)), inWorkers.server.logs.join('\n'));
    assert.deepEqual(inWorkers.result, inProcess.result);
    assert.deepEqual(new Map([...inWorkers.byPath].sort()), new Map([...inProcess.byPath].sort()));

    const codes = [...inWorkers.byPath.values()].flat().map((d) => String(d.code));
    for (const code of ['file.binary', 'related.dangling', 'source.missing']) assert.ok(codes.includes(code), `${code} in ${codes.join(' ')}`);
    assert.ok([...inWorkers.byPath.values()].flat().every((d) => d.data !== undefined), 'every diagnostic carries its payload');
    // The open entry keeps its buffer's diagnostics (no sources), not its saved file's (none).
    assert.ok(inWorkers.byPath.get(OPENED)?.some((d) => d.code === 'source.missing'));
  });
});
