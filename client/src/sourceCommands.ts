/** The commands behind the "insert source" quick fixes, also in the command palette. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SOURCE_TEMPLATE_REQUEST, type SourceTemplateParams, type SourceTemplateResult } from '../../server/src/lsp/protocol';

/** Registers both source commands. */
export function registerSourceCommands(client: LanguageClient): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('eventEntries.insertSourceTemplate', (uri?: string) => insertSource(client, uri)),
    vscode.commands.registerCommand('eventEntries.insertSourceFromClipboard', async (uri?: string) => {
      const url = (await vscode.env.clipboard.readText()).trim();
      if (!/^https?:\/\/\S+$/i.test(url)) {
        void vscode.window.showWarningMessage('Event Entries: the clipboard does not hold an http(s) URL.');
        return;
      }
      await insertSource(client, uri, url);
    }),
  ];
}

/** Asks the server where the template goes and inserts it as a snippet, cursor on the publisher. */
async function insertSource(client: LanguageClient, uri: string | undefined, url?: string): Promise<void> {
  const editor = await editorFor(uri);
  if (!editor) {
    void vscode.window.showWarningMessage('Event Entries: open an entry to insert a source.');
    return;
  }
  const params: SourceTemplateParams = { uri: editor.document.uri.toString(), url };
  const result = await client.sendRequest<SourceTemplateResult | null>(SOURCE_TEMPLATE_REQUEST, params);
  if (!result) {
    void vscode.window.showWarningMessage('Event Entries: this document is not an event entry.');
    return;
  }
  const position = new vscode.Position(result.position.line, result.position.character);
  await editor.insertSnippet(new vscode.SnippetString(result.snippet), position);
}

async function editorFor(uri: string | undefined): Promise<vscode.TextEditor | undefined> {
  const active = vscode.window.activeTextEditor;
  if (!uri || active?.document.uri.toString() === uri) return active;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  return vscode.window.showTextDocument(document);
}
