import * as assert from 'node:assert/strict';
import { EntrySearch, haystackOf } from '../../server/src/core/entrySearch';
import { daysBetween, dateOfIso, parseEntryPath } from '../../server/src/core/format';
import { rootRelativePathOf } from '../../server/src/core/links';
import type { IndexedEntry } from '../../server/src/core/summary';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { CompactEntry } from '../../server/src/core/compactEntry';
import { seeded, type Random } from './helpers/random';

const WORDS = ['iraq', 'syria', 'vote', 'queen', 'quake', 'election', 'war'];
const NEAR = { year: 2016, month: 7, day: 11 };

function record(random: Random, n: number): IndexedEntry {
  const day = 1 + random.below(28);
  const slug = Array.from({ length: 1 + random.below(3) }, () => random.pick(WORDS)).join('-');
  const uri = random.chance(0.05) ? `file:///w/notes/entry-${n}.md` : `file:///w/news/2016/0${1 + random.below(9)}/${day}/${slug}-${n}.md`;
  const date = random.chance(0.1) ? undefined : `2016-0${1 + random.below(9)}-${String(day).padStart(2, '0')}`;
  return { uri, date, headline: `${random.pick(WORDS)} ${random.pick(WORDS)}`, publishers: [], links: [] };
}

/** Distances to NEAR, sorted, as the naive walk over every entry finds them. */
function expected(index: WorkspaceIndex, keep: (entry: IndexedEntry) => boolean, limit: number): number[] {
  const distance = (entry: IndexedEntry): number => {
    const date = dateOfIso(entry.date);
    return date ? Math.abs(daysBetween(NEAR, date)) : Number.MAX_SAFE_INTEGER;
  };
  return [...index.entries()].filter(keep).map(distance).sort((a, b) => a - b).slice(0, limit);
}

function distances(found: readonly IndexedEntry[]): number[] {
  return found.map((entry) => {
    const date = dateOfIso(entry.date);
    return date ? Math.abs(daysBetween(NEAR, date)) : Number.MAX_SAFE_INTEGER;
  });
}

/** Queries with words and under paths, answered as a walk over every entry answers them. */
function assertAnswersAsWalk(search: EntrySearch, index: WorkspaceIndex, records: readonly IndexedEntry[], random: Random, context: string): void {
  const exclude = random.pick(records).uri;
  const limit = 1 + random.below(30);
  const words = [random.pick(WORDS).slice(0, 2 + random.below(3))];
  const withWords = search.nearestWithWords(words, exclude, NEAR, limit);
  const holds = (entry: IndexedEntry): boolean => entry.uri !== exclude && words.every((word) => haystackOf(entry).includes(word));
  assert.ok(withWords.every(holds), `${context}: every entry holds ${words.join(' ')}`);
  assert.deepEqual(distances(withWords), expected(index, holds, limit), `${context}: ${words.join(' ')}`);
  const prefix = random.pick(['/', '/news/2016/0', `/news/2016/0${1 + random.below(9)}/`, `/news/2016/03/${1 + random.below(28)}/`]);
  const under = (entry: IndexedEntry): boolean => {
    const path = rootRelativePathOf(entry.uri);
    return entry.uri !== exclude && path !== undefined && parseEntryPath(path) !== undefined && path.startsWith(prefix);
  };
  const underPath = search.nearestUnderPath(prefix, undefined, exclude, NEAR, limit);
  assert.ok(underPath.every(under), `${context}: every entry is under ${prefix}`);
  assert.deepEqual(distances(underPath), expected(index, under, limit), `${context}: ${prefix}`);
}

/** An index of `count` random records on disk, and a word search over it, not built yet. */
function searchOver(count: number, random: Random): { index: WorkspaceIndex; records: IndexedEntry[]; search: EntrySearch } {
  const index = new WorkspaceIndex();
  const records = Array.from({ length: count }, (_, n) => record(random, n));
  for (const entry of records) index.setDisk(entry.uri, entry);
  return { index, records, search: new EntrySearch(index) };
}

/** A change to a random entry: a buffer opened over it (with another record) or closed. */
function changeOne(index: WorkspaceIndex, records: readonly IndexedEntry[], random: Random, n: number): void {
  const changed = random.pick(records);
  index.setOpen(changed.uri, random.chance(0.7) ? { ...record(random, n), uri: changed.uri } : undefined);
}

suite('entry search', () => {
  test('the nearest entries with words or under a path are those a walk over every entry finds, also after changes', () => {
    const random = seeded(11);
    const { index, records, search } = searchOver(400, random);
    while (search.buildSlice(Number.MAX_SAFE_INTEGER));
    for (let round = 0; round < 60; round++) {
      changeOne(index, records, random, 1000 + round);
      assertAnswersAsWalk(search, index, records, random, `round ${round}`);
    }
  });

  test('built a slice at a time, with entries changed, added and deleted between slices, it answers as a walk does', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seeded(seed);
      const { index, records, search } = searchOver(300, random);
      let slices = 0;
      while (search.buildSlice(1 + random.below(40))) {
        slices++;
        assert.equal(search.isBuilt, false);
        for (let i = random.below(4); i > 0; i--) {
          const roll = random.below(3);
          if (roll === 0) changeOne(index, records, random, 1000 + slices);
          else if (roll === 1) index.setDisk(random.pick(records).uri, undefined);
          else {
            const added = record(random, 2000 + slices * 10 + i);
            index.setDisk(added.uri, added);
          }
        }
      }
      assert.ok(search.isBuilt && slices > 1, `seed ${seed}: built in ${slices + 1} slices`);
      for (let round = 0; round < 10; round++) assertAnswersAsWalk(search, index, records, random, `seed ${seed}, round ${round}`);
    }
  });

  test('a build in progress is finished at once by a query', () => {
    const random = seeded(3);
    const { index, records, search } = searchOver(200, random);
    assert.equal(search.buildSlice(50), true);
    assertAnswersAsWalk(search, index, records, random, 'finished by a query');
    assert.equal(search.isBuilt, true);
    assert.equal(search.buildSlice(50), false, 'nothing left to build');
  });
});

suite('entry search by tag', () => {
  const item = (uri: string, tags: string[]): IndexedEntry => ({
    uri, date: '2016-07-11', headline: uri, publishers: [], links: [{ target: 'file:///w/news/2016/07/1/x.md', resolved: true, tags }],
  });

  test('finds the entries carrying a tag, on disk and in open buffers, also a tag first seen after the search was built', () => {
    const index = new WorkspaceIndex();
    index.addDisk([
      CompactEntry.from(item('file:///w/news/2016/07/11/a.md', ['Iraq', 'U.S.'])),
      CompactEntry.from(item('file:///w/news/2016/07/11/b.md', ['Syria', 'Iraq'])),
      CompactEntry.from(item('file:///w/news/2016/07/11/c.md', ['Syria'])),
    ]);
    const search = new EntrySearch(index);
    const uris = (tag: string): string[] => search.entriesWithTag(tag).map((entry) => entry.uri).sort();
    assert.deepEqual(uris('Iraq'), ['file:///w/news/2016/07/11/a.md', 'file:///w/news/2016/07/11/b.md']);
    assert.deepEqual(uris('Nowhere'), []);
    // After the build: an open buffer drops one tag and takes two that no entry had.
    index.setOpen('file:///w/news/2016/07/11/a.md', item('file:///w/news/2016/07/11/a.md', ['Brand-new tag', 'Another new tag']));
    assert.deepEqual(uris('Iraq'), ['file:///w/news/2016/07/11/b.md']);
    assert.deepEqual(uris('Brand-new tag'), ['file:///w/news/2016/07/11/a.md']);
    assert.deepEqual(uris('Another new tag'), ['file:///w/news/2016/07/11/a.md']);
    assert.deepEqual(uris('Syria'), ['file:///w/news/2016/07/11/b.md', 'file:///w/news/2016/07/11/c.md']);
  });
});
