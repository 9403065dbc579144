import * as assert from 'node:assert/strict';
import { CompactEntry, tagIdOf } from '../../server/src/core/compactEntry';
import { archiveRootOf } from '../../server/src/core/links';
import { EntriesService } from '../../server/src/core/service';
import { SILENT_LOGGER } from '../../server/src/core/workspace';
import type { IndexedEntry } from '../../server/src/core/summary';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { MemoryFileSystem } from './helpers/memoryFs';
import { seeded, type Random } from './helpers/random';
import { restoreInto, stamped } from './helpers/restore';

const ROOTS = ['file:///a', 'file:///b'];
const GONE = `${ROOTS[0]}/news/1999/01/1/gone.md`;

function uriOf(n: number): string {
  return `${ROOTS[n % 2]}/news/2020/0${1 + (n % 3)}/${1 + (n % 5)}/event-${n}.md`;
}

/** A disk record (compact) or a buffer's (plain) linking to some of `count` entries, and to a file that does not exist. */
function recordOf(n: number, count: number, random: Random, compact: boolean): IndexedEntry {
  const links = Array.from({ length: random.below(5) }, () => {
    const target = random.below(6) === 0 ? GONE : uriOf(random.below(count));
    return { target, resolved: random.below(5) !== 0, tags: random.chance(0.5) ? ['Iraq'] : [] };
  });
  const date = random.below(6) === 0 ? undefined : `2020-0${1 + random.below(3)}-0${1 + random.below(5)}`;
  const plain: IndexedEntry = { uri: uriOf(n), date, headline: `Headline ${n}`, publishers: [], links };
  if (!compact) return plain;
  const packed = links.flatMap((link) => [link.tags.length * 2 + (link.resolved ? 1 : 0), ...link.tags.map(tagIdOf)]);
  return new CompactEntry(plain.uri, date, plain.headline, [], links.map((link) => link.target), Int32Array.from(packed), 1, 1);
}

/** Backlinks, days and roots as a walk over every effective record finds them, and as the index answers them. */
function lookups(index: WorkspaceIndex, count: number): { expected: unknown; actual: unknown } {
  const backlinks = new Map<string, string[]>();
  const days = new Map<string, string[]>();
  const roots = new Map<string, number>();
  for (const entry of index.entries()) {
    for (const link of entry.links) if (link.resolved) backlinks.set(link.target, [...(backlinks.get(link.target) ?? []), entry.uri]);
    if (entry.date) days.set(entry.date, [...(days.get(entry.date) ?? []), entry.uri]);
    const root = archiveRootOf(entry.uri)!;
    roots.set(root, (roots.get(root) ?? 0) + 1);
  }
  const targets = [...Array.from({ length: count + 10 }, (_, n) => uriOf(n)), GONE];
  const dates = [...new Set([...index.entries()].flatMap((entry) => entry.date ?? []))].sort();
  const distinct = (uris: readonly string[]): string[] => [...new Set(uris)].sort();
  return {
    expected: {
      backlinks: targets.map((target) => distinct(backlinks.get(target) ?? [])),
      days: dates.map((date) => [...(days.get(date) ?? [])].sort()),
      roots: [...roots.keys()].sort(),
    },
    actual: {
      backlinks: targets.map((target) => [...index.backlinksOf(target)].sort()),
      days: dates.map((date) => [...index.entriesOn(date)].sort()),
      roots: [...index.archiveRoots()].sort(),
    },
  };
}

/** One random change of the kinds the index meets while it builds: disk writes and deletions, buffers opened and closed, files added. */
function change(index: WorkspaceIndex, count: number, random: Random, added: { next: number }): void {
  const n = random.below(count);
  const roll = random.below(5);
  if (roll === 0) index.setDisk(uriOf(n), random.chance(0.7) ? recordOf(n, count, random, true) : undefined);
  else if (roll === 1) index.setOpen(uriOf(n), recordOf(n, count, random, false));
  else if (roll === 2) index.setOpen(uriOf(n), undefined);
  else if (roll === 3) index.addDisk([recordOf(added.next++, count, random, true) as CompactEntry]);
  else index.batch(() => {
    const other = random.below(count);
    index.setDisk(uriOf(n), recordOf(n, count, random, true));
    index.setOpen(uriOf(other), recordOf(other, count, random, false));
  });
}

suite('link lookups built a slice at a time', () => {
  test('backlinks, days and roots equal a walk over the final records, whatever changed between slices', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seeded(seed);
      const count = 30 + random.below(50);
      const index = new WorkspaceIndex();
      index.addDisk(Array.from({ length: count }, (_, n) => recordOf(n, count, random, true) as CompactEntry));
      if (random.chance(0.5)) index.setOpen(uriOf(0), recordOf(0, count, random, false));
      const added = { next: count };
      let slices = 0;
      while (index.buildLookups(1 + random.below(6))) {
        slices++;
        for (let i = random.below(4); i > 0; i--) change(index, count, random, added);
        // Read midway: the build in progress is finished at once.
        if (seed % 5 === 0 && slices === 3) index.backlinksOf(uriOf(1));
      }
      assert.ok(index.lookupsBuilt, `seed ${seed}: built`);
      assert.ok(slices > 1 || seed % 5 === 0, `seed ${seed}: built in ${slices + 1} slices`);
      const built = lookups(index, added.next);
      assert.deepEqual(built.actual, built.expected, `seed ${seed}: after the build`);
      for (let i = 0; i < 20; i++) change(index, count, random, added);
      const kept = lookups(index, added.next);
      assert.deepEqual(kept.actual, kept.expected, `seed ${seed}: kept in step after it`);
      // Every entry of one root gone: a root counted twice, or a member filed twice, would stay.
      index.batch(() => {
        for (let n = 1; n < added.next; n += 2) {
          index.setOpen(uriOf(n), undefined);
          index.setDisk(uriOf(n), undefined);
        }
      });
      assert.deepEqual([...index.archiveRoots()], index.entries().next().done ? [] : [ROOTS[0]], `seed ${seed}: root ${ROOTS[1]} gone`);
      const emptied = lookups(index, added.next);
      assert.deepEqual(emptied.actual, emptied.expected, `seed ${seed}: after a root emptied`);
    }
  });

  test('a build over records restored from the cache decodes them as it goes, and follows changes to them', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const random = seeded(seed);
      const count = 60;
      const service = new EntriesService({ fs: new MemoryFileSystem({}), logger: SILENT_LOGGER });
      restoreInto(service.indexer, stamped(Array.from({ length: count }, (_, n) => recordOf(n, count, random, true) as CompactEntry)), 16);
      const { index } = service;
      assert.equal(index.undecodedCount, count);
      // As the indexer does before it changes any record.
      index.checkRestoredOrder();
      assert.equal(index.buildLookups(10), true);
      assert.equal(index.lookupsBuilt, false, 'not built after one slice');
      assert.ok(index.undecodedCount < count && index.undecodedCount > 0, `seed ${seed}: a slice decodes only the records it files`);
      const added = { next: count };
      while (index.buildLookups(1 + random.below(8))) change(index, count, random, added);
      assert.equal(index.undecodedCount, 0);
      const built = lookups(index, added.next);
      assert.deepEqual(built.actual, built.expected, `seed ${seed}`);
    }
  });

  test('a cache out of order, checked while the build runs, is counted again and the lookups built anew', () => {
    const random = seeded(9);
    const count = 60;
    const records = Array.from({ length: count }, (_, n) => recordOf(n, count, random, true) as CompactEntry);
    const service = new EntriesService({ fs: new MemoryFileSystem({}), logger: SILENT_LOGGER });
    // In the given order (not sorted), with one file twice: a damaged cache, which the order check finds.
    restoreInto(service.indexer, stamped([...records, records[7]]), 16, true);
    const { index } = service;
    assert.equal(index.buildLookups(10), true);
    index.checkRestoredOrder();
    while (index.buildLookups(7));
    const built = lookups(index, count);
    assert.deepEqual(built.actual, built.expected);
  });
});
