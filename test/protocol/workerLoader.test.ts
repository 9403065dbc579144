import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { generateCorpus, writeCorpus } from '../../bench/corpus/generate';
import type { GrowingList, LoadedBatch } from '../../server/src/core/bulkLoader';
import { DEFAULT_CONFIG, type EntriesConfig } from '../../server/src/core/config';
import { EntriesService } from '../../server/src/core/service';
import { NEVER_CANCELLED, SILENT_LOGGER, type CancellationToken } from '../../server/src/core/workspace';
import { NodeFileSystem } from '../../server/src/lsp/nodeFileSystem';
import { KnownUris } from '../../server/src/core/knownUris';
import { loadJob } from '../../server/src/node/loadJob';
import { WorkerLoader } from '../../server/src/node/workerLoader';
import { joinUris, splitUris } from '../../server/src/node/workerProtocol';
import { repoRoot } from '../core/helpers/paths';

/** A worker loader that notes how many files were listed, and whether the walk had ended, when its load began. */
class WatchedLoader extends WorkerLoader {
  startedWith: { listed: number; complete: boolean } | undefined;
  override loadGrowing(files: GrowingList, configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void> {
    this.startedWith = { listed: files.uris.length, complete: files.complete };
    return super.loadGrowing(files, configFor, token, onBatch);
  }
}

let lastLoader: WatchedLoader | undefined;

/** An indexed service over a folder, loading through the worker threads or in process. */
async function indexed(folder: string, workers: boolean, backlinksAsRecordsArrive = false): Promise<EntriesService> {
  const uri = URI.file(folder).toString();
  const fs = new NodeFileSystem();
  fs.setRoots([uri]);
  const bulkLoader = workers ? (lastLoader = new WatchedLoader(join(repoRoot(), 'dist/index-worker.js'), () => [uri])) : undefined;
  const service = new EntriesService({ fs, logger: SILENT_LOGGER, bulkLoader, bulkThreshold: 1 });
  service.indexer.setFolders([{ uri, config: { ...DEFAULT_CONFIG, maxFileSize: 6000 } }]);
  // The backlinks exist from the start and follow each batch, as when the server indexes again (new settings) once they are built.
  if (backlinksAsRecordsArrive) while (service.index.buildLookups(Number.MAX_SAFE_INTEGER));
  await service.indexer.indexAll(NEVER_CANCELLED);
  return service;
}

suite('worker threads: cold indexing', function () {
  this.timeout(60_000);
  let folder: string;
  setup(() => {
    folder = mkdtempSync(join(tmpdir(), 'event-entries-workers-'));
    writeCorpus(folder, { entries: 1200, seed: 5, faults: true });
    mkdirSync(join(folder, 'news/2016/07/11'), { recursive: true });
    writeFileSync(join(folder, 'news/2016/07/11/binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01]));
  });
  teardown(() => rmSync(folder, { recursive: true, force: true }));

  test('the workers build exactly the index that in-process loading builds', async () => {
    const viaWorkers = await indexed(folder, true);
    // The workers began while the walk was still listing files: links to files not listed yet travelled as text.
    assert.equal(lastLoader?.startedWith?.complete, false, `began with ${JSON.stringify(lastLoader?.startedWith)}`);
    const inProcess = await indexed(folder, false);
    // The workers' records wait undecoded until first read, yet are counted from the start.
    assert.ok(viaWorkers.index.undecodedCount > 1000, `undecoded ${viaWorkers.index.undecodedCount}`);
    assert.deepEqual([...viaWorkers.index.tags()].sort(), [...inProcess.index.tags()].sort());
    assert.deepEqual([...viaWorkers.index.publishers()].sort(), [...inProcess.index.publishers()].sort());
    const records = (service: EntriesService) => [...service.index.entries()].sort((a, b) => (a.uri < b.uri ? -1 : 1));
    assert.ok(viaWorkers.index.size > 1000, `indexed ${viaWorkers.index.size}`);
    assert.deepEqual(records(viaWorkers), records(inProcess));
    assert.deepEqual(viaWorkers.indexer.skippedFiles().map((f) => f.problem).sort(), inProcess.indexer.skippedFiles().map((f) => f.problem).sort());
    assert.ok(viaWorkers.indexer.skippedFiles().some((f) => f.problem === 'file.binary'));
    const target = records(viaWorkers).find((entry) => viaWorkers.index.backlinksOf(entry.uri).length > 0)!;
    assert.deepEqual([...viaWorkers.index.backlinksOf(target.uri)].sort(), [...inProcess.index.backlinksOf(target.uri)].sort());
  });

  test('backlinks kept as the workers\' batches arrive are those built at once afterwards', async () => {
    const asTheyArrive = await indexed(folder, true, true);
    const atOnce = await indexed(folder, true);
    const backlinks = (service: EntriesService) => [...service.index.entries()].map((entry) => [entry.uri, [...service.index.backlinksOf(entry.uri)].sort()]).sort();
    const all = backlinks(atOnce);
    assert.ok(all.filter(([, sources]) => sources.length > 0).length > 500, 'most entries are linked to');
    assert.deepEqual(backlinks(asTheyArrive), all);
  });
});

suite('worker messages: a load\'s URIs joined, and jobs that name their files by position', function () {
  this.timeout(30_000);

  test('joined URIs come back as they were, odd names included; a URI with a line break fails the job instead of shifting the list', () => {
    const uris = [
      'file:///ws/news/2016/07/1/a.md',
      URI.file('/ws/news/2016/07/1/line\nbreak é.md').toString(),
      URI.file('/ws/news/2016/07/1/%20 #?.md').toString(),
    ];
    assert.deepEqual(splitUris(joinUris(uris)), uris);
    assert.deepEqual(splitUris(joinUris([])), []);
    assert.deepEqual(splitUris(joinUris([''])), [''], 'an empty URI is still one URI');
    assert.throws(() => splitUris(joinUris(['file:///ws/a.md', 'file:///ws/b\n.md'])), /line break/);
  });

  test('a job that names its files by a range of the load\'s list gives the records of a job that lists them', () => {
    const folder = mkdtempSync(join(tmpdir(), 'event-entries-ranges-'));
    try {
      writeCorpus(folder, { entries: 120, seed: 11, faults: true });
      const fs = new NodeFileSystem(true);
      const roots = [URI.file(folder).toString()];
      fs.setRoots(roots);
      const files = [...generateCorpus({ entries: 120, seed: 11, faults: true })].map((file) => URI.file(join(folder, file.path)).toString());
      const known = new KnownUris(files, 7);
      const maxFileSizes = files.slice(20, 45).map(() => 1 << 20);
      const byRange = loadJob({ kind: 'load', roots, uris: { from: 20, to: 45 }, maxFileSizes }, fs, known);
      const listed = loadJob({ kind: 'load', roots, uris: files.slice(20, 45), maxFileSizes }, fs, known);
      assert.equal(byRange.entries.stamps.length, 2 * 25, 'every file of the range was read');
      assert.deepEqual(byRange, listed);
      assert.throws(() => loadJob({ kind: 'load', roots, uris: { from: 110, to: 121 }, maxFileSizes }, fs, known), /files 110–121 of a list of 120/);
      assert.throws(() => loadJob({ kind: 'load', roots, uris: { from: 0, to: 5 }, maxFileSizes }, fs), /a list of 0/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
