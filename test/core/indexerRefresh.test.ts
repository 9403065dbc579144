import * as assert from 'node:assert/strict';
import { InProcessLoader, LoadList, type BulkLoader, type GrowingList, type LoadedBatch } from '../../server/src/core/bulkLoader';
import { RecordUnpacker } from '../../server/src/core/indexCache';
import { DEFAULT_CONFIG, type EntriesConfig } from '../../server/src/core/config';
import { readEntry } from '../../server/src/core/extractor';
import { EntriesService } from '../../server/src/core/service';
import { NEVER_CANCELLED, SILENT_LOGGER, type CancellationToken } from '../../server/src/core/workspace';
import { entry, workspace } from './helpers/fixture';
import { MemoryFileSystem, WORKSPACE_URI } from './helpers/memoryFs';
import { packRecords } from './helpers/packing';

suite('indexer: changes reported by the file watcher', () => {
  test('a created folder reported alone is walked and its entries indexed', async () => {
    const fixture = await workspace({ 'news/2016/07/10/a.md': entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'A.' }) });
    fixture.fs.write('news/2016/08/5/b.md', entry({ date: '2016-08-05', dayLink: '/news/2016/08/5/index.md', headline: 'B.' }));
    fixture.fs.write('news/2016/08/5/index.md', '# Day page\n');
    await fixture.service.indexer.refresh([fixture.uri('news/2016/08')], NEVER_CANCELLED);
    assert.ok(fixture.service.index.has(fixture.uri('news/2016/08/5/b.md')));
    assert.ok(!fixture.service.index.has(fixture.uri('news/2016/08/5/index.md')), 'day pages stay out');
    assert.equal(fixture.service.index.size, 2);
  });

  test('a deleted folder drops every entry below it', async () => {
    const fixture = await workspace({
      'news/2016/07/10/a.md': entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'A.' }),
      'news/2016/08/5/b.md': entry({ date: '2016-08-05', dayLink: '/news/2016/08/5/index.md', headline: 'B.' }),
      'news/2016/08/6/c.md': entry({ date: '2016-08-06', dayLink: '/news/2016/08/6/index.md', headline: 'C.' }),
    });
    fixture.fs.delete('news/2016/08/5/b.md');
    fixture.fs.delete('news/2016/08/6/c.md');
    fixture.service.indexer.remove([fixture.uri('news/2016/08')]);
    assert.deepEqual([...fixture.service.index.entries()].map((e) => e.headline), ['A.']);
  });
});

suite('indexer: bulk loading', () => {
  test('when the bulk loader fails, every file is read in process instead', async () => {
    const files: Record<string, string> = {};
    for (let day = 1; day <= 5; day++) files[`news/2016/07/${day}/e.md`] = entry({ date: `2016-07-0${day}`, dayLink: `/news/2016/07/${day}/index.md`, headline: `E${day}.` });
    const fs = new MemoryFileSystem(files);
    const warnings: string[] = [];
    const failing: BulkLoader = { load: () => Promise.reject(new Error('worker died')) };
    const service = new EntriesService({ fs, logger: { ...SILENT_LOGGER, warn: (m) => warnings.push(m) }, bulkLoader: failing, bulkThreshold: 1 });
    service.indexer.setFolders([{ uri: WORKSPACE_URI, config: DEFAULT_CONFIG }]);
    await service.indexer.indexAll(NEVER_CANCELLED);
    assert.equal(service.index.size, 5);
    assert.match(warnings.join('\n'), /worker died/);
  });
});

suite('indexer: settings changes', () => {
  test('raising the size limit indexes a file that was skipped as too large', async () => {
    const fixture = await workspace({ 'news/2016/07/10/a.md': entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'A.' }) }, { maxFileSize: 10 });
    assert.equal(fixture.service.index.size, 0);
    fixture.service.indexer.setFolders([{ uri: WORKSPACE_URI, config: { ...DEFAULT_CONFIG, maxFileSize: 10_000 } }]);
    await fixture.service.indexer.indexAll(NEVER_CANCELLED);
    assert.equal(fixture.service.index.size, 1);
  });
});

/** A loader that reads files in process as a walk lists them, and notes how much was listed when it began. */
class GrowingLoader implements BulkLoader {
  listedAtStart = -1;
  completeAtStart = true;
  private readonly inProcess: BulkLoader;
  constructor(fs: MemoryFileSystem, private readonly fail = false) {
    this.inProcess = new InProcessLoader(fs, readEntry, SILENT_LOGGER);
  }
  load(uris: readonly string[], configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void> {
    return this.inProcess.load(uris, configFor, token, onBatch);
  }
  async loadGrowing(files: GrowingList, configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void> {
    this.listedAtStart = files.uris.length;
    this.completeAtStart = files.complete;
    if (this.fail) throw new Error('worker died');
    let read = 0;
    while (read < files.uris.length || !files.complete) {
      await files.beyond(read);
      const listed = files.uris.slice(read);
      read += listed.length;
      await this.inProcess.load(listed, configFor, token, onBatch);
    }
  }
}

/** A loader that hands batches over undecoded, as the workers do, and fails after `batches` of them. */
class UndecodedThenFailing extends GrowingLoader {
  constructor(fs: MemoryFileSystem, private readonly batches: number) {
    super(fs);
  }
  override async loadGrowing(files: GrowingList, configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void> {
    const list = new LoadList(files.uris);
    const unpacker = new RecordUnpacker(files.uris, false);
    let handed = 0;
    await super.loadGrowing(files, configFor, token, (batch) => {
      if (handed++ === this.batches) throw new Error('worker died');
      const packed = packRecords(batch.entries.map((entry) => ({ entry, stamp: entry })), { uris: (value) => list.positionOf(value) });
      onBatch({ entries: [], undecoded: { records: unpacker.check(packed)!, list }, others: batch.others });
    });
  }
}

suite('indexer: a cold index reads files while the walk lists them', () => {
  const files: Record<string, string> = {};
  for (let day = 1; day <= 28; day++) {
    for (let month = 1; month <= 9; month++) {
      const path = `news/2016/0${month}/${day}/e.md`;
      files[path] = entry({ date: `2016-0${month}-${String(day).padStart(2, '0')}`, dayLink: `/news/2016/0${month}/${day}/index.md`, headline: `E ${month} ${day}.` });
    }
  }

  async function indexedWith(loader: BulkLoader | undefined, threshold: number, warnings: string[] = []): Promise<EntriesService> {
    const service = new EntriesService({ fs: new MemoryFileSystem(files), logger: { ...SILENT_LOGGER, warn: (m) => warnings.push(m) }, bulkLoader: loader, bulkThreshold: threshold });
    service.indexer.setFolders([{ uri: WORKSPACE_URI, config: DEFAULT_CONFIG }]);
    await service.indexer.indexAll(NEVER_CANCELLED);
    return service;
  }
  const records = (service: EntriesService): unknown[] => [...service.index.entries()].map((record) => JSON.stringify([record.uri, record.headline, record.links])).sort();

  test('the loader starts before the walk ends, and the index is the one a walk then a load builds', async () => {
    const loader = new GrowingLoader(new MemoryFileSystem(files));
    const streamed = await indexedWith(loader, 20);
    assert.equal(loader.completeAtStart, false, 'the walk was still listing');
    assert.ok(loader.listedAtStart >= 20 && loader.listedAtStart < 252, `listed ${loader.listedAtStart} at the start`);
    assert.equal(streamed.index.size, 252);
    assert.deepEqual(records(streamed), records(await indexedWith(undefined, 20)));
  });

  test('a loader that fails is followed by a load in process, once the walk has ended', async () => {
    const warnings: string[] = [];
    const streamed = await indexedWith(new GrowingLoader(new MemoryFileSystem(files), true), 20, warnings);
    assert.equal(streamed.index.size, 252);
    assert.match(warnings.join('\n'), /worker died/);
  });

  test('a loader that fails with records already taken undecoded is followed by a load in process that replaces them', async () => {
    const warnings: string[] = [];
    const loader = new UndecodedThenFailing(new MemoryFileSystem(files), 3);
    const service = await indexedWith(loader, 20, warnings);
    assert.match(warnings.join('\n'), /worker died/);
    const reference = await indexedWith(undefined, 20);
    assert.equal(service.index.size, 252);
    assert.equal([...service.index.diskUris()].length, 252, 'each file once');
    assert.deepEqual(records(service), records(reference));
    assert.deepEqual([...service.index.tags()].sort(), [...reference.index.tags()].sort());
    assert.deepEqual([...service.index.publishers()].sort(), [...reference.index.publishers()].sort());
  });

  test('batches taken undecoded are counted as the decoded ones are, and decoded when read', async () => {
    const loader = new UndecodedThenFailing(new MemoryFileSystem(files), Infinity);
    const service = await indexedWith(loader, 20);
    assert.equal(service.index.undecodedCount, 252);
    const reference = await indexedWith(undefined, 20);
    assert.deepEqual([...service.index.tags()].sort(), [...reference.index.tags()].sort());
    assert.deepEqual(records(service), records(reference));
    while (service.index.decodePending(50));
    assert.equal(service.index.undecodedCount, 0);
  });

  test('a walk that lists fewer files than the threshold reads them in process', async () => {
    const loader = new GrowingLoader(new MemoryFileSystem(files));
    const service = await indexedWith(loader, 1000);
    assert.equal(loader.listedAtStart, -1, 'the growing load was never started');
    assert.equal(service.index.size, 252);
  });

  test('an index that holds records already is checked against a whole listing, not read as it grows', async () => {
    const loader = new GrowingLoader(new MemoryFileSystem(files));
    const service = await indexedWith(loader, 20);
    const listedBefore = loader.listedAtStart;
    loader.listedAtStart = -1;
    await service.indexer.indexAll(NEVER_CANCELLED);
    assert.ok(listedBefore > 0);
    assert.equal(loader.listedAtStart, -1);
    assert.equal(service.index.size, 252);
  });
});
