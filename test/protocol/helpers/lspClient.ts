/** Starts the built server as a child process and speaks LSP to it over stdio, as an editor would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from '../../core/helpers/paths';

/** A running server with a temporary workspace folder. */
export interface ServerSession {
  readonly connection: MessageConnection;
  readonly folder: string;
  readonly stderr: string[];
  uri(path: string): string;
  write(path: string, text: string): string;
  /** Opens a document of the workspace in the server (didOpen; didChange with the whole text when open already) and returns its URI. */
  open(path: string, text: string, version?: number): Promise<string>;
  /** Resolves with the next diagnostics for a URI that satisfy a predicate. */
  diagnostics(uri: string, accept?: (diagnostics: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Resolves when the server reports its index ready (with that many entries, if given). */
  ready(entries?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** The latest diagnostics published for each URI. */
  published(): ReadonlyMap<string, Diagnostic[]>;
  /** The server's log messages so far. */
  readonly logs: readonly string[];
  /** Every status notification so far, in order. */
  readonly statuses: readonly { state: string; entries: number; verified?: boolean; percent?: number }[];
}

/** Where a server runs: an existing folder (kept on stop) and a storage folder for the index cache. */
export interface StartOptions {
  readonly folder?: string;
  readonly storagePath?: string;
  /** A folder for the server's code cache (`--code-cache`), and variables to add to its environment. */
  readonly codeCache?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Writes the files into a fresh folder, starts `dist/server.js --stdio` on it and initializes. */
export async function startServer(files: Record<string, string>, settings: Record<string, unknown> = {}, options: StartOptions = {}): Promise<ServerSession> {
  const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'event-entries-lsp-'));
  const write = (path: string, text: string): string => {
    const file = join(folder, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return pathToFileURL(file).toString();
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  const args = [join(repoRoot(), 'dist/server.js'), '--stdio', ...(options.codeCache ? [`--code-cache=${options.codeCache}`] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const latest = new Map<string, Diagnostic[]>();
  const waiters = new Set<() => void>();
  const notify = (): void => waiters.forEach((wake) => wake());
  let status: { state: string; entries: number; verified?: boolean; percent?: number } = { state: 'starting', entries: 0 };
  const statuses: { state: string; entries: number; verified?: boolean; percent?: number }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    latest.set(params.uri, params.diagnostics);
    notify();
  });
  connection.onNotification('eventEntries/status', (params: { state: string; entries: number; verified?: boolean; percent?: number }) => {
    status = params;
    statuses.push(params);
    notify();
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section === 'eventEntries' ? settings : null)));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  const logs: string[] = [];
  connection.onNotification('window/logMessage', (params: { message: string }) => void logs.push(params.message));
  connection.listen();

  const waitUntil = (check: () => boolean, what: string, timeoutMs: number): Promise<void> => new Promise((resolve, reject) => {
    const wake = (): void => {
      if (!check()) return;
      clearTimeout(timer);
      waiters.delete(wake);
      resolve();
    };
    const timer = setTimeout(() => {
      waiters.delete(wake);
      reject(new Error(`timed out waiting for ${what}; server stderr: ${stderr.join('')}`));
    }, timeoutMs);
    waiters.add(wake);
    wake();
  });

  const folderUri = pathToFileURL(folder).toString();
  const versions = new Map<string, number>();
  await connection.sendRequest('initialize', {
    initializationOptions: options.storagePath ? { storagePath: options.storagePath } : undefined,
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'ws' }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: false } }, window: { workDoneProgress: true } },
  });
  await connection.sendNotification('initialized', {});

  return {
    connection,
    folder,
    statuses,
    logs,
    published: () => new Map(latest),
    stderr,
    uri: (path) => pathToFileURL(join(folder, path)).toString(),
    write,
    async open(path, text, version) {
      const uri = pathToFileURL(join(folder, path)).toString();
      const previous = versions.get(uri);
      const next = version ?? (previous ?? 0) + 1;
      versions.set(uri, next);
      if (previous === undefined) await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: next, text } });
      else await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next }, contentChanges: [{ text }] });
      return uri;
    },
    async diagnostics(uri, accept = () => true, timeoutMs = 10_000) {
      await waitUntil(() => latest.has(uri) && accept(latest.get(uri)!), `diagnostics of ${uri}`, timeoutMs);
      return latest.get(uri)!;
    },
    ready: (entries, timeoutMs = 20_000) =>
      waitUntil(() => status.state === 'ready' && (entries === undefined || status.entries === entries), `index ready (${entries ?? 'any'} entries)`, timeoutMs),
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // The server may already be gone; the kill below makes sure.
      }
      connection.dispose();
      child.kill();
      if (!options.folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}
