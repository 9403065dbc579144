/** The Validate Workspace command: asks the server to check every entry into the Problems panel. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { VALIDATE_WORKSPACE_REQUEST, type ValidateWorkspaceResult } from '../../server/src/lsp/protocol';

/** Registers `eventEntries.validateWorkspace`. */
export function registerValidateCommand(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand('eventEntries.validateWorkspace', async () => {
    const result = await client.sendRequest<ValidateWorkspaceResult>(VALIDATE_WORKSPACE_REQUEST, {});
    const summary = `${result.problems.toLocaleString('en-US')} problem${result.problems === 1 ? '' : 's'} in ${result.files.toLocaleString('en-US')} files`;
    void vscode.window.showInformationMessage(`Event Entries: ${result.cancelled ? 'validation cancelled after' : 'validated'}: ${summary}.`);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    return result;
  });
}
