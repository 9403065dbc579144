// End-to-end checks on a generated archive of 3,000 entries, above the size from which the server indexes in
// worker threads (2,000 files): the cold index by the workers, the warm start from the cache, and changes made
// outside the editor, in a real extension host. test/e2e/run.sh generates the workspace (bench/corpus, seed 7).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  activateAndWaitForIndex, codeOf, completionsAt, hoverText, labelOf, listDiagnostics, open, revertAllAndClose, typeNewLastLine,
  restartAndWatch, waitForDiagnostics, waitForStatus, WAIT_MS, withCode, workspaceUri,
} from '../vscode/helpers';

const ENTRIES = 3000;

/** Every entry of the workspace, as paths below the folder with a leading slash, sorted. */
function entryPaths(): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const item of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.name.endsWith('.md') && item.name !== 'index.md') found.push(`/${path.relative(workspaceUri('').fsPath, full).split(path.sep).join('/')}`);
    }
  };
  walk(workspaceUri('news').fsPath);
  return found.sort();
}

function headlineOf(entryPath: string): string {
  const headline = /^# (.+?)\s*$/m.exec(fs.readFileSync(workspaceUri(entryPath).fsPath, 'utf8'))?.[1];
  assert.ok(headline, `${entryPath} has a headline`);
  return headline;
}

/** The targets of an entry's related links, in order. */
function relatedTargets(text: string): string[] {
  return [...text.matchAll(/^\d+\. \[[^\]]*\]\((\/news\/[^)]+)\)/gm)].map((match) => match[1]);
}

let picked: { edited: string; other: string } | undefined;

/** The entry the tests edit, and one it does not link to, picked from the middle of the generated archive once. */
function pick(): { edited: string; other: string } {
  picked ??= pickFrom(entryPaths());
  return picked;
}

function pickFrom(paths: readonly string[]): { edited: string; other: string } {
  assert.strictEqual(paths.length, ENTRIES, `the generated workspace holds ${ENTRIES} entries`);
  const edited = paths[1234];
  const linked = new Set(relatedTargets(fs.readFileSync(workspaceUri(edited).fsPath, 'utf8')));
  const other = paths.slice(2000).find((candidate) => !linked.has(candidate) && candidate !== edited);
  assert.ok(other, 'an entry the edited one does not link to');
  return { edited, other };
}

/**
 * Types a new related item in the edited entry that links to `target`, and waits until its diagnostics say that the
 * link dangles, or that it does not. The item has no context tags, whose warning tells that the server diagnosed
 * this very edit (no dangling link is no proof of it, nor is one left from an earlier edit of the same line).
 * Returns the entry's dangling-link diagnostics, then reverts the edit.
 */
async function danglingAfterLinking(target: string, dangles: boolean): Promise<vscode.Diagnostic[]> {
  const { edited } = pick();
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(edited)), { preview: false });
  const items = relatedTargets(editor.document.getText()).length;
  await typeNewLastLine(editor, `${items + 1}. [A new item.](${target})`);
  const line = editor.document.lineCount - 1;
  const onLine = (found: readonly vscode.Diagnostic[], code: string): boolean => found.some((diagnostic) => diagnostic.range.start.line === line && codeOf(diagnostic) === code);
  const diagnostics = await waitForDiagnostics(editor.document.uri, `the new item's link to ${target} ${dangles ? 'dangling' : 'resolved'}`, (found) =>
    onLine(found, 'related.missingContext') && onLine(found, 'related.dangling') === dangles);
  const dangling = withCode(diagnostics, 'related.dangling');
  assert.ok(dangling.every((diagnostic) => diagnostic.range.start.line === line), `only the new item may dangle:${listDiagnostics(dangling)}`);
  await revertAllAndClose();
  return dangling;
}

suite('a generated archive of 3,000 entries, indexed by worker threads', () => {
  teardown(revertAllAndClose);

  test('every entry is indexed in the background, and the count is reported once the disk is checked', async function () {
    this.timeout(120000 + WAIT_MS);
    const api = await activateAndWaitForIndex();
    const status = await waitForStatus(api, `${ENTRIES} entries, checked against the disk`, (seen) => seen.state === 'ready' && seen.verified !== false && seen.entries === ENTRIES);
    console.log(`[event-entries-test] large workspace: ${JSON.stringify(status)}`);
  });

  test('an entry\'s links to entries read by the workers resolve, and a link to a missing one does not', async function () {
    this.timeout(60000 + WAIT_MS);
    await activateAndWaitForIndex();
    const { edited } = pick();
    const doc = await open(workspaceUri(edited));
    const targets = relatedTargets(doc.getText());
    assert.ok(targets.length >= 5, `${edited} has related links: ${JSON.stringify(targets)}`);
    // Written by the tests' generator: every link of the archive points at one of its entries.
    const missing = '/news/1994/01/3/an-entry-nobody-wrote.md';
    const dangling = await danglingAfterLinking(missing, true);
    assert.strictEqual(dangling.length, 1, `one dangling link, the new one:${listDiagnostics(dangling)}`);
    assert.ok(dangling[0].message.includes(missing), dangling[0].message);
    assert.strictEqual(codeOf(dangling[0]), 'related.dangling');
  });

  test('hover on a related link previews the linked entry, read from the index', async function () {
    this.timeout(60000 + WAIT_MS);
    await activateAndWaitForIndex();
    const { edited } = pick();
    const doc = await open(workspaceUri(edited));
    const [target] = relatedTargets(doc.getText());
    const position = doc.positionAt(doc.getText().indexOf(`](${target})`) + 4);
    const text = await hoverText(doc, position);
    assert.ok(text.includes(headlineOf(target)), `the preview of ${target} shows its headline: ${text}`);
  });

  test('a related-event completion finds an entry anywhere in the archive by words of its headline', async function () {
    this.timeout(60000 + WAIT_MS);
    await activateAndWaitForIndex();
    const { edited, other } = pick();
    const headline = headlineOf(other);
    const words = headline.split(/\s+/).filter((word) => /^[A-Za-z]{4,}$/.test(word)).slice(0, 3);
    assert.ok(words.length >= 2, `words to search for in ${JSON.stringify(headline)}`);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(edited)), { preview: false });
    const items = relatedTargets(editor.document.getText()).length;
    const position = await typeNewLastLine(editor, `${items + 1}. [${words.join(' ')}`);
    const proposals = await completionsAt(editor.document, position);
    assert.ok(proposals.some((item) => labelOf(item).trim() === headline.trim()), `${JSON.stringify(headline)} among ${JSON.stringify(proposals.map(labelOf))}`);
  });

  test('restarted, the server answers from its cache with every entry, then checks them against the disk', async function () {
    this.timeout(120000 + WAIT_MS);
    const api = await activateAndWaitForIndex();
    const { edited, other } = pick();
    const doc = await open(workspaceUri(edited));
    const target = relatedTargets(doc.getText())[1];
    const hoverAtTarget = (): Promise<string> => hoverText(doc, doc.positionAt(doc.getText().indexOf(`](${target})`) + 4));
    // Asked the moment the restarted server answers from its cache, before its lookups are built (they are built
    // after the check against the disk): the requests wait for them, and answer from them.
    let atReady: { hover: string; proposals: string[] } | undefined;
    const seen = await restartAndWatch(api, async () => {
      const words = headlineOf(other).split(/\s+/).filter((word) => /^[A-Za-z]{4,}$/.test(word)).slice(0, 3);
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      const position = await typeNewLastLine(editor, `${relatedTargets(doc.getText()).length + 1}. [${words.join(' ')}`);
      const [hover, proposals] = await Promise.all([hoverAtTarget(), completionsAt(doc, position)]);
      atReady = { hover, proposals: proposals.map(labelOf) };
    });
    const first = seen.find((status) => status.state === 'ready');
    assert.deepStrictEqual(first && { entries: first.entries, verified: first.verified }, { entries: ENTRIES, verified: false }, `the first ready came from the cache: ${JSON.stringify(seen)}`);
    assert.strictEqual(seen.find((status) => status.state === 'ready' && status.verified !== false)?.entries, ENTRIES);
    assert.ok(atReady, 'the requests sent at the first ready were answered');
    assert.ok(atReady.hover.includes(headlineOf(target)), `at the first ready, the preview of ${target} shows its headline: ${atReady.hover}`);
    assert.ok(atReady.proposals.some((label) => label.trim() === headlineOf(other).trim()), `at the first ready, ${JSON.stringify(headlineOf(other))} among ${JSON.stringify(atReady.proposals)}`);
    // After the check against the disk, restored records are read as well.
    const text = await hoverAtTarget();
    assert.ok(text.includes(headlineOf(target)), `after the restart, the preview of ${target} shows its headline: ${text}`);
  });

  test('500 entries written by a script outside the editor are indexed, and are gone once it deletes them', async function () {
    this.timeout(120000 + 4 * WAIT_MS);
    const api = await activateAndWaitForIndex();
    const text = fs.readFileSync(workspaceUri(pick().other).fsPath, 'utf8');
    const folder = workspaceUri('news/1993').fsPath;
    const written = Array.from({ length: 500 }, (_, i) => `/news/1993/01/${(i % 28) + 1}/copy-${i}.md`);
    try {
      for (const entryPath of written) {
        const file = workspaceUri(entryPath).fsPath;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
      }
      await waitForStatus(api, `${ENTRIES + written.length} entries`, (status) => status.entries === ENTRIES + written.length);
      assert.deepStrictEqual(await danglingAfterLinking(written[321], false), [], 'a link to a written entry resolves');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    await waitForStatus(api, `${ENTRIES} entries once the script deleted its own`, (status) => status.entries === ENTRIES);
    const dangling = await danglingAfterLinking(written[321], true);
    assert.strictEqual(dangling.length, 1, `the link to a deleted entry dangles:${listDiagnostics(dangling)}`);
  });
});
