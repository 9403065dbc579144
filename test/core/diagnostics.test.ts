import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG } from '../../server/src/core/diagnostics/catalog';
import { entry, relatedItem, workspace, type Fixture } from './helpers/fixture';
import { repoRoot } from './helpers/paths';

const EXAMPLE_PATH = 'news/2016/07/11/the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md';
const EXAMPLE = readFileSync(join(repoRoot(), 'test/fixtures/example', EXAMPLE_PATH), 'utf8');
const HERE = 'news/2016/07/11/a-test-event-happens.md';
const OTHER = 'news/2016/07/10/another-event.md';
const OTHER_ENTRY = entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'Another event.' });

/** Codes reported for a text opened at a path of a workspace. */
async function codesOf(text: string, files: Record<string, string> = {}, path = HERE): Promise<string[]> {
  const fixture = await workspace({ ...files, [path]: text });
  return diagnose(fixture, path, text).map((d) => d.code);
}

function diagnose(fixture: Fixture, path: string, text: string) {
  const { uri } = fixture.open(path, text);
  return fixture.service.diagnoseDocument(uri);
}

/** The text a diagnostic's span covers. */
function spanText(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

suite('diagnostics: the real example entry', () => {
  test('alone in a workspace it yields exactly its ten dangling links', async () => {
    const fixture = await workspace({ [EXAMPLE_PATH]: EXAMPLE });
    const diagnostics = diagnose(fixture, EXAMPLE_PATH, EXAMPLE);
    assert.deepEqual(diagnostics.map((d) => d.code), Array(10).fill('related.dangling'));
    for (const d of diagnostics) assert.match(spanText(EXAMPLE, d.span), /^\/news\/\d{4}\/\d{2}\/\d{1,2}\/[a-z0-9-]+\.md$/);
  });

  test('with stub entries for its ten targets it yields nothing', async () => {
    const files: Record<string, string> = { [EXAMPLE_PATH]: EXAMPLE };
    for (const match of EXAMPLE.matchAll(/^\d+\. \[(.*)\]\((\/news\/(\d{4})\/(\d{2})\/(\d{1,2})\/[^)]+)\)/gm)) {
      const [, title, target, year, month, day] = match;
      files[target.slice(1)] = entry({ date: `${year}-${month}-${day.padStart(2, '0')}`, dayLink: `/news/${year}/${month}/${day}/index.md`, headline: title.trim() });
    }
    assert.equal(Object.keys(files).length, 11);
    const fixture = await workspace(files);
    assert.deepEqual(diagnose(fixture, EXAMPLE_PATH, EXAMPLE), []);
  });
});

suite('diagnostics: dates', () => {
  test('a well-formed entry has no problem', async () => {
    assert.deepEqual(await codesOf(entry()), []);
  });
  test('date.missing', async () => {
    assert.deepEqual(await codesOf(entry({ dateLine: null })), ['date.missing']);
  });
  test('date.malformed, on the date text', async () => {
    const text = entry({ date: '2016-7-11' });
    const fixture = await workspace({});
    const [d] = diagnose(fixture, HERE, text);
    assert.equal(d.code, 'date.malformed');
    assert.equal(spanText(text, d.span), '2016-7-11');
  });
  test('date.impossible for a 30th of February and a 13th month', async () => {
    assert.deepEqual(await codesOf(entry({ date: '2016-02-30', dayLink: '/news/2016/02/30/index.md' }), {}, 'news/2016/02/30/x.md'), ['date.impossible']);
    assert.deepEqual(await codesOf(entry({ date: '2016-13-01' })), ['date.impossible']);
    assert.deepEqual(await codesOf(entry({ date: '2016-02-29', dayLink: '/news/2016/02/29/index.md' }), {}, 'news/2016/02/29/x.md'), []);
  });
  test('date.dayLinkMismatch: the day folder is not zero-padded', async () => {
    const text = entry({ date: '2016-08-05', dayLink: '/news/2016/08/05/index.md' });
    const fixture = await workspace({});
    const diagnostics = diagnose(fixture, 'news/2016/08/5/x.md', text);
    assert.deepEqual(diagnostics.map((d) => d.code), ['date.dayLinkMismatch']);
    assert.equal(diagnostics[0].data.expected, '/news/2016/08/5/index.md');
    assert.equal(spanText(text, diagnostics[0].span), '/news/2016/08/05/index.md');
  });
  test('date.noDayLink when the date line is plain text', async () => {
    assert.deepEqual(await codesOf(entry({ dateLine: '### 2016-07-11' })), ['date.noDayLink']);
  });
  test('date.folderMismatch carries the folder date', async () => {
    const fixture = await workspace({});
    const [d, ...rest] = diagnose(fixture, 'news/2016/07/12/x.md', entry());
    assert.equal(rest.length, 0);
    assert.equal(d.code, 'date.folderMismatch');
    assert.equal(d.data.folderDate, '2016-07-12');
  });
  test('date.future after today, not on today', async () => {
    assert.deepEqual(await codesOf(entry({ date: '2026-11-25', dayLink: '/news/2026/11/25/index.md' }), {}, 'news/2026/11/25/x.md'), ['date.future']);
    assert.deepEqual(await codesOf(entry({ date: '2026-11-24', dayLink: '/news/2026/11/24/index.md' }), {}, 'news/2026/11/24/x.md'), []);
  });
});

suite('diagnostics: sources', () => {
  test('source.missing on the headline', async () => {
    const text = entry({ sources: null });
    const fixture = await workspace({});
    const [d] = diagnose(fixture, HERE, text);
    assert.equal(d.code, 'source.missing');
    assert.equal(spanText(text, d.span), '# A test event happens. ');
  });
  test('source.empty', async () => {
    assert.deepEqual(await codesOf(entry({ sources: '' })), ['source.empty']);
  });
  test('source.noLink and source.invalidUrl', async () => {
    assert.deepEqual(await codesOf(entry({ sources: '1. BBC, no link' })), ['source.noLink']);
    assert.deepEqual(await codesOf(entry({ sources: '1. [BBC](www.bbc.com/news)' })), ['source.invalidUrl']);
    assert.deepEqual(await codesOf(entry({ sources: '1. [BBC](ftp://bbc.com/news)' })), ['source.invalidUrl']);
    assert.deepEqual(await codesOf(entry({ sources: '1. [BBC](/news/2016/07/11/x.md)' })), ['source.invalidUrl']);
  });
  test('source.onlyCoverImage, but a cover image beside a source is fine', async () => {
    assert.deepEqual(await codesOf(entry({ sources: '1. [Cover Image](https://x.org/a.jpg)' })), ['source.onlyCoverImage']);
    assert.deepEqual(await codesOf(entry({ sources: '1. [BBC](https://bbc.com/a)\n1. [Cover Image](https://x.org/a.jpg)' })), []);
  });
  test('source.duplicateUrl on the second occurrence', async () => {
    const text = entry({ sources: '1. [BBC](https://bbc.com/a)\n1. [CNN](https://cnn.com/b)\n1. [BBC](https://bbc.com/a)' });
    const fixture = await workspace({});
    const diagnostics = diagnose(fixture, HERE, text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.data.firstItem]), [['source.duplicateUrl', 1]]);
    assert.equal(diagnostics[0].span.start, text.lastIndexOf('https://bbc.com/a'));
  });
});

suite('diagnostics: related', () => {
  const other = { [OTHER]: OTHER_ENTRY };
  test('a good related item has no problem', async () => {
    assert.deepEqual(await codesOf(entry({ related: relatedItem(1, 'Another event.', '/news/2016/07/10/another-event.md') }), other), []);
  });
  test('related.dangling is an error on the target', async () => {
    const text = entry({ related: relatedItem(1, 'Gone.', '/news/2016/07/9/gone.md') });
    const fixture = await workspace(other);
    const [d] = diagnose(fixture, HERE, text);
    assert.deepEqual([d.code, d.severity, spanText(text, d.span)], ['related.dangling', 'error', '/news/2016/07/9/gone.md']);
  });
  test('related.badTarget for other forms and for day pages', async () => {
    for (const target of ['news/2016/07/10/another-event.md', '/news/2016/7/10/another-event.md', '/news/2016/07/010/another-event.md', 'https://example.com/x', '/news/../../etc/passwd', '../../x.md', '/news/2016/07/10/Another.md']) {
      assert.deepEqual(await codesOf(entry({ related: relatedItem(1, 'X', target) }), other), ['related.badTarget'], target);
    }
    const fixture = await workspace(other);
    const [d] = diagnose(fixture, HERE, entry({ related: relatedItem(1, 'X', '/news/2016/07/10/index.md') }));
    assert.deepEqual([d.code, d.data.reason], ['related.badTarget', 'dayPage']);
  });
  test('related.impossibleDate', async () => {
    assert.deepEqual(await codesOf(entry({ related: relatedItem(1, 'X', '/news/2016/02/30/x.md') })), ['related.impossibleDate']);
    assert.deepEqual(await codesOf(entry({ related: relatedItem(1, 'X', '/news/2016/13/1/x.md') })), ['related.impossibleDate']);
  });
  test('related.staleTitle ignores surrounding whitespace and carries the headline', async () => {
    assert.deepEqual(await codesOf(entry({ related: relatedItem(1, ' Another event. ', '/news/2016/07/10/another-event.md') }), other), []);
    const text = entry({ related: relatedItem(1, 'An old title.', '/news/2016/07/10/another-event.md') });
    const fixture = await workspace(other);
    const [d] = diagnose(fixture, HERE, text);
    assert.deepEqual([d.code, d.data.headline, spanText(text, d.span)], ['related.staleTitle', 'Another event.', 'An old title.']);
  });
  test('related.missingContext', async () => {
    assert.deepEqual(await codesOf(entry({ related: '1. [Another event.](/news/2016/07/10/another-event.md)' }), other), ['related.missingContext']);
  });
  test('related.duplicate and related.self', async () => {
    const twice = [relatedItem(1, 'Another event.', '/news/2016/07/10/another-event.md'), relatedItem(2, 'Another event.', '/news/2016/07/10/another-event.md')].join('\n');
    assert.deepEqual(await codesOf(entry({ related: twice }), other), ['related.duplicate']);
    assert.deepEqual(await codesOf(entry({ related: relatedItem(1, 'A test event happens.', `/${HERE}`) })), ['related.self']);
  });
  test('related.noLink', async () => {
    assert.deepEqual(await codesOf(entry({ related: '1. Just words _Context: Iraq_' })), ['related.noLink']);
  });
  test('context.likelyTypo only in a large enough workspace, with the close spelling', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 60; i++) {
      files[`news/2015/01/${(i % 28) + 1}/e${i}.md`] = entry({
        date: `2015-01-${String((i % 28) + 1).padStart(2, '0')}`, dayLink: `/news/2015/01/${(i % 28) + 1}/index.md`, headline: `Event ${i}.`,
        related: relatedItem(1, 'Another event.', '/news/2016/07/10/another-event.md', 'Iraq, Syria'),
      });
    }
    files[OTHER] = OTHER_ENTRY;
    const text = entry({ related: relatedItem(1, 'Another event.', '/news/2016/07/10/another-event.md', 'Irak, Syria, Kurdistan') });
    const fixture = await workspace(files);
    const diagnostics = diagnose(fixture, HERE, text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.data.tag, d.data.suggestion, spanText(text, d.span)]), [['context.likelyTypo', 'Irak', 'Iraq', 'Irak']]);
    assert.deepEqual(await codesOf(text, { [OTHER]: OTHER_ENTRY }), [], 'silent in a small workspace');
  });
});

suite('diagnostics: structure', () => {
  test('headline.missing and headline.multiple', async () => {
    assert.deepEqual(await codesOf(entry({ headline: null })), ['headline.missing']);
    assert.deepEqual(await codesOf(entry({ body: '# A second headline' })), ['headline.multiple']);
  });
  test('structure.order', async () => {
    const text = '### [2016-07-11](/news/2016/07/11/index.md)\n\n# A test event happens.\n\n### Related:\n\n### Source:\n\n1. [BBC](https://bbc.com/a)\n';
    assert.deepEqual(await codesOf(text), ['structure.order']);
  });
  test('structure.unknownSection', async () => {
    assert.deepEqual(await codesOf(entry({ body: 'Body.\n\n## Background\n\nMore.' })), ['structure.unknownSection']);
  });
  test('a day page is not an entry', async () => {
    assert.deepEqual(await codesOf('# Events of 11 July 2016\n', {}, 'news/2016/07/11/index.md'), []);
  });
});

suite('diagnostics: severity settings', () => {
  test('a code can be turned off or have its severity changed', async () => {
    const text = entry({ sources: null });
    const off = await workspace({}, { severity: { 'source.missing': 'off' } });
    assert.deepEqual(diagnose(off, HERE, text), []);
    const error = await workspace({}, { severity: { 'source.missing': 'error' } });
    assert.equal(diagnose(error, HERE, text)[0].severity, 'error');
  });
  test('every catalog code is documented in README with its default severity', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    for (const [code, { severity }] of Object.entries(CATALOG)) {
      assert.match(readme, new RegExp(`\\| \`${code.replace('.', '\\.')}\` \\| ${severity} \\|`), code);
    }
  });
});
