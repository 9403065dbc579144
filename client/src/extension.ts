/**
 * The thin client: starts the language server, shows the index state in the status bar and
 * contributes the commands. Every feature lives in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';
import { serverEnvironment } from '../../server/src/lsp/serverEnvironment';
import { registerSourceCommands } from './sourceCommands';
import { registerValidateCommand } from './validateCommand';
import { IndexStatusItem } from './statusItem';

let client: LanguageClient | undefined;

/** What the extension exports, for tests and other extensions. */
export interface EventEntriesApi {
  /** Resolves once the language client runs and the first index is complete. */
  ready(): Promise<void>;
  /** The folder the server keeps its index cache in (the workspace's storage), when there is one. */
  readonly storagePath: string | undefined;
  /** The folder the server keeps its compiled code in (in the extension's global storage). */
  readonly codeCachePath: string;
  /** What the server reports of its index (state, entries, whether checked against the disk), as the status bar shows it. */
  readonly onDidChangeStatus: vscode.Event<StatusParams>;
  /** The last status the server reported, if any. */
  readonly status: StatusParams | undefined;
}

/** Starts the language client. */
export async function activate(context: vscode.ExtensionContext): Promise<EventEntriesApi> {
  const output = vscode.window.createOutputChannel('Event Entries', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const storagePath = context.storageUri?.fsPath;
  // The server's compiled code is kept for the next start (see serverLoader.ts), for every workspace alike.
  const codeCachePath = vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, args: [`--code-cache=${codeCachePath}`], options: { env: serverEnvironment(process.env) } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*') },
    outputChannel: output,
    initializationOptions: { storagePath },
  };
  client = new LanguageClient('eventEntries', 'Event Entries', serverOptions, clientOptions);
  const status = new IndexStatusItem();
  const statusChanged = new vscode.EventEmitter<StatusParams>();
  context.subscriptions.push(
    status, output, statusChanged,
    vscode.commands.registerCommand('eventEntries.showOutput', () => output.show()),
    // A new server process (after an update, or when one misbehaves) starts from the index cache.
    vscode.commands.registerCommand('eventEntries.restartServer', () => client?.restart()),
  );

  let lastStatus: StatusParams | undefined;
  let markReady: () => void = () => undefined;
  const indexed = new Promise<void>((resolve) => (markReady = resolve));
  context.subscriptions.push(client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
    lastStatus = params;
    status.update(params);
    statusChanged.fire(params);
    if (params.state === 'ready') markReady();
  }));
  context.subscriptions.push(...registerSourceCommands(client), registerValidateCommand(client));
  await client.start();
  return {
    ready: () => indexed, storagePath, codeCachePath, onDidChangeStatus: statusChanged.event,
    get status() {
      return lastStatus;
    },
  };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
