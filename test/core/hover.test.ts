import * as assert from 'node:assert/strict';
import { hover } from '../../server/src/core/features/hover';
import { previewOfEntry } from '../../server/src/core/features/preview';
import type { HoverResult } from '../../server/src/core/features/types';
import { NEVER_CANCELLED } from '../../server/src/core/workspace';
import { CURSOR, dated, entry, relatedItem, workspace, type Fixture } from './helpers/fixture';

const HERE = 'news/2016/07/11/a-test-event-happens.md';

/** The hover at the cursor marker of a text opened at a path, with the text its span covers. */
async function hoverAt(fixture: Fixture, text: string, path = HERE): Promise<(HoverResult & { covered: string }) | undefined> {
  const { uri, offset } = fixture.open(path, text);
  assert.ok(offset >= 0, 'the fixture text has a cursor marker');
  const document = fixture.service.document(uri)!;
  const result = await hover(fixture.service, document, offset, NEVER_CANCELLED);
  return result && { ...result, covered: document.text.slice(result.span.start, result.span.end) };
}

const [PESH, PESH_TEXT] = dated('2016-06-20', 'Peshmerga statement.');
const toPesh = (tags: string) => ({ related: relatedItem(1, 'Peshmerga statement.', `/${PESH}`, tags) });

suite('hover: related links, the date line and tags', () => {
  const [target, targetText] = dated('2016-07-01', 'Kurdish forces advance.', {
    body: 'First paragraph of the target.\nIt goes on.\n\nSecond paragraph.',
    sources: '1. [BBC](https://bbc.com/1)\n1. [Reuters](https://reuters.com/1)\n1. [Cover Image](https://x.org/1.jpg)',
    ...toPesh('Iraq, Kurdistan'),
  });
  const targetLink = `/${target}`;
  const files: Record<string, string> = { [PESH]: PESH_TEXT, [target]: targetText };
  const add = ([path, text]: [string, string]): void => void (files[path] = text);
  add(dated('2016-07-01', 'Another event on the first.'));
  add(dated('2016-07-03', 'Kurdish forces advance again.'));
  add(dated('2016-07-15', 'Later event.', { related: relatedItem(1, 'Kurdish forces advance.', targetLink, 'Kurdistan') }));
  add(dated('2016-07-11', 'Something else that day.'));
  add(dated('2016-01-01', 'Old Syria event.', toPesh('Syria')));
  add(dated('2016-03-01', 'Middle Syria event.', toPesh('Syria')));
  add(dated('2016-05-01', 'Recent Syria event.', toPesh('Syria')));
  add(dated('2015-01-01', 'Oldest Syria event.', toPesh('Syria')));
  const dangling = '/news/2016/07/1/kurdish-forces-advanse.md';
  /** This entry with a link to the target (item 1) and a dangling link (item 2); `mark` puts the cursor. */
  const here = (mark: (text: string) => string): string => mark(entry({
    related: `${relatedItem(1, 'Kurdish forces advance.', targetLink, 'Iraq, Syria')}\n${relatedItem(2, 'Kurdish forces advanse.', dangling, 'Iraq')}`,
  }));
  const at = (fragment: string, shift = 1) => (text: string): string => {
    const index = text.indexOf(fragment);
    assert.ok(index >= 0, fragment);
    return text.slice(0, index + shift) + CURSOR + text.slice(index + shift);
  };
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace(files);
  });
  teardown(() => fixture.closeAll());

  test('a related link: headline, date and distance, first paragraph, publishers, known tags, backlinks', async () => {
    const result = (await hoverAt(fixture, here(at(targetLink, 10))));
    assert.ok(result);
    assert.equal(result.covered, targetLink);
    assert.equal(result.markdown, [
      '**Kurdish forces advance\\.**',
      '2016\\-07\\-01 · 10 days before this entry',
      'First paragraph of the target\\. It goes on\\.',
      'Sources: BBC, Reuters  \nTags: Iraq, Kurdistan, Syria  \nLinked from 2 entries',
    ].join('\n\n'));
  });

  test('the preview is read from the file, remembered, and read again once the file changed', async () => {
    const own = await workspace({ ...files });
    const first = (await hoverAt(own, here(at(targetLink, 10))))!.markdown;
    assert.ok(first.includes('First paragraph of the target'), first);
    const reads = own.fs.reads.length;
    assert.equal((await hoverAt(own, here(at(targetLink, 10))))!.markdown, first);
    assert.equal(own.fs.reads.length, reads, 'the second hover reads nothing');
    own.fs.write(target, targetText.replace('First paragraph of the target.', 'A rewritten first paragraph.'));
    await own.service.indexer.refresh([own.uri(target)], NEVER_CANCELLED);
    const after = (await hoverAt(own, here(at(targetLink, 10))))!.markdown;
    assert.ok(after.includes('A rewritten first paragraph') && !after.includes('First paragraph of the target'), after);
    own.closeAll();
  });

  test('a long first paragraph is cut', async () => {
    const [long, longText] = dated('2016-07-02', 'A wordy event.', { body: `  ${'Word. '.repeat(100)}\n\nSecond.` });
    const wordy = await workspace({ [long]: longText });
    const result = (await hoverAt(wordy, at(`/${long}`, 3)(entry({ related: relatedItem(1, 'A wordy event.', `/${long}`, 'Iraq') }))));
    assert.equal(result?.markdown.split('\n\n')[2], `${'Word\\. '.repeat(66)}Word…`);
  });

  test('the link text hovers the same, over the link text', async () => {
    const result = (await hoverAt(fixture, here(at('[Kurdish forces advance.]', 3))));
    assert.equal(result?.covered, 'Kurdish forces advance.');
    assert.match(result.markdown, /^\*\*Kurdish forces advance\\\.\*\*\n\n2016\\-07\\-01 · 10 days before this entry/);
  });

  test('a later entry and one of the same day say so', async () => {
    const later = await workspace({ ...files, [HERE]: entry() });
    const [path] = dated('2016-07-15', 'Later event.');
    const text = entry({ date: '2016-07-15', dayLink: '/news/2016/07/15/index.md', headline: 'Later event.', related: relatedItem(1, 'A test event happens.', `/${HERE}`, 'Iraq') });
    assert.match((await hoverAt(later, at('/news/2016/07/11/a-', 3)(text), path))!.markdown, /\n\n2016\\-07\\-11 · 4 days before this entry\n\n/);
    const [sameDay] = dated('2016-07-11', 'Something else that day.');
    const other = entry({ headline: 'Something else that day.', related: relatedItem(1, 'A test event happens.', `/${HERE}`, 'Iraq') });
    assert.match((await hoverAt(later, at('/news/2016/07/11/a-', 3)(other), sameDay))!.markdown, /\n\n2016\\-07\\-11 · the same day as this entry\n\n/);
    const earlier = entry({ date: '2016-07-01', dayLink: '/news/2016/07/1/index.md', related: relatedItem(1, 'A test event happens.', `/${HERE}`, 'Iraq') });
    assert.match((await hoverAt(later, at('/news/2016/07/11/a-', 3)(earlier), 'news/2016/07/1/earlier.md'))!.markdown, /· 10 days after this entry/);
  });

  test('a dangling link: not found, and the closest entries with the same day first', async () => {
    const result = (await hoverAt(fixture, here(at(dangling, 5))));
    assert.equal(result?.covered, dangling);
    assert.equal(result.markdown, [
      '**Not found:** /news/2016/07/1/kurdish\\-forces\\-advanse\\.md',
      'Closest entries:',
      '- 2016\\-07\\-01 Kurdish forces advance\\.\n- 2016\\-07\\-01 Another event on the first\\.\n- 2016\\-07\\-03 Kurdish forces advance again\\.',
    ].join('\n\n'));
  });

  test('a malformed target is not found and reads nothing', async () => {
    const text = entry({ related: relatedItem(1, 'X', '/news/../../etc/passwd', 'Iraq') });
    const reads = fixture.fs.reads.length;
    const result = (await hoverAt(fixture, at('/etc/passwd', 2)(text)));
    assert.match(result!.markdown, /^\*\*Not found:\*\* /);
    assert.equal(fixture.fs.reads.length, reads);
  });

  test('the date line: the other entries of that day', async () => {
    const result = (await hoverAt(fixture, here(at('2016-07-11]', 3))));
    assert.equal(result?.covered, '### [2016-07-11](/news/2016/07/11/index.md)');
    assert.equal(result.markdown, '**2016\\-07\\-11**: 1 other entry that day\n\n- Something else that day\\.');
    const alone = (await hoverAt(fixture, at('2016-07-05]', 3)(entry({ date: '2016-07-05', dayLink: '/news/2016/07/5/index.md' })), 'news/2016/07/5/alone.md'));
    assert.equal(alone?.markdown, '**2016\\-07\\-05**: no other entry that day.');
  });

  test('the date line of a busy day lists ten entries and counts the rest', async () => {
    const busy: Record<string, string> = {};
    for (let i = 1; i <= 12; i++) {
      const [path, text] = dated('2016-07-11', `Busy event ${String(i).padStart(2, '0')}.`);
      busy[path] = text;
    }
    const result = (await hoverAt(await workspace(busy), here(at('2016-07-11]', 3))));
    const lines = result!.markdown.split('\n');
    assert.equal(lines[0], '**2016\\-07\\-11**: 12 other entries that day');
    assert.equal(lines.filter((line) => line.startsWith('- Busy event')).length, 10);
    assert.equal(lines[lines.length - 1], '…and 2 more');
  });

  test('a context tag: its use count and its most recent uses', async () => {
    const result = (await hoverAt(fixture, here(at('Syria_', 2))));
    assert.equal(result?.covered, 'Syria');
    assert.equal(result.markdown, [
      '**Syria**: used in 5 related items',
      'Most recent:',
      '- 2016\\-07\\-11 A test event happens\\.\n- 2016\\-05\\-01 Recent Syria event\\.\n- 2016\\-03\\-01 Middle Syria event\\.',
    ].join('\n\n'));
  });

  test('nothing over the headline, the body, sources or the Related heading', async () => {
    for (const fragment of ['test event', 'Something happened', 'bbc.com', 'Related:', '_Context']) {
      assert.equal((await hoverAt(fixture, here(at(fragment, 2)))), undefined, fragment);
    }
    assert.equal((await hoverAt(fixture, at('2016-02-30', 2)(entry({ date: '2016-02-30' })))), undefined, 'an impossible date');
  });
});

suite('hover: entry text is never markup', () => {
  // Escaped in the source, so that the entry's plain text really holds the markup characters.
  const nasty = '\\<img src=x onerror=alert(1)\\> \\[click\\](command:workbench.action.x) \\*\\*bold\\*\\* \\`code\\` &lt;b&gt; https://evil.example/x www.evil.example <script>';
  const [evil, evilText] = dated('2016-07-11', 'Evil', {
    body: `Body ${nasty}`,
    sources: '1. [Pub \\<i\\> \\_x\\_](https://x.org/1)',
    ...toPesh('Iraq'),
  });
  const text = entry({ related: relatedItem(1, 'Evil', `/${evil}`, 'Iraq') });
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace({ [PESH]: PESH_TEXT, [evil]: evilText.replace('# Evil ', `# Evil ${nasty}`) });
  });
  teardown(() => fixture.closeAll());

  /** Fails on any markup that would render: raw HTML, links, commands, emphasis, code, autolinks, entities. */
  function assertInert(markdown: string): void {
    const unescaped = (char: string): RegExp => new RegExp(`(^|[^\\\\])(\\\\\\\\)*\\${char}`);
    assert.ok(!unescaped('<').test(markdown), `raw < in ${markdown}`);
    assert.ok(!unescaped('[').test(markdown), `raw [ in ${markdown}`);
    assert.ok(!unescaped('`').test(markdown), `raw backtick in ${markdown}`);
    assert.ok(!unescaped('&').test(markdown), `raw & in ${markdown}`);
    assert.ok(!/https?:\/\//.test(markdown), `live URL in ${markdown}`);
    assert.ok(!/command:/.test(markdown), `command link in ${markdown}`);
    assert.ok(!unescaped('_').test(markdown), `raw _ in ${markdown}`);
  }

  test('the entry really holds the markup characters', async () => {
    const indexed = fixture.service.index.get(fixture.uri(evil))!;
    assert.ok(indexed.headline.includes('<img src=x onerror=alert(1)>') && indexed.headline.includes('[click](command:workbench.action.x)'), indexed.headline);
    const preview = await previewOfEntry(fixture.service, fixture.uri(evil));
    assert.ok(preview.includes('**bold**') && preview.includes('`code`'), preview);
  });

  test('a related link', async () => {
    const markdown = (await hoverAt(fixture, text.replace('(/news/2016/07/11/evil', `(/news/2016/07/11/ev${CURSOR}il`)))!.markdown;
    assertInert(markdown);
    assert.ok(markdown.includes('\\<img src=x onerror=alert\\(1\\)\\>'), markdown);
    assert.ok(markdown.includes('\\[click\\]\\(command\\:workbench\\.action\\.x\\)'), markdown);
    assert.ok(markdown.includes('\\*\\*bold\\*\\*') && markdown.includes('\\`code\\`'), markdown);
  });

  test('a dangling link, the date line and a tag', async () => {
    const dangling = entry({ related: relatedItem(1, 'Evil', '/news/2016/07/11/evil-img.md', 'Iraq') });
    for (const [source, what] of [
      [dangling.replace('evil-img', `ev${CURSOR}il-img`), 'dangling'],
      [text.replace('2016-07-11]', `2016${CURSOR}-07-11]`), 'date line'],
      [text.replace('Iraq_', `Ir${CURSOR}aq_`), 'tag'],
    ]) {
      const markdown = (await hoverAt(fixture, source))?.markdown;
      assert.ok(markdown !== undefined && markdown.includes('onerror'), `${what}: ${markdown}`);
      assertInert(markdown);
    }
  });
});
