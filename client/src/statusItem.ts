/** The status bar item that tells how many entries the index holds. */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/lsp/protocol';

/** Shows `Events: 1,234 entries`, or that indexing is under way. */
export class IndexStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('eventEntries.status', vscode.StatusBarAlignment.Left, 100);

  constructor() {
    this.item.name = 'Event Entries';
    this.item.text = '$(sync~spin) Events: starting…';
    this.item.command = 'eventEntries.showOutput';
    this.item.show();
  }

  /** Reflects the server's latest status notification. */
  update(status: StatusParams): void {
    const count = status.entries.toLocaleString('en-US');
    if (status.state === 'ready') {
      this.item.text = `$(book) Events: ${count} ${status.entries === 1 ? 'entry' : 'entries'}`;
      this.item.tooltip = status.verified
        ? 'Event Entries: the index is up to date.'
        : 'Event Entries: answering from the saved index while it is checked against the disk.';
    } else {
      this.item.text = `$(sync~spin) Events: indexing…${status.percent === undefined ? '' : ` ${status.percent}%`}`;
      this.item.tooltip = 'Event Entries: reading the workspace.';
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
