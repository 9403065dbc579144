// Checks the synthetic corpus generator with its own small, independent reader of the
// format, so that benchmarks and differential tests can trust what the corpus contains.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateCorpus,
  plantedFaults,
  slugOf,
  writeCorpus,
  type CorpusFile,
  type CorpusOptions,
  type FaultCode,
} from '../../bench/corpus/generate';
import { measureReadFloor } from '../../bench/corpus/readFloor';

const PATH = /^news\/(\d{4})\/(0[1-9]|1[0-2])\/([1-9]|[12]\d|3[01])\/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const DATE_LINE = /^### \[(\d{4})-(\d{2})-(\d{2})\]\(\/news\/(\d{4})\/(\d{2})\/(\d{1,2})\/index\.md\)$/;
const SOURCE_ITEM = /^1\. \[([^\]]+)\]\((https?:\/\/[^\s)]+)\)$/;
const RELATED_ITEM = /^(\d+)\. \[(.+)\]\((\/news\/[^)\s]+\.md)\)(?: _Context: (.+)_)?$/;

interface Related {
  readonly number: number;
  readonly text: string;
  readonly target: string;
  readonly context: readonly string[];
}

interface Entry {
  readonly path: string;
  readonly bytes: number;
  readonly folderDate: string;
  /** `YYYY-MM-DD` of the date line. */
  readonly date: string;
  readonly dateIsReal: boolean;
  readonly headline: string;
  readonly sources: readonly { readonly name: string; readonly url: string }[];
  readonly hasSourceSection: boolean;
  readonly related: readonly Related[];
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Reads one generated file strictly in the shape of the real example; throws on any deviation. */
function parse(file: CorpusFile): Entry {
  const where = (what: string): string => `${file.path}: ${what}`;
  const path = PATH.exec(file.path);
  assert.ok(path, where('path shape'));
  const lines = file.text.split('\n');
  assert.equal(lines.pop(), '', where('ends with a newline'));
  const date = DATE_LINE.exec(lines[0]);
  assert.ok(date, where('date line'));
  assert.equal(Number(date[4]), Number(date[1]), where('day page year'));
  assert.equal(Number(date[5]), Number(date[2]), where('day page month'));
  assert.equal(date[6], String(Number(date[3])), where('day page day, unpadded'));
  assert.equal(lines[1], '', where('blank after date'));
  assert.ok(lines[2].startsWith('# ') && lines[2].endsWith(' '), where('headline with trailing space'));
  assert.equal(lines[3], '', where('blank after headline'));

  const sourceAt = lines.indexOf('### Source:');
  const relatedAt = lines.indexOf('### Related:');
  assert.ok(relatedAt > 3, where('related section'));
  const firstSection = sourceAt >= 0 ? sourceAt : relatedAt;
  assert.deepEqual(lines.slice(firstSection - 2, firstSection), ['', ''], where('two blank lines before sections'));
  assert.notEqual(lines[firstSection - 3], '', where('exactly two blank lines'));
  for (const line of lines.slice(4, firstSection - 2)) {
    assert.ok(!line.startsWith('#') && !line.startsWith('1. '), where('body is plain paragraphs'));
  }

  const sources: { name: string; url: string }[] = [];
  if (sourceAt >= 0) {
    assert.equal(lines[sourceAt + 1], '', where('blank after Source heading'));
    for (const line of lines.slice(sourceAt + 2, relatedAt - 1)) {
      const item = SOURCE_ITEM.exec(line);
      assert.ok(item, where(`source item ${line}`));
      sources.push({ name: item[1], url: item[2] });
    }
    assert.equal(lines[relatedAt - 1], '', where('blank before Related'));
  }
  assert.equal(lines[relatedAt + 1], '', where('blank after Related heading'));
  const related = lines.slice(relatedAt + 2).map((line): Related => {
    const item = RELATED_ITEM.exec(line);
    assert.ok(item, where(`related item ${line}`));
    return { number: Number(item[1]), text: item[2], target: item[3], context: item[4] === undefined ? [] : item[4].split(', ') };
  });

  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  return {
    path: file.path,
    bytes: Buffer.byteLength(file.text),
    folderDate: `${path[1]}-${path[2]}-${path[3].padStart(2, '0')}`,
    date: `${date[1]}-${date[2]}-${date[3]}`,
    dateIsReal: isRealDate(year, month, day),
    headline: lines[2].slice(2),
    sources,
    hasSourceSection: sourceAt >= 0,
    related,
  };
}

/** The independent rule from EVENT_FORMAT.md, written again here on purpose. */
function expectedSlug(headline: string): string {
  let out = '';
  let pendingDash = false;
  for (const ch of headline.slice(0, 140).toLowerCase()) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      if (pendingDash && out !== '') out += '-';
      out += ch;
      pendingDash = false;
    } else {
      pendingDash = true;
    }
  }
  return out;
}

/** Occurrences of each tag over every `_Context:` list of the corpus. */
function tagUsage(entries: readonly Entry[]): Map<string, number> {
  const usage = new Map<string, number>();
  for (const entry of entries) {
    for (const item of entry.related) for (const tag of item.context) usage.set(tag, (usage.get(tag) ?? 0) + 1);
  }
  return usage;
}

/** A naive checker for the six fault kinds; `code path` strings of everything it finds. */
function findFaults(entries: readonly Entry[]): string[] {
  const byPath = new Map(entries.map((e) => [`/${e.path}`, e]));
  const usage = tagUsage(entries);
  const found: string[] = [];
  const report = (code: FaultCode, entry: Entry): void => {
    if (!found.includes(`${code} ${entry.path}`)) found.push(`${code} ${entry.path}`);
  };
  for (const entry of entries) {
    if (!entry.dateIsReal) report('date.impossible', entry);
    else if (entry.date !== entry.folderDate) report('date.folderMismatch', entry);
    if (!entry.sources.some((s) => s.name !== 'Cover Image')) report('source.missing', entry);
    for (const item of entry.related) {
      const target = byPath.get(item.target);
      if (!target) report('related.dangling', entry);
      else if (target.headline.trim() !== item.text.trim()) report('related.staleTitle', entry);
      if (item.context.some((tag) => usage.get(tag) === 1)) report('context.likelyTypo', entry);
    }
  }
  return found.sort();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

suite('corpus generator', () => {
  const options: CorpusOptions = { entries: 1000, seed: 7, faults: true };
  let files: CorpusFile[] = [];
  let entries: Entry[] = [];

  suiteSetup(() => {
    files = [...generateCorpus(options)];
    entries = files.map(parse);
  });

  test('the same seed gives the same corpus, another seed another', () => {
    const a = [...generateCorpus({ entries: 300, seed: 1 })];
    const b = [...generateCorpus({ entries: 300, seed: 1 })];
    const c = [...generateCorpus({ entries: 300, seed: 2 })];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.map((f) => f.path), c.map((f) => f.path));
    assert.notDeepEqual(a.map((f) => f.text), c.map((f) => f.text));
    assert.deepEqual(plantedFaults(options), plantedFaults({ ...options }));
  });

  test('every entry parses in the shape of the real example', () => {
    assert.equal(entries.length, 1000);
    for (const entry of entries) {
      if (entry.hasSourceSection) {
        const publishers = entry.sources.filter((s) => s.name !== 'Cover Image');
        assert.ok(publishers.length >= 1 && publishers.length <= 3, entry.path);
        const cover = entry.sources.findIndex((s) => s.name === 'Cover Image');
        assert.ok(cover === -1 || cover === entry.sources.length - 1, `${entry.path}: cover image last`);
      }
    }
  });

  test('paths are unique, in range and padded as in real links', () => {
    assert.equal(new Set(files.map((f) => f.path)).size, files.length);
    for (const file of files) {
      const [, year, month, day] = PATH.exec(file.path) ?? [];
      assert.ok(Number(year) >= 1995 && Number(year) <= 2025, file.path);
      assert.ok(isRealDate(Number(year), Number(month), Number(day)), file.path);
    }
    // 1,000 entries fill about 70 days, spread at random over 1995–2025.
    const years = [...new Set(files.map((f) => Number(f.path.slice(5, 9))))];
    assert.ok(years.length >= 20 && Math.min(...years) <= 1997 && Math.max(...years) >= 2023, `years ${years.join()}`);
    const perDay = new Map<string, number>();
    for (const file of files) {
      const folder = file.path.slice(0, file.path.lastIndexOf('/'));
      perDay.set(folder, (perDay.get(folder) ?? 0) + 1);
    }
    const counts = [...perDay.values()];
    assert.ok(counts.slice(0, -1).every((c) => c >= 10 && c <= 20), 'ten to twenty entries a day');
    const withLeadingSpace = files.filter((f) => f.text.split('\n')[2].startsWith('#  ')).length;
    assert.ok(withLeadingSpace > 0, 'some headlines have a stray leading space');
  });

  test('slugs follow the headline rule, checked against the real example too', () => {
    for (const entry of entries) {
      const slug = entry.path.slice(entry.path.lastIndexOf('/') + 1, -'.md'.length);
      assert.equal(slug, expectedSlug(entry.headline), entry.path);
      assert.equal(slugOf(entry.headline), slug);
    }
    // Tests run from the project root, wherever the bundle lands.
    const example = readFileSync(
      join(process.cwd(), 'test/fixtures/example/news/2016/07/11/the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md'),
      'utf8',
    );
    const links = [...example.matchAll(/^\d+\. \[(.+)\]\(\/news\/[^)]*\/([a-z0-9-]+)\.md\)/gm)];
    assert.equal(links.length, 10);
    for (const [, text, slug] of links) {
      assert.equal(slugOf(text), slug);
      assert.equal(expectedSlug(text), slug);
    }
    assert.ok(files.some((f) => /\d,\d{3}/.test(f.text.split('\n')[2])), 'numbers with commas in headlines');
    assert.ok(files.some((f) => f.text.split('\n')[2].includes('U.S.')), 'U.S. in headlines');
    assert.ok(files.some((f) => f.text.split('\n')[2].includes("'")), 'apostrophes in headlines');
  });

  test('ten related items each, numbered 1 to 10, never the entry itself or twice', () => {
    for (const entry of entries) {
      assert.deepEqual(entry.related.map((r) => r.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], entry.path);
      const targets = entry.related.map((r) => r.target);
      assert.equal(new Set(targets).size, 10, entry.path);
      assert.ok(!targets.includes(`/${entry.path}`), entry.path);
    }
  });

  test('related links resolve to entries of the corpus, with their headlines as link text', () => {
    const byPath = new Map(entries.map((e) => [`/${e.path}`, e]));
    const planted = plantedFaults(options);
    const dangling = planted.filter((f) => f.code === 'related.dangling').map((f) => f.path);
    const stale = planted.filter((f) => f.code === 'related.staleTitle').map((f) => f.path);
    let unresolved = 0;
    for (const entry of entries) {
      for (const item of entry.related) {
        const target = byPath.get(item.target);
        if (!target) {
          unresolved++;
          assert.ok(dangling.includes(entry.path), `${entry.path} → ${item.target}`);
        } else if (!stale.includes(entry.path) || item.number !== 1) {
          assert.equal(item.text, target.headline, `${entry.path} → ${item.target}`);
        }
      }
    }
    assert.equal(unresolved, dangling.length);
  });

  test('contexts list shared tags: sorted, distinct, at most eight per entry', () => {
    for (const entry of entries) {
      const own = new Set<string>();
      for (const item of entry.related) {
        assert.ok(item.context.length > 0, entry.path);
        assert.deepEqual([...item.context].sort(), item.context, entry.path);
        assert.equal(new Set(item.context).size, item.context.length, entry.path);
        for (const tag of item.context) {
          assert.ok(!/[,_[\]]/.test(tag), tag);
          own.add(tag);
        }
      }
      assert.ok(own.size <= 8, `${entry.path} has ${own.size} tags`);
    }
  });

  test('sizes average 3–4 KB and spread from about 1.5 to 8 KB', () => {
    const sizes = entries.map((e) => e.bytes);
    const average = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    assert.ok(average >= 3000 && average <= 4000, `average ${average}`);
    assert.ok(Math.min(...sizes) >= 1400, `min ${Math.min(...sizes)}`);
    assert.ok(Math.max(...sizes) <= 8400, `max ${Math.max(...sizes)}`);
    assert.ok(sizes.filter((s) => s < 2500).length >= 20, 'some small entries');
    assert.ok(sizes.filter((s) => s > 5000).length >= 20, 'some large entries');
  });

  test('tag usage is skewed: the top tag is used far more than the median one', () => {
    const counts = [...tagUsage(entries).values()].sort((a, b) => b - a);
    assert.ok(counts.length >= 100, `${counts.length} distinct tags`);
    assert.ok(counts[0] >= 20 * median(counts), `top ${counts[0]}, median ${median(counts)}`);
  });

  test('planted faults are exactly what a naive checker finds', () => {
    const planted = plantedFaults(options);
    assert.deepEqual(planted.map((f) => f.code).sort(), [
      'context.likelyTypo', 'date.folderMismatch', 'date.impossible', 'related.dangling', 'related.staleTitle', 'source.missing',
    ]);
    assert.equal(new Set(planted.map((f) => f.path)).size, planted.length);
    assert.deepEqual(findFaults(entries), planted.map((f) => `${f.code} ${f.path}`).sort());
    const usage = tagUsage(entries);
    assert.equal(usage.get('Irak'), 1);
    assert.ok((usage.get('Iraq') ?? 0) >= 50, 'the typo is of a common tag');
  });

  test('without faults the corpus is clean', () => {
    const clean = { entries: 1000, seed: 7 };
    assert.deepEqual(plantedFaults(clean), []);
    assert.deepEqual(findFaults([...generateCorpus(clean)].map(parse)), []);
  });

  test('small corpora and bad options', () => {
    assert.deepEqual([...generateCorpus({ entries: 0, seed: 1 })], []);
    const tiny = [...generateCorpus({ entries: 5, seed: 1 })].map(parse);
    assert.ok(tiny.every((e) => e.related.length === 4));
    assert.throws(() => plantedFaults({ entries: 50, seed: 1, faults: true }), RangeError);
    assert.throws(() => [...generateCorpus({ entries: 10, seed: 1, startYear: 2030 })], RangeError);
    const late = [...generateCorpus({ entries: 200, seed: 3, startYear: 2020 })];
    assert.ok(late.every((f) => f.path >= 'news/2020/'));
  });

  test('writeCorpus writes every file and the read floor reads them back', async () => {
    const root = mkdtempSync(join(tmpdir(), 'corpus-test-'));
    try {
      const written = writeCorpus(root, { entries: 300, seed: 5 });
      const expected = [...generateCorpus({ entries: 300, seed: 5 })];
      assert.equal(written.files, 300);
      assert.equal(written.bytes, expected.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0));
      assert.equal(readFileSync(join(root, expected[123].path), 'utf8'), expected[123].text);
      for (const method of ['promises', 'sync', 'fastest'] as const) {
        const floor = await measureReadFloor(root, { method });
        assert.equal(floor.files, 300, method);
        assert.equal(floor.bytes, written.bytes, method);
      }
      assert.throws(() => writeCorpus(root, { entries: 10, seed: 5 }), /already exists/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
