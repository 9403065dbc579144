// Shared by the extension-host suites (each *.test.ts is bundled with its own copy of these helpers).
import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'event-entries.event-entries';
export const SOURCE = 'event-entries';
export const WAIT_MS = 30000;

/** What the extension's `activate` returns (client/src/extension.ts). */
export interface EventEntriesApi {
  ready(): Promise<void>;
  readonly storagePath: string | undefined;
  readonly codeCachePath: string;
  readonly onDidChangeStatus: vscode.Event<IndexStatus>;
  readonly status: IndexStatus | undefined;
}

/** What the server reports of its index. */
export interface IndexStatus {
  readonly state: string;
  readonly entries: number;
  readonly verified?: boolean;
}

/**
 * Reads a value every `everyMs` until `accept` holds for it, and returns it; fails after `waitMs` with what was
 * wanted and what `describe` says of the last value read.
 */
export async function pollUntil<T>(
  what: string, read: () => T | Promise<T>, accept: (value: T) => boolean, describe: (value: T) => string, waitMs = WAIT_MS, everyMs = 100,
): Promise<T> {
  const end = Date.now() + waitMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > end) assert.fail(`timed out after ${waitMs} ms waiting for ${what}; ${describe(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until the server's status satisfies `accept`; fails with the last status seen. */
export async function waitForStatus(api: EventEntriesApi, what: string, accept: (status: IndexStatus) => boolean, waitMs = WAIT_MS): Promise<IndexStatus> {
  const status = await pollUntil(what, () => api.status, (seen) => seen !== undefined && accept(seen), (seen) => `the status is ${JSON.stringify(seen)}`, waitMs);
  return status!;
}

/**
 * Restarts the server; resolves with the statuses it reported until it had checked its index against the disk.
 * `atFirstReady` runs as soon as the restarted server first reports ready (from its cache, before that check), as a
 * person typing at once would; it is awaited before this resolves, so that its assertions count.
 */
export async function restartAndWatch(api: EventEntriesApi, atFirstReady?: () => Promise<void>): Promise<IndexStatus[]> {
  const seen: IndexStatus[] = [];
  let atReady: Promise<void> | undefined;
  const subscription = api.onDidChangeStatus((status) => {
    seen.push(status);
    if (status.state === 'ready' && atFirstReady && !atReady) atReady = atFirstReady();
  });
  try {
    await vscode.commands.executeCommand('eventEntries.restartServer');
    await pollUntil('the restarted server to finish checking its index', () => seen, (all) => all.some((status) => status.state === 'ready' && status.verified !== false), (all) => `statuses: ${JSON.stringify(all)}`);
    await atReady;
    return seen;
  } finally {
    subscription.dispose();
  }
}

/** Activates the extension and waits for its first index; logs how long that took. Returns the extension's API. */
export async function activateAndWaitForIndex(): Promise<EventEntriesApi> {
  const ext = vscode.extensions.getExtension<EventEntriesApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  assert.strictEqual(typeof api?.ready, 'function', 'activate() returns an API with ready()');
  const t0 = Date.now();
  await Promise.race([
    api.ready(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('ready() did not resolve within 90 s')), 90000)),
  ]);
  console.log(`[event-entries-test] ready() resolved after ${Date.now() - t0} ms`);
  return api;
}

export function workspaceUri(rootRelative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, rootRelative);
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export function listDiagnostics(diags: readonly vscode.Diagnostic[]): string {
  if (diags.length === 0) return '(none)';
  return diags.map((d) => ` [${d.source}/${codeOf(d)} line ${d.range.start.line}: ${d.message}]`).join(';');
}

/** Polls the diagnostics of a file until `accept` holds; fails with what was last seen. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diags: readonly vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return pollUntil(what, () => vscode.languages.getDiagnostics(uri), accept, (diags) => `diagnostics now:${listDiagnostics(diags)}`);
}

export function withCode(diags: readonly vscode.Diagnostic[], code: string): vscode.Diagnostic[] {
  return diags.filter((d) => codeOf(d) === code);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Reverts every modified document (so that no edit reaches a later test) and closes all editors. */
export async function revertAllAndClose(): Promise<void> {
  await vscode.commands.executeCommand('leaveSnippet');
  await vscode.commands.executeCommand('hideSuggestWidget');
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.uri.scheme !== 'file') continue;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(!doc.isDirty, `${doc.uri.path} is reverted`);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The label of a completion item. */
export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** The items of this extension's server only (the Markdown extension and snippets answer too). */
export async function completionsAt(doc: vscode.TextDocument, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position, trigger);
  // Ours carry a detail of their own making: `N uses …` for tags, `YYYY-MM-DD …` for events.
  return list.items.filter((item) => /^(\d+ uses?\b|\d{4}-\d\d-\d\d )/.test(item.detail ?? ''));
}

/** Types a new last line at the end of a document and puts the cursor after it. */
export async function typeNewLastLine(editor: vscode.TextEditor, text: string): Promise<vscode.Position> {
  const doc = editor.document;
  const end = doc.positionAt(doc.getText().length);
  const lead = end.character === 0 ? '' : '\n';
  assert.ok(await editor.edit((edit) => edit.insert(end, `${lead}${text}`)), 'the line is typed');
  const position = new vscode.Position(end.line + (lead ? 1 : 0), text.length);
  editor.selection = new vscode.Selection(position, position);
  return position;
}

/** The rendered text of the hovers at a position: Markdown with its escapes taken out. */
export async function hoverText(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return hovers
    .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
    .join('\n\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|~&"'$:])/g, '$1');
}
