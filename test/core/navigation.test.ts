import * as assert from 'node:assert/strict';
import { definition, documentLinks, type EntryLink } from '../../server/src/core/features/navigation';
import { CURSOR, dated, entry, relatedItem, workspace, type Fixture } from './helpers/fixture';

const HERE = 'news/2016/07/11/a-test-event-happens.md';
const [TARGET, TARGET_TEXT] = dated('2016-07-01', 'Kurdish forces advance.');
const TARGET_LINK = `/${TARGET}`;
const DAY_PAGE = 'news/2016/07/11/index.md';
const ESCAPES = ['/news/../../etc/passwd', '../../x.md', '/news/2016/07/11/../../../../x.md', '/news/2016/07/1/%2e%2e/x.md', 'file:///etc/passwd', '/news/2016/07/1/index.md'];

/** The links of a text opened at HERE, each as [covered text, target]. */
async function linksOf(fixture: Fixture, text: string): Promise<[string, string][]> {
  const { uri } = fixture.open(HERE, text);
  const document = fixture.service.document(uri)!;
  return (await documentLinks(fixture.service, document)).map((link) => [document.text.slice(link.span.start, link.span.end), link.target]);
}

/** The definition at the cursor marker of a text opened at HERE. */
async function definitionAt(fixture: Fixture, text: string): Promise<EntryLink | undefined> {
  const { uri, offset } = fixture.open(HERE, text);
  assert.ok(offset >= 0, 'the fixture text has a cursor marker');
  return definition(fixture.service, fixture.service.document(uri)!, offset);
}

suite('navigation: definition and document links', () => {
  // Files that a naive resolver of the escaping links would find.
  const files = { [TARGET]: TARGET_TEXT, [DAY_PAGE]: '# Events of 11 July 2016\n', 'news/2016/x.md': entry(), 'x.md': entry(), 'news/2016/07/1/index.md': '# Day\n' };
  const text = entry({
    related: [relatedItem(1, 'Kurdish forces advance.', TARGET_LINK), relatedItem(2, 'Gone.', '/news/2016/07/9/gone.md'), ...ESCAPES.map((target, i) => relatedItem(i + 3, 'X', target))].join('\n'),
  });
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace(files);
  });
  teardown(() => fixture.closeAll());

  test('document links: the day page that exists, then the related entries that exist', async () => {
    assert.deepEqual(await linksOf(fixture, text), [
      ['/news/2016/07/11/index.md', fixture.uri(DAY_PAGE)],
      [TARGET_LINK, fixture.uri(TARGET)],
    ]);
  });

  test('no day link when the day page does not exist, nor when the date line links elsewhere', async () => {
    const missing = await workspace({ [TARGET]: TARGET_TEXT });
    assert.deepEqual(await linksOf(missing, text), [[TARGET_LINK, missing.uri(TARGET)]]);
    for (const dayLink of ['/news/../../etc/passwd', '/news/2016/07/11/../../../../x.md', '../../x.md', 'https://example.com/index.md']) {
      assert.deepEqual(await linksOf(fixture, entry({ dayLink })), [], dayLink);
    }
  });

  test('definition on a related link\'s text or target: the linked entry', async () => {
    const withCursor = (at: string, shift: number): string => text.replace(at, at.slice(0, shift) + CURSOR + at.slice(shift));
    for (const [at, shift] of [['[Kurdish forces', 0], ['[Kurdish forces', 3], [TARGET_LINK, 5], [`${TARGET_LINK})`, TARGET_LINK.length]] as const) {
      const link = await definitionAt(fixture, withCursor(at, shift));
      assert.equal(link?.target, fixture.uri(TARGET), `${at} at ${shift}`);
      assert.equal(text.slice(link.span.start, link.span.end), TARGET_LINK);
    }
  });

  test('definition on the date line: the day page', async () => {
    const link = await definitionAt(fixture, text.replace('2016-07-11]', `2016${CURSOR}-07-11]`));
    assert.equal(link?.target, fixture.uri(DAY_PAGE));
  });

  test('no definition on a dangling link, the context, the body or the headline', async () => {
    for (const at of ['/news/2016/07/9/go', '_Context: Ira', 'Something hap', '# A test']) {
      assert.equal(await definitionAt(fixture, text.replace(at, `${at}${CURSOR}`)), undefined, at);
    }
  });

  test('nothing outside the workspace: no link or definition for escaping targets, and nothing read', async () => {
    const reads = fixture.fs.reads.length;
    for (const target of ESCAPES) {
      const single = entry({ related: relatedItem(1, 'X', target) });
      assert.deepEqual((await linksOf(fixture, single)).filter(([covered]) => covered !== '/news/2016/07/11/index.md'), [], target);
      const at = single.indexOf(target) + Math.min(4, target.length);
      assert.equal(await definitionAt(fixture, single.slice(0, at) + CURSOR + single.slice(at)), undefined, target);
    }
    assert.equal(fixture.fs.reads.length, reads, 'no file was read');
  });
});
