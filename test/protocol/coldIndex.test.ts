import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { generateCorpus, plantedFaults } from '../../bench/corpus/generate';
import { LineIndex } from '../../server/src/core/textLines';
import { startServer, type ServerSession } from './helpers/lspClient';

/**
 * The built server over a workspace above the worker threads' threshold (2,000 files): a cold index reads files
 * while the walk lists them and keeps the workers' records undecoded until first read, which the smaller
 * workspaces of the other protocol tests, and the editor tests', never do.
 */
suite('protocol: a cold index through the worker threads', function () {
  this.timeout(120_000);
  let server: ServerSession | undefined;
  teardown(async () => {
    await server?.stop();
    server = undefined;
  });

  test('every entry is indexed with rising progress; links resolve and hovers preview through records not decoded yet', async () => {
    const options = { entries: 2500, seed: 8, faults: true };
    const files = Object.fromEntries([...generateCorpus(options)].map((file) => [file.path, file.text]));
    server = await startServer(files);
    const count = Object.keys(files).length;
    await server.ready(count, 90_000);
    const percents = server.statuses.filter((status) => status.state === 'indexing').map((status) => status.percent ?? 0);
    assert.ok(percents.every((percent, i) => i === 0 || percent >= percents[i - 1]), `progress went back: ${JSON.stringify(percents)}`);
    assert.deepEqual(server.statuses[server.statuses.length - 1], { state: 'ready', entries: count, verified: true });

    // The planted dangling link is reported, and a clean entry's links all resolve.
    const dangling = plantedFaults(options).find((fault) => fault.code === 'related.dangling')!;
    const faulty = await server.open(dangling.path, files[dangling.path]);
    const found = await server.diagnostics(faulty, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'related.dangling'));
    assert.equal(found.filter((diagnostic) => diagnostic.code === 'related.dangling').length, 1);
    const faultyPaths = new Set(plantedFaults(options).map((fault) => fault.path));
    const [cleanPath, cleanText] = Object.entries(files).find(([path, text]) => !faultyPaths.has(path) && text.includes('### Related:') && text.includes('](/news/'))!;
    const clean = await server.open(cleanPath, cleanText);
    const diagnostics = await server.diagnostics(clean);
    assert.deepEqual(diagnostics.filter((diagnostic) => String(diagnostic.code).startsWith('related.')), [], JSON.stringify(diagnostics));

    // A hover previews the linked entry, read by its record.
    const link = cleanText.indexOf('](/news/', cleanText.indexOf('### Related:')) + 3;
    const target = cleanText.slice(link - 1, cleanText.indexOf(')', link));
    const hover = await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: clean }, position: new LineIndex(cleanText).positionAt(link) });
    const headline = /^# (.+?) *$/m.exec(files[target.slice(1)])![1];
    // Markdown escapes punctuation: the preview is compared without its backslashes.
    assert.ok((hover.contents as MarkupContent).value.replace(/\\/g, '').startsWith(`**${headline}**`), `hover of ${target}: ${(hover.contents as MarkupContent).value.slice(0, 120)}`);
  });
});
