// End-to-end checks of the editing features (completion, hover, quick fixes, navigation) through
// VS Code's own command API, inside a real extension host on a throw-away copy of
// test/fixtures/e2e-workspace. Every test reverts what it typed and closes its editors.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateAndWaitForIndex, codeOf, completionsAt, hoverText, labelOf, listDiagnostics, open, revertAllAndClose, typeNewLastLine, waitForDiagnostics, workspaceUri } from './helpers';

const EXAMPLE = {
  path: '/news/2016/07/11/the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md',
  headline: 'The United States announces it will be sending 560 more United States Armed Forces soldiers to Iraq to help fight against ISIL.',
};
const DAY_PAGE = '/news/2016/07/11/index.md';
// The entry the tests type in: a clean entry whose Related list links to the example.
const MOSUL = {
  path: '/news/2016/10/17/the-iraqi-army-and-kurdish-peshmerga-forces-backed-by-u-s-led-coalition-airstrikes-begin-an-offensive-to-retake-mosul-from-isil.md',
  headline: 'The Iraqi Army and Kurdish Peshmerga forces, backed by U.S.-led coalition airstrikes, begin an offensive to retake Mosul from ISIL.',
};
const FRANCE = {
  path: '/news/2016/09/30/france-conducts-airstrikes-against-isil-positions-in-iraq-from-the-french-aircraft-carrier-charles-de-gaulle.md',
  headline: 'France conducts airstrikes against ISIL positions in Iraq from the French aircraft carrier "Charles de Gaulle".',
};
const AL_QAIM = {
  path: '/news/2017/04/1/an-iraqi-airstrike-near-al-qaim-anbar-province-iraq-kills-ayad-al-jumaili-believed-to-be-isil-s-second-in-command.md',
  headline: "An Iraqi airstrike near Al Qaim, Anbar province, Iraq, kills Ayad al-Jumaili, believed to be ISIL's second-in-command.",
};
const MISSING_SOURCES = '/news/2020/01/5/missing-sources.md';
const DANGLING = '/news/2016/12/14/a-u-s-airstrike-in-al-raqqah-syria-kills-four-isil-leaders-two-of-which-were-confirmed-to-have-roles-in-the-november-2015-paris-attacks.md';
const ISIL = 'Islamic State of Iraq and the Levant';

function find(items: readonly vscode.CompletionItem[], label: string): vscode.CompletionItem {
  const item = items.find((candidate) => labelOf(candidate) === label);
  assert.ok(item, `a proposal ${JSON.stringify(label)} among ${JSON.stringify(items.map(labelOf))}`);
  return item;
}

/** Accepts a proposal as the editor does: its snippet replaces its range, the cursor goes to the final tab stop. */
async function accept(editor: vscode.TextEditor, item: vscode.CompletionItem): Promise<void> {
  assert.ok(item.insertText instanceof vscode.SnippetString, `the proposal ${labelOf(item)} is a snippet`);
  assert.ok(item.range, `the proposal ${labelOf(item)} has a range`);
  const range = item.range instanceof vscode.Range ? item.range : item.range.replacing;
  assert.ok(await editor.insertSnippet(item.insertText, range), 'the snippet is inserted');
}

function positionOf(doc: vscode.TextDocument, fragment: string, shift = 1): vscode.Position {
  const index = doc.getText().indexOf(fragment);
  assert.ok(index >= 0, `${JSON.stringify(fragment)} is in ${doc.uri.path}`);
  return doc.positionAt(index + shift);
}

suite('Event Entries editing features (in the extension host)', () => {
  suiteSetup(async function () {
    this.timeout(120000);
    await activateAndWaitForIndex();
  });

  teardown(async () => {
    await revertAllAndClose();
  });

  test('context tags: `_Context: Ira` proposes Iraq, Iraqi Civil War, …; accepting writes the tag and closes the italics', async () => {
    const doc = await open(workspaceUri(MOSUL.path));
    await waitForDiagnostics(doc.uri, 'the Mosul entry to be clean', (d) => d.length === 0);
    const editor = vscode.window.activeTextEditor!;
    const item = `2. [${AL_QAIM.headline}](${AL_QAIM.path}) `;
    const position = await typeNewLastLine(editor, `${item}_Context: Ira`);

    const tags = await completionsAt(doc, position);
    const labels = tags.map(labelOf);
    // The tags that start with `Ira` (shared with the linked event first, then by use), then the one with a word
    // that does, then fuzzy matches. Each filters on `Ira`, so the editor keeps this order: Enter takes Iraq.
    assert.deepStrictEqual(labels.slice(0, 4), ['Iraq', 'Iraqi Civil War', 'Iraqi Kurdistan', ISIL], JSON.stringify(labels));
    assert.ok(tags.every((t) => t.filterText === 'Ira'), 'every proposal filters on the typed prefix');
    assert.ok(!labels.includes('U.S.'), 'a tag that does not match is left out');
    assert.ok(tags.every((t) => t.kind === vscode.CompletionItemKind.Keyword));
    // The counts are the workspace's: 7 uses in the example, one in this entry, one in the entry that links here.
    assert.strictEqual(find(tags, 'Iraq').detail, '9 uses · shared with the linked event');
    assert.strictEqual(find(tags, 'Iraqi Civil War').detail, '6 uses');

    await accept(editor, find(tags, 'Iraqi Civil War'));
    const line = doc.lineAt(position.line).text;
    assert.strictEqual(line, `${item}_Context: Iraqi Civil War_`);
    assert.strictEqual(editor.selection.active.character, line.length - 1, 'the cursor is before the closing `_`, ready for `, `');
    // The item it wrote is a valid related item: the entry stays clean.
    await waitForDiagnostics(doc.uri, 'no diagnostics for the completed item', (d) => d.length === 0);

    // `, ` (both trigger characters) asks for the next tag; the ones already listed are not proposed again.
    assert.ok(await editor.edit((edit) => edit.insert(editor.selection.active, ', ')));
    const beforeClosing = new vscode.Position(position.line, doc.lineAt(position.line).text.length - 1);
    const next = await completionsAt(doc, beforeClosing, ' ');
    assert.ok(!next.map(labelOf).includes('Iraqi Civil War'), 'a listed tag is not proposed again');
    assert.strictEqual(labelOf(next[0]), ISIL, `the tags shared with the linked event come first: ${JSON.stringify(next.map(labelOf))}`);
    await accept(editor, find(next, 'Iraq'));
    assert.strictEqual(doc.lineAt(position.line).text, `${item}_Context: Iraqi Civil War, Iraq_`);
  });

  test('related events: `1. [` and part of a headline propose the entry; accepting writes the whole numbered item', async () => {
    const doc = await open(workspaceUri(MOSUL.path));
    const editor = vscode.window.activeTextEditor!;
    const position = await typeNewLastLine(editor, '1. [Fran');

    const events = await completionsAt(doc, position, undefined);
    const france = find(events, FRANCE.headline);
    assert.strictEqual(labelOf(events[0]), FRANCE.headline, `the best match first: ${JSON.stringify(events.map(labelOf))}`);
    assert.strictEqual(france.kind, vscode.CompletionItemKind.Reference);
    assert.strictEqual(france.detail, '2016-09-30 · 17 days away · 3 shared tags');

    await accept(editor, france);
    const line = doc.lineAt(position.line).text;
    // The number is the item's place (2.), whatever was typed; the context holds the tags the two events share.
    assert.strictEqual(line, `2. [${FRANCE.headline}](${FRANCE.path}) _Context: Iraq, ${ISIL}, Military intervention against ISIL_`);
    assert.deepStrictEqual(editor.selection.active, new vscode.Position(position.line, line.length), 'the cursor ends after the item');
    await waitForDiagnostics(doc.uri, 'no diagnostics for the inserted item', (d) => d.length === 0);

    // An entry that is linked already is not proposed again.
    const again = await typeNewLastLine(editor, '3. [United States announces');
    const linked = (await completionsAt(doc, again)).map(labelOf);
    assert.ok(!linked.includes(EXAMPLE.headline), `the linked example is not proposed: ${JSON.stringify(linked)}`);
  });

  test('hover on a related link previews the linked entry; on a tag, its use; on a dangling link, the closest entries', async () => {
    const doc = await open(workspaceUri(MOSUL.path));
    const link = await hoverText(doc, positionOf(doc, `1. [${EXAMPLE.headline.slice(0, 20)}`, 10));
    for (const part of [
      `**${EXAMPLE.headline}**`,
      '2016-07-11 · 98 days before this entry',
      'The US is to send 560 more military personnel to Iraq',
      'Sources: BBC',
      'Linked from 1 entry',
    ]) {
      assert.ok(link.includes(part), `the link hover shows ${JSON.stringify(part)}:\n${link}`);
    }
    // The example's known tags: those of its own related items and those that this entry's link gives it.
    const tags = (/^Tags: (.*)$/m.exec(link)?.[1] ?? '').split(',').map((tag) => tag.trim());
    assert.deepStrictEqual([...tags].sort(), ['Iraq', 'Iraqi Civil War', ISIL, 'Military intervention against ISIL', 'U.S.', 'United States military personnel'], link);

    const tag = await hoverText(doc, positionOf(doc, 'Iraqi Civil War, Islamic', 3));
    assert.ok(tag.includes('**Iraqi Civil War**: used in 6 related items'), tag);
    assert.ok(tag.includes(`2017-10-16 Iraqi government forces take control of Kirkuk`), `the most recent use first:\n${tag}`);

    const example = await open(workspaceUri(EXAMPLE.path));
    const dangling = await hoverText(example, positionOf(example, DANGLING, 20));
    assert.ok(dangling.includes(`**Not found:** ${DANGLING}`), dangling);
    assert.ok(dangling.includes('Closest entries:'), dangling);
  });

  test('go to definition and document links lead to the linked entry and to the day page', async () => {
    const doc = await open(workspaceUri(MOSUL.path));
    type Target = vscode.Location | vscode.LocationLink;
    const uriOf = (t: Target): vscode.Uri => ('targetUri' in t ? t.targetUri : t.uri);
    const definitions = await vscode.commands.executeCommand<Target[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, EXAMPLE.path, 5));
    assert.deepStrictEqual(definitions.map((t) => uriOf(t).path), [workspaceUri(EXAMPLE.path).path]);
    assert.deepStrictEqual(definitions.map((t) => ('targetRange' in t ? t.targetRange : t.range).start), [new vscode.Position(0, 0)], 'the top of the entry');

    const example = await open(workspaceUri(EXAMPLE.path));
    const dayLink = await vscode.commands.executeCommand<Target[]>('vscode.executeDefinitionProvider', example.uri, positionOf(example, '2016-07-11', 2));
    // The Markdown extension answers too (with the entry itself), so only our target is looked for.
    assert.ok(dayLink.some((t) => uriOf(t).path === workspaceUri(DAY_PAGE).path), JSON.stringify(dayLink.map((t) => uriOf(t).path)));

    // Links from this extension only (the Markdown extension links every Markdown link).
    const links = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', example.uri))
      .filter((l) => l.tooltip === 'Open the linked entry');
    const found = links.map((l) => ({ text: example.getText(l.range), target: l.target?.path }));
    // The day page and the two related targets that exist; none for the eight that dangle.
    assert.deepStrictEqual(found, [
      { text: DAY_PAGE, target: workspaceUri(DAY_PAGE).path },
      { text: AL_QAIM.path, target: workspaceUri(AL_QAIM.path).path },
      { text: FRANCE.path, target: workspaceUri(FRANCE.path).path },
    ]);
  });

  test('the quick fix on a missing-sources warning inserts the source template, the cursor on "Publisher"', async () => {
    const doc = await open(workspaceUri(MISSING_SOURCES));
    const original = doc.getText();
    const [warning] = await waitForDiagnostics(doc.uri, 'the source.missing warning', (d) => d.some((x) => codeOf(x) === 'source.missing'));
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, warning.range, vscode.CodeActionKind.QuickFix.value,
    );
    // The server ties each fix to its diagnostic (which this command does not return): ask for the warning's range only.
    const ours = actions.filter((a): a is vscode.CodeAction => 'kind' in a && a.title.startsWith('Insert source'));
    assert.deepStrictEqual(ours.map((a) => a.title), ['Insert source template', 'Insert source from the URL on the clipboard']);
    const [fix] = ours;
    assert.strictEqual(fix.isPreferred, true, 'the template is the preferred fix');
    assert.strictEqual(fix.kind?.value, 'quickfix');
    assert.ok(fix.command, 'the fix runs a command');
    assert.strictEqual(fix.command.command, 'eventEntries.insertSourceTemplate');

    const args: unknown[] = fix.command.arguments ?? [];
    await vscode.commands.executeCommand(fix.command.command, ...args);
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document, doc);
    assert.strictEqual(doc.getText(), `${original.trimEnd()}\n\n\n### Source:\n\n1. [Publisher](https://)\n`);
    assert.strictEqual(doc.getText(editor.selection), 'Publisher', 'the publisher placeholder is selected');

    // Typing replaces the placeholder; Tab goes on to the URL.
    await vscode.commands.executeCommand('type', { text: 'Reuters' });
    assert.ok(doc.getText().endsWith('\n1. [Reuters](https://)\n'), JSON.stringify(doc.getText().slice(-40)));
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.strictEqual(doc.getText(editor.selection), 'https://', 'Tab selects the URL placeholder');
    assert.ok(await editor.edit((edit) => edit.replace(editor.selection, 'https://www.reuters.com/world/fixture')));
    const after = await waitForDiagnostics(doc.uri, 'no diagnostics once the source is filled in', (d) => d.length === 0);
    assert.strictEqual(after.length, 0, listDiagnostics(after));
  });
});
