import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { writeCorpus } from '../../bench/corpus/generate';
import type { GrowingList, LoadedBatch } from '../../server/src/core/bulkLoader';
import { DEFAULT_CONFIG, type EntriesConfig } from '../../server/src/core/config';
import { EntriesService } from '../../server/src/core/service';
import { NEVER_CANCELLED, SILENT_LOGGER, type CancellationToken } from '../../server/src/core/workspace';
import { NodeFileSystem } from '../../server/src/lsp/nodeFileSystem';
import { WorkerLoader } from '../../server/src/node/workerLoader';
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
  if (backlinksAsRecordsArrive) service.index.warm();
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
