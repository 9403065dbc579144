import * as assert from 'node:assert/strict';
import { fixAll, quickFixes, INSERT_SOURCE_FROM_CLIPBOARD, INSERT_SOURCE_TEMPLATE, type CodeActionEntry } from '../../server/src/core/features/codeActions';
import { publisherOf } from '../../server/src/core/features/publishers';
import { sourceTemplate } from '../../server/src/core/features/sourceTemplate';
import { applyEdits, expandSnippet } from './helpers/edits';
import { dated, entry, relatedItem, workspace, type Fixture } from './helpers/fixture';

const HERE = 'news/2016/07/11/a-test-event-happens.md';
const [PESH, PESH_TEXT] = dated('2016-06-20', 'Peshmerga statement.');
const PESH_LINK = `/${PESH}`;
const toPesh = (tags: string) => ({ related: relatedItem(1, 'Peshmerga statement.', PESH_LINK, tags) });

/** The quick fixes of the one diagnostic with a code that the service reports for a text, with the text. */
function fixesOf(fixture: Fixture, text: string, code: string, path = HERE): { actions: CodeActionEntry[]; uri: string } {
  const { uri } = fixture.open(path, text);
  const diagnostics = fixture.service.diagnoseDocument(uri).filter((d) => d.code === code);
  assert.equal(diagnostics.length, 1, `one ${code} among ${JSON.stringify(fixture.service.diagnoseDocument(uri).map((d) => d.code))}`);
  const actions = quickFixes(fixture.service, fixture.service.document(uri)!, diagnostics);
  for (const action of actions) assert.equal(action.diagnostic?.code, code);
  return { actions, uri };
}

/** The text after applying a code action's edits. */
function applied(text: string, action: CodeActionEntry | undefined): string {
  assert.ok(action?.edits, `an action with edits: ${JSON.stringify(action)}`);
  return applyEdits(text, action.edits);
}

/** The one fix of a code for a text, applied. */
function fixed(fixture: Fixture, text: string, code: string, path = HERE): string {
  const { actions } = fixesOf(fixture, text, code, path);
  assert.equal(actions.length, 1, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(actions[0].kind, 'quickfix');
  assert.equal(actions[0].isPreferred, true);
  return applied(text, actions[0]);
}

/** The text after inserting the source template (its snippet expanded). */
function withTemplate(fixture: Fixture, text: string, url?: string): string | undefined {
  const { uri } = fixture.open(HERE, text);
  const template = sourceTemplate(fixture.service.document(uri)!, url);
  return template && applyEdits(text, [{ span: { start: template.offset, end: template.offset }, newText: expandSnippet(template.snippet) }]);
}

suite('code actions: sources', () => {
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace({ [PESH]: PESH_TEXT });
  });
  teardown(() => fixture.closeAll());

  test('source.missing and source.empty: the template and the clipboard commands, with the document', () => {
    for (const [sources, code] of [[null, 'source.missing'], ['', 'source.empty']] as const) {
      const { actions, uri } = fixesOf(fixture, entry({ sources }), code);
      assert.deepEqual(actions.map((a) => [a.title, a.kind, a.edits, a.command, a.isPreferred]), [
        ['Insert source template', 'quickfix', undefined, { command: INSERT_SOURCE_TEMPLATE, arguments: [uri] }, true],
        ['Insert source from the URL on the clipboard', 'quickfix', undefined, { command: INSERT_SOURCE_FROM_CLIPBOARD, arguments: [uri] }, undefined],
      ]);
    }
    assert.equal(INSERT_SOURCE_TEMPLATE, 'eventEntries.insertSourceTemplate');
    assert.equal(INSERT_SOURCE_FROM_CLIPBOARD, 'eventEntries.insertSourceFromClipboard');
  });

  test('the template goes after the body and before Related', () => {
    const related = relatedItem(1, 'Peshmerga statement.', PESH_LINK, 'Iraq');
    assert.equal(withTemplate(fixture, entry({ sources: null, related })), entry({ sources: '1. [Publisher](https://)', related }));
  });

  test('without Related it ends the entry, after two blank lines as real entries have', () => {
    assert.equal(withTemplate(fixture, entry({ sources: null })), entry({ sources: null }).replace(/\n$/, '\n\n\n### Source:\n\n1. [Publisher](https://)\n'));
    assert.equal(withTemplate(fixture, entry({ sources: null }).replace(/\n$/, '')), entry({ sources: null }).replace(/\n$/, '\n\n\n### Source:\n\n1. [Publisher](https://)\n'));
    assert.equal(withTemplate(fixture, ''), '### Source:\n\n1. [Publisher](https://)\n');
  });

  test('under an existing empty heading, and after the last existing item', () => {
    const related = relatedItem(1, 'Peshmerga statement.', PESH_LINK, 'Iraq');
    const empty = entry({ sources: null, related }).replace('### Related:', '### Source:\n\n### Related:');
    assert.equal(withTemplate(fixture, empty), entry({ sources: '1. [Publisher](https://)', related }));
    assert.equal(
      withTemplate(fixture, entry({ sources: '1. [BBC](https://bbc.com/1)\n1. [Cover Image](https://x.org/1.jpg)', related })),
      entry({ sources: '1. [BBC](https://bbc.com/1)\n1. [Cover Image](https://x.org/1.jpg)\n1. [Publisher](https://)', related }),
    );
  });

  test('CRLF entries get CRLF', () => {
    const crlf = entry({ sources: null }).replace(/\n/g, '\r\n');
    assert.equal(withTemplate(fixture, crlf), `${crlf.replace(/\r\n$/, '')}\r\n\r\n\r\n### Source:\r\n\r\n1. [Publisher](https://)\r\n`);
  });

  test('with a URL, the publisher comes from the domain', () => {
    const related = relatedItem(1, 'Peshmerga statement.', PESH_LINK, 'Iraq');
    const text = entry({ sources: null, related });
    assert.equal(withTemplate(fixture, text, 'https://www.bbc.co.uk/news/world-1'), entry({ sources: '1. [BBC](https://www.bbc.co.uk/news/world-1)', related }));
    assert.equal(withTemplate(fixture, text, ' http://www.example.org/a?b=$1}'), entry({ sources: '1. [example.org](http://www.example.org/a?b=$1})', related }));
    assert.equal(withTemplate(fixture, text, 'ftp://example.org/a'), undefined);
    assert.equal(withTemplate(fixture, text, 'not a url'), undefined);
  });

  test('publisherOf: known sites by any subdomain, others by host without www, nothing for non-http', () => {
    assert.equal(publisherOf('https://www.bbc.co.uk/news/1'), 'BBC');
    assert.equal(publisherOf('http://news.bbc.co.uk/2/hi/1.stm'), 'BBC');
    assert.equal(publisherOf('https://edition.cnn.com/2016/07/11/x'), 'CNN');
    assert.equal(publisherOf('HTTPS://WWW.REUTERS.COM/article/x'), 'Reuters');
    assert.equal(publisherOf('https://www.example.org/x'), 'example.org');
    assert.equal(publisherOf('https://sub.example.org/x'), 'sub.example.org');
    assert.equal(publisherOf('mailto:someone@bbc.co.uk'), undefined);
    assert.equal(publisherOf('javascript:alert(1)'), undefined);
    assert.equal(publisherOf('www.bbc.co.uk/news'), undefined);
  });
});

suite('code actions: the date line', () => {
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace({});
  });
  teardown(() => fixture.closeAll());

  test('date.dayLinkMismatch points at the day page of the date', () => {
    const text = entry({ date: '2016-08-05', dayLink: '/news/2016/08/05/index.md' });
    assert.equal(fixed(fixture, text, 'date.dayLinkMismatch', 'news/2016/08/5/x.md'), entry({ date: '2016-08-05', dayLink: '/news/2016/08/5/index.md' }));
  });

  test('date.noDayLink makes the date line a link', () => {
    assert.equal(fixed(fixture, entry({ dateLine: '### 2016-07-11' }), 'date.noDayLink'), entry());
  });

  test('date.folderMismatch sets the date and the link from the folder', () => {
    const moved = entry({ date: '2016-07-12', dayLink: '/news/2016/07/12/index.md' });
    assert.equal(fixed(fixture, entry(), 'date.folderMismatch', 'news/2016/07/12/x.md'), moved);
    assert.equal(fixed(fixture, entry({ dateLine: '### [2016-07-11](/news/2016/07/9/index.md)' }), 'date.folderMismatch', 'news/2016/07/12/x.md'), moved);
  });

  test('a date line without a link gets the whole line from the folder', () => {
    const { actions } = fixesOf(fixture, entry({ dateLine: '### 2016-07-11' }), 'date.folderMismatch', 'news/2016/07/12/x.md');
    assert.equal(applied(entry({ dateLine: '### 2016-07-11' }), actions[0]), entry({ date: '2016-07-12', dayLink: '/news/2016/07/12/index.md' }));
  });

  test('date.malformed, date.impossible and date.missing take the folder date', () => {
    const folder = entry({ date: '2016-07-12', dayLink: '/news/2016/07/12/index.md' });
    assert.equal(fixed(fixture, entry({ date: '2016-7-12', dayLink: '/news/2016/07/12/index.md' }), 'date.malformed', 'news/2016/07/12/x.md'), folder);
    assert.equal(fixed(fixture, entry({ date: '2016-07-32', dayLink: '/news/2016/07/32/index.md' }), 'date.impossible', 'news/2016/07/12/x.md'), folder);
    assert.equal(fixed(fixture, entry({ dateLine: null }), 'date.missing', 'news/2016/07/12/x.md'), folder);
  });
});

suite('code actions: related items', () => {
  const [target, targetText] = dated('2016-07-01', 'Kurdish forces advance.', toPesh('Kurdistan, Iraq, Syria'));
  const targetLink = `/${target}`;
  const files: Record<string, string> = { [PESH]: PESH_TEXT, [target]: targetText };
  const add = ([path, text]: [string, string]): string => {
    files[path] = text;
    return `/${path}`;
  };
  const sameDay = add(dated('2016-07-01', 'Another event on the first.'));
  const again = add(dated('2016-07-03', 'Kurdish forces advance again.'));
  add(dated('2016-07-20', 'Kurdish forces advance once more.'));
  for (let i = 1; i <= 3; i++) add(dated(`2015-01-0${i}`, `Iraq event ${i}.`, toPesh('Iraq')));
  const advance = add(dated('2016-07-02', 'Peshmerga advance.', toPesh('Iraq, Syria, Turkey')));
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace(files, { typoMinEntries: 5 });
  });
  teardown(() => fixture.closeAll());
  const own = relatedItem(1, 'Peshmerga statement.', PESH_LINK, 'Iraq, Syria');

  test('related.dangling: the three closest entries, the same day first, then removing the item', () => {
    const dangling = '/news/2016/07/1/kurdish-forces-advanse.md';
    const text = entry({ related: `${own}\n${relatedItem(2, 'Kurdish forces advanse.', dangling, 'Iraq')}\n${relatedItem(3, 'Peshmerga statement.', PESH_LINK, 'Syria')}` });
    const { actions } = fixesOf(fixture, text, 'related.dangling');
    assert.deepEqual(actions.map((a) => a.title), [
      'Link to "Kurdish forces advance." (2016-07-01)',
      'Link to "Another event on the first." (2016-07-01)',
      'Link to "Kurdish forces advance again." (2016-07-03)',
      'Remove this related item',
    ]);
    const line2 = (action: CodeActionEntry): string => applied(text, action).split('\n').find((line) => line.startsWith('2. '))!;
    assert.equal(line2(actions[0]), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq_`);
    assert.equal(line2(actions[1]), `2. [Another event on the first.](${sameDay}) _Context: Iraq_`);
    assert.equal(line2(actions[2]), `2. [Kurdish forces advance again.](${again}) _Context: Iraq_`);
    assert.equal(applied(text, actions[3]), entry({ related: `${own}\n${relatedItem(2, 'Peshmerga statement.', PESH_LINK, 'Syria')}` }), 'the items below move up a number');
  });

  test('in a large archive the closest are the nearest in time among the many with the same words', async () => {
    const many: Record<string, string> = { ...files };
    for (let i = 0; i < 450; i++) {
      const [path, text] = dated(`19${String(50 + Math.floor(i / 12)).padStart(2, '0')}-${String((i % 12) + 1).padStart(2, '0')}-01`, `Kurdish forces advance on town ${i}.`);
      many[path] = text;
    }
    const large = await workspace(many);
    const text = entry({ related: relatedItem(1, 'Kurdish forces advance.', '/news/2016/07/2/kurdish-forces-advance.md', 'Iraq') });
    const { actions } = fixesOf(large, text, 'related.dangling');
    assert.deepEqual(actions.map((a) => a.title), [
      'Link to "Peshmerga advance." (2016-07-02)', 'Link to "Kurdish forces advance." (2016-07-01)', 'Link to "Kurdish forces advance again." (2016-07-03)',
      'Remove this related item',
    ]);
  });

  test('removing an item of a list numbered all `1.` keeps the numbers', () => {
    const text = entry({ related: `${relatedItem(1, 'X', '/news/2016/07/1/gone.md', 'Iraq')}\n${relatedItem(1, 'Peshmerga statement.', PESH_LINK, 'Syria')}` });
    const { actions } = fixesOf(fixture, text, 'related.dangling');
    assert.equal(applied(text, actions[actions.length - 1]), entry({ related: relatedItem(1, 'Peshmerga statement.', PESH_LINK, 'Syria') }));
  });

  test('related.staleTitle updates the link text', () => {
    const text = entry({ related: relatedItem(1, 'An old title', targetLink, 'Iraq') });
    assert.equal(fixed(fixture, text, 'related.staleTitle'), entry({ related: relatedItem(1, 'Kurdish forces advance.', targetLink, 'Iraq') }));
  });

  test('context.likelyTypo replaces the tag with the common spelling', () => {
    const text = entry({ related: `${own}\n${relatedItem(2, 'Kurdish forces advance.', targetLink, 'Kurdistan, Irak')}` });
    const { actions } = fixesOf(fixture, text, 'context.likelyTypo');
    assert.deepEqual(actions.map((a) => a.title), ['Replace "Irak" with "Iraq"']);
    assert.equal(applied(text, actions[0]), entry({ related: `${own}\n${relatedItem(2, 'Kurdish forces advance.', targetLink, 'Kurdistan, Iraq')}` }));
  });

  test('related.missingContext inserts the tags both entries share, alphabetically', () => {
    const text = entry({ related: `${own}\n2. [Kurdish forces advance.](${targetLink})` });
    assert.equal(fixed(fixture, text, 'related.missingContext'), entry({ related: `${own}\n${relatedItem(2, 'Kurdish forces advance.', targetLink, 'Iraq, Syria')}` }));
  });

  test('related.duplicate and related.self remove the item', () => {
    const twice = entry({ related: `${own}\n${relatedItem(2, 'Peshmerga statement.', PESH_LINK, 'Iraq')}` });
    assert.equal(applied(twice, fixesOf(fixture, twice, 'related.duplicate').actions[0]), entry({ related: own }));
    const self = entry({ related: `${relatedItem(1, 'A test event happens.', `/${HERE}`, 'Iraq')}\n${relatedItem(2, 'Peshmerga statement.', PESH_LINK, 'Iraq, Syria')}` });
    assert.equal(applied(self, fixesOf(fixture, self, 'related.self').actions[0]), entry({ related: own }));
  });

  test('a diagnostic whose data no longer fits the text gets no fix', () => {
    const text = entry({ related: relatedItem(1, 'An old title', targetLink, 'Iraq') });
    const { uri } = fixture.open(HERE, text);
    const document = fixture.service.document(uri)!;
    assert.deepEqual(quickFixes(fixture.service, document, [{ code: 'context.likelyTypo', span: { start: 0, end: 3 }, data: { tag: 'Irak', suggestion: 'Iraq' } }]), []);
    assert.deepEqual(quickFixes(fixture.service, document, [{ code: 'date.dayLinkMismatch', span: { start: 0, end: 3 }, data: {} }]), []);
    assert.deepEqual(quickFixes(fixture.service, document, [{ code: 'headline.missing', span: { start: 0, end: 3 } }]), []);
  });

  test('fix-all applies every safe fix at once and leaves the others', () => {
    const dangling = relatedItem(3, 'Gone.', '/news/2016/07/9/gone.md', 'Iraq');
    const text = [
      '### [2016-07-12](/news/2016/07/11/index.md)', '', '# A test event happens. ', '', 'Body.', '', '### Source:', '', '1. [BBC](https://bbc.com/1)', '', '### Related:', '',
      own, `2. [An old title](${targetLink}) _Context: Kurdistan, Irak_`, dangling, `4. [Peshmerga advance.](${advance})`,
      relatedItem(5, 'Peshmerga statement.', PESH_LINK, 'Iraq'), '',
    ].join('\n');
    const { uri } = fixture.open('news/2016/07/11/x.md', text);
    assert.deepEqual(fixture.service.diagnoseDocument(uri).map((d) => d.code).sort(), [
      'context.likelyTypo', 'date.dayLinkMismatch', 'date.folderMismatch', 'related.dangling', 'related.duplicate', 'related.missingContext', 'related.staleTitle',
    ]);
    const actions = fixAll(fixture.service, fixture.service.document(uri)!);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all safe event-entry problems', 'source.fixAll.eventEntries']]);
    const after = applied(text, actions[0]);
    assert.equal(after, [
      '### [2016-07-11](/news/2016/07/11/index.md)', '', '# A test event happens. ', '', 'Body.', '', '### Source:', '', '1. [BBC](https://bbc.com/1)', '', '### Related:', '',
      own, `2. [Kurdish forces advance.](${targetLink}) _Context: Kurdistan, Irak_`, dangling, `4. [Peshmerga advance.](${advance})`,
      relatedItem(5, 'Peshmerga statement.', PESH_LINK, 'Iraq'), '',
    ].join('\n'));
    fixture.open('news/2016/07/11/x.md', after, 2);
    assert.deepEqual(fixture.service.diagnoseDocument(uri).map((d) => d.code).sort(), ['context.likelyTypo', 'related.dangling', 'related.duplicate', 'related.missingContext'], 'tag fixes and the unsafe ones are left to a person');
    assert.deepEqual(fixAll(fixture.service, fixture.service.document(uri)!), [], 'nothing left to fix');
  });

  test('fix-all: a date line that is no link in the wrong folder is fixed whole', () => {
    const text = entry({ dateLine: '### 2016-07-11' });
    const { uri } = fixture.open('news/2016/07/12/x.md', text);
    assert.deepEqual(fixture.service.diagnoseDocument(uri).map((d) => d.code), ['date.noDayLink', 'date.folderMismatch']);
    const [action] = fixAll(fixture.service, fixture.service.document(uri)!);
    assert.equal(applied(text, action), entry({ date: '2016-07-12', dayLink: '/news/2016/07/12/index.md' }));
  });
});

suite('code actions: line ends', () => {
  test('removing a related item in a file with lone CR line ends removes only its line', async () => {
    const [path, text] = dated('2016-07-11', 'Self linking.', { related: [relatedItem(1, 'Self linking.', '/news/2016/07/11/self-linking.md'), relatedItem(2, 'Other.', '/news/2016/07/9/other.md')].join('\n') });
    const cr = text.replace(/\n/g, '\r');
    const fixture = await workspace({});
    const { actions } = fixesOf(fixture, cr, 'related.self', path);
    const after = applied(cr, actions.find((a) => a.title.startsWith('Remove')));
    assert.equal(after, cr.replace(`${relatedItem(1, 'Self linking.', '/news/2016/07/11/self-linking.md')}\r`, '').replace('2. [Other.]', '1. [Other.]'));
  });
});

suite('code actions: text that could break a link', () => {
  test('a headline with brackets is escaped in the link text, and a URL with parentheses stays one link', async () => {
    const [target, targetText] = dated('2016-07-10', 'Officials [in Kyiv] say so.');
    const fixture = await workspace({ [target]: targetText });
    const text = entry({ related: relatedItem(1, 'Old title.', `/${target}`) });
    const after = fixed(fixture, text, 'related.staleTitle');
    assert.ok(after.includes('1. [Officials \\[in Kyiv\\] say so.]('), after);
    const { uri } = fixture.open(HERE, after, 2);
    assert.deepEqual(fixture.service.diagnoseDocument(uri).map((d) => d.code), [], 'the escaped text reads as the headline');
    const withUrl = withTemplate(fixture, entry({ sources: null }), 'https://en.wikipedia.org/wiki/Kyiv_(city) <x>');
    assert.ok(withUrl?.includes('(https://en.wikipedia.org/wiki/Kyiv_%28city%29%20%3Cx%3E)'), withUrl);
  });
});
