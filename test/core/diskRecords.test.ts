import * as assert from 'node:assert/strict';
import { LoadList, type UndecodedRecords } from '../../server/src/core/bulkLoader';
import { CompactEntry, type RecordSource } from '../../server/src/core/compactEntry';
import { DiskRecords } from '../../server/src/core/diskRecords';
import { seeded, type Random } from './helpers/random';

const NO_TAGS = new Int32Array(0);

/** A record whose size tells which version of it this is. */
function record(uri: string, version: number): CompactEntry {
  return new CompactEntry(uri, `2020-01-${String((version % 28) + 1).padStart(2, '0')}`, `headline ${version}`, [], [], NO_TAGS, version, version * 10);
}

/** Restored records as a cache chunk hands them over, counting how many were decoded. */
class FakeSource implements RecordSource {
  decodedCount = 0;
  urisRead = 0;
  constructor(readonly records: readonly CompactEntry[]) {}
  get count(): number {
    return this.records.length;
  }
  uriOf(at: number): string {
    this.urisRead++;
    return this.records[at].uri;
  }
  sizeOf(at: number): number {
    return this.records[at].size;
  }
  mtimeOf(at: number): number {
    return this.records[at].mtime;
  }
  decode(at: number): CompactEntry {
    this.decodedCount++;
    return this.records[at];
  }
}

/** URIs that share a long beginning, as a workspace's do, some differing only near the end. */
function uris(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `file:///archive/news/20${String(i % 20).padStart(2, '0')}/01/0${i % 9 + 1}/event-${i}.md`);
}

function shuffled<T>(values: readonly T[], random: Random): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Restored records in chunks of `chunk`, and the map they stand for (the later of two records of a URI wins). */
function restored(order: readonly string[], chunk: number): { sources: FakeSource[]; model: Map<string, CompactEntry> } {
  const records = order.map((uri, i) => record(uri, i + 1));
  const sources: FakeSource[] = [];
  for (let start = 0; start < records.length; start += chunk) sources.push(new FakeSource(records.slice(start, start + chunk)));
  return { sources, model: new Map(records.map((entry) => [entry.uri, entry])) };
}

/** Everything DiskRecords answers, checked against the map it stands for. */
function assertSame(disk: DiskRecords, model: Map<string, CompactEntry>, probes: readonly string[], context: string): void {
  assert.equal(disk.size, model.size, `${context}: size`);
  assert.deepEqual([...disk.keys()].sort(), [...model.keys()].sort(), `${context}: keys`);
  for (const uri of probes) {
    const expected = model.get(uri);
    assert.equal(disk.has(uri), expected !== undefined, `${context}: has ${uri}`);
    assert.deepEqual(disk.stampOf(uri) && { size: disk.stampOf(uri)!.size, mtime: disk.stampOf(uri)!.mtime }, expected && { size: expected.size, mtime: expected.mtime }, `${context}: stamp of ${uri}`);
  }
}

suite('disk records: restored records found by URI without a map', () => {
  for (const [name, arrange] of [
    ['sorted, as the cache writes them', (all: string[]) => [...all].sort()],
    ['out of order, with a URI twice', (all: string[], random: Random) => shuffled([...all, all[3], all[17]], random)],
  ] as const) {
    test(`${name}: every answer matches a map through random reads, writes, deletions and the decoding pass`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const random = seeded(seed);
        const all = uris(60);
        const { sources, model } = restored(arrange(all, random), 1 + random.below(25));
        const disk = new DiskRecords();
        assert.equal(disk.restore(sources), sources.reduce((total, source) => total + source.count, 0));
        // As the indexer does before it changes any record.
        assert.equal(disk.checkOrder(), name.startsWith('out of order'));
        assert.equal(disk.checkOrder(), false, 'the order is checked once');
        assert.equal(disk.pendingCount, model.size);
        // Probes include URIs never restored, and URIs that sort between and around the restored ones.
        const probes = [...all, 'file:///archive/news/1999/01/01/a.md', 'file:///archive/zz.md', 'file:///', ''];
        assertSame(disk, model, probes, `seed ${seed}, restored`);
        for (let step = 0; step < 80; step++) {
          const uri = random.pick(probes);
          const action = random.below(5);
          if (action === 0) {
            assert.equal(disk.get(uri), model.get(uri), `seed ${seed}: get ${uri}`);
          } else if (action === 1) {
            const entry = record(uri, 1000 + step);
            disk.set(uri, entry);
            model.set(uri, entry);
          } else if (action === 2) {
            disk.delete(uri);
            model.delete(uri);
          } else if (action === 3) {
            disk.decodePending(1 + random.below(10));
          } else {
            const values = [...disk.values((skipped) => skipped === uri)];
            assert.deepEqual(values.map((entry) => entry.uri).sort(), [...model.keys()].filter((key) => key !== uri).sort(), `seed ${seed}: values`);
            assert.ok(values.every((entry) => entry === model.get(entry.uri)), `seed ${seed}: values are the records`);
          }
          assertSame(disk, model, probes, `seed ${seed}, step ${step}`);
        }
        while (disk.decodePending(7));
        assert.equal(disk.pendingCount, 0);
        assertSame(disk, model, probes, `seed ${seed}, all decoded`);
        for (const [uri, entry] of model) assert.equal(disk.get(uri), entry);
      }
    });
  }

  test('before the order is checked, sorted records are found by URI all the same', () => {
    const { sources, model } = restored([...uris(40)].sort(), 7);
    const disk = new DiskRecords();
    disk.restore(sources);
    for (const [uri, entry] of model) assert.equal(disk.stampOf(uri)?.size, entry.size);
    assert.equal(disk.has('file:///archive/news/1999/01/01/a.md'), false);
    assert.equal(disk.checkOrder(), false);
  });

  test('a URI named twice and read before the order is checked keeps the record read, and only that one', () => {
    const all = uris(30);
    for (const readFirst of [true, false]) {
      const { sources } = restored([...all.slice(0, 20), all[4], ...all.slice(20)], 6);
      const disk = new DiskRecords();
      disk.restore(sources);
      // Out of order, the search may find either record of the URI, or none; whichever it decodes stays.
      const read = readFirst ? disk.get(all[4]) : undefined;
      assert.equal(disk.checkOrder(), true);
      assert.equal(disk.size, 30);
      assert.equal([...disk.keys()].filter((uri) => uri === all[4]).length, 1);
      if (read) assert.equal(disk.get(all[4]), read);
      else assert.equal(disk.get(all[4])?.size, 21, 'the later record wins');
      while (disk.decodePending(4));
      assert.equal([...disk.values(() => false)].length, 30);
    }
  });

  test('a lookup decodes only the record it finds, and a stamp decodes none', () => {
    const { sources } = restored([...uris(50)].sort(), 10);
    const disk = new DiskRecords();
    disk.restore(sources);
    const decoded = (): number => sources.reduce((total, source) => total + source.decodedCount, 0);
    for (const uri of uris(50)) assert.ok(disk.has(uri) && disk.stampOf(uri));
    assert.equal(decoded(), 0, 'has and stampOf decode nothing');
    assert.equal(disk.get(uris(50)[7])?.uri, uris(50)[7]);
    assert.equal(decoded(), 1);
    assert.equal(disk.pendingCount, 49);
  });

  test('a restore reads no URI until one is wanted, then each once: a lookup reads those its search passes', () => {
    const all = [...uris(1000)].sort();
    const { sources } = restored(all, 100);
    const disk = new DiskRecords();
    const read = (): number => sources.reduce((total, source) => total + source.urisRead, 0);
    disk.restore(sources);
    assert.equal(read(), 0, 'URIs read by the restore');
    assert.ok(disk.has(all[500]) && !disk.has('file:///archive/zz.md'));
    assert.ok(read() > 0 && read() <= 2 * Math.ceil(Math.log2(1001)), `${read()} URIs read by two lookups`);
    assert.equal(disk.checkOrder(), false);
    assert.equal(read(), 1000, 'checking the order reads every URI, and none twice');
    assert.deepEqual([...disk.keys()], all);
    assert.equal(read(), 1000);
  });

  test('a record replaced while pending is never decoded, and the pass skips it', () => {
    const { sources } = restored([...uris(20)].sort(), 5);
    const disk = new DiskRecords();
    disk.restore(sources);
    const replacement = record(uris(20)[4], 99);
    disk.set(uris(20)[4], replacement);
    disk.delete(uris(20)[5]);
    while (disk.decodePending(3));
    assert.equal(sources.reduce((total, source) => total + source.decodedCount, 0), 18);
    assert.equal(disk.get(uris(20)[4]), replacement);
    assert.equal(disk.has(uris(20)[5]), false);
    assert.equal(disk.size, 19);
  });
});

/** A load's batch as the workers hand it over: each record names its file by its first position in the load's list. */
class FakeBatch extends FakeSource implements UndecodedRecords {
  constructor(records: readonly CompactEntry[], private readonly list: LoadList) {
    super(records);
  }
  positionOf(at: number): number {
    return this.list.uris.indexOf(this.uriOf(at));
  }
  forEachUse(): void {
    throw new Error('DiskRecords counts no uses');
  }
}

/** A load's list, some files in it twice when `twice` (nested folders), cut in batches handed over in a random order. */
function loadBatches(all: readonly string[], twice: boolean, random: Random): { list: LoadList; batches: FakeBatch[] } {
  const listed = shuffled(twice ? [...all, all[2], all[9]] : all, random);
  const list = new LoadList(listed);
  const batches: FakeBatch[] = [];
  for (let start = 0; start < listed.length;) {
    const end = Math.min(listed.length, start + 1 + random.below(9));
    batches.push(new FakeBatch(listed.slice(start, end).map((uri, i) => record(uri, 500 + start + i)), list));
    start = end;
  }
  return { list, batches: shuffled(batches, random) };
}

suite('disk records: a load\'s batches kept undecoded', () => {
  for (const twice of [false, true]) {
    test(`${twice ? 'a list naming files twice' : 'a list of distinct files'}: every answer matches a map as batches arrive between reads, writes and decoding`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const random = seeded(seed);
        const all = uris(50);
        const { list, batches } = loadBatches(all, twice, random);
        const disk = new DiskRecords();
        const model = new Map<string, CompactEntry>();
        const probes = [...all, 'file:///archive/news/1999/01/01/a.md', ''];
        let refused = 0;
        for (const [at, batch] of batches.entries()) {
          if (disk.canAppend(batch, list)) {
            assert.deepEqual(disk.append(batch, list), Array.from({ length: batch.count }, (_, i) => batch.uriOf(i)));
          } else {
            // As the index does: decoded, and set, a later record replacing one of the same file.
            refused++;
            for (let i = 0; i < batch.count; i++) disk.set(batch.uriOf(i), batch.decode(i));
          }
          for (let i = 0; i < batch.count; i++) model.set(batch.uriOf(i), batch.records[i]);
          assertSame(disk, model, probes, `seed ${seed}, batch ${at}`);
          const uri = random.pick(all);
          const action = random.below(3);
          if (action === 0) assert.equal(disk.get(uri), model.get(uri), `seed ${seed}: get ${uri}`);
          else if (action === 1) disk.decodePending(1 + random.below(6));
          else if (model.has(uri)) {
            // A record of the load read again (as a watcher would) keeps the load's later batches appendable.
            const entry = record(uri, 2000 + at);
            disk.set(uri, entry);
            model.set(uri, entry);
          }
          assertSame(disk, model, probes, `seed ${seed}, batch ${at}, action ${action}`);
        }
        if (!twice) assert.equal(refused, 0, `seed ${seed}: a list of distinct files is appended whole`);
        while (disk.decodePending(5));
        assertSame(disk, model, probes, `seed ${seed}, all decoded`);
        for (const [uri, entry] of model) assert.equal(disk.get(uri), entry);
      }
    });
  }

  test('once a record that is not the load\'s is set, no more of its batches are appended', () => {
    const all = uris(12);
    const list = new LoadList(all);
    const first = new FakeBatch(all.slice(0, 6).map((uri, i) => record(uri, i)), list);
    const second = new FakeBatch(all.slice(6).map((uri, i) => record(uri, 6 + i)), list);
    const disk = new DiskRecords();
    assert.ok(disk.canAppend(first, list));
    disk.append(first, list);
    disk.set('file:///elsewhere/news/2020/01/1/a.md', record('file:///elsewhere/news/2020/01/1/a.md', 40));
    assert.equal(disk.canAppend(second, list), false);
    assert.equal(disk.canAppend(second, new LoadList(all)), false, 'another load, while records are held');
  });

  test('restored records pending keep a load from being appended', () => {
    const { sources } = restored([...uris(10)].sort(), 4);
    const disk = new DiskRecords();
    disk.restore(sources);
    const list = new LoadList(uris(10));
    assert.equal(disk.canAppend(new FakeBatch([record(uris(10)[0], 1)], list), list), false);
  });
});
