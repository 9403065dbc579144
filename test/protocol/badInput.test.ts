import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { EntriesService } from '../../server/src/core/service';
import { NEVER_CANCELLED, SILENT_LOGGER } from '../../server/src/core/workspace';
import { NodeFileSystem } from '../../server/src/lsp/nodeFileSystem';
import { entry, relatedItem } from '../core/helpers/fixture';
import { startServer, type ServerSession } from './helpers/lspClient';

const HERE = 'news/2016/07/11/a-test-event-happens.md';
const TARGET = 'news/2016/07/10/another-event.md';
const TARGET_ENTRY = entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'Another event.' });

/** A fresh temporary folder, by its real path (so that /tmp being a link does not matter). */
function temporaryFolder(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

function writeFile(file: string, content: string | Uint8Array): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return pathToFileURL(file).toString();
}

async function open(server: ServerSession, uri: string, text: string, version = 1): Promise<void> {
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
}

suite('protocol: bad input over stdio', function () {
  this.timeout(60_000);
  let server: ServerSession;
  const cleanups: string[] = [];
  teardown(async () => {
    await server?.stop();
    for (const folder of cleanups.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  test('keeps answering after a binary-ish document, a 5,000-item document and an invalid-UTF-8 file', async () => {
    server = await startServer({ [HERE]: entry(), [TARGET]: TARGET_ENTRY });
    await server.ready(2);

    const invalid = new TextEncoder().encode(entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'Bad bytes.' }));
    const badUri = writeFile(join(server.folder, 'news/2016/07/10/bad-bytes.md'), new Uint8Array([...invalid.slice(0, 50), 0xff, 0xc3, ...invalid.slice(50)]));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: badUri, type: 1 }] });
    await server.ready(3);

    const binaryUri = server.uri('news/2016/07/11/binary.md');
    await open(server, binaryUri, `\0\0\u0001### [\ud800](\0)\n# \udfff\0\n\u0007${'\0'.repeat(1000)}`);
    const binaryDiagnostics = await server.diagnostics(binaryUri);
    assert.ok(binaryDiagnostics.length > 0);

    const items: string[] = [];
    for (let i = 0; i < 5000; i++) items.push(relatedItem(i + 1, `Event ${i}.`, `/news/2016/07/9/event-${i}.md`));
    const manyUri = server.uri('news/2016/07/11/many.md');
    await open(server, manyUri, entry({ related: items.join('\n') }));
    const many = await server.diagnostics(manyUri, (d) => d.length > 0, 40_000);
    assert.equal(many.length, 5000);
    assert.ok(many.every((d) => d.code === 'related.dangling'));
    assert.deepEqual(many[4999].range.start, { line: 5011, character: '5000. [Event 4999.]('.length });

    // Still answering: the invalid-UTF-8 file was indexed, its two bad bytes read as U+FFFD.
    const uri = server.uri(HERE);
    await open(server, uri, entry({ related: relatedItem(1, 'Bad bytes.', '/news/2016/07/10/bad-bytes.md') }));
    const stale = await server.diagnostics(uri);
    assert.deepEqual(stale.map((d) => [d.code, d.data as unknown]), [['related.staleTitle', { headline: 'Bad\uFFFD\uFFFD bytes.', target: '/news/2016/07/10/bad-bytes.md' }]]);
    const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } });
    assert.notEqual(hover, undefined);
  });

  test('a document outside the workspace folder: climbing links are malformed, nothing outside is read', async () => {
    const outside = temporaryFolder('event-entries-outside-');
    cleanups.push(outside);
    // A real entry outside the workspace, where a link from the outside document would lead.
    const outsideTarget = writeFile(join(outside, TARGET), TARGET_ENTRY);
    server = await startServer({ [HERE]: entry() });
    await server.ready(1);

    const uri = pathToFileURL(join(outside, 'news/2016/07/11/outside.md')).toString();
    const climbers = ['/news/../../../etc/passwd', '/news/2016/07/11/%2e%2e/%2e%2e/x.md', '../../../../etc/passwd'];
    const related = [...climbers.map((target, i) => relatedItem(i + 1, 'X', target)), relatedItem(4, 'Another event.', `/${TARGET}`)].join('\n');
    await open(server, uri, entry({ related }));
    const diagnostics = await server.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => d.code), ['related.badTarget', 'related.badTarget', 'related.badTarget', 'related.dangling']);

    // A file event for the outside entry, sent with one for a new workspace entry: only the latter is indexed.
    const inside = server.write(TARGET, TARGET_ENTRY);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: outsideTarget, type: 1 }, { uri: inside, type: 1 }] });
    // The outside document counts itself; the outside target would make it 4.
    await server.ready(3);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: entry({ related }) }] });
    const again = await server.diagnostics(uri, (d) => d.length === 4);
    assert.equal(again[3].code, 'related.dangling');
    assert.deepEqual(server.stderr.join('').match(/Error|at .*\.js/g) ?? [], []);
  });
});

suite('protocol: NodeFileSystem on real folders', () => {
  let base: string;
  let root: string;
  let outside: string;
  let fs: NodeFileSystem;
  const uri = (file: string): string => pathToFileURL(file).toString();

  setup(() => {
    base = temporaryFolder('event-entries-fs-');
    root = join(base, 'root');
    outside = join(base, 'outside');
    writeFile(join(root, 'news/2016/07/10/a.md'), entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md' }));
    writeFile(join(outside, 'secret.md'), 'secret');
    writeFile(join(outside, 'day/secret.md'), 'secret');
    symlinkSync(join(outside, 'secret.md'), join(root, 'news/2016/07/10/link.md'));
    symlinkSync(join(outside, 'day'), join(root, 'news/2016/07/11'));
    symlinkSync(join(root, 'news'), join(root, 'news/loop'));
    fs = new NodeFileSystem();
    fs.setRoots([uri(root)]);
  });
  teardown(() => rmSync(base, { recursive: true, force: true }));

  test('a file outside the roots is not read, however the URI is spelled', async () => {
    assert.ok(await fs.readFile(uri(join(root, 'news/2016/07/10/a.md'))));
    for (const spelled of [
      uri(join(outside, 'secret.md')), `${uri(root)}/../outside/secret.md`, `${uri(root)}/%2e%2e/outside/secret.md`,
      `${uri(root)}/news/2016/07/10/..%2F..%2F..%2F..%2F..%2Foutside%2Fsecret.md`, `untitled:${join(outside, 'secret.md')}`, `http://localhost${join(outside, 'secret.md')}`,
    ]) {
      assert.equal(await fs.readFile(spelled), undefined, spelled);
      assert.equal(await fs.stat(spelled), undefined, spelled);
    }
  });

  test('symbolic links are reported as such and never read through, to files or to folders', async () => {
    const day = await fs.readDirectory(uri(join(root, 'news/2016/07/10')));
    assert.deepEqual(day.map((child) => [child.name, child.type]).sort(), [['a.md', 'file'], ['link.md', 'symlink']]);
    const news = await fs.readDirectory(uri(join(root, 'news')));
    assert.deepEqual(news.map((child) => [child.name, child.type]).sort(), [['2016', 'directory'], ['loop', 'symlink']]);
    const month = await fs.readDirectory(uri(join(root, 'news/2016/07')));
    assert.deepEqual(month.map((child) => [child.name, child.type]).sort(), [['10', 'directory'], ['11', 'symlink']]);
    const link = uri(join(root, 'news/2016/07/10/link.md'));
    assert.equal(await fs.readFile(link), undefined);
    assert.equal(fs.readFileSync(link), undefined);
    assert.equal((await fs.stat(link))?.type, 'symlink');
    const throughFolder = uri(join(root, 'news/2016/07/11/secret.md'));
    assert.equal(await fs.readFile(throughFolder), undefined);
    assert.equal(fs.readFileSync(throughFolder), undefined);
    assert.equal(await fs.stat(throughFolder), undefined);
    assert.deepEqual(await fs.readDirectory(uri(join(root, 'news/2016/07/11'))), []);
  });

  test('a root reached through a link of its own is read normally', async () => {
    const alias = join(base, 'alias');
    symlinkSync(root, alias);
    const aliased = new NodeFileSystem(true);
    aliased.setRoots([uri(alias)]);
    assert.ok(await aliased.readFile(uri(join(alias, 'news/2016/07/10/a.md'))));
    assert.equal(await aliased.readFile(uri(join(alias, 'news/2016/07/10/link.md'))), undefined);
  });

  test('the indexer over real folders survives the link loop and indexes only the real file', async function () {
    this.timeout(10_000); // a hang guard
    const service = new EntriesService({ fs, logger: SILENT_LOGGER });
    service.indexer.setFolders([{ uri: uri(root), config: DEFAULT_CONFIG }]);
    assert.equal(await service.indexer.indexAll(NEVER_CANCELLED), 1);
    assert.deepEqual([...service.index.entries()].map((e) => e.uri), [uri(join(root, 'news/2016/07/10/a.md'))]);
  });
});
