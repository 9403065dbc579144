import * as assert from 'node:assert/strict';
import { generateCorpus } from '../../bench/corpus/generate';
import { EntriesService } from '../../server/src/core/service';
import { NEVER_CANCELLED, SILENT_LOGGER } from '../../server/src/core/workspace';
import type { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { TODAY, workspace, type Fixture } from './helpers/fixture';
import { uriOf } from './helpers/memoryFs';
import { restoreInto, stamped } from './helpers/restore';

const FILES = Object.fromEntries([...generateCorpus({ entries: 240, seed: 5, faults: true })].map((file) => [file.path, file.text]));

/** Everything the index answers, as plain data: what a restored index must answer the same. */
function view(index: WorkspaceIndex): object {
  const uris = [...index.entries()].map((entry) => entry.uri).sort();
  const sorted = <T>(values: Iterable<T>): T[] => [...values].sort();
  const dates = new Set([...index.entries()].map((entry) => entry.date).filter((date) => date !== undefined));
  return {
    size: index.size,
    tags: sorted(index.tags()),
    vocabulary: sorted(index.tags().keys()).map((tag) => index.tagCount(tag)),
    publishers: sorted(index.publishers()),
    roots: sorted(index.archiveRoots()),
    days: sorted(dates).map((date) => [date, sorted(index.entriesOn(date))]),
    entries: uris.map((uri) => {
      const { date, headline, publishers, links } = index.get(uri)!;
      return { uri, date, headline, publishers: [...publishers], links, backlinks: sorted(index.backlinksOf(uri)), known: sorted(index.knownTagsOf(uri)) };
    }),
  };
}

/** A second service over the same disk, its index restored from the first one's records as a warm start does. */
function warmTwin(cold: Fixture, prepare: (service: EntriesService) => void = () => undefined, chunkSize = 64): EntriesService {
  const service = new EntriesService({ fs: cold.fs, logger: SILENT_LOGGER, today: () => TODAY });
  service.indexer.setFolders(cold.service.indexer.indexedFolders());
  prepare(service);
  restoreInto(service.indexer, stamped(cold.service.indexer.stampedEntries()), chunkSize);
  return service;
}

suite('a restored index: records decoded when first read', () => {
  test('answers exactly as the index it was saved from, before and after every record is decoded', async () => {
    const cold = await workspace(FILES);
    const warm = warmTwin(cold);
    assert.equal(warm.index.undecodedCount, 240, 'no record is decoded by the restore itself');
    assert.equal(warm.index.size, 240);
    assert.ok(warm.index.tagCount([...cold.service.index.tags().keys()][0]) > 0, 'the vocabulary is counted without decoding');
    assert.equal(warm.index.undecodedCount, 240);
    assert.deepEqual(view(warm.index), view(cold.service.index));
    assert.equal(warm.index.undecodedCount, 0);
  });

  test('reading one record decodes that one only; the decoding pass does the rest in slices', async () => {
    const cold = await workspace(FILES);
    const warm = warmTwin(cold);
    const uri = [...cold.service.index.entries()][17].uri;
    assert.equal(warm.index.headlineOf(uri), cold.service.index.headlineOf(uri));
    assert.equal(warm.index.undecodedCount, 239);
    let slices = 0;
    while (warm.index.decodePending(50)) slices++;
    assert.equal(slices, 4, '239 records in slices of 50');
    assert.equal(warm.index.undecodedCount, 0);
    assert.deepEqual(view(warm.index), view(cold.service.index));
  });

  test('a document open before the restore wins over its restored record, in every count', async () => {
    const cold = await workspace(FILES);
    const [path, text] = Object.entries(FILES)[3];
    const edited = text.replace(/_Context: [^_]*_/g, '_Context: Only Here_');
    assert.notEqual(edited, text);
    cold.open(path, edited);
    const warm = warmTwin(cold, (service) => void service.setDocument(uriOf(path), 1, edited));
    assert.deepEqual(view(warm.index), view(cold.service.index));
    assert.ok(warm.index.tagCount('Only Here') > 0);
  });

  test('a restore tells the index\'s listeners that every entry changed: the word search and the previews built before it are dropped', async () => {
    const cold = await workspace(FILES);
    const entries = [...cold.service.index.entries()];
    const [open, other] = entries;
    const word = /[a-z]{5,}/i.exec(other.headline)![0].toLowerCase();
    const path = Object.keys(FILES).find((file) => uriOf(file) === open.uri)!;
    const warm = warmTwin(cold, (service) => {
      service.setDocument(open.uri, 1, FILES[path]);
      // Built and remembered while the index holds the open document only.
      while (service.entrySearch.buildSlice(Number.MAX_SAFE_INTEGER));
      assert.ok(!service.entrySearch.nearestWithWords([word], undefined, undefined, 300).some((entry) => entry.uri === other.uri));
      service.previews.set(other.uri, 'a preview read before the restore');
    });
    assert.ok(warm.index.undecodedCount > 0, 'the records were restored undecoded, as a warm start restores them');
    assert.equal(warm.previews.get(other.uri), undefined);
    assert.ok(warm.entrySearch.nearestWithWords([word], undefined, undefined, 300).some((entry) => entry.uri === other.uri), `"${word}" finds ${other.uri}`);
  });

  test('a cache that names a file twice is counted once', async () => {
    const cold = await workspace(FILES);
    const twin = new EntriesService({ fs: cold.fs, logger: SILENT_LOGGER, today: () => TODAY });
    const records = stamped(cold.service.indexer.stampedEntries());
    restoreInto(twin.indexer, [...records, records[5], records[9]], 100);
    // The indexer checks the order before it changes any record: the duplicates show there.
    twin.index.checkRestoredOrder();
    assert.deepEqual(view(twin.index), view(cold.service.index));
  });

  test('a cache out of order, naming a file twice: the index of a warm start checked against the disk is the cold one', async () => {
    const cold = await workspace(FILES);
    const twin = new EntriesService({ fs: cold.fs, logger: SILENT_LOGGER, today: () => TODAY });
    twin.indexer.setFolders(cold.service.indexer.indexedFolders());
    const records = stamped(cold.service.indexer.stampedEntries()).reverse();
    restoreInto(twin.indexer, [...records, records[5]], 50, true);
    const [changed, gone] = Object.keys(FILES).slice(3, 5);
    cold.fs.write(changed, FILES[changed].replace(/^# .*$/m, '# A retitled event. '));
    cold.fs.delete(gone);
    await cold.service.indexer.indexAll(NEVER_CANCELLED);
    await twin.indexer.indexAll(NEVER_CANCELLED);
    assert.equal(twin.index.headlineOf(uriOf(changed)), 'A retitled event.');
    assert.deepEqual(view(twin.index), view(cold.service.index));
  });

  test('files changed and deleted on disk replace and drop restored records that were never decoded', async () => {
    const cold = await workspace(FILES);
    const warm = warmTwin(cold);
    const [changed, gone] = Object.keys(FILES).slice(7, 9);
    const retitled = FILES[changed].replace(/^# .*$/m, '# A retitled event. ').replace(/^### \[\d{4}-\d{2}-\d{2}\]/m, '### [1999-01-01]');
    const untouched = (await workspace(FILES)).service;
    // Days, roots and backlinks are built here for one twin only: the other builds them after the changes.
    assert.deepEqual(view(untouched.index), view(cold.service.index));
    cold.fs.write(changed, retitled);
    cold.fs.delete(gone);
    for (const service of [cold.service, warm]) {
      await service.indexer.refresh([uriOf(changed)], NEVER_CANCELLED);
      service.indexer.remove([uriOf(gone)]);
    }
    assert.ok(warm.index.entriesOn('1999-01-01').includes(uriOf(changed)), 'the changed date is filed under its new day');
    assert.equal(warm.index.headlineOf(uriOf(changed)), 'A retitled event.');
    assert.deepEqual(view(warm.index), view(cold.service.index));
  });
});
