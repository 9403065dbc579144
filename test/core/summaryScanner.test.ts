import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus, writeCorpus } from '../../bench/corpus/generate';
import { mulberry32 } from '../../bench/corpus/prng';
import { portableReader } from '../../server/src/core/byteText';
import { readEntry } from '../../server/src/core/extractor';
import { decodeFile } from '../../server/src/core/fileContent';
import { packRecords, unpackRecords, type StampedEntry } from './helpers/packing';
import type { CompactEntry } from '../../server/src/core/compactEntry';
import { stringHash } from '../../server/src/core/intern';
import { KnownUris } from '../../server/src/core/knownUris';
import { parseEntry } from '../../server/src/core/parser';
import { RecordWriter } from '../../server/src/core/recordWriter';
import { ScannedRecords } from '../../server/src/core/scannedRecords';
import { summarize, type IndexedEntry } from '../../server/src/core/summary';
import { summarizeBytes } from '../../server/src/core/summaryScanner';
import { NodeFileSystem } from '../../server/src/lsp/nodeFileSystem';
import { bufferReader } from '../../server/src/node/bufferReader';
import { loadJob } from '../../server/src/node/loadJob';
import { EXAMPLE, handWrittenShapes, mutationsRead } from './helpers/entryTexts';
import { entry, relatedItem } from './helpers/fixture';

const URI = 'file:///ws/news/2016/07/11/x.md';

/** The full parser's summary of a file's bytes, decoded as the index decodes them; undefined for a file it skips (binary). */
function parsedSummary(uri: string, bytes: Uint8Array): IndexedEntry | undefined {
  const content = decodeFile(bytes, Infinity);
  return content.kind === 'text' ? summarize(uri, parseEntry(content.text), 'as-is') : undefined;
}

/** The scanner either declines or gives exactly the parser's summary, through either ByteReader; true when it read the file. */
function assertAgrees(input: string | Uint8Array, label: string, uri = URI): boolean {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const fast = summarizeBytes(uri, bytes, bufferReader);
  assert.deepEqual(summarizeBytes(uri, bytes, portableReader), fast, `${label}: the byte readers disagree`);
  if (!fast) return false;
  const full = parsedSummary(uri, bytes);
  assert.ok(full, `${label}: the scanner read a file that the index skips`);
  assert.deepEqual(fast, full, `${label}: scanner and parser disagree on ${JSON.stringify(Buffer.from(bytes).toString('utf8').slice(0, 200))}`);
  return true;
}

/** A plain view of an unpacked record, so that records compare by what they say. */
function plain(record: CompactEntry): object {
  const { uri, date, headline, publishers, links, size, mtime } = record;
  return { uri, date, headline, publishers: [...publishers], links: links.map((link) => ({ ...link, tags: [...link.tags] })), stamp: { size, mtime } };
}

suite('summary scanner: differential against the full parser', () => {
  test('the real example is scanned and agrees, with LF, CRLF, a BOM, and in a folder with spaces and non-ASCII', () => {
    assert.ok(assertAgrees(EXAMPLE, 'example'), 'the scanner declined the real example');
    assert.ok(assertAgrees(EXAMPLE.replace(/\n/g, '\r\n'), 'example CRLF'), 'the scanner declined the CRLF example');
    assert.ok(assertAgrees(`\uFEFF${EXAMPLE}`, 'example BOM'), 'the scanner declined the example with a BOM');
    assert.ok(assertAgrees(EXAMPLE, 'folder', 'file:///a%20b/%C3%A9t%C3%A9/news/2016/07/11/x.md'));
    assert.ok(assertAgrees(EXAMPLE, 'outside an archive', 'untitled:Untitled-1'));
  });

  test('every file of generated corpora agrees, and nearly all take the fast path', () => {
    let fast = 0;
    let total = 0;
    for (const options of [{ entries: 500, seed: 7, faults: true }, { entries: 1500, seed: 11 }]) {
      for (const file of generateCorpus(options)) {
        total++;
        if (assertAgrees(file.text, file.path, `file:///ws/${file.path}`)) fast++;
      }
    }
    assert.equal(total, 2000);
    assert.ok(fast / total > 0.95, `only ${fast} of ${total} took the fast path`);
  });

  test('hand-written shapes agree or are declined, and regular ones are scanned', () => {
    handWrittenShapes().forEach((text, i) => assertAgrees(text, `shape ${i}`));
    const regular = [
      entry(), entry({ sources: null }), entry({ dateLine: null }), entry({ body: '' }),
      entry({ headline: 'Émeute à Montréal — 😀 emoji, “quotes”.' }), entry({ body: 'Corps du texte: é, ü, 中文, 😀.' }),
      entry({ headline: 'Trailing spaces and a tab.\t ' }), entry({ headline: 'No-break space at the end\u00a0' }),
      entry({ headline: '\u3000Ideographic space first' }), entry({ headline: 'Ends in a feff\uFEFF' }),
      entry({ date: ' 2016-07-11' }), entry({ date: '2016-02-30' }), entry({ date: '16-07-11' }), entry({ date: '\u00a02016-07-11\u00a0' }),
      entry({ sources: '1. [Cover Image](https://x.com/i.jpg)' }), entry({ sources: '1. [ Cover Image\u00a0](https://x.com/i.jpg)\n1. [Le Monde\u2009](https://x.com/a)' }),
      entry({ sources: '1. [BBC](https://b.c)\n1. [\u00a0](https://b.c)\n1. [Ñandú Times](https://n.ar/1)' }),
      entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a.md', 'Luxembourg–Malawi relations, São Tomé, 😀 Emoji') }),
      entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a.md', 'Côte, Tomé\u00a0, \u2028Sep') }),
      entry({ related: relatedItem(1, 'Ünïcödé title 😀', '/news/2016/07/10/a.md') }),
      entry({ related: relatedItem(1, 'T', '/news/2016/07/010/a.md') }), entry({ related: relatedItem(1, 'T', '/news/2016/7/10/a.md') }),
      entry({ related: relatedItem(1, 'T', 'https://example.com/x') }), entry({ related: relatedItem(1, 'T', '/news/2016/07/10/A.md') }),
      entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a.md?x') }), entry({ related: relatedItem(1, 'T', '../../etc/passwd') }),
      entry({ related: `${relatedItem(1, 'T', '/news/2016/07/10/a.md')}\n2. [U](/news/2016/07/9/b.md) _Context: Iraq` }),
      entry({ related: `${relatedItem(1, 'T', '/news/2016/07/10/a.md')}\n2. [Half` }),
      `${entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a.md') })}\n### Related:\n\n${relatedItem(2, 'U', '/news/2016/07/9/b.md', 'Syria')}\n`,
      `${entry()}\n### Source:\n\n1. [AP](https://ap.org/1)\n`,
      entry().replace(/\n/g, '\r\n'), `\uFEFF${entry()}`, entry().trimEnd(), `${entry()}\n\n\n`,
    ];
    regular.forEach((text, i) => assert.ok(assertAgrees(text, `regular ${i}`), `the scanner declined regular shape ${i}: ${JSON.stringify(text)}`));
  });

  test('what the index must not read fast is declined: invalid UTF-8, NUL, a second BOM, non-ASCII link destinations', () => {
    const text = entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a.md') });
    const bytes = Buffer.from(text, 'utf8');
    const at = text.indexOf('Something');
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x28, 0xa1], [0xf0, 0x9f, 0x98], [0x00]]) {
      const mutated = Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]);
      assert.equal(summarizeBytes(URI, mutated, bufferReader), undefined, `bytes ${bad.join(' ')}`);
      assertAgrees(mutated, `bytes ${bad.join(' ')}`);
    }
    for (const declined of [`\uFEFF\uFEFF${text}`, entry({ sources: '1. [BBC](https://b.c/é)' }), entry({ related: relatedItem(1, 'T', '/news/2016/07/10/é.md') })]) {
      assert.equal(summarizeBytes(URI, Buffer.from(declined, 'utf8'), bufferReader), undefined, JSON.stringify(declined));
      assertAgrees(declined, JSON.stringify(declined));
    }
  });

  test('a character that matters to the scanner, inserted at every offset, agrees or is declined', () => {
    const text = entry({ headline: 'Tête-à-tête', related: relatedItem(1, 'A title', '/news/2016/07/10/a.md', 'Iraq, U.S., Côte d’Ivoire') });
    const characters = ['\r', '\n', '#', '_', ' ', '\t', ',', '[', ']', ')', '&', '1. ', '\u2028', '\u2029', '\u00a0', '\u3000', '\uFEFF', 'é', '😀', '\u0085', '\u00ad'];
    for (const char of characters) {
      for (let at = 0; at <= text.length; at++) assertAgrees(text.slice(0, at) + char + text.slice(at), `${JSON.stringify(char)} at ${at}`);
    }
  });

  test('related items typed character by character agree at every step', () => {
    const typed = relatedItem(2, 'France conducts airstrikes', '/news/2016/09/30/france-conducts-airstrikes.md', 'Iraq, Islamic State, Côte');
    let fast = 0;
    for (let at = 3; at <= typed.length; at++) {
      const text = `${entry({ related: relatedItem(1, 'A title', '/news/2016/07/10/a.md', 'Iraq') })}\n${typed.slice(0, at)}`;
      if (assertAgrees(text, `typed ${JSON.stringify(typed.slice(0, at))}`)) fast++;
      assertAgrees(`${text}\r\n`, `typed ${JSON.stringify(typed.slice(0, at))} with a line break`);
    }
    assert.ok(fast > 10, `half-typed items should often take the fast path (took ${fast})`);
  });

  test('thousands of mutated entries agree or are declined', () => {
    const fast = mutationsRead(3000, 4242, assertAgrees);
    assert.ok(fast > 150, `mutations should still often take the fast path (took ${fast})`);
  });

  test('entries with random bytes flipped agree or are declined', () => {
    const random = mulberry32(99);
    const seeds = [...generateCorpus({ entries: 20, seed: 13 })].map((file) => Buffer.from(file.text, 'utf8'));
    for (let i = 0; i < 1000; i++) {
      const bytes = Buffer.from(seeds[i % seeds.length]);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      assertAgrees(bytes, `flipped ${i}`);
    }
  });
});

suite('summary scanner: packed records', () => {
  test('scanned records unpack to the records of the extractor’s summaries, with every hash right', () => {
    const files = [...generateCorpus({ entries: 800, seed: 21, faults: true })].map((file) => ({ uri: `file:///ws/${file.path}`, bytes: Buffer.from(file.text, 'utf8') }));
    const uris = files.map(({ uri }) => uri);
    const positions = new Map(uris.map((uri, position) => [uri, position]));
    const known = { uris: (value: string) => positions.get(value) };
    const writer = new RecordWriter(known, true);
    const scanned = new ScannedRecords(writer, bufferReader);
    const expected: StampedEntry[] = [];
    let fast = 0;
    files.forEach(({ uri, bytes }, n) => {
      const stamp = { size: bytes.length, mtime: n + 0.5 };
      const summary = summarize(uri, readEntry(bytes.toString('utf8')), 'as-is');
      expected.push({ entry: summary, stamp });
      if (scanned.add(uri, bytes, stamp)) fast++;
      else writer.add(summary, stamp);
    });
    const packed = writer.finish();
    assert.ok(fast / files.length > 0.95, `only ${fast} of ${files.length} took the fast path`);
    const headlines = new Set(expected.map(({ entry: record }) => record.headline));
    packed.strings.forEach((value, i) => {
      const hash = packed.hashes![i];
      assert.ok(hash === stringHash(value) || (hash === 0 && headlines.has(value)), `the hash of ${JSON.stringify(value)}`);
    });
    const back = unpackRecords(packed, uris) ?? assert.fail('the scanned records do not unpack');
    const before = unpackRecords(packRecords(expected, known, true), uris) ?? assert.fail('the extractor’s records do not unpack');
    assert.deepEqual(back.map(plain), before.map(plain));
  });

  test('a file that two roots name, once by an entry path and once not, is resolved by each link as the extractor does', () => {
    // `file:///ws/news/x` is an archive root inside another: its files are under `file:///ws` too, by another path.
    const target = 'file:///ws/news/x/news/2016/07/1/t.md';
    const outer = (n: number): string => `file:///ws/news/2016/07/${n}/a${n}.md`;
    const inner = (n: number): string => `file:///ws/news/x/news/2016/07/${n}/b${n}.md`;
    const files = [outer(2), inner(3), outer(4), inner(5)].map((uri) => {
      const path = uri.startsWith('file:///ws/news/x/') ? '/news/2016/07/1/t.md' : '/news/x/news/2016/07/1/t.md';
      return { uri, bytes: Buffer.from(entry({ related: relatedItem(1, 'T.', path) }), 'utf8') };
    });
    const uris = [target, ...files.map(({ uri }) => uri)];
    const knownUris = new KnownUris(uris, 7);
    const known = { uris: (value: string) => knownUris.positionOf(value) };
    const writer = new RecordWriter(known, true);
    const scanned = new ScannedRecords(writer, bufferReader, knownUris);
    const expected = files.map(({ uri, bytes }, n): StampedEntry => {
      const stamp = { size: bytes.length, mtime: n };
      assert.ok(scanned.add(uri, bytes, stamp), `${uri} is scanned`);
      return { entry: summarize(uri, readEntry(bytes.toString('utf8')), 'as-is'), stamp };
    });
    assert.deepEqual(expected.map(({ entry: record }) => record.links[0].resolved), [false, true, false, true]);
    const back = unpackRecords(writer.finish(), uris) ?? assert.fail('the scanned records do not unpack');
    const before = unpackRecords(packRecords(expected, known), uris) ?? assert.fail('the extractor’s records do not unpack');
    assert.deepEqual(back.map(plain), before.map(plain));
  });

  test('a worker’s load job over a corpus on disk gives the records it gave before the scanner', () => {
    const root = mkdtempSync(join(tmpdir(), 'scanner-test-'));
    try {
      const options = { entries: 600, seed: 9, faults: true };
      writeCorpus(root, options);
      const uris = [...generateCorpus(options)].map((file) => pathToFileURL(join(root, file.path)).href);
      const job = { kind: 'load' as const, roots: [pathToFileURL(root).href], uris, maxFileSizes: uris.map(() => 1 << 20) };
      const result = loadJob(job, new NodeFileSystem(true));
      const fs = new NodeFileSystem(true);
      fs.setRoots(job.roots);
      const expected = uris.map((uri): StampedEntry => {
        const file = fs.readFileWithStamp(uri, 1 << 20) ?? assert.fail(`${uri} cannot be read`);
        return { entry: summarize(uri, readEntry(Buffer.from(file.bytes!).toString('utf8')), 'as-is'), stamp: file.stamp };
      });
      assert.deepEqual(result.others, []);
      const back = unpackRecords(result.entries, uris) ?? assert.fail('the job’s records do not unpack');
      const before = unpackRecords(packRecords(expected), uris) ?? assert.fail('the extractor’s records do not unpack');
      assert.deepEqual(back.map(plain), before.map(plain));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
