import * as assert from 'node:assert/strict';
import { CompactEntry } from '../../server/src/core/compactEntry';
import { RecordUnpacker, SharedStrings } from '../../server/src/core/indexCache';
import { packRecords, unpackRecords, type StampedEntry } from './helpers/packing';
import { internFlat, stringHash } from '../../server/src/core/intern';
import type { IndexedEntry } from '../../server/src/core/summary';

/** A plain view of a record, so that compact and plain records compare by what they say. */
function plain(entry: IndexedEntry): object {
  const { uri, date, headline, publishers, links } = entry;
  return { uri, date, headline, publishers: [...publishers], links: links.map((link) => ({ ...link, tags: [...link.tags] })) };
}

function record(n: number): StampedEntry {
  const uri = `file:///ws/news/2016/07/${(n % 28) + 1}/entry-${n}.md`;
  const entry: IndexedEntry = {
    uri, date: n % 7 === 0 ? undefined : `2016-07-${String((n % 28) + 1).padStart(2, '0')}`,
    headline: n % 5 === 0 ? '' : `Headline ${n} — “quoted”`,
    publishers: n % 3 === 0 ? [] : ['Reuters', `Publisher ${n % 4}`],
    links: Array.from({ length: n % 12 }, (_, i) => ({
      target: i % 4 === 3 ? '/not/an/entry' : `file:///ws/news/2016/07/${((n + i) % 28) + 1}/entry-${n + i + 1}.md`,
      resolved: i % 4 !== 3, tags: Array.from({ length: i % 5 }, (__, t) => `Tag ${(n + t) % 50}`),
    })),
  };
  return { entry: n % 2 === 0 ? CompactEntry.from(entry) : entry, stamp: { size: 1000 + n, mtime: 1_700_000_000_000.5 + n } };
}

suite('index cache: packed records', () => {
  test('records packed in chunks against one table of shared strings come back as they were', () => {
    const records = Array.from({ length: 12_345 }, (_, n) => record(n));
    const shared = new SharedStrings();
    const chunks = [];
    for (let start = 0; start < records.length; start += 5000) chunks.push(packRecords(records.slice(start, start + 5000), { uris: (value) => shared.positionOf(value), others: (value) => shared.positionOf(value) }));
    const back = chunks.flatMap((chunk) => unpackRecords(chunk, shared.values, true) ?? assert.fail('a chunk did not unpack'));
    assert.equal(back.length, records.length);
    back.forEach((got, n) => {
      assert.ok(got instanceof CompactEntry);
      assert.deepEqual(plain(got), plain(records[n].entry), `record ${n}`);
      assert.deepEqual({ size: got.size, mtime: got.mtime }, records[n].stamp);
    });
  });

  test('a worker batch refers to the URIs of its job by position', () => {
    const records = [record(1), record(2)];
    const uris = records.map(({ entry }) => entry.uri);
    const packed = packRecords(records, { uris: (value) => (uris.includes(value) ? uris.indexOf(value) : undefined) }, true);
    assert.deepEqual([...packed.hashes!].filter((hash) => hash !== 0), packed.strings.filter((value) => value !== '' && !value.startsWith('Headline')).map(stringHash), 'workers send the hash of each repeated string');
    assert.ok(!packed.strings.includes(uris[0]), 'the URI is not sent again');
    assert.deepEqual(unpackRecords(packed, uris)?.map(plain), records.map(({ entry }) => plain(entry)));
  });

  test('interning by hash keeps strings that share a hash apart', () => {
    const first = internFlat('first colliding string', 12345);
    const second = internFlat('second colliding string', 12345);
    assert.equal(first, 'first colliding string');
    assert.equal(second, 'second colliding string');
    assert.equal(internFlat('third colliding string', 12345), 'third colliding string');
    assert.equal(internFlat('second colliding string', 12345), 'second colliding string');
  });

  test('anything out of place is rejected, never half read', () => {
    const packed = packRecords([record(4), record(5)]);
    const truncated = { ...packed, numbers: packed.numbers.slice(0, packed.numbers.length - 1) };
    const dangling = { ...packed, numbers: packed.numbers.map((value, i) => (i === 0 ? 9999 : value)) };
    const extra = { ...packed, numbers: Int32Array.from([...packed.numbers, 0]) };
    const oddStamps = { ...packed, stamps: packed.stamps.slice(0, 3) };
    const notStrings = { ...packed, strings: [1, 2, 3] as unknown as string[] };
    const shortHashes = { ...packed, hashes: new Int32Array(1) };
    // A sparse array (a foreign frame may hold one) has holes that `every` would skip.
    const holes = { ...packed, strings: Object.assign(new Array<string>(packed.strings.length), { 0: packed.strings[0] }) };
    for (const bad of [truncated, dangling, extra, oddStamps, notStrings, shortHashes, holes, { strings: [], numbers: [], stamps: [] } as unknown as typeof packed]) {
      assert.equal(unpackRecords(bad), undefined);
    }
  });

  test('a chunk is checked whole before any record is decoded: a reference out of range anywhere turns it down', () => {
    // Record 10 has two publishers and ten links, the second with one tag: every kind of reference it holds is put out of range in turn.
    const records = [record(10), record(9)];
    const shared = new SharedStrings();
    const position = (value: string): number => shared.positionOf(value);
    const packed = packRecords(records, { uris: position, others: position });
    const unpacker = new RecordUnpacker(shared.values, true);
    assert.ok(unpacker.check(packed), 'the chunk as written checks');
    const references = [0, 1, 2, 4, 5, 7, 9, 11];
    assert.deepEqual([packed.numbers[3], packed.numbers[6], packed.numbers[10]], [2, 10, 3], 'the layout this test relies on');
    for (const at of references) {
      for (const wrong of [packed.strings.length, -shared.values.length - 2, -1]) {
        if (at === 1 && wrong === -1) continue;
        const numbers = packed.numbers.slice();
        numbers[at] = wrong;
        assert.equal(unpacker.check({ ...packed, numbers }), undefined, `number ${at} set to ${wrong}`);
      }
    }
    const noDate = packed.numbers.slice();
    noDate[1] = -1;
    assert.equal(unpacker.check({ ...packed, numbers: noDate })?.decode(0).date, undefined, 'a date may be missing (-1)');
  });
});
