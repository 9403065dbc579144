import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { serialize } from 'node:v8';
import { join } from 'node:path';
import { readCache, writeCache, type CacheFrame } from '../../server/src/node/cacheStore';
import type { LazyStrings } from '../../server/src/core/indexCache';
import { seeded } from '../core/helpers/random';

/** Strings decoded when first read, as an array (each read through the table's `get`, twice to see that the answer holds). */
function stringsOf(strings: LazyStrings): string[] {
  const once = Array.from({ length: strings.length }, (_, i) => strings.get(i));
  assert.deepEqual(Array.from({ length: strings.length }, (_, i) => strings.get(i)), once, 'the strings read again');
  return once;
}

/** A frame with its strings (a strings frame's, or a records frame's) as an array. */
function plain(frame: unknown): unknown {
  if (typeof (frame as Partial<LazyStrings> | undefined)?.get === 'function') return stringsOf(frame as LazyStrings);
  const records = frame as { strings?: LazyStrings } | undefined;
  if (!records?.strings || Array.isArray(records.strings)) return frame;
  return { ...records, strings: stringsOf(records.strings) };
}

/** Every frame of a cache file, or undefined when it does not read. */
const readAll = (file: string): unknown[] | undefined => readCache(file, (frames) => Array.from({ length: frames.count }, (_, i) => plain(frames.at(i))));

/** Strings of every kind a cache holds: empty, one-byte, wide, astral, and one longer than the write buffer. */
const STRINGS = ['', 'file:///ws/news/2016/07/10/a.md', 'Café Zürich', 'Talks — “quoted”', '北京', '😀 emoji', 'x'.repeat(400_000), 'é'.repeat(200_000)];

const FRAMES: CacheFrame[] = [
  { kind: 'value', value: { format: 'test', folders: ['a', 'b'] } },
  { kind: 'records', records: { strings: STRINGS.slice(0, 5), numbers: Int32Array.from([1, -2, 3]), stamps: Float64Array.from([3.5, 1_700_000_000_123.25]) } },
  // Odd lengths everywhere, so that the typed arrays after the strings need padding.
  { kind: 'records', records: { strings: ['a', 'bc'], numbers: Int32Array.from([7]), stamps: new Float64Array(0) } },
  { kind: 'records', records: { strings: [], numbers: new Int32Array(0), stamps: Float64Array.from([1]) } },
  { kind: 'strings', strings: STRINGS },
];

suite('the cache file: frames of values, records and strings', () => {
  let folder: string;
  let file: string;
  setup(() => {
    folder = mkdtempSync(join(tmpdir(), 'event-entries-cache-store-'));
    file = join(folder, 'index-cache.bin');
  });
  teardown(() => rmSync(folder, { recursive: true, force: true }));

  test('every kind of frame comes back as it was written, typed arrays included', async () => {
    await writeCache(file, FRAMES);
    const values = readAll(file) ?? assert.fail('the cache does not read back');
    assert.equal(values.length, FRAMES.length);
    FRAMES.forEach((frame, i) => {
      const expected = frame.kind === 'value' ? frame.value : frame.kind === 'strings' ? frame.strings : frame.records;
      assert.deepEqual(values[i], expected, `frame ${i}`);
    });
    const records = values[1] as { numbers: unknown; stamps: unknown };
    assert.ok(records.numbers instanceof Int32Array && records.stamps instanceof Float64Array);
  });

  test('a file cut anywhere, or with any byte changed, never throws: it reads as no cache and is removed, or as frames', async () => {
    await writeCache(file, FRAMES.slice(0, 4));
    const whole = readFileSync(file);
    for (let length = 1; length < whole.length; length += Math.max(1, Math.floor(whole.length / 400))) {
      writeFileSync(file, whole.subarray(0, length));
      const values = readAll(file);
      // A cut at a frame boundary is a shorter valid file; anywhere else the file is corrupt.
      if (values === undefined) assert.equal(existsSync(file), false, `cut at ${length}: a corrupt file is removed`);
      else assert.ok(values.length < 4, `cut at ${length}`);
    }
    for (let at = 0; at < whole.length; at += at < 200 ? 1 : Math.max(1, Math.floor(whole.length / 400))) {
      const changed = Buffer.from(whole);
      changed[at] ^= 0xff;
      writeFileSync(file, changed);
      assert.doesNotThrow(() => readAll(file), `byte ${at} changed`);
    }
  });

  test('a zero-filled file, or one of many tiny frames, is turned down at once, without reading it all', () => {
    writeFileSync(file, Buffer.alloc(20 * 1024 * 1024));
    let started = performance.now();
    assert.equal(readAll(file), undefined);
    assert.equal(existsSync(file), false);
    assert.ok(performance.now() - started < 500, `${performance.now() - started} ms for a file of zeros`);
    // Turned down from the frame headers alone: the reader is never handed frames to read (which for a file of
    // zeros meant a table of four million empty frames first).
    // (readCache turns what `read` throws into no cache, so the call is recorded rather than failed inside it.)
    let handedOver = 0;
    const record = (): void => void handedOver++;
    writeFileSync(file, Buffer.alloc(1024 * 1024));
    assert.equal(readCache(file, record), undefined);
    assert.equal(handedOver, 0, 'frames handed over from a file of zeros');
    // 200,000 frames of a strings list with no strings: each well formed, together more than a cache ever holds.
    const tiny = Buffer.from([4, 0, 0, 0, 1, 0, 0, 0, 0]);
    writeFileSync(file, Buffer.concat(Array.from({ length: 200_000 }, () => tiny)));
    started = performance.now();
    assert.equal(readAll(file), undefined);
    assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms for 200,000 frames`);
    writeFileSync(file, Buffer.concat(Array.from({ length: 200_000 }, () => tiny)));
    assert.equal(readCache(file, record), undefined);
    assert.equal(handedOver, 0, 'frames handed over from a file of 200,000 frames');
    writeFileSync(file, Buffer.from([4, 0, 0, 0, 9, 0, 0, 0, 0]));
    assert.equal(readAll(file), undefined, 'an unknown kind of frame');
    // The previous format: a length, then a v8-serialized value, with no kind between them.
    const header = serialize({ format: 'event-entries-index', version: 5, folders: [] });
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    writeFileSync(file, Buffer.concat([length, header]));
    assert.equal(readAll(file), undefined, 'a cache of version 5');
  });

  test('a lone surrogate, which no decoded file holds, comes back as U+FFFD; everything else as it was', async () => {
    await writeCache(file, [{ kind: 'strings', strings: ['a\ud800b', 'ok'] }]);
    assert.deepEqual(readAll(file), [['a\ufffdb', 'ok']]);
  });

  test('strings cut out of a frame\'s text are the strings decoded one by one, whatever bytes the file holds', async () => {
    const strings = ['ab', 'cdé', 'f', '', '北京', 'gh'];
    await writeCache(file, [{ kind: 'strings', strings }]);
    const whole = readFileSync(file);
    // Frame header (5 bytes), the count, the bytes, where each string ends, then the bytes.
    const bytesAt = 5 + 8 + strings.length * 4;
    const lengths = strings.map((value) => Buffer.byteLength(value));
    for (let at = bytesAt; at < whole.length; at++) {
      for (const byte of [0x61, 0x80, 0xa9, 0xc3, 0xe2, 0xf0, 0xff]) {
        const changed = Buffer.from(whole);
        changed[at] = byte;
        writeFileSync(file, changed);
        // An ASCII string holds its bytes as characters (a changed byte beyond ASCII among them), the others their UTF-8 text.
        let offset = bytesAt;
        const expected = lengths.map((length, i) => changed.toString(lengths[i] === strings[i].length ? 'latin1' : 'utf8', offset, (offset += length)));
        assert.deepEqual(readAll(file), [expected], `byte ${at} set to ${byte.toString(16)}`);
      }
    }
  });

  test('thousands of strings, over a megabyte of them, ASCII and not, some longer than a piece of text, come back as written', async () => {
    const random = seeded(7);
    const strings = Array.from({ length: 6000 }, (_, i) => {
      const length = random.chance(0.01) ? 300_000 + random.below(1000) : random.below(400);
      const body = `file:///ws/news/${i}/`.padEnd(length, String.fromCharCode(97 + (i % 26)));
      return random.chance(0.05) ? `${body}é北` : body;
    });
    await writeCache(file, [{ kind: 'strings', strings }, { kind: 'records', records: { strings: strings.slice(100, 3000), numbers: new Int32Array(0), stamps: new Float64Array(0) } }]);
    const values = readAll(file) ?? assert.fail('the cache does not read back');
    assert.ok(strings.join('').length > 2_000_000);
    assert.deepEqual(values[0], strings);
    assert.deepEqual((values[1] as { strings: string[] }).strings, strings.slice(100, 3000));
    // Read in a random order, each string first asked for far from the one before it.
    const shared = readCache(file, (frames) => frames.at(0) as LazyStrings) ?? assert.fail('the cache does not read back');
    const order = strings.map((_, i) => ({ i, key: random.next() })).sort((a, b) => a.key - b.key);
    for (const { i } of order) assert.equal(shared.get(i), strings[i], `string ${i}`);
    assert.throws(() => shared.get(strings.length), RangeError);
    assert.throws(() => shared.get(-1), RangeError);
  });

  test('a save that fails leaves no file behind and the old cache in place', async () => {
    await writeCache(file, FRAMES.slice(0, 2));
    const before = readFileSync(file);
    async function* failing(): AsyncIterable<CacheFrame> {
      yield FRAMES[0];
      await Promise.resolve();
      throw new Error('the index changed under the writer');
    }
    await assert.rejects(writeCache(file, failing()), /changed under the writer/);
    assert.deepEqual(readFileSync(file), before);
    assert.deepEqual(readdirSync(folder), ['index-cache.bin'], 'the temporary file is gone');
    assert.deepEqual(readAll(file)?.length, 2);
  });
});
