// End-to-end checks of the diagnostics, run inside a real VS Code extension host on the
// test/fixtures/e2e-workspace archive (a throw-away copy of it: these tests write files).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { SOURCE, activateAndWaitForIndex, codeOf, listDiagnostics, open, waitForDiagnostics, withCode, workspaceUri } from './helpers';

const EXAMPLE =
  '/news/2016/07/11/the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md';
const MISSING_SOURCES = '/news/2020/01/5/missing-sources.md';
// Two of the example's ten related targets exist in the fixture; the other eight dangle.
const STUBBED = [
  '/news/2017/04/1/an-iraqi-airstrike-near-al-qaim-anbar-province-iraq-kills-ayad-al-jumaili-believed-to-be-isil-s-second-in-command.md',
  '/news/2016/09/30/france-conducts-airstrikes-against-isil-positions-in-iraq-from-the-french-aircraft-carrier-charles-de-gaulle.md',
];
// A dangling target that one test creates on disk and deletes again. Its day folder is in the
// fixture: VS Code's file watcher can miss files in folders created an instant before them.
const CREATED = {
  path: '/news/2016/12/2/denmark-s-government-announces-it-will-be-withdrawing-its-seven-f-16-fighter-jets-from-military-operations-against-isil-in-iraq-and-syria-fr.md',
  text:
    '### [2016-12-02](/news/2016/12/2/index.md)\n\n' +
    "# Denmark's government announces it will be withdrawing its seven F-16 fighter jets from military operations against ISIL in Iraq and Syria from mid-December.\n\n" +
    'Created on disk by the end-to-end test.\n\n\n### Source:\n\n1. [BBC](https://www.bbc.com/news/world-europe-fixture-3)\n',
};
const SOURCE_SECTION = '\n### Source:\n\n1. [BBC](https://www.bbc.com/news/x)\n';

/** Zero-based line numbers of the Related items whose link target is one of `targets`. */
function relatedLines(doc: vscode.TextDocument, targets: readonly string[]): number[] {
  const lines: number[] = [];
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (/^\d+\. \[/.test(text) && targets.some((t) => text.includes(`](${t})`))) lines.push(i);
  }
  return lines;
}

function relatedTargets(doc: vscode.TextDocument): string[] {
  return [...doc.getText().matchAll(/^\d+\. \[.*\]\((\/news\/[^)]+)\)/gm)].map((m) => m[1]);
}

suite('Event Entries diagnostics (in the extension host)', () => {
  let example: vscode.TextDocument;
  let dangling: string[];

  suiteSetup(async function () {
    this.timeout(120000);
    await activateAndWaitForIndex();
    example = await open(workspaceUri(EXAMPLE));
    const targets = relatedTargets(example);
    assert.strictEqual(targets.length, 10, 'the example entry has ten related links');
    dangling = targets.filter((t) => !STUBBED.includes(t));
    assert.strictEqual(dangling.length, 8);
    assert.ok(dangling.includes(CREATED.path));
  });

  test('the example entry has exactly one related.dangling error per missing target, on its line', async () => {
    const diags = await waitForDiagnostics(example.uri, '8 related.dangling errors', (d) => d.length === 8);
    for (const d of diags) {
      assert.strictEqual(d.source, SOURCE, `source of: ${d.message}`);
      assert.strictEqual(codeOf(d), 'related.dangling', `code of: ${d.message}`);
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error, `severity of: ${d.message}`);
      // The range covers exactly the link target, and the message names it.
      const target = example.getText(d.range);
      assert.ok(dangling.includes(target), `the range covers a dangling target, not ${JSON.stringify(target)}`);
      assert.strictEqual(d.message, `Related link target not found in the workspace: ${target}`);
    }
    const lines = diags.map((d) => d.range.start.line).sort((a, b) => a - b);
    assert.deepStrictEqual(lines, relatedLines(example, dangling), 'one error on each dangling Related item');
    for (const line of relatedLines(example, STUBBED)) {
      assert.ok(!lines.includes(line), `no error on line ${line}, whose target exists`);
    }
  });

  test('an entry without a Source section has exactly one source.missing warning', async () => {
    const doc = await open(workspaceUri(MISSING_SOURCES));
    const diags = await waitForDiagnostics(doc.uri, 'one source.missing warning', (d) => d.length >= 1);
    assert.strictEqual(diags.length, 1, `exactly one diagnostic:${listDiagnostics(diags)}`);
    const [d] = diags;
    assert.strictEqual(d.source, SOURCE);
    assert.strictEqual(codeOf(d), 'source.missing');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(d.message, 'No sources: add a "### Source:" section with at least one link.');
    assert.ok(doc.lineAt(d.range.start.line).text.startsWith('# '), 'the warning is on the headline');
  });

  test('adding a Source section in the editor clears the warning; reverting brings it back', async () => {
    const uri = workspaceUri(MISSING_SOURCES);
    const doc = await open(uri);
    const original = doc.getText();
    await waitForDiagnostics(uri, 'source.missing before the edit', (d) => withCode(d, 'source.missing').length === 1);

    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, doc.positionAt(original.length), SOURCE_SECTION);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    assert.ok(doc.isDirty, 'the buffer is modified, not saved');
    await waitForDiagnostics(uri, 'no diagnostics once the Source section is typed', (d) => d.length === 0);
    // The file on disk is unchanged: the server read the buffer.
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.strictEqual(onDisk, original);

    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(!doc.isDirty, 'the buffer is reverted');
    assert.strictEqual(doc.getText(), original);
    const after = await waitForDiagnostics(uri, 'source.missing after the revert', (d) => d.length === 1);
    assert.strictEqual(codeOf(after[0]), 'source.missing');
  });

  test('creating a missing target on disk resolves its link; deleting it makes it dangle again', async () => {
    const created = workspaceUri(CREATED.path);
    const folder = vscode.Uri.joinPath(created, '..');
    const [line] = relatedLines(example, [CREATED.path]);
    await waitForDiagnostics(example.uri, '8 errors before the file is created', (d) => d.length === 8);
    const folderExisted = await vscode.workspace.fs.stat(folder).then(() => true, () => false);
    assert.ok(folderExisted, 'the fixture has the day folder of the created entry');
    try {
      await vscode.workspace.fs.writeFile(created, new TextEncoder().encode(CREATED.text));
      const diags = await waitForDiagnostics(example.uri, '7 errors once the target exists', (d) => d.length === 7);
      assert.ok(diags.every((d) => codeOf(d) === 'related.dangling'));
      assert.ok(!diags.some((d) => d.range.start.line === line), `no error left on line ${line}`);
      assert.ok(!example.isDirty, 'the example itself was not edited');

      await vscode.workspace.fs.delete(created, { useTrash: false });
      const after = await waitForDiagnostics(example.uri, '8 errors once the target is deleted', (d) => d.length === 8);
      assert.ok(after.some((d) => d.range.start.line === line), `the error on line ${line} is back`);
    } finally {
      await vscode.workspace.fs.delete(created, { useTrash: false }).then(undefined, () => undefined);
    }
  });
});
