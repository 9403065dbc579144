import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type EntriesConfig } from '../../server/src/core/config';
import type { EntryDiagnostic } from '../../server/src/core/diagnostics/diagnose';
import { readEntry } from '../../server/src/core/extractor';
import { decodeFile, utf8Length } from '../../server/src/core/fileContent';
import { resolveLinkFrom } from '../../server/src/core/links';
import { EntriesService } from '../../server/src/core/service';
import { checkWorkspace, type FileReport } from '../../server/src/core/workspaceCheck';
import { NEVER_CANCELLED, SILENT_LOGGER } from '../../server/src/core/workspace';
import { TODAY, entry, relatedItem } from './helpers/fixture';
import { MemoryFileSystem, WORKSPACE_URI, uriOf } from './helpers/memoryFs';
import { repoRoot } from './helpers/paths';
import { seeded } from './helpers/random';

const EXAMPLE_PATH = 'news/2016/07/11/the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md';
const EXAMPLE = readFileSync(join(repoRoot(), 'test/fixtures/example', EXAMPLE_PATH), 'utf8');
const HERE = 'news/2016/07/11/a-test-event-happens.md';
const MB = 1024 * 1024;

/** A service over an in-memory workspace that counts the texts its reader was given. */
async function serviceOver(files: Record<string, string | Uint8Array>, config: Partial<EntriesConfig> = {}) {
  const fs = new MemoryFileSystem(files);
  const readTexts: number[] = [];
  const service = new EntriesService({
    fs, logger: SILENT_LOGGER, today: () => TODAY,
    reader: (text) => {
      readTexts.push(text.length);
      return readEntry(text);
    },
  });
  service.indexer.setFolders([{ uri: WORKSPACE_URI, config: { ...DEFAULT_CONFIG, ...config } }]);
  await service.indexer.indexAll(NEVER_CANCELLED);
  return { fs, service, readTexts };
}

function codesAndText(text: string, diagnostics: readonly EntryDiagnostic[]): [string, string][] {
  return diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
}

/** Related items, one a line, linking to many distinct entries; about 60 bytes each. */
function manyRelatedItems(count: number, tags = 'Iraq, U.S.'): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(relatedItem(i + 1, `Event ${i}.`, `/news/2016/07/10/event-${i}.md`, tags));
  return lines.join('\n');
}

suite('bad input: degenerate entries', () => {
  test('an empty file is indexed as an entry of nothing and diagnosed at offset 0', async () => {
    const { service } = await serviceOver({ [HERE]: '' });
    const { uri, date, headline, publishers, links } = service.index.get(uriOf(HERE))!;
    assert.deepEqual({ uri, date, headline, publishers, links }, { uri: uriOf(HERE), date: undefined, headline: '', publishers: [], links: [] });
    service.setDocument(uriOf(HERE), 1, '');
    const diagnostics = service.diagnoseDocument(uriOf(HERE));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.span]), [
      ['date.missing', { start: 0, end: 0 }], ['headline.missing', { start: 0, end: 0 }], ['source.missing', { start: 0, end: 0 }],
    ]);
  });

  test('a lone # is an empty headline: reported on the #', async () => {
    const { service } = await serviceOver({});
    for (const text of ['#', '#\n', '# \r\n', '\uFEFF#']) {
      service.setDocument(uriOf(HERE), 1, text);
      const spans = service.diagnoseDocument(uriOf(HERE)).map((d) => [d.code, d.span.start, text.slice(d.span.start, d.span.end).trim()]);
      const at = text.indexOf('#');
      assert.deepEqual(spans, [['date.missing', at, '#'], ['headline.missing', at, '#'], ['source.missing', at, '#']], JSON.stringify(text));
    }
    service.setDocument(uriOf(HERE), 2, entry({ headline: '' }));
    assert.deepEqual(service.diagnoseDocument(uriOf(HERE)).map((d) => d.code), ['headline.missing']);
  });

  test('whole-file problems sit on the first line, whatever its line break', async () => {
    const { service } = await serviceOver({});
    for (const text of ['no heading here\rsecond line', 'no heading here\r\nsecond', 'no heading here\nsecond', '\uFEFFno heading here']) {
      service.setDocument(uriOf(HERE), 1, text);
      const spans = service.diagnoseDocument(uriOf(HERE)).map((d) => text.slice(d.span.start, d.span.end));
      assert.deepEqual(spans, ['no heading here', 'no heading here', 'no heading here'], JSON.stringify(text));
    }
  });

  test('an open text with NUL characters and broken surrogates is diagnosed without throwing', async () => {
    const { service } = await serviceOver({});
    const random = seeded(7);
    let text = entry();
    for (let i = 0; i < 200; i++) {
      const at = random.below(text.length);
      text = text.slice(0, at) + random.pick(['\0', '\ud800', '\udfff', '\x01', '\uFFFD']) + text.slice(at);
    }
    service.setDocument(uriOf(HERE), 1, text);
    for (const d of service.diagnoseDocument(uriOf(HERE))) assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length);
  });
});

suite('bad input: files that are not read', () => {
  test('a file with NUL bytes is skipped as file.binary and never parsed', async () => {
    const bytes = new TextEncoder().encode(entry());
    bytes[10] = 0;
    const { service, readTexts } = await serviceOver({ [HERE]: bytes });
    assert.deepEqual(service.indexer.skippedFiles().map((f) => [f.uri, f.problem, f.size]), [[uriOf(HERE), 'file.binary', bytes.length]]);
    assert.equal(service.index.has(uriOf(HERE)), false);
    assert.deepEqual(readTexts, []);
  });

  test('a 10 MB file is skipped as file.tooLarge without being decoded or parsed', async () => {
    const big = `${entry({ related: manyRelatedItems(1) })}${'x'.repeat(10 * MB)}`;
    const { service, readTexts } = await serviceOver({ [HERE]: big, 'news/2016/07/10/small.md': entry() });
    assert.deepEqual(service.indexer.skippedFiles().map((f) => [f.uri, f.problem, f.size]), [[uriOf(HERE), 'file.tooLarge', big.length]]);
    assert.equal(service.index.has(uriOf(HERE)), false);
    assert.deepEqual(readTexts, [entry().length], 'only the small file was parsed');
  });

  test('the size limit counts UTF-8 bytes, on disk and in open buffers alike', async () => {
    const max = 1000;
    const accents = 'é'.repeat(600); // 600 characters, 1,200 bytes
    const { service } = await serviceOver({ 'news/2016/07/11/ascii.md': 'a'.repeat(max), 'news/2016/07/11/accents.md': accents }, { maxFileSize: max });
    assert.deepEqual(service.indexer.skippedFiles().map((f) => [f.uri, f.size]), [[uriOf('news/2016/07/11/accents.md'), 1200]]);
    service.setDocument(uriOf(HERE), 1, accents);
    assert.deepEqual(service.diagnoseDocument(uriOf(HERE)).map((d) => d.code), ['file.tooLarge']);
    service.setDocument(uriOf(HERE), 2, 'a'.repeat(max));
    assert.ok(!service.diagnoseDocument(uriOf(HERE)).some((d) => d.code === 'file.tooLarge'));
  });

  test('utf8Length agrees with TextEncoder, lone surrogates and all', () => {
    const random = seeded(99);
    const pieces = ['a', 'é', '€', '🌊', '\ud800', '\udc00', '\0', '\uFEFF'];
    for (let round = 0; round < 500; round++) {
      let text = '';
      for (let i = random.below(30); i > 0; i--) text += random.pick(pieces);
      assert.equal(utf8Length(text), new TextEncoder().encode(text).length, JSON.stringify(text));
    }
  });

  test('opening a 10 MB document returns at once: not parsed, one file.tooLarge, no index record', async function () {
    this.timeout(15_000); // a hang guard: a full parse of this text takes minutes
    const { service } = await serviceOver({});
    const related = manyRelatedItems(200);
    let text = entry({ related });
    while (text.length < 10 * MB) text += `\n${related}`;
    const uri = uriOf(HERE);
    const document = service.setDocument(uri, 1, text);
    assert.equal(document.entry.headings.length, 0);
    assert.equal(document.entry.length, text.length);
    assert.equal(service.index.has(uri), false);
    const diagnostics = service.diagnoseDocument(uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.data]), [['file.tooLarge', 'warning', { size: text.length, maxFileSize: DEFAULT_CONFIG.maxFileSize }]]);
    assert.equal(text.slice(diagnostics[0].span.start, diagnostics[0].span.end), '### [2016-07-11](/news/2016/07/11/index.md)');
    assert.match(diagnostics[0].message, /10\.\d MB, over the 2\.0 MB limit/);
    // Back under the limit, the same document is parsed and indexed again.
    service.setDocument(uri, 2, entry());
    assert.deepEqual(service.diagnoseDocument(uri), []);
    assert.equal(service.index.get(uri)?.headline, 'A test event happens.');
  });

  test('file.tooLarge on an open document follows the severity setting', async () => {
    const { service } = await serviceOver({}, { maxFileSize: 10, severity: { 'file.tooLarge': 'off' } });
    service.setDocument(uriOf(HERE), 1, entry());
    assert.deepEqual(service.diagnoseDocument(uriOf(HERE)), []);
  });

  test('invalid UTF-8 is indexed with U+FFFD; only the workspace check reports file.encoding', async () => {
    const good = new TextEncoder().encode(entry({ headline: 'Café X.' }));
    const bad = new Uint8Array([...good.slice(0, good.indexOf(0xc3)), 0xc3, 0x28, 0xff, ...good.slice(good.indexOf(0xc3) + 2)]);
    const decoded = decodeFile(bad, DEFAULT_CONFIG.maxFileSize);
    assert.equal(decoded.kind, 'text');
    assert.equal(decoded.problem, 'file.encoding');
    const binary = new Uint8Array([...good.slice(0, 20), 0, ...good.slice(20)]);
    const { service } = await serviceOver({ [HERE]: bad, 'news/2016/07/11/binary.md': binary, 'news/2016/07/11/good.md': good });
    assert.equal(service.index.get(uriOf(HERE))?.headline, 'Caf\uFFFD(\uFFFD X.');
    const reports: FileReport[] = [];
    await checkWorkspace(service, NEVER_CANCELLED, (file) => reports.push(file));
    assert.deepEqual(reports.map((r) => [r.uri, r.diagnostics.map((d) => d.code)]).sort(), [
      [uriOf(HERE), ['file.encoding']],
      [uriOf('news/2016/07/11/binary.md'), ['file.binary']],
    ]);
  });

  test('decodeFile: a BOM is dropped, the size limit comes before the NUL scan', () => {
    const text = new TextEncoder().encode('\uFEFF# H');
    assert.deepEqual(decodeFile(text, 100), { kind: 'text', text: '# H' });
    assert.deepEqual(decodeFile(new Uint8Array([0x23, 0, 0x23]), 2), { kind: 'skipped', problem: 'file.tooLarge', size: 3 });
    assert.deepEqual(decodeFile(new Uint8Array([0x23, 0, 0x23]), 3), { kind: 'skipped', problem: 'file.binary', size: 3 });
    // An encoded surrogate (ED A0 80) and an overlong slash (C0 AF) are not UTF-8.
    for (const bytes of [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82]]) {
      assert.equal(decodeFile(new Uint8Array(bytes), 100).problem, 'file.encoding', bytes.join(' '));
    }
  });
});

suite('bad input: line breaks and BOMs', () => {
  const stubs: Record<string, string> = {};
  for (const match of EXAMPLE.matchAll(/^\d+\. \[(.*)\]\((\/news\/(\d{4})\/(\d{2})\/(\d{1,2})\/[^)]+)\)/gm)) {
    const [, title, target, year, month, day] = match;
    stubs[target.slice(1)] = entry({ date: `${year}-${month}-${day.padStart(2, '0')}`, dayLink: `/news/${year}/${month}/${day}/index.md`, headline: title.trim() });
  }

  test('the example with CRLF or a BOM, on disk and open, indexes and diagnoses as with LF', async () => {
    for (const [label, text] of [['CRLF', EXAMPLE.replace(/\n/g, '\r\n')], ['BOM', `\uFEFF${EXAMPLE}`], ['BOM+CRLF', `\uFEFF${EXAMPLE.replace(/\n/g, '\r\n')}`]]) {
      const { service } = await serviceOver({ ...stubs, [EXAMPLE_PATH]: text });
      const plain = (await serviceOver({ ...stubs, [EXAMPLE_PATH]: EXAMPLE })).service;
      assert.deepEqual({ ...service.index.get(uriOf(EXAMPLE_PATH)), size: 0 }, { ...plain.index.get(uriOf(EXAMPLE_PATH)), size: 0 }, `${label}: the same record, from a file of another size`);
      service.setDocument(uriOf(EXAMPLE_PATH), 1, text);
      assert.deepEqual(service.diagnoseDocument(uriOf(EXAMPLE_PATH)), [], label);
    }
  });

  test('CRLF and BOM: diagnostic spans cover exactly the offending text', async () => {
    const { service } = await serviceOver({});
    const bad = entry({ date: '2016-7-11', related: relatedItem(1, 'X', '/news/2016/07/9/gone.md') });
    for (const text of [bad.replace(/\n/g, '\r\n'), `\uFEFF${bad}`, `\uFEFF${bad.replace(/\n/g, '\r')}`]) {
      service.setDocument(uriOf(HERE), 1, text);
      assert.deepEqual(codesAndText(text, service.diagnoseDocument(uriOf(HERE))), [
        ['date.malformed', '2016-7-11'], ['related.dangling', '/news/2016/07/9/gone.md'],
      ], JSON.stringify(text.slice(0, 20)));
    }
  });
});

suite('bad input: links that climb out', () => {
  const CLIMBERS = ['/news/../../etc/passwd', '../../x.md', '/news/2016/07/11/%2e%2e/x.md', '/news/2016/07/11/../../../../x.md', '/news/2016/07/11/..%2F..%2Fx.md', '/news/2016/07/11/..\\x.md', 'file:///etc/passwd', '//evil/news/2016/07/11/x.md'];

  test('resolveLinkFrom and the index resolve none of them, from a file or an untitled buffer', async () => {
    const { service } = await serviceOver({ [HERE]: entry() });
    for (const target of CLIMBERS) {
      assert.equal(resolveLinkFrom(uriOf(HERE), target), undefined, target);
      assert.equal(service.index.resolveLink(uriOf(HERE), target), undefined, target);
      assert.equal(service.index.resolveLink('untitled:Untitled-1', target), undefined, target);
    }
  });

  test('they are reported as related.badTarget, and nothing outside the workspace is read', async () => {
    const { fs, service } = await serviceOver({ [HERE]: entry(), 'news/2016/07/10/x.md': entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md' }) });
    const text = entry({ related: CLIMBERS.map((target, i) => relatedItem(i + 1, 'X', target)).join('\n') });
    for (const uri of [uriOf(HERE), 'file:///elsewhere/news/2016/07/11/x.md', 'untitled:Untitled-1']) {
      service.setDocument(uri, 1, text);
      const diagnostics = service.diagnoseDocument(uri);
      assert.deepEqual(codesAndText(text, diagnostics), CLIMBERS.map((target) => ['related.badTarget', target]), uri);
      service.closeDocument(uri);
    }
    assert.ok(fs.reads.length > 0);
    for (const read of fs.reads) assert.ok(read.startsWith(`${WORKSPACE_URI}/`), read);
  });
});

suite('bad input: 5,000 related items', () => {
  test('diagnostics come complete: every dangling link, stale title and typo', async function () {
    this.timeout(30_000); // a hang guard; see the report for measured times
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`news/2016/07/10/event-${i}.md`] = entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: `Event ${i}.` });
    const { service } = await serviceOver(files);
    // Every item also carries a tag of its own, so that the typo finder searches 5,000 rare tags.
    const lines = manyRelatedItems(5000).split('\n').map((line, i) => line.replace(/_$/, `, Topic ${i}_`));
    for (let i = 0; i < 60; i += 10) lines[i] = relatedItem(i + 1, `Old title ${i}.`, `/news/2016/07/10/event-${i}.md`);
    lines[7] = relatedItem(8, 'Event 7.', '/news/2016/07/10/event-7.md', 'Iraqq, U.S.');
    const text = entry({ related: lines.join('\n') });
    const uri = uriOf(HERE);
    service.setDocument(uri, 1, text);
    assert.equal(service.document(uri)?.entry.related?.items.length, 5000);
    const counts = new Map<string, number>();
    for (const d of service.diagnoseDocument(uri)) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(counts), { 'related.staleTitle': 6, 'context.likelyTypo': 1, 'related.dangling': 4940 });
    assert.equal(service.index.tagCount('Iraq'), 4999);
  });
});
