// Validate Workspace inside a real VS Code extension host: the problems of a file nobody opened reach the
// Problems panel, and leave it once the file is gone.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { WAIT_MS, activateAndWaitForIndex, codeOf, listDiagnostics, pollUntil, workspaceUri } from './helpers';

// An entry without sources, written on disk by this test and never opened. Its day folder is in the fixture.
const CLOSED = '/news/2016/12/2/an-entry-that-only-validate-workspace-sees.md';
const CLOSED_TEXT = '### [2016-12-02](/news/2016/12/2/index.md)\n\n# An entry that only Validate Workspace sees.\n\nNo sources.\n';

interface ValidateResult {
  readonly files: number;
  readonly problems: number;
  readonly cancelled: boolean;
}

/** Runs Validate Workspace until `accept` holds for the file's diagnostics (the file watcher may bring a change a moment late). */
async function validateUntil(uri: vscode.Uri, what: string, accept: (diags: readonly vscode.Diagnostic[]) => boolean): Promise<ValidateResult> {
  const validated = async (): Promise<{ result: ValidateResult; diags: vscode.Diagnostic[] }> => {
    const result = await vscode.commands.executeCommand<ValidateResult>('eventEntries.validateWorkspace');
    assert.strictEqual(result.cancelled, false);
    return { result, diags: vscode.languages.getDiagnostics(uri) };
  };
  const { result } = await pollUntil(what, validated, ({ diags }) => accept(diags), ({ diags }) => `diagnostics now:${listDiagnostics(diags)}`, WAIT_MS, 250);
  return result;
}

suite('Event Entries Validate Workspace (in the extension host)', () => {
  suiteSetup(async function () {
    this.timeout(120000);
    await activateAndWaitForIndex();
  });

  test('a closed file\'s problems reach the Problems panel, and leave it when the file is deleted', async function () {
    this.timeout(3 * WAIT_MS);
    const uri = workspaceUri(CLOSED);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(CLOSED_TEXT));
    try {
      const result = await validateUntil(uri, 'source.missing on the closed file', (diags) => diags.some((d) => codeOf(d) === 'source.missing'));
      assert.ok(result.files >= 8 && result.problems >= 1, JSON.stringify(result));
      assert.ok(!vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === uri.toString()), 'the file was never opened');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await validateUntil(uri, 'no diagnostics once the file is deleted', (diags) => diags.length === 0);
  });
});
