import * as assert from 'node:assert/strict';
import { CancellationTokenSource, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentLink, Hover, Location, MarkupContent, Position, TextEdit,
} from 'vscode-languageserver-protocol';
import { CURSOR, dated, entry, relatedItem, withoutCursor } from '../core/helpers/fixture';
import { expandSnippet } from '../core/helpers/edits';
import { startServer, type ServerSession } from './helpers/lspClient';

const HERE = 'news/2016/07/11/a-test-event-happens.md';
const DAY_PAGE = 'news/2016/07/11/index.md';
const [PESH, PESH_TEXT] = dated('2016-06-20', 'Peshmerga statement.');
const toPesh = (tags: string) => ({ related: relatedItem(1, 'Peshmerga statement.', `/${PESH}`, tags) });
const [TARGET, TARGET_TEXT] = dated('2016-07-01', 'Kurdish forces advance.', toPesh('Iraq, Kurdistan'));
const [FALLUJAH, FALLUJAH_TEXT] = dated('2016-07-09', 'Iraqi forces retake Fallujah.', toPesh('Iraq, Syria'));
const ITEM_1 = relatedItem(1, 'Kurdish forces advance.', `/${TARGET}`, 'Iraq, Syria');
const FILES = { [PESH]: PESH_TEXT, [TARGET]: TARGET_TEXT, [FALLUJAH]: FALLUJAH_TEXT, [HERE]: entry({ related: ITEM_1 }), [DAY_PAGE]: '# 11 July 2016\n' };
const ENTRIES = 4;

/** The LSP position of an offset (the test texts have LF line ends). */
function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
}

/** Applies LSP text edits (snippet syntax expanded when asked), last first. */
function applyLspEdits(text: string, edits: readonly TextEdit[], snippet = false): string {
  const spans = edits.map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: snippet ? expandSnippet(edit.newText) : edit.newText }));
  let out = text;
  for (const edit of spans.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

/** The text covered by an LSP range. */
function covered(text: string, range: { start: Position; end: Position }): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** Opens a text with a cursor marker and requests completion at the cursor. */
async function completeAt(server: ServerSession, marked: string): Promise<{ text: string; list: CompletionList }> {
  const { text, offset } = withoutCursor(marked);
  const uri = await server.open(HERE, text);
  const list = await server.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, offset) });
  return { text, list };
}

/** The text after accepting a completion item as an editor does. */
function accept(text: string, item: CompletionItem | undefined): string {
  assert.ok(item?.textEdit && 'range' in item.textEdit, `a completion item with a text edit: ${JSON.stringify(item)}`);
  return applyLspEdits(text, [item.textEdit, ...(item.additionalTextEdits ?? [])], item.insertTextFormat === 2);
}

function request<T>(connection: MessageConnection, method: string, params: unknown): Promise<T> {
  return connection.sendRequest<T>(method, params);
}

suite('protocol: editing features over stdio', function () {
  this.timeout(30_000);
  let server: ServerSession;
  suiteSetup(async () => {
    server = await startServer(FILES);
    await server.ready(ENTRIES);
  });
  suiteTeardown(async () => server?.stop());

  test('completion of a context tag: a snippet edit that completes the list', async () => {
    const { text, list } = await completeAt(server, entry({ related: ITEM_1.replace('Iraq, Syria_', `Iraq, ${CURSOR}_`) }));
    assert.deepEqual(list.items.map((i) => i.label), ['Kurdistan', 'Syria']);
    const kurdistan = list.items[0];
    assert.equal(kurdistan.kind, 14 /* Keyword */);
    assert.equal(kurdistan.detail, '1 use · tag of the linked event');
    assert.equal(kurdistan.insertTextFormat, 2 /* Snippet */);
    assert.equal(accept(text, kurdistan), entry({ related: ITEM_1.replace('Iraq, Syria', 'Iraq, Kurdistan') }));
  });

  test('completion of a related event: the whole item, numbered, with the shared tags', async () => {
    const { text, list } = await completeAt(server, entry({ related: `${ITEM_1}\n2. [fallu${CURSOR}` }));
    assert.deepEqual(list.items.map((i) => i.label), ['Iraqi forces retake Fallujah.']);
    assert.equal(list.items[0].kind, 18 /* Reference */);
    assert.equal(accept(text, list.items[0]), entry({ related: `${ITEM_1}\n${relatedItem(2, 'Iraqi forces retake Fallujah.', `/${FALLUJAH}`, 'Iraq, Syria')}` }));
  });

  test('hover on a related link', async () => {
    const text = entry({ related: ITEM_1 });
    const uri = await server.open(HERE, text);
    const hover = await request<Hover>(server.connection, 'textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf(`/${TARGET}`) + 3) });
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match((hover.contents as MarkupContent).value, /^\*\*Kurdish forces advance\\\.\*\*\n\n2016\\-07\\-01 · 10 days before this entry\n\n/);
    assert.equal(covered(text, hover.range!), `/${TARGET}`);
    const nothing = await request<Hover | null>(server.connection, 'textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('Something')) });
    assert.equal(nothing, null);
  });

  test('code actions for a dangling link: the closest entries and removing the item', async () => {
    const text = entry({ related: `${ITEM_1}\n${relatedItem(2, 'Iraqi forces retake Falluja.', '/news/2016/07/9/iraqi-forces-retake-falluja.md', 'Iraq')}` });
    const uri = await server.open(HERE, text);
    const diagnostics = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'related.dangling'));
    const dangling = diagnostics.filter((d) => d.code === 'related.dangling');
    const actions = await request<CodeAction[]>(server.connection, 'textDocument/codeAction', {
      textDocument: { uri }, range: dangling[0].range, context: { diagnostics: dangling, only: ['quickfix'] },
    });
    assert.deepEqual(actions.map((a) => a.title), ['Link to "Iraqi forces retake Fallujah." (2016-07-09)', 'Remove this related item']);
    assert.ok(actions.every((a) => a.kind === 'quickfix' && a.diagnostics?.length === 1 && a.diagnostics[0].code === 'related.dangling'));
    assert.equal(applyLspEdits(text, actions[0].edit!.changes![uri]), entry({ related: `${ITEM_1}\n${relatedItem(2, 'Iraqi forces retake Fallujah.', `/${FALLUJAH}`, 'Iraq')}` }));
    assert.equal(applyLspEdits(text, actions[1].edit!.changes![uri]), entry({ related: ITEM_1 }));
  });

  test('code actions for a missing source: the two client commands', async () => {
    const text = entry({ sources: null, related: ITEM_1 });
    const uri = await server.open(HERE, text);
    const diagnostics = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'source.missing'));
    const missing = diagnostics.filter((d: Diagnostic) => d.code === 'source.missing');
    const actions = await request<CodeAction[]>(server.connection, 'textDocument/codeAction', { textDocument: { uri }, range: missing[0].range, context: { diagnostics: missing } });
    assert.deepEqual(actions.map((a) => [a.title, a.command?.command, a.command?.arguments]), [
      ['Insert source template', 'eventEntries.insertSourceTemplate', [uri]],
      ['Insert source from the URL on the clipboard', 'eventEntries.insertSourceFromClipboard', [uri]],
    ]);
    const result = await request<{ position: Position; snippet: string } | null>(server.connection, 'eventEntries/sourceTemplate', { uri, url: 'https://www.bbc.co.uk/news/1' });
    assert.ok(result);
    assert.equal(applyLspEdits(text, [{ range: { start: result.position, end: result.position }, newText: result.snippet }], true), entry({ sources: '1. [BBC](https://www.bbc.co.uk/news/1)', related: ITEM_1 }));
    const template = await request<{ position: Position; snippet: string } | null>(server.connection, 'eventEntries/sourceTemplate', { uri });
    assert.equal(applyLspEdits(text, [{ range: { start: template!.position, end: template!.position }, newText: template!.snippet }], true), entry({ sources: '1. [Publisher](https://)', related: ITEM_1 }));
    assert.equal(await request(server.connection, 'eventEntries/sourceTemplate', { uri, url: 'ftp://example.org/x' }), null);
    assert.equal(await request(server.connection, 'eventEntries/sourceTemplate', { uri: server.uri('notes.md') }), null);
  });

  test('fix-all as a source action', async () => {
    const text = entry({ related: ITEM_1.replace('[Kurdish forces advance.]', '[An old title]') });
    const uri = await server.open(HERE, text);
    await server.diagnostics(uri, (d) => d.some((x) => x.code === 'related.staleTitle'));
    const actions = await request<CodeAction[]>(server.connection, 'textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all safe event-entry problems', 'source.fixAll.eventEntries']]);
    assert.equal(applyLspEdits(text, actions[0].edit!.changes![uri]), entry({ related: ITEM_1 }));
  });

  test('fix-all is not computed for the requests the editor sends on every cursor move', async () => {
    const text = entry({ related: ITEM_1.replace('[Kurdish forces advance.]', '[An old title]') });
    const uri = await server.open(HERE, text);
    await server.diagnostics(uri, (d) => d.some((x) => x.code === 'related.staleTitle'));
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const automatic = await request<CodeAction[]>(server.connection, 'textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], triggerKind: 2 } });
    assert.deepEqual(automatic, []);
    const sourceMenu = await request<CodeAction[]>(server.connection, 'textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source'] } });
    assert.deepEqual(sourceMenu.map((a) => a.kind), ['source.fixAll.eventEntries']);
  });

  test('definition and document links', async () => {
    const text = entry({ related: `${ITEM_1}\n${relatedItem(2, 'X', '/news/../../etc/passwd', 'Iraq')}` });
    const uri = await server.open(HERE, text);
    const location = await request<Location | null>(server.connection, 'textDocument/definition', { textDocument: { uri }, position: positionAt(text, text.indexOf('Kurdish forces')) });
    assert.equal(location?.uri, server.uri(TARGET));
    const outside = await request<Location | null>(server.connection, 'textDocument/definition', { textDocument: { uri }, position: positionAt(text, text.indexOf('etc/passwd')) });
    assert.equal(outside, null);
    const links = await request<DocumentLink[]>(server.connection, 'textDocument/documentLink', { textDocument: { uri } });
    assert.deepEqual(links.map((link) => [covered(text, link.range), link.target]), [
      ['/news/2016/07/11/index.md', server.uri(DAY_PAGE)],
      [`/${TARGET}`, server.uri(TARGET)],
    ]);
  });

  test('a cancelled completion request does not take the server down', async () => {
    const { text, offset } = withoutCursor(entry({ related: `${ITEM_1}\n2. [${CURSOR}` }));
    const uri = await server.open(HERE, text);
    const outcomes = await Promise.all(Array.from({ length: 5 }, async () => {
      const source = new CancellationTokenSource();
      const pending = server.connection.sendRequest<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, offset) }, source.token);
      source.cancel();
      try {
        return (await pending) ? 'answered' : 'empty';
      } catch (error) {
        assert.equal((error as { code?: number }).code, -32800, `only a cancellation error: ${String(error)}`);
        return 'cancelled';
      }
    }));
    assert.ok(outcomes.every((outcome) => outcome !== 'empty'), JSON.stringify(outcomes));
    const after = await server.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, offset) });
    assert.ok(after.items.some((item) => item.label === 'Iraqi forces retake Fallujah.'), 'the server still answers');
    assert.ok(!server.stderr.join('').includes('Error'), server.stderr.join(''));
  });
});
