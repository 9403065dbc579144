import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventEntry, Span } from '../../server/src/core/model';
import { parseEntry } from '../../server/src/core/parser';
import { LineIndex } from '../../server/src/core/textLines';
import { repoRoot } from './helpers/paths';
import { seeded, type Random } from './helpers/random';

const EXAMPLE_PATH = 'news/2016/07/11/the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md';
const EXAMPLE = readFileSync(join(repoRoot(), 'test/fixtures/example', EXAMPLE_PATH), 'utf8');
const LINES = EXAMPLE.split('\n');

/** The offset where a line of the LF example starts. */
function lineStart(line: number): number {
  return LINES.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0);
}

function slice(text: string, span: Span | undefined): string {
  assert.ok(span, 'span is missing');
  return text.slice(span.start, span.end);
}

/** Every span of a model with a name saying where it comes from, in a stable order. */
function spansOf(entry: EventEntry): [string, Span][] {
  const out: [string, Span][] = [];
  const date = entry.dateLine;
  if (date) {
    out.push(['date', date.span], ['date.text', date.textSpan]);
    if (date.targetSpan) out.push(['date.target', date.targetSpan]);
  }
  entry.headlines.forEach((h, i) => out.push([`headline ${i}`, h.span]));
  entry.body.forEach((b, i) => out.push([`body ${i}`, b.span]));
  entry.headings.forEach((h, i) => out.push([`heading ${i}`, h.span]));
  if (entry.sources) out.push(['sources', entry.sources.headingSpan]);
  entry.sources?.items.forEach((item, i) => {
    out.push([`source ${i}`, item.span]);
    if (item.link) out.push([`source ${i} text`, item.link.textSpan], [`source ${i} url`, item.link.urlSpan]);
  });
  if (entry.related) out.push(['related', entry.related.headingSpan]);
  entry.related?.items.forEach((item, i) => {
    out.push([`related ${i}`, item.span]);
    if (item.link) out.push([`related ${i} title`, item.link.titleSpan], [`related ${i} target`, item.link.targetSpan]);
    if (item.context) {
      out.push([`related ${i} context`, item.context.span]);
      item.context.tags.forEach((tag, j) => out.push([`related ${i} tag ${j}`, tag.span]));
    }
  });
  return out;
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** The structural promises of the model, which hold for any input at all. */
function assertWellFormed(text: string, entry: EventEntry, label: string): void {
  const where = (what: string): string => `${label}: ${what} in ${JSON.stringify(text.slice(0, 300))}`;
  assert.equal(entry.length, text.length, where('length'));
  for (const [name, span] of spansOf(entry)) {
    assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), where(`${name} not integral`));
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, where(`${name} ${JSON.stringify(span)} out of bounds`));
  }
  for (let i = 1; i < entry.headings.length; i++) {
    assert.ok(entry.headings[i - 1].span.end <= entry.headings[i].span.start, where('headings overlap or are out of order'));
  }
  for (const item of [...(entry.sources?.items ?? []), ...(entry.related?.items ?? [])]) {
    const link = item.link;
    if (!link) continue;
    const [textSpan, urlSpan, url] = 'url' in link ? [link.textSpan, link.urlSpan, link.url] : [link.titleSpan, link.targetSpan, link.target];
    assert.ok(within(textSpan, item.span) && within(urlSpan, item.span), where('link outside its item'));
    assert.ok(textSpan.end <= urlSpan.start, where('link text after its destination'));
    // Without escapes or references, the destination as written is the destination (NUL reads as U+FFFD).
    const written = slice(text, urlSpan).replace(/\0/g, '\uFFFD');
    if (!/[\\&]/.test(written)) assert.equal(written, url, where('destination span'));
  }
  for (const item of entry.related?.items ?? []) {
    const context = item.context;
    if (!context) continue;
    assert.ok(within(context.span, item.span), where('context outside its item'));
    assert.ok(context.listStart >= context.span.start && context.listStart <= context.span.end, where('context list start'));
    for (const tag of context.tags) {
      assert.ok(tag.span.start >= context.listStart && tag.span.end <= context.span.end, where(`tag ${tag.name} outside its list`));
      assert.equal(slice(text, tag.span), tag.name, where('tag span'));
      assert.ok(tag.name.length > 0 && !tag.name.includes(',') && tag.name.trim() === tag.name, where(`tag ${JSON.stringify(tag.name)}`));
    }
  }
}

suite('parser: the real example, part by part', () => {
  const entry = parseEntry(EXAMPLE);

  test('the date line: whole line, date text and day-page target', () => {
    const date = entry.dateLine!;
    assert.equal(slice(EXAMPLE, date.span), '### [2016-07-11](/news/2016/07/11/index.md)');
    assert.equal(date.text, '2016-07-11');
    assert.deepEqual(date.textSpan, { start: 5, end: 15 });
    assert.equal(date.target, '/news/2016/07/11/index.md');
    assert.deepEqual(date.targetSpan, { start: 17, end: 42 });
    assert.equal(slice(EXAMPLE, date.targetSpan), date.target);
  });

  test('one headline: its text without the trailing space, its span the whole heading line', () => {
    assert.equal(entry.headlines.length, 1);
    const [headline] = entry.headlines;
    assert.equal(headline.text, 'The United States announces it will be sending 560 more United States Armed Forces soldiers to Iraq to help fight against ISIL.');
    assert.equal(LINES[2].endsWith('ISIL. '), true);
    assert.deepEqual(headline.span, { start: lineStart(2), end: lineStart(2) + LINES[2].length });
  });

  test('one body paragraph', () => {
    assert.equal(entry.body.length, 1);
    assert.equal(entry.body[0].text, LINES[4]);
    assert.deepEqual(entry.body[0].span, { start: lineStart(4), end: lineStart(4) + LINES[4].length });
  });

  test('sources: the BBC link and the cover image, with exact text and URL spans', () => {
    const sources = entry.sources!;
    assert.equal(slice(EXAMPLE, sources.headingSpan), '### Source:');
    assert.equal(sources.items.length, 2);
    const [bbc, cover] = sources.items;
    assert.equal(slice(EXAMPLE, bbc.span), LINES[9]);
    assert.equal(bbc.link!.text, 'BBC');
    assert.deepEqual(bbc.link!.textSpan, { start: lineStart(9) + 4, end: lineStart(9) + 7 });
    assert.equal(bbc.link!.url, 'http://www.bbc.com/news/world-middle-east-36766417');
    assert.equal(slice(EXAMPLE, bbc.link!.urlSpan), bbc.link!.url);
    assert.equal(bbc.link!.urlSpan.start, lineStart(9) + '1. [BBC]('.length);
    assert.equal(bbc.isCoverImage, false);
    assert.equal(slice(EXAMPLE, cover.span), LINES[10]);
    assert.equal(cover.link!.text, 'Cover Image');
    assert.equal(slice(EXAMPLE, cover.link!.textSpan), 'Cover Image');
    assert.equal(cover.link!.url, 'http://ichef-1.bbci.co.uk/news/1024/cpsprodpb/2516/production/_90349490_mediaitem90349489.jpg');
    assert.equal(slice(EXAMPLE, cover.link!.urlSpan), cover.link!.url);
    assert.equal(cover.isCoverImage, true);
  });

  test('related: ten items, each title, target and context tag with its own span', () => {
    const related = entry.related!;
    assert.equal(slice(EXAMPLE, related.headingSpan), '### Related:');
    const relatedLine = LINES.indexOf('### Related:');
    const itemLines = LINES.map((text, line) => ({ text, line })).filter(({ text, line }) => line > relatedLine && /^\d+\. \[/.test(text));
    assert.equal(itemLines.length, 10);
    assert.equal(related.items.length, 10);
    related.items.forEach((item, i) => {
      // Expected parts read from the raw line with a regular expression, independently of the parser.
      const { text, line } = itemLines[i];
      const match = /^(\d+\. \[)(.*)(\]\()(\/news\/[^)]+)(\) _Context: )(.*)_$/.exec(text)!;
      const [, open, title, between, target, before] = match;
      const base = lineStart(line);
      assert.deepEqual(item.span, { start: base, end: base + text.length }, `item ${i + 1}`);
      assert.equal(item.link!.title, title);
      assert.deepEqual(item.link!.titleSpan, { start: base + open.length, end: base + open.length + title.length });
      assert.equal(item.link!.target, target);
      const targetStart = base + open.length + title.length + between.length;
      assert.deepEqual(item.link!.targetSpan, { start: targetStart, end: targetStart + target.length });
      const contextStart = targetStart + target.length + 2;
      assert.deepEqual(item.context!.span, { start: contextStart, end: base + text.length });
      const listStart = targetStart + target.length + before.length;
      assert.equal(item.context!.listStart, listStart);
      let at = listStart;
      const expected = match[6].split(', ').map((name) => {
        const span = { start: at, end: at + name.length };
        at += name.length + 2;
        return { name, span };
      });
      assert.deepEqual(item.context!.tags, expected, `tags of item ${i + 1}`);
      for (const tag of item.context!.tags) assert.equal(slice(EXAMPLE, tag.span), tag.name);
    });
  });

  test('link titles keep leading and trailing spaces as written', () => {
    const titles = entry.related!.items.map((item) => item.link!.title);
    assert.ok(titles[2].startsWith(' The U.S. deploys'));
    assert.ok(titles[7].startsWith(' A U.S. airstrike'));
    assert.ok(titles.every((title) => title.endsWith(' ')));
  });

  test('the headings in document order, and the model as a whole is well formed', () => {
    assert.deepEqual(entry.headings.map((h) => h.kind), ['date', 'headline', 'source', 'related']);
    assert.equal(entry.length, EXAMPLE.length);
    assertWellFormed(EXAMPLE, entry, 'example');
  });
});

suite('parser: unexpected sections and shapes', () => {
  test('unknown headings are kept in order; their lists and paragraphs belong to nothing', () => {
    const text = [
      '### [2016-07-11](/news/2016/07/11/index.md)', '', '# Headline.', '', 'Body one.', '',
      '## Background', '', 'Not body.', '', '### Sources:', '', '1. [BBC](http://bbc.com/a)', '',
      '#### Source:', '', '1. [CNN](http://cnn.com/a)', '', '### Source', '', '### Source:', '', '1. [AP](http://ap.org/a)', '',
      '### Notes', '', '1. [X](/news/2016/07/10/x.md) _Context: A_', '',
    ].join('\n');
    const entry = parseEntry(text);
    assert.deepEqual(entry.headings.map((h) => [h.kind, h.text]), [
      ['date', '2016-07-11'], ['headline', 'Headline.'], ['unknown', 'Background'], ['unknown', 'Sources:'],
      ['unknown', 'Source:'], ['unknown', 'Source'], ['source', 'Source:'], ['unknown', 'Notes'],
    ]);
    assert.deepEqual(entry.body.map((b) => b.text), ['Body one.']);
    assert.deepEqual(entry.sources!.items.map((item) => item.link?.text), ['AP']);
    assert.equal(entry.related, undefined);
    assert.equal(slice(text, entry.headings[2].span), '## Background');
  });

  test('a second headline and sections out of order are recorded as written', () => {
    const text = '# First.\n\n### Related:\n\n1. [T](/news/2016/07/10/t.md) _Context: A_\n\n### [2016-07-11](/news/2016/07/11/index.md)\n\n# Second.\n\n### Source:\n';
    const entry = parseEntry(text);
    assert.deepEqual(entry.headings.map((h) => h.kind), ['headline', 'related', 'date', 'headline', 'source']);
    assert.deepEqual(entry.headlines.map((h) => h.text), ['First.', 'Second.']);
    assert.equal(entry.dateLine?.text, '2016-07-11');
    assert.deepEqual(entry.sources?.items, []);
  });

  test('a date line that is not a single link has its text and no target', () => {
    const text = '### 2016-07-11 and more\n\n# H\n';
    const date = parseEntry(text).dateLine!;
    assert.equal(date.text, '2016-07-11 and more');
    assert.equal(slice(text, date.textSpan), '2016-07-11 and more');
    assert.equal(date.target, undefined);
  });

  test('items without links, and related items without a context', () => {
    const text = '### Source:\n\n1. BBC\n\n### Related:\n\n1. Just words _Context: A_\n2. [T](/news/2016/07/10/t.md)\n';
    const entry = parseEntry(text);
    assert.deepEqual(entry.sources!.items.map((item) => [slice(text, item.span), item.link, item.isCoverImage]), [['1. BBC', undefined, false]]);
    const [words, bare] = entry.related!.items;
    assert.equal(words.link, undefined);
    assert.deepEqual(words.context!.tags.map((tag) => tag.name), ['A']);
    assert.equal(bare.link!.target, '/news/2016/07/10/t.md');
    assert.equal(bare.context, undefined);
  });

  test('a context written in bold or with underscores keeps its tags free of the markers', () => {
    const text = '### Related:\n\n1. [T](/news/2016/07/10/t.md) **Context: Iraq, U.S.**\n2. [T](/news/2016/07/10/u.md) __Context: Iraq, U.S.__\n3. [T](/news/2016/07/10/v.md) *Context: Iraq, U.S.*\n';
    for (const item of parseEntry(text).related!.items) {
      assert.deepEqual(item.context!.tags.map((tag) => tag.name), ['Iraq', 'U.S.']);
      for (const tag of item.context!.tags) assert.equal(slice(text, tag.span), tag.name);
    }
  });

  test('a context label written as a character reference still yields the tags after it', () => {
    const text = '### Related:\n\n1. [T](/news/2016/07/10/t.md) _&#67;ontext: Iraq, U.S._\n';
    const [item] = parseEntry(text).related!.items;
    assert.deepEqual(item.context!.tags.map((tag) => tag.name), ['Iraq', 'U.S.']);
  });

  test('a context broken over two lines still splits into its tags', () => {
    const text = '### Related:\n\n1. [T](/news/2016/07/10/t.md) _Context: Iraq,\n   U.S._\n';
    assert.deepEqual(parseEntry(text).related!.items[0].context!.tags.map((tag) => tag.name), ['Iraq', 'U.S.']);
  });

  test('destination spans leave out angle brackets and titles', () => {
    const text = '### Source:\n\n1. <https://example.com/a>\n1. [A](<https://example.com/b>)\n1. [B](https://example.com/c "title")\n1. [](https://example.com/d)\n';
    const items = parseEntry(text).sources!.items;
    assert.deepEqual(items.map((item) => item.link!.url), ['https://example.com/a', 'https://example.com/b', 'https://example.com/c', 'https://example.com/d']);
    for (const item of items) assert.equal(slice(text, item.link!.urlSpan), item.link!.url);
    assert.equal(items[3].link!.text, '');
    assert.equal(slice(text, items[3].link!.textSpan), '');
  });
});

suite('parser: positions', () => {
  test('CRLF: every span lands on the same line and character as with LF', () => {
    const crlf = EXAMPLE.replace(/\n/g, '\r\n');
    const lf = spansOf(parseEntry(EXAMPLE));
    const cr = spansOf(parseEntry(crlf));
    assert.deepEqual(cr.map(([name]) => name), lf.map(([name]) => name));
    const lfLines = new LineIndex(EXAMPLE);
    const crLines = new LineIndex(crlf);
    lf.forEach(([name, span], i) => {
      const other = cr[i][1];
      assert.deepEqual(crLines.positionAt(other.start), lfLines.positionAt(span.start), `${name} start`);
      assert.deepEqual(crLines.positionAt(other.end), lfLines.positionAt(span.end), `${name} end`);
      assert.equal(slice(crlf, other).replace(/\r\n/g, '\n'), slice(EXAMPLE, span), name);
    });
    assertWellFormed(crlf, parseEntry(crlf), 'CRLF example');
  });

  test('a BOM: spans index into the text as given, one further on; on line 0 the BOM counts as a character', () => {
    const bom = `\uFEFF${EXAMPLE}`;
    const plain = spansOf(parseEntry(EXAMPLE));
    const withBom = spansOf(parseEntry(bom));
    assert.deepEqual(withBom.map(([name]) => name), plain.map(([name]) => name));
    plain.forEach(([name, span], i) => assert.deepEqual(withBom[i][1], { start: span.start + 1, end: span.end + 1 }, name));
    const entry = parseEntry(bom);
    assert.equal(slice(bom, entry.dateLine!.textSpan), '2016-07-11');
    const lines = new LineIndex(bom);
    assert.deepEqual(lines.positionAt(entry.dateLine!.textSpan.start), { line: 0, character: 6 });
    assert.deepEqual(lines.positionAt(entry.headlines[0].span.start), { line: 2, character: 0 });
  });

  test('accents and emoji: offsets and characters count UTF-16 code units', () => {
    const text = [
      '### [2016-07-11](/news/2016/07/11/index.md)', '',
      '# Flood 🌊 hits Zürich, São Paulo and Côte d’Ivoire ', '',
      'Rain 🌧️ falls; the café closes.', '',
      '### Source:', '', '1. [Le Monde 🇫🇷](https://lemonde.fr/é)', '',
      '### Related:', '', '1. [Flood 🌊 hits](/news/2016/07/10/flood-hits.md) _Context: Café, 🇺🇳 UN, Zürich_', '',
    ].join('\n');
    const entry = parseEntry(text);
    const lines = new LineIndex(text);
    assert.equal(entry.headlines[0].text, 'Flood 🌊 hits Zürich, São Paulo and Côte d’Ivoire');
    assert.equal(entry.body[0].text, 'Rain 🌧️ falls; the café closes.');
    const source = entry.sources!.items[0].link!;
    assert.equal(slice(text, source.textSpan), 'Le Monde 🇫🇷');
    // "1. [" + "Le Monde " + two regional indicators (two code units each) + "](" = 19.
    assert.deepEqual(lines.positionAt(source.urlSpan.start), { line: 8, character: 19 });
    assert.equal(source.url, 'https://lemonde.fr/é');
    const item = entry.related!.items[0];
    assert.equal(item.link!.title, 'Flood 🌊 hits');
    assert.deepEqual(item.context!.tags.map((tag) => tag.name), ['Café', '🇺🇳 UN', 'Zürich']);
    // "1. [Flood " (10) + 🌊 (2) + " hits](" (7) + the 30-character target + ") _Context: " (12) = 61.
    assert.deepEqual(lines.positionAt(item.context!.tags[0].span.start), { line: 12, character: 61 });
    assert.deepEqual(lines.positionAt(item.context!.tags[1].span.end), { line: 12, character: 61 + 'Café, '.length + 4 + ' UN'.length });
    assertWellFormed(text, entry, 'emoji');
  });
});

/** Characters that matter to Markdown, inserted one at a time by the fuzzer. */
const MARKUP = ['[', ']', '(', ')', '_', '#', '*', '\n', '\r', '\t', ','];

/** One random character: markup, a lone surrogate, a NUL, a BOM, any BMP or astral character. */
function randomCharacter(random: Random): string {
  switch (random.below(7)) {
    case 0: case 1: case 2: return random.pick(MARKUP);
    case 3: return String.fromCharCode(0xd800 + random.below(0x800));
    case 4: return random.pick(['\0', '\uFEFF', '\u2028', '\u00a0', '\uFFFD']);
    case 5: return String.fromCodePoint(0x10000 + random.below(0xfffff));
    default: return String.fromCharCode(random.below(0x10000));
  }
}

/** A few random deletions, duplications and insertions. */
function mutate(text: string, random: Random): string {
  let out = text;
  const edits = 1 + random.below(8);
  for (let i = 0; i < edits; i++) {
    const at = random.below(out.length + 1);
    const choice = random.below(3);
    if (choice === 0) out = out.slice(0, at) + out.slice(at + 1 + random.below(4));
    else if (choice === 1) out = out.slice(0, at) + out.slice(at, at + 1 + random.below(40)) + out.slice(at);
    else out = out.slice(0, at) + randomCharacter(random) + out.slice(at);
  }
  return out;
}

suite('parser: never throws', () => {
  test('degenerate inputs', () => {
    const inputs = ['', '#', '###', '\uFEFF', '\uFEFF#', '\r', '\r\n', '\n\n\n', '\0', '\ud800', '\udc00#', '[](', '### [', '### [](', '_Context:_',
      '### Related:\n\n1. [](', '### Related:\n\n1. _Context: ,,, _', '### Related:\n\n1. [a](b) _Context:_', '### Source:\n\n1.', '> ### Source:\n> 1. [a](b)'];
    for (const input of inputs) assertWellFormed(input, parseEntry(input), JSON.stringify(input));
    const empty = parseEntry('');
    assert.deepEqual(empty, { dateLine: undefined, headlines: [], body: [], sources: undefined, related: undefined, headings: [], length: 0 });
    assert.deepEqual(parseEntry('#').headlines, [{ text: '', span: { start: 0, end: 1 } }]);
  });

  test('3,000 seeded random mutations of the example: no throw, every span inside the text', function () {
    this.timeout(60_000);
    const random = seeded(20160711);
    let previous = EXAMPLE;
    for (let round = 0; round < 3000; round++) {
      // Mostly a window of up to 800 characters from a line start (a full parse of 5 KB takes milliseconds),
      // sometimes the whole example or a further mutation of the previous round's text.
      let source: string;
      if (round % 50 === 0) source = EXAMPLE;
      else if (round % 7 === 0) source = previous;
      else {
        const start = lineStart(random.below(LINES.length));
        source = EXAMPLE.slice(start, start + 100 + random.below(700));
        if (random.chance(0.2)) source = source.replace(/\n/g, '\r\n');
      }
      const text = mutate(source, random);
      previous = text.length > 1000 ? source : text;
      let entry: EventEntry;
      try {
        entry = parseEntry(text);
      } catch (error) {
        assert.fail(`round ${round}: parseEntry threw ${String(error)} on ${JSON.stringify(text)}`);
      }
      assertWellFormed(text, entry, `round ${round}`);
    }
  });
});
