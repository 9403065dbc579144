import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addDays, calendarDateOf, compareDates, dayFolder, dayPagePath, daysBetween, entryPathFor, folderDateOf, formatIsoDate,
  isCalendarDate, isDayPage, parseEntryPath, parseIsoDate, slugFromHeadline,
} from '../../server/src/core/format';
import { repoRoot } from './helpers/paths';

const EXAMPLE_PATH = 'news/2016/07/11/the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md';
const EXAMPLE = readFileSync(join(repoRoot(), 'test/fixtures/example', EXAMPLE_PATH), 'utf8');
/** Every related link of the example: the text as written and the target's file name without `.md`. */
const LINKS = [...EXAMPLE.matchAll(/^\d+\. \[(.*)\]\(\/news\/\d{4}\/\d{2}\/\d{1,2}\/([^/)]+)\.md\)/gm)].map(([, title, slug]) => ({ title, slug }));

suite('format: slugs', () => {
  test('the slug of every related link text is the file name of its target', () => {
    assert.equal(LINKS.length, 10);
    for (const { title, slug } of LINKS) assert.equal(slugFromHeadline(title), slug, title);
  });

  test('the example file name is the slug of its own headline', () => {
    const headline = /^# (.*)$/m.exec(EXAMPLE)![1];
    assert.equal(`${slugFromHeadline(headline)}.md`, EXAMPLE_PATH.split('/').pop());
  });

  test('the cut falls at 140 characters, inside a word', () => {
    const long = LINKS[0];
    assert.ok(long.title.length > 140);
    assert.ok(long.slug.endsWith('-american-troo'));
    assert.equal(slugFromHeadline(long.title), slugFromHeadline(long.title.slice(0, 140)));
    assert.equal(long.title.slice(136, 141), 'troop', 'the 141st character, p, is cut off');
  });

  test('apostrophes, commas in numbers and leading spaces', () => {
    assert.ok(LINKS.some(({ slug }) => slug.includes('isil-s-second')));
    assert.ok(LINKS.some(({ slug }) => slug.includes('3-000-fleeing')));
    const leading = LINKS.filter(({ title }) => title.startsWith(' '));
    assert.equal(leading.length, 2);
    for (const { title, slug } of leading) assert.ok(!slug.startsWith('-') && slugFromHeadline(title) === slug);
    // The leading space counts towards the 140 characters.
    assert.equal(slugFromHeadline(` ${'a'.repeat(140)}`), 'a'.repeat(139));
    assert.equal(slugFromHeadline("ISIL's 3,000 U.S. troops"), 'isil-s-3-000-u-s-troops');
  });

  test('characters outside a-z0-9 collapse to one hyphen; nothing usable gives an empty slug', () => {
    assert.equal(slugFromHeadline('Café in São Paulo — 2016!'), 'caf-in-s-o-paulo-2016');
    assert.equal(slugFromHeadline('Flood 🌊 hits'), 'flood-hits');
    assert.equal(slugFromHeadline('  --  '), '');
    assert.equal(slugFromHeadline(''), '');
  });
});

suite('format: day pages and entry paths', () => {
  test('the month is zero-padded, the day is not', () => {
    assert.equal(dayPagePath({ year: 2016, month: 8, day: 5 }), '/news/2016/08/5/index.md');
    assert.equal(dayPagePath({ year: 2016, month: 7, day: 11 }), '/news/2016/07/11/index.md');
    assert.equal(dayPagePath({ year: 2017, month: 12, day: 31 }), '/news/2017/12/31/index.md');
    assert.equal(dayFolder({ year: 2017, month: 9, day: 2 }), '/news/2017/09/2/');
    assert.equal(entryPathFor({ year: 2017, month: 4, day: 1 }, 'An Iraqi airstrike.'), '/news/2017/04/1/an-iraqi-airstrike.md');
  });

  test('parseEntryPath reads every related target of the example', () => {
    const targets = [...EXAMPLE.matchAll(/\]\((\/news\/[^)]+)\)/g)].map((m) => m[1]).filter((t) => !t.endsWith('/index.md'));
    assert.equal(targets.length, 10);
    for (const target of targets) {
      const parts = parseEntryPath(target);
      assert.ok(parts, target);
      assert.equal(`${dayFolder(parts)}${parts.slug}.md`, target);
    }
    assert.deepEqual(parseEntryPath('/news/2016/08/5/x-y.md'), { year: 2016, month: 8, day: 5, slug: 'x-y' });
  });

  test('parseEntryPath refuses every other shape', () => {
    const bad = [
      'news/2016/07/11/x.md', '/news/2016/7/11/x.md', '/news/2016/07/05/x.md', '/news/16/07/11/x.md', '/news/2016/07/111/x.md',
      '/news/2016/07/11/X.md', '/news/2016/07/11/x', '/news/2016/07/11/x.md?q=1', '/news/2016/07/11/x.md#a', '/news/2016/07/11/-x.md',
      '/news/2016/07/11/x-.md', '/news/2016/07/11/a--b.md', '/news/2016/07/11/a_b.md', '/news/2016/07/11/sub/x.md',
      '/news/../../etc/passwd', '/news/2016/07/11/../x.md', '/news/2016/07/11/%2e%2e/x.md', '/news/2016/07/11/..%2fx.md',
      '/news/2016/07/11/x.md\n', ' /news/2016/07/11/x.md', '/news/2016/07/11/x.md ', '//news/2016/07/11/x.md',
      '/news/2016\\07\\11\\x.md', 'https://example.com/news/2016/07/11/x.md', '/News/2016/07/11/x.md', '/news/２０１６/07/11/x.md',
    ];
    for (const path of bad) assert.equal(parseEntryPath(path), undefined, JSON.stringify(path));
  });

  test('folderDateOf reads the day folder of any URI or path', () => {
    assert.deepEqual(folderDateOf('file:///ws/news/2016/08/5/x.md'), { year: 2016, month: 8, day: 5 });
    assert.deepEqual(folderDateOf('/news/2016/07/11/index.md'), { year: 2016, month: 7, day: 11 });
    assert.deepEqual(folderDateOf('file:///a/news/b/news/2016/02/30/x.md'), { year: 2016, month: 2, day: 30 }, 'the shape only; the calendar is checked elsewhere');
    for (const path of ['file:///ws/news/2016/08/05/x.md', 'file:///ws/news/2016/8/5/x.md', 'file:///ws/news/2016/08/5/sub/x.md', 'file:///ws/news/2016/08/5/', 'file:///ws/old-news/2016/08/5/x.md', 'file:///ws/x.md']) {
      assert.equal(folderDateOf(path), undefined, path);
    }
  });

  test('isDayPage: index.md in any folder, in any case; nothing else', () => {
    for (const path of ['index.md', '/news/2016/07/11/index.md', 'file:///ws/news/2016/07/11/INDEX.md']) assert.equal(isDayPage(path), true, path);
    for (const path of ['reindex.md', '/news/2016/07/11/index.md.bak', '/news/2016/07/11/index-of-things.md', '/news/index/x.md']) assert.equal(isDayPage(path), false, path);
  });
});

suite('format: dates', () => {
  test('parseIsoDate: shape first, then the calendar', () => {
    assert.deepEqual(parseIsoDate('2016-07-11'), { year: 2016, month: 7, day: 11 });
    for (const text of ['2016-7-11', '2016-07-1', '16-07-11', '2016/07/11', ' 2016-07-11', '2016-07-11 ', '2016-07-11\n', '2016-07-11T00:00', '', '２０１６-07-11', '2016-o7-11']) {
      assert.equal(parseIsoDate(text), 'malformed', JSON.stringify(text));
    }
    for (const text of ['2016-02-30', '2016-13-01', '2016-00-10', '2016-01-00', '2016-04-31', '2016-12-32']) {
      assert.equal(parseIsoDate(text), 'impossible', text);
    }
  });

  test('leap years: every fourth year, not centuries, but every fourth century', () => {
    for (const year of [2016, 2000, 2400, 1996, 4, 0]) assert.equal(isCalendarDate({ year, month: 2, day: 29 }), true, `${year}-02-29`);
    for (const year of [2015, 1900, 2100, 2017, 1, 100]) assert.equal(isCalendarDate({ year, month: 2, day: 29 }), false, `${year}-02-29`);
    assert.deepEqual(parseIsoDate('0000-02-29'), { year: 0, month: 2, day: 29 });
    assert.equal(parseIsoDate('1900-02-29'), 'impossible');
    assert.equal(isCalendarDate({ year: 2016, month: 2, day: 30 }), false);
    const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    lengths.forEach((days, i) => {
      assert.equal(isCalendarDate({ year: 2015, month: i + 1, day: days }), true);
      assert.equal(isCalendarDate({ year: 2015, month: i + 1, day: days + 1 }), false);
    });
  });

  test('formatIsoDate pads every part', () => {
    assert.equal(formatIsoDate({ year: 2016, month: 8, day: 5 }), '2016-08-05');
    assert.equal(formatIsoDate({ year: 7, month: 1, day: 2 }), '0007-01-02');
  });

  test('day arithmetic across month ends, leap days and the years before 100', () => {
    assert.deepEqual(addDays({ year: 2016, month: 2, day: 28 }, 1), { year: 2016, month: 2, day: 29 });
    assert.deepEqual(addDays({ year: 2015, month: 2, day: 28 }, 1), { year: 2015, month: 3, day: 1 });
    assert.deepEqual(addDays({ year: 2016, month: 12, day: 31 }, 1), { year: 2017, month: 1, day: 1 });
    assert.deepEqual(addDays({ year: 2016, month: 3, day: 1 }, -1), { year: 2016, month: 2, day: 29 });
    assert.equal(daysBetween({ year: 2016, month: 1, day: 1 }, { year: 2017, month: 1, day: 1 }), 366);
    assert.equal(daysBetween({ year: 2017, month: 1, day: 1 }, { year: 2016, month: 1, day: 1 }), -366);
    assert.equal(daysBetween({ year: 2016, month: 3, day: 26 }, { year: 2016, month: 7, day: 11 }), 107);
    assert.deepEqual(addDays({ year: 50, month: 12, day: 31 }, 1), { year: 51, month: 1, day: 1 });
    assert.equal(daysBetween({ year: 99, month: 12, day: 31 }, { year: 100, month: 1, day: 1 }), 1);
    assert.equal(daysBetween({ year: 1, month: 1, day: 1 }, { year: 2001, month: 1, day: 1 }), 730_485);
  });

  test('compareDates orders by year, month, day', () => {
    const sorted = [{ year: 2016, month: 7, day: 11 }, { year: 2015, month: 10, day: 20 }, { year: 2016, month: 7, day: 2 }, { year: 2016, month: 3, day: 26 }]
      .sort(compareDates).map(formatIsoDate);
    assert.deepEqual(sorted, ['2015-10-20', '2016-03-26', '2016-07-02', '2016-07-11']);
    assert.equal(compareDates({ year: 2016, month: 7, day: 11 }, { year: 2016, month: 7, day: 11 }), 0);
  });

  test('calendarDateOf reads local time', () => {
    assert.deepEqual(calendarDateOf(new Date(2016, 6, 11, 23, 59)), { year: 2016, month: 7, day: 11 });
    assert.deepEqual(calendarDateOf(new Date(2016, 0, 1, 0, 0)), { year: 2016, month: 1, day: 1 });
  });
});
