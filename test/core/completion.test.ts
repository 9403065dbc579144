import * as assert from 'node:assert/strict';
import { complete } from '../../server/src/core/features/completion';
import type { CompletionEntry, CompletionResult } from '../../server/src/core/features/types';
import { NEVER_CANCELLED } from '../../server/src/core/workspace';
import { applyCompletion, expandSnippet } from './helpers/edits';
import { CURSOR, dated, entry, relatedItem, workspace, type Fixture } from './helpers/fixture';

const HERE = 'news/2016/07/11/a-test-event-happens.md';

/** Completion at the cursor marker of a text opened at a path; returns the result and the clean text. */
function completeAt(fixture: Fixture, text: string, path = HERE): { result: CompletionResult; text: string } {
  const { uri, offset } = fixture.open(path, text);
  assert.ok(offset >= 0, 'the fixture text has a cursor marker');
  const document = fixture.service.document(uri)!;
  const result = complete(fixture.service, document, offset, NEVER_CANCELLED);
  // What editors require of a completion edit: one line, holding the cursor.
  for (const { edit, label } of result.items) {
    assert.ok(edit.span.start <= offset && offset <= edit.span.end, `${label}: the edit holds the cursor`);
    assert.ok(!/[\r\n]/.test(document.text.slice(edit.span.start, edit.span.end)), `${label}: the edit stays on one line`);
  }
  return { result, text: document.text };
}

function labels(result: CompletionResult): string[] {
  return result.items.map((item) => item.label);
}

function item(result: CompletionResult, label: string): CompletionEntry {
  const found = result.items.find((candidate) => candidate.label === label);
  assert.ok(found, `no item ${label} among ${JSON.stringify(labels(result))}`);
  return found;
}

/** The text after accepting the item with a label. */
function accept(completion: { result: CompletionResult; text: string }, label: string): string {
  return applyCompletion(completion.text, item(completion.result, label));
}

/** The line of a text that holds a fragment. */
function lineWith(text: string, fragment: string): string {
  const line = text.split('\n').find((candidate) => candidate.includes(fragment));
  assert.ok(line !== undefined, `no line with ${fragment}`);
  return line;
}

suite('completion: snippet helper', () => {
  test('tab stops vanish, placeholders keep their text, escapes unescape', () => {
    assert.equal(expandSnippet('a$0b$1c${2}d${3:Publisher}e'), 'abcdPublishere');
    assert.equal(expandSnippet('\\$1 \\} \\\\ {x}'), '$1 } \\ {x}');
    assert.throws(() => expandSnippet('${1:open'));
  });
});

suite('completion: context tags', () => {
  // Own related item 1 carries {Iraq, Syria}; the target of item 2 carries {Iraq, Kurdistan}.
  const [pesh, peshText] = dated('2016-06-20', 'Peshmerga statement.');
  const peshLink = `/${pesh}`;
  const [target, targetText] = dated('2016-07-01', 'Kurdish forces advance.', { related: relatedItem(1, 'Peshmerga statement.', peshLink, 'Iraq, Kurdistan') });
  const targetLink = `/${target}`;
  const fillers = ['Islamic State, Turkey', 'Islamic State, Turkey', 'Islamic State, Turkey, Iraq', 'Islamic State, Syria, Iraq', 'Syria, Kurdistan, Kurdish people'];
  const files: Record<string, string> = { [pesh]: peshText, [target]: targetText };
  fillers.forEach((tags, i) => {
    const [path, text] = dated(`2015-01-${String(i + 1).padStart(2, '0')}`, `Filler event ${i + 1}.`, { related: relatedItem(1, 'Peshmerga statement.', peshLink, tags) });
    files[path] = text;
  });
  /** This entry with item 2 linking to the target; `context` is everything after the link (cursor included). */
  const withItem2 = (context: string): string => entry({
    related: `${relatedItem(1, 'Peshmerga statement.', peshLink, 'Iraq, Syria')}\n2. [Kurdish forces advance.](${targetLink}) ${context}`,
  });
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace(files);
  });
  teardown(() => fixture.closeAll());

  test('an empty list: shared tags of both events, then the target\'s, then by use count, with the count in detail', () => {
    const completion = completeAt(fixture, withItem2(`_Context: ${CURSOR}_`));
    assert.deepEqual(labels(completion.result), ['Iraq', 'Kurdistan', 'Islamic State', 'Syria', 'Turkey', 'Kurdish people']);
    assert.deepEqual(completion.result.items.map((i) => i.detail), [
      '4 uses · shared with the linked event', '2 uses · tag of the linked event', '4 uses', '3 uses', '3 uses', '1 use',
    ]);
    assert.ok(completion.result.items.every((i) => i.kind === 'tag'));
    assert.equal(lineWith(accept(completion, 'Iraq'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq_`);
  });

  test('tags already in the list are left out; the new tag goes after `, `', () => {
    const completion = completeAt(fixture, withItem2(`_Context: Iraq, ${CURSOR}_`));
    assert.deepEqual(labels(completion.result), ['Kurdistan', 'Islamic State', 'Syria', 'Turkey', 'Kurdish people']);
    assert.equal(lineWith(accept(completion, 'Kurdistan'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq, Kurdistan_`);
  });

  test('the prefix typed since the last comma filters; the half-typed tag itself is no proposal', () => {
    const completion = completeAt(fixture, withItem2(`_Context: Iraq, Kur${CURSOR}_`));
    const found = labels(completion.result);
    assert.equal(found[0], 'Kurdistan');
    assert.ok(found.includes('Kurdish people'));
    assert.ok(!found.includes('Kur'), `the text being typed is offered: ${JSON.stringify(found)}`);
    assert.ok(!found.includes('Iraq') && !found.includes('Islamic State'), JSON.stringify(found));
    assert.equal(completion.result.isIncomplete, true);
    assert.equal(lineWith(accept(completion, 'Kurdistan'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq, Kurdistan_`);
  });

  test('the editor can filter: by label when nothing is typed, by the typed prefix (kept by fuzzy matches) otherwise', () => {
    const empty = completeAt(fixture, withItem2(`_Context: ${CURSOR}_`));
    assert.ok(empty.result.items.every((i) => (i.filterText ?? i.label) === i.label));
    const typo = completeAt(fixture, withItem2(`_Context: Kurdsitan${CURSOR}_`));
    assert.equal(typo.result.items[0].label, 'Kurdistan');
    assert.ok(typo.result.items.every((i) => i.filterText === 'Kurdsitan'));
  });

  test('tags whose words start with the prefix come before fuzzy matches, whatever their group', () => {
    const labelsFor = (typed: string): string[] => labels(completeAt(fixture, withItem2(`_Context: ${typed}${CURSOR}_`)).result);
    assert.deepEqual(labelsFor('Kur'), ['Kurdistan', 'Kurdish people', 'Turkey']);
    assert.equal(labelsFor('Tur')[0], 'Turkey');
    assert.equal(labelsFor('is')[0], 'Islamic State');
    assert.deepEqual(labelsFor('sta').slice(0, 1), ['Islamic State'], 'a later word counts too');
    assert.deepEqual(labelsFor('I').slice(0, 2), ['Iraq', 'Islamic State']);
    assert.equal(labelsFor('Ira')[0], 'Iraq', 'a tag that starts with the typed text beats one where a later word does');
  });

  test('the closing `_` is added when it is not typed yet', () => {
    const completion = completeAt(fixture, withItem2(`_Context: Iraq, Kur${CURSOR}`));
    assert.equal(completion.result.items[0].label, 'Kurdistan');
    assert.equal(lineWith(accept(completion, 'Kurdistan'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq, Kurdistan_`);
    const empty = completeAt(fixture, withItem2(`_Context: ${CURSOR}`));
    assert.equal(lineWith(accept(empty, 'Iraq'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq_`);
  });

  test('a comma typed without a space gets its space', () => {
    const afterComma = completeAt(fixture, withItem2(`_Context: Iraq,${CURSOR}_`));
    assert.ok(!labels(afterComma.result).includes('Iraq'));
    assert.equal(lineWith(accept(afterComma, 'Kurdistan'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq, Kurdistan_`);
    const typed = completeAt(fixture, withItem2(`_Context: Iraq,Kur${CURSOR}_`));
    assert.equal(lineWith(accept(typed, 'Kurdistan'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq, Kurdistan_`);
    const unclosed = completeAt(fixture, withItem2(`_Context: Iraq,${CURSOR}`));
    assert.equal(lineWith(accept(unclosed, 'Kurdistan'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq, Kurdistan_`);
  });

  test('the label typed without its space gets one', () => {
    const completion = completeAt(fixture, withItem2(`_Context:${CURSOR}_`));
    assert.equal(lineWith(accept(completion, 'Iraq'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq_`);
  });

  test('in the middle of the list: tags after the cursor are left out and kept', () => {
    const completion = completeAt(fixture, withItem2(`_Context: Kur${CURSOR}, Iraq_`));
    assert.ok(!labels(completion.result).includes('Iraq'));
    assert.equal(lineWith(accept(completion, 'Kurdistan'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Kurdistan, Iraq_`);
  });

  test('inside a written tag the whole tag is replaced, and its count leaves out this very use', () => {
    const completion = completeAt(fixture, withItem2(`_Context: Iraq, Kur${CURSOR}dish people_`));
    assert.equal(item(completion.result, 'Kurdish people').detail, '1 use');
    assert.equal(lineWith(accept(completion, 'Kurdistan'), 'Kurdish forces'), `2. [Kurdish forces advance.](${targetLink}) _Context: Iraq, Kurdistan_`);
  });

  test('CRLF entries: the line break stays', () => {
    const completion = completeAt(fixture, withItem2(`_Context: Iraq, Kur${CURSOR}`).replace(/\n/g, '\r\n'));
    assert.equal(accept(completion, 'Kurdistan'), withItem2('_Context: Iraq, Kurdistan_').replace(/\n/g, '\r\n'));
  });

  test('the Related items before and after are untouched', () => {
    const completion = completeAt(fixture, withItem2(`_Context: Iraq, ${CURSOR}_`));
    const after = accept(completion, 'Turkey');
    assert.equal(after, withItem2('_Context: Iraq, Turkey_'));
  });
});

suite('completion: related events', () => {
  const [pesh, peshText] = dated('2016-06-20', 'Peshmerga statement.');
  const peshLink = `/${pesh}`;
  const linkToPesh = (tags: string) => ({ related: relatedItem(1, 'Peshmerga statement.', peshLink, tags) });
  const events = {
    fallujah: dated('2016-07-09', 'Iraqi forces retake Fallujah.', linkToPesh('Iraq, Syria')),
    parliament: dated('2016-07-12', 'Iraqi parliament meets.', linkToPesh('Iraq')),
    oil: dated('2016-06-01', 'Iraqi oil exports rise.', linkToPesh('Syria, Iraq')),
    chile: dated('2016-07-11', 'Earthquake in Chile.', linkToPesh('Chile')),
    elections: dated('2015-01-01', 'Iraqi elections held.', linkToPesh('Iraq, Syria')),
    deal: dated('2016-07-20', 'Oil deal worth $1 billion signed in {Baghdad}.', linkToPesh('Iraq')),
  };
  const renamed = 'news/2016/07/5/old-slug-about-mosul.md';
  const files: Record<string, string> = {
    [pesh]: peshText,
    [renamed]: entry({ date: '2016-07-05', dayLink: '/news/2016/07/5/index.md', headline: 'A renamed headline.', ...linkToPesh('Chile') }),
  };
  for (const [path, text] of Object.values(events)) files[path] = text;
  const link = (key: keyof typeof events): string => `/${events[key][0]}`;
  const item1 = relatedItem(1, 'Peshmerga statement.', peshLink, 'Iraq, Syria');
  const withLine = (line: string): string => entry({ related: `${item1}\n${line}` });
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace(files);
  });
  teardown(() => fixture.closeAll());

  test('on an empty new line: events near this date, most shared tags first, then the closest; linked and far ones left out', () => {
    const completion = completeAt(fixture, withLine(CURSOR));
    assert.deepEqual(labels(completion.result), [
      'Iraqi forces retake Fallujah.', 'Iraqi oil exports rise.', 'Iraqi parliament meets.', 'Oil deal worth $1 billion signed in {Baghdad}.',
      'Earthquake in Chile.', 'A renamed headline.',
    ]);
    assert.ok(completion.result.items.every((i) => i.kind === 'event'));
    assert.equal(
      lineWith(accept(completion, 'Iraqi forces retake Fallujah.'), 'Fallujah'),
      `2. [Iraqi forces retake Fallujah.](${link('fallujah')}) _Context: Iraq, Syria_`,
    );
  });

  test('an event with no shared tag leaves the context empty and opens suggestions there', () => {
    const completion = completeAt(fixture, withLine(CURSOR));
    const chile = completion.result.items.find((item) => item.label === 'Earthquake in Chile.');
    const fallujah = completion.result.items.find((item) => item.label === 'Iraqi forces retake Fallujah.');
    assert.equal(chile?.command, 'editor.action.triggerSuggest');
    assert.equal(fallujah?.command, undefined);
  });

  test('the inserted context holds the shared tags in alphabetical order, as real entries have them', () => {
    const completion = completeAt(fixture, withLine(CURSOR));
    assert.equal(lineWith(accept(completion, 'Iraqi oil exports rise.'), 'oil exports'), `2. [Iraqi oil exports rise.](${link('oil')}) _Context: Iraq, Syria_`);
  });

  test('a typed `1. [` becomes the right item number', () => {
    const completion = completeAt(fixture, withLine(`1. [${CURSOR}`));
    assert.equal(lineWith(accept(completion, 'Iraqi parliament meets.'), 'parliament'), `2. [Iraqi parliament meets.](${link('parliament')}) _Context: Iraq_`);
    const closed = completeAt(fixture, withLine(`[${CURSOR}]`));
    assert.equal(accept(closed, 'Iraqi parliament meets.'), withLine(`2. [Iraqi parliament meets.](${link('parliament')}) _Context: Iraq_`));
  });

  test('a typed headline is matched on the headline, ranked by shared tags then date', () => {
    const completion = completeAt(fixture, withLine(`2. [Iraqi${CURSOR}`));
    assert.deepEqual(labels(completion.result), ['Iraqi forces retake Fallujah.', 'Iraqi oil exports rise.', 'Iraqi elections held.', 'Iraqi parliament meets.']);
    const plain = completeAt(fixture, withLine(`2. fallujah${CURSOR}`));
    assert.deepEqual(labels(plain.result), ['Iraqi forces retake Fallujah.']);
    assert.equal(lineWith(accept(plain, 'Iraqi forces retake Fallujah.'), 'Fallujah'), `2. [Iraqi forces retake Fallujah.](${link('fallujah')}) _Context: Iraq, Syria_`);
  });

  test('a long headline is ranked like a short one: by shared tags, then date', async () => {
    const long = 'Iraqi Prime Minister Haider al-Abadi says U.S.-backed Iraqi forces have launched an operation to regain control of western Mosul from ISIL militants, and the United Nations says humanitarian agencies are setting up.';
    const [path, text] = dated('2016-07-10', long, linkToPesh('Iraq, Syria'));
    const withLong = await workspace({ ...files, [path]: text });
    const completion = completeAt(withLong, withLine(`2. [iraqi${CURSOR}`));
    assert.deepEqual(labels(completion.result), [long, 'Iraqi forces retake Fallujah.', 'Iraqi oil exports rise.', 'Iraqi elections held.', 'Iraqi parliament meets.']);
  });

  test('in a large archive the matches nearest in time are ranked, not the first found', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 450; i++) {
      const [path, text] = dated(`19${String(50 + Math.floor(i / 12)).padStart(2, '0')}-${String((i % 12) + 1).padStart(2, '0')}-01`, `Iraqi event number ${i}.`);
      many[path] = text;
    }
    const large = await workspace({ ...files, ...many });
    assert.ok(large.service.index.size > 450);
    const completion = completeAt(large, withLine(`2. [iraqi${CURSOR}`));
    assert.deepEqual(labels(completion.result).slice(0, 4), ['Iraqi forces retake Fallujah.', 'Iraqi oil exports rise.', 'Iraqi elections held.', 'Iraqi parliament meets.']);
  });

  test('a typed word is matched on the slug too', () => {
    const completion = completeAt(fixture, withLine(`2. [mosul${CURSOR}`));
    assert.deepEqual(labels(completion.result), ['A renamed headline.']);
    assert.equal(lineWith(accept(completion, 'A renamed headline.'), 'renamed'), `2. [A renamed headline.](/${renamed}) _Context: _`);
  });

  test('snippet characters of a headline are inserted literally; no shared tag leaves an empty context to fill', () => {
    const completion = completeAt(fixture, withLine(CURSOR));
    assert.equal(
      lineWith(accept(completion, 'Oil deal worth $1 billion signed in {Baghdad}.'), 'Oil deal'),
      `2. [Oil deal worth $1 billion signed in {Baghdad}.](${link('deal')}) _Context: Iraq_`,
    );
    assert.equal(lineWith(accept(completion, 'Earthquake in Chile.'), 'Chile'), `2. [Earthquake in Chile.](${link('chile')}) _Context: _`);
  });

  test('detail gives the date, the distance and the shared tags', () => {
    const completion = completeAt(fixture, withLine(CURSOR));
    assert.equal(item(completion.result, 'Iraqi forces retake Fallujah.').detail, '2016-07-09 · 2 days away · 2 shared tags');
    assert.equal(item(completion.result, 'Iraqi parliament meets.').detail, '2016-07-12 · 1 day away · 1 shared tag');
    assert.equal(item(completion.result, 'Earthquake in Chile.').detail, '2016-07-11 · the same day · 0 shared tags');
  });

  test('CRLF entries: the whole line is replaced, its line break kept', () => {
    const completion = completeAt(fixture, withLine(`2. [fallu${CURSOR}`).replace(/\n/g, '\r\n'));
    assert.equal(accept(completion, 'Iraqi forces retake Fallujah.'), withLine(`2. [Iraqi forces retake Fallujah.](${link('fallujah')}) _Context: Iraq, Syria_`).replace(/\n/g, '\r\n'));
  });

  test('a blank line before the first item gets number 1', () => {
    const text = entry({ related: `${CURSOR}\n${item1}` }).replace(`### Related:\n\n${CURSOR}`, `### Related:\n${CURSOR}`);
    const completion = completeAt(fixture, text);
    assert.match(lineWith(accept(completion, 'Iraqi parliament meets.'), 'parliament'), /^1\. \[Iraqi parliament meets\.\]/);
  });

  test('nothing on an existing item\'s link text, on the heading line or after a whole item', () => {
    assert.deepEqual(labels(completeAt(fixture, withLine(`2. [Iraqi${CURSOR} parliament meets.](${link('parliament')}) _Context: Iraq_`)).result), []);
    assert.deepEqual(labels(completeAt(fixture, entry({ related: item1 }).replace('### Related:', `${CURSOR}### Related:`)).result), []);
    assert.deepEqual(labels(completeAt(fixture, entry({ related: item1 }).replace('### Related:', `### Related:${CURSOR}`)).result), []);
    assert.deepEqual(labels(completeAt(fixture, entry({ related: `${item1}${CURSOR}` })).result), []);
  });
});

suite('completion: link targets', () => {
  const events = {
    fallujah: dated('2016-07-09', 'Iraqi forces retake Fallujah.'),
    parliament: dated('2016-07-12', 'Iraqi parliament meets.'),
    chile: dated('2016-07-11', 'Earthquake in Chile.'),
    first: dated('2016-07-01', 'A first of July event.'),
    june: dated('2016-06-11', 'A June event.'),
  };
  const badName = 'news/2016/07/11/Bad_Name.md';
  const files: Record<string, string> = { [badName]: entry({ headline: 'Badly named.' }) };
  for (const [path, text] of Object.values(events)) files[path] = text;
  const link = (key: keyof typeof events): string => `/${events[key][0]}`;
  const withItem = (line: string): string => entry({ related: line });
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace(files);
  });
  teardown(() => fixture.closeAll());

  test('a month folder: its entries, closest to this entry\'s date first', () => {
    const completion = completeAt(fixture, withItem(`1. [Old title](/news/2016/07/${CURSOR}) _Context: Iraq_`));
    assert.deepEqual(labels(completion.result), [link('chile'), link('parliament'), link('fallujah'), link('first')]);
    assert.ok(completion.result.items.every((i) => i.kind === 'path'));
    assert.equal(item(completion.result, link('parliament')).detail, 'Iraqi parliament meets.');
  });

  test('accepting sets the target and the link text', () => {
    const completion = completeAt(fixture, withItem(`1. [Old title](/news/2016/07/${CURSOR}) _Context: Iraq_`));
    assert.equal(accept(completion, link('parliament')), withItem(`1. [Iraqi parliament meets.](${link('parliament')}) _Context: Iraq_`));
    const empty = completeAt(fixture, withItem(`1. [](/news/2016/07/1${CURSOR}`));
    assert.equal(accept(empty, link('parliament')), withItem(`1. [Iraqi parliament meets.](${link('parliament')})`), 'the missing `)` is added');
  });

  test('a partly typed day segment filters on it; a complete one matches only that day', () => {
    assert.deepEqual(labels(completeAt(fixture, withItem(`1. [X](/news/2016/07/1${CURSOR})`)).result), [link('chile'), link('parliament'), link('first')]);
    assert.deepEqual(labels(completeAt(fixture, withItem(`1. [X](/news/2016/07/1/${CURSOR})`)).result), [link('first')]);
    assert.deepEqual(labels(completeAt(fixture, withItem(`1. [X](/news/2016/0${CURSOR})`)).result), [link('chile'), link('parliament'), link('fallujah'), link('first'), link('june')]);
  });

  test('slug words filter within the day', () => {
    assert.deepEqual(labels(completeAt(fixture, withItem(`1. [X](/news/2016/07/9/fallujah-retake${CURSOR})`)).result), [link('fallujah')]);
    assert.deepEqual(labels(completeAt(fixture, withItem(`1. [X](/news/2016/07/12/fallujah${CURSOR})`)).result), []);
  });

  test('an entry whose file name is no well-formed slug is never proposed', () => {
    assert.ok(fixture.service.index.has(fixture.uri(badName)), 'the badly named entry is indexed');
    assert.ok(!labels(completeAt(fixture, withItem(`1. [X](/news/2016/07/11/${CURSOR})`)).result).includes(`/${badName}`));
    assert.deepEqual(labels(completeAt(fixture, withItem(`1. [X](/news/2016/07/11/${CURSOR})`)).result), [link('chile')]);
  });

  test('a target typed without its `)` does not swallow the context after it', () => {
    const completion = completeAt(fixture, withItem(`1. [X](/news/2016/07/12/${CURSOR} _Context: Iraq_`));
    assert.equal(accept(completion, link('parliament')), withItem(`1. [Iraqi parliament meets.](${link('parliament')}) _Context: Iraq_`));
  });
});

suite('completion: the date line', () => {
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace({});
  });
  teardown(() => fixture.closeAll());

  test('an empty entry: the folder\'s date and today, each with its day page', () => {
    const completion = completeAt(fixture, CURSOR, 'news/2016/07/5/new-entry.md');
    assert.deepEqual(labels(completion.result), ['### [2016-07-05](/news/2016/07/5/index.md)', '### [2026-11-24](/news/2026/11/24/index.md)']);
    assert.deepEqual(completion.result.items.map((i) => i.detail), ['date of the folder', 'today']);
    assert.equal(accept(completion, '### [2016-07-05](/news/2016/07/5/index.md)'), '### [2016-07-05](/news/2016/07/5/index.md)');
  });

  test('a half-typed date line is replaced as a whole; the rest of the entry stays', () => {
    const text = entry().replace('### [2016-07-11](/news/2016/07/11/index.md)', `### [2016-0${CURSOR}`);
    const completion = completeAt(fixture, text);
    assert.deepEqual(labels(completion.result), ['### [2016-07-11](/news/2016/07/11/index.md)', '### [2026-11-24](/news/2026/11/24/index.md)']);
    assert.equal(accept(completion, '### [2016-07-11](/news/2016/07/11/index.md)'), entry());
  });

  test('an entry of today\'s folder gets one proposal', () => {
    assert.deepEqual(labels(completeAt(fixture, `### [${CURSOR}`, 'news/2026/11/24/new-entry.md').result), ['### [2026-11-24](/news/2026/11/24/index.md)']);
  });

  test('nothing on a blank line beside an existing date line, nor after a finished one', () => {
    const text = entry().replace('\n\n# A test', `\n${CURSOR}\n# A test`);
    assert.deepEqual(labels(completeAt(fixture, text).result), []);
    assert.deepEqual(labels(completeAt(fixture, entry().replace('index.md)', `index.md)${CURSOR}`)).result), []);
  });
});

suite('completion: publishers', () => {
  const files: Record<string, string> = {};
  const sources = [
    '1. [BBC](https://bbc.com/1)\n1. [Cover Image](https://x.org/1.jpg)', '1. [BBC](https://bbc.com/2)\n1. [Reuters](https://reuters.com/2)',
    '1. [BBC](https://bbc.com/3)', '1. [Reuters](https://reuters.com/4)', '1. [Al Jazeera](https://aljazeera.com/5)',
  ];
  sources.forEach((list, i) => {
    const [path, text] = dated(`2015-02-0${i + 1}`, `Sourced event ${i + 1}.`, { sources: list });
    files[path] = text;
  });
  let fixture: Fixture;
  suiteSetup(async () => {
    fixture = await workspace(files);
  });
  teardown(() => fixture.closeAll());

  test('a new source item: publishers of the workspace, most used first, without the cover image', () => {
    const completion = completeAt(fixture, entry({ sources: `1. [${CURSOR}` }));
    assert.deepEqual(labels(completion.result), ['BBC', 'Reuters', 'Al Jazeera']);
    assert.deepEqual(completion.result.items.map((i) => i.detail), ['3 sources', '2 sources', '1 source']);
    assert.equal(accept(completion, 'BBC'), entry({ sources: '1. [BBC](https://)' }));
  });

  test('a typed prefix filters; an auto-closed `]` and an existing URL are respected', () => {
    const typed = completeAt(fixture, entry({ sources: `1. [reu${CURSOR}` }));
    assert.deepEqual(labels(typed.result), ['Reuters']);
    const closed = completeAt(fixture, entry({ sources: `1. [${CURSOR}]` }));
    assert.equal(accept(closed, 'Reuters'), entry({ sources: '1. [Reuters](https://)' }));
    const withUrl = completeAt(fixture, entry({ sources: `1. [Re${CURSOR}](https://reuters.com/9)` }));
    assert.deepEqual(labels(withUrl.result), ['Reuters'], 'the half-typed name of this very item is no proposal');
    assert.equal(accept(withUrl, 'Reuters'), entry({ sources: '1. [Reuters](https://reuters.com/9)' }));
  });
});

suite('completion: nothing elsewhere', () => {
  let fixture: Fixture;
  suiteSetup(async () => {
    const [path, text] = dated('2016-07-10', 'Another event.', { related: relatedItem(1, 'Peshmerga statement.', '/news/2016/06/20/x.md', 'Iraq, Syria') });
    fixture = await workspace({ [path]: text });
  });

  const places: Record<string, string> = {
    'body text': entry({ body: `Something ${CURSOR}happened somewhere.` }),
    'a blank line of the body': entry({ body: `Something happened.\n\n${CURSOR}\n\nMore.` }),
    'a list in the body': entry({ body: `1. [${CURSOR}` }),
    'a link in the body': entry({ body: `See [this](/news/2016/07/${CURSOR}).` }),
    'context-like text in the body': entry({ body: `1. [X](/news/2016/07/10/another-event.md) _Context: ${CURSOR}_` }),
    'the headline': entry({ headline: `A test ${CURSOR}event` }),
    'the end of the headline': entry().replace('happens. ', `happens. ${CURSOR}`),
    'the Source heading': entry().replace('### Source:', `### Source:${CURSOR}`),
    'a plain source item': entry({ sources: `1. BBC${CURSOR}` }),
    'a source URL': entry({ sources: `1. [BBC](https://bbc${CURSOR}.com)` }),
    'after a whole related item': entry({ related: `1. [Another event.](/news/2016/07/10/another-event.md) _Context: Iraq_${CURSOR}` }),
    'an unknown section': entry({ body: `Body.\n\n## Background\n\n1. [${CURSOR}` }),
  };
  for (const [where, text] of Object.entries(places)) {
    test(where, () => {
      assert.deepEqual(labels(completeAt(fixture, text).result), []);
    });
  }
});
