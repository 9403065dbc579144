import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from '../../bench/corpus/generate';
import { readEntry } from '../../server/src/core/extractor';
import { Indexer } from '../../server/src/core/indexer';
import { summarize } from '../../server/src/core/summary';
import { NEVER_CANCELLED, SILENT_LOGGER } from '../../server/src/core/workspace';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { PersistedIndex } from '../../server/src/node/persistedIndex';
import { readCache } from '../../server/src/node/cacheStore';
import type { LazyStrings } from '../../server/src/core/indexCache';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { entry } from '../core/helpers/fixture';
import { MemoryFileSystem, WORKSPACE_URI } from '../core/helpers/memoryFs';
import { seeded } from '../core/helpers/random';
import { restoreInto } from '../core/helpers/restore';

function indexerWith(index: WorkspaceIndex): Indexer {
  return new Indexer(new MemoryFileSystem(), index, SILENT_LOGGER);
}

/** Every record of an index as plain data, sorted by URI. */
function records(index: WorkspaceIndex): object[] {
  return [...index.entries()]
    .map(({ uri, date, headline, publishers, links }) => ({ uri, date, headline, publishers: [...publishers], links }))
    .sort((a, b) => (a.uri < b.uri ? -1 : 1));
}

suite('the persisted index file', function () {
  this.timeout(60_000);
  let storage: string;
  setup(() => { storage = mkdtempSync(join(tmpdir(), 'event-entries-persisted-')); });
  teardown(() => rmSync(storage, { recursive: true, force: true }));

  test('12,000 records written in chunks come back identical, with their stamps and derived lookups', async () => {
    const source = new WorkspaceIndex();
    const corpus = [...generateCorpus({ entries: 12_000, seed: 3, faults: true })];
    const sourceIndexer = indexerWith(source);
    const stampedFiles = corpus.map((file, n) => ({
      entry: summarize(`file:///ws/${file.path}`, readEntry(file.text)), stamp: { size: file.text.length, mtime: 1_700_000_000_000 + n },
    }));
    // Out of order, as a cold index takes them from its workers: the file holds them sorted by URI all the same.
    const random = seeded(12);
    restoreInto(sourceIndexer, stampedFiles.map((file) => ({ file, key: random.next() })).sort((a, b) => a.key - b.key).map(({ file }) => file));
    const file = join(storage, 'index-cache.bin');
    const writer = new PersistedIndex(file, sourceIndexer, SILENT_LOGGER);
    writer.scope = ['file:///ws {}'];
    await writer.save();

    const restored = new WorkspaceIndex();
    const restoredIndexer = indexerWith(restored);
    const reader = new PersistedIndex(file, restoredIndexer, SILENT_LOGGER);
    reader.scope = ['file:///ws {}'];
    const shared = readCache(file, (frames) => frames.at(frames.count - 1) as LazyStrings) ?? assert.fail('no shared strings');
    const sortedUris = stampedFiles.map((file) => file.entry.uri).sort();
    assert.deepEqual(Array.from({ length: sortedUris.length }, (_, i) => shared.get(i)), sortedUris, 'the records\' URIs come first among the shared strings, in order');
    assert.equal(reader.restore(), 12_000);
    const order = [...restored.diskUris()];
    assert.ok(order.every((uri, i) => i === 0 || order[i - 1] < uri), 'the records come back sorted by URI, so a warm start finds them without a map');
    assert.deepEqual(records(restored), records(source));
    assert.deepEqual([...restoredIndexer.stampedEntries()].map(({ size, mtime }) => ({ size, mtime })).sort((a, b) => a.mtime - b.mtime), corpus.map((f, n) => ({ size: f.text.length, mtime: 1_700_000_000_000 + n })));
    assert.deepEqual([...restored.tags()].sort(), [...source.tags()].sort());
    const linked = records(source).map((entry) => (entry as { uri: string }).uri).find((uri) => source.backlinksOf(uri).length > 1)!;
    assert.deepEqual([...restored.backlinksOf(linked)].sort(), [...source.backlinksOf(linked)].sort());

    const written = statSync(file).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await reader.save();
    assert.equal(statSync(file).mtimeMs, written, 'nothing read from disk changed since the restore: the file is not written again');

    reader.scope = ['file:///ws {"other":"settings"}'];
    await reader.save();
    assert.equal(reader.restore(), 12_000, 'with new settings and the same files, the file is written again for them');
    reader.scope = ['file:///ws {"third":"settings"}'];
    assert.equal(reader.restore(), undefined, 'a cache made for other settings is not used');
  });

  test('a warm start writes the file again when an entry was deleted meanwhile, and not for a binary file read again', async () => {
    const fs = new MemoryFileSystem({
      'news/2016/07/10/a.md': entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'A.' }),
      'news/2016/07/11/b.md': entry({ date: '2016-07-11', dayLink: '/news/2016/07/11/index.md', headline: 'B.' }),
      'news/2016/07/11/binary.md': new Uint8Array([35, 0, 1]),
    });
    const file = join(storage, 'index-cache.bin');
    const start = async (): Promise<{ persisted: PersistedIndex; index: WorkspaceIndex; restored: number | undefined }> => {
      const index = new WorkspaceIndex();
      const indexer = new Indexer(fs, index, SILENT_LOGGER);
      indexer.setFolders([{ uri: WORKSPACE_URI, config: DEFAULT_CONFIG }]);
      const persisted = new PersistedIndex(file, indexer, SILENT_LOGGER);
      persisted.scope = ['file:///ws {}'];
      const restored = persisted.restore();
      await indexer.indexAll(NEVER_CANCELLED);
      await persisted.save();
      return { persisted, index, restored };
    };
    assert.equal((await start()).restored, undefined, 'the first start is cold');
    const written = statSync(file).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const warm = await start();
    assert.equal(warm.restored, 2);
    assert.equal(statSync(file).mtimeMs, written, 'the binary file, read again, does not make the cache be written');
    fs.delete('news/2016/07/11/b.md');
    const afterDelete = await start();
    assert.equal(afterDelete.index.size, 1);
    assert.equal((await start()).restored, 1, 'the deleted entry is gone from the cache too');
  });

  test('a cache with bytes changed anywhere is turned down, or restored with records that hold text where text belongs and never throw', async () => {
    const source = new WorkspaceIndex();
    const sourceIndexer = indexerWith(source);
    const corpus = [...generateCorpus({ entries: 300, seed: 12, faults: true })];
    restoreInto(sourceIndexer, corpus.map((file, n) => ({ entry: summarize(`file:///ws/${file.path}`, readEntry(file.text)), stamp: { size: file.text.length, mtime: n } })));
    const file = join(storage, 'index-cache.bin');
    const writer = new PersistedIndex(file, sourceIndexer, SILENT_LOGGER);
    writer.scope = ['file:///ws {}'];
    await writer.save();
    const original = readFileSync(file);
    const random = seeded(31);
    let restoredCount = 0;
    for (let round = 0; round < 150; round++) {
      const bytes = Buffer.from(original);
      // A few bytes changed past the header, where the records and their strings are.
      for (let k = 1 + random.below(4); k > 0; k--) bytes[64 + random.below(bytes.length - 64)] = random.below(256);
      writeFileSync(file, bytes);
      const index = new WorkspaceIndex();
      const reader = new PersistedIndex(file, indexerWith(index), SILENT_LOGGER);
      reader.scope = ['file:///ws {}'];
      const restored = reader.restore();
      if (restored === undefined) continue;
      restoredCount++;
      // Every record is read, one by one and by the decoding pass, and everything the index answers is asked.
      for (const uri of [...index.diskUris()]) index.diskStamp(uri);
      while (index.decodePending(37));
      for (const entry of index.entries()) {
        const strings = [entry.uri, entry.headline, ...entry.publishers, ...entry.links.flatMap((link) => [link.target, ...link.tags])];
        assert.ok(strings.every((value) => typeof value === 'string') && (entry.date === undefined || typeof entry.date === 'string'), `round ${round}: a record holds something other than text`);
        index.knownTagsOf(entry.uri);
      }
      index.tags();
      assert.equal(index.undecodedCount, 0);
    }
    assert.ok(restoredCount > 0, 'some changed files still restore (a changed headline or stamp reads as another)');
  });

  test('a truncated or foreign file is not used, and is removed', () => {
    const file = join(storage, 'index-cache.bin');
    for (const content of [Buffer.from([1, 0, 0]), Buffer.from([255, 255, 255, 255, 1]), Buffer.from('not a cache')]) {
      writeFileSync(file, content);
      const reader = new PersistedIndex(file, indexerWith(new WorkspaceIndex()), SILENT_LOGGER);
      assert.equal(reader.restore(), undefined);
    }
  });
});
