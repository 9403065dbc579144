import * as assert from 'node:assert/strict';
import { LoadList } from '../../server/src/core/bulkLoader';
import { CompactEntry, tagIdOf } from '../../server/src/core/compactEntry';
import { RecordUnpacker, type PackedChunk } from '../../server/src/core/indexCache';
import type { IndexedEntry } from '../../server/src/core/summary';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { packRecords } from './helpers/packing';
import { seeded, type Random } from './helpers/random';

const ROOTS = ['file:///a', 'file:///b'];
const TAGS = ['Iran', 'Iraq', 'Irak', 'oil', 'sanctions', 'talks'];
const PUBLISHERS = ['Reuters', 'AP', 'BBC'];

/** A load of `count` files over two archive roots, whose records link to each other (and to files that do not exist) with tags. */
function loadOf(count: number, random: Random): { list: LoadList; records: CompactEntry[] } {
  const uris = Array.from({ length: count }, (_, i) => `${ROOTS[i % 2]}/news/2020/0${1 + (i % 3)}/${1 + (i % 5)}/event-${i}.md`);
  const records = uris.map((uri, i) => {
    const targets = Array.from({ length: random.below(4) }, () => (random.below(6) === 0 ? `${ROOTS[0]}/news/1999/01/1/gone.md` : random.pick(uris)));
    const linkTags: number[] = [];
    for (let link = 0; link < targets.length; link++) {
      const tags = [...new Set(Array.from({ length: random.below(3) }, () => random.pick(TAGS)))];
      linkTags.push(tags.length * 2 + 1, ...tags.map(tagIdOf));
    }
    const publishers = Array.from({ length: random.below(3) }, () => random.pick(PUBLISHERS));
    const date = random.below(8) === 0 ? undefined : `2020-0${1 + (i % 3)}-0${1 + (i % 5)}`;
    return new CompactEntry(uri, date, `Headline ${i}`, publishers, targets, Int32Array.from(linkTags), 100 + i, 1000 + i);
  });
  return { list: new LoadList(uris), records };
}

/** The load's records in worker batches (slices of the list, in order), packed as the workers pack them, and checked. */
function batches(list: LoadList, records: readonly CompactEntry[], random: Random): PackedChunk[] {
  const unpacker = new RecordUnpacker(list.uris, false);
  const chunks: PackedChunk[] = [];
  for (let start = 0; start < records.length;) {
    const end = Math.min(records.length, start + 1 + random.below(12));
    const packed = packRecords(records.slice(start, end).map((entry) => ({ entry, stamp: entry })), { uris: (value) => list.positionOf(value) });
    chunks.push(unpacker.check(packed)!);
    start = end;
  }
  return chunks;
}

/** Everything the index counts and files, in a form to compare. */
function view(index: WorkspaceIndex, list: LoadList): unknown {
  const sorted = <T>(values: Iterable<T>): T[] => [...values].sort();
  const dates = sorted(new Set(list.uris.flatMap((uri) => index.get(uri)?.date ?? [])));
  return {
    size: index.size,
    entries: sorted([...index.entries()].map((entry) => JSON.stringify([entry.uri, entry.date, entry.headline, entry.publishers, entry.links]))),
    tags: sorted(index.tags()),
    publishers: sorted(index.publishers()),
    days: dates.map((date) => [date, sorted(index.entriesOn(date))]),
    roots: sorted(index.archiveRoots()),
    backlinks: list.uris.map((uri) => sorted(index.backlinksOf(uri))),
    missing: sorted(index.backlinksOf(`${ROOTS[0]}/news/1999/01/1/gone.md`)),
  };
}

/** An open buffer's version of a file: other tags and publishers, so that a miscount shows. */
function buffer(uri: string): IndexedEntry {
  return { uri, date: '2021-05-05', headline: 'Open', publishers: ['Open Press'], links: [{ target: `${ROOTS[1]}/news/1999/01/1/gone.md`, resolved: true, tags: ['buffered'] }] };
}

suite('index: a cold load\'s batches taken undecoded', () => {
  test('the index counts, files and answers exactly as when every record is decoded and added', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const random = seeded(seed);
      const { list, records } = loadOf(40 + random.below(40), random);
      const chunks = batches(list, records, random);
      const undecoded = new WorkspaceIndex();
      const decoded = new WorkspaceIndex();
      // Open buffers win, before the load and during it; days and roots, once built (with the backlinks), take each batch decoded.
      const opened = [random.pick(list.uris), random.pick(list.uris)];
      for (const index of [undecoded, decoded]) index.setOpen(opened[0], buffer(opened[0]));
      if (seed % 2 === 0) {
        for (const index of [undecoded, decoded]) {
          index.entriesOn('2020-01-01');
          index.archiveRoots();
        }
      }
      chunks.forEach((chunk, at) => {
        undecoded.addUndecoded(chunk, list);
        decoded.addDisk(Array.from({ length: chunk.count }, (_, record) => chunk.decode(record)));
        if (at === 1) for (const index of [undecoded, decoded]) index.setOpen(opened[1], buffer(opened[1]));
      });
      const lookupsBuilt = seed % 2 === 0;
      assert.equal(undecoded.undecodedCount > 0, !lookupsBuilt, `seed ${seed}: records stay undecoded unless the lookups are built`);
      assert.deepEqual(view(undecoded, list), view(decoded, list), `seed ${seed}`);
      while (undecoded.decodePending(7));
      assert.equal(undecoded.undecodedCount, 0);
      for (const index of [undecoded, decoded]) for (const uri of opened) index.setOpen(uri, undefined);
      assert.deepEqual(view(undecoded, list), view(decoded, list), `seed ${seed}, buffers closed`);
    }
  });

  test('no record is decoded before it is read, and a read decodes only its own', () => {
    const random = seeded(3);
    const { list, records } = loadOf(60, random);
    const index = new WorkspaceIndex();
    for (const chunk of batches(list, records, random)) index.addUndecoded(chunk, list);
    assert.equal(index.undecodedCount, 60);
    assert.equal(index.tags().size > 0 && index.publishers().size > 0, true, 'counted without decoding');
    assert.equal(index.get(list.uris[7])?.headline, 'Headline 7');
    assert.equal(index.undecodedCount, 59);
  });

  test('a batch that comes once the backlinks are built is decoded and filed into them', () => {
    const random = seeded(4);
    const { list, records } = loadOf(50, random);
    const chunks = batches(list, records, random);
    const index = new WorkspaceIndex();
    while (index.buildLookups(Number.MAX_SAFE_INTEGER));
    for (const chunk of chunks) index.addUndecoded(chunk, list);
    assert.equal(index.undecodedCount, 0);
    const reference = new WorkspaceIndex();
    for (const chunk of chunks) reference.addDisk(Array.from({ length: chunk.count }, (_, record) => chunk.decode(record)));
    assert.deepEqual(view(index, list), view(reference, list));
  });
});
