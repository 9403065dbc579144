/** A minimal LSP client for the benchmark: the real server process on stdio, with timing helpers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverEnvironment } from '../server/src/lsp/serverEnvironment';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

interface Status {
  state: string;
  entries: number;
  verified?: boolean;
}

/** VS Code's default `files.exclude`, which every workspace has unless a user changes it. */
const VSCODE_FILES_EXCLUDE = { '**/.git': true, '**/.svn': true, '**/.hg': true, '**/CVS': true, '**/.DS_Store': true, '**/Thumbs.db': true };

/** One server process on one workspace folder. */
export class LspSession {
  private status: Status = { state: 'starting', entries: 0 };
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private readonly diagnosed = new Map<string, number>();
  private readonly started = performance.now();

  private constructor(private readonly child: ChildProcess, private readonly connection: MessageConnection) {}

  /** Spawns the server and initializes it on a folder, with a storage folder for its cache. */
  static async start(serverPath: string, folder: string, storagePath: string): Promise<LspSession> {
    // The code cache as the extension keeps it: the cold start writes it, the warm start uses it. The environment as
    // the client gives it.
    const env = { ...process.env, ...serverEnvironment(process.env) };
    const child = spawn(process.execPath, [serverPath, '--stdio', `--code-cache=${join(storagePath, 'code-cache')}`], { stdio: ['pipe', 'pipe', 'inherit'], env });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new LspSession(child, connection);
    connection.onNotification('eventEntries/status', (params: Status) => {
      session.status = params;
      session.wake();
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number }) => {
      if (params.version !== undefined) session.diagnosed.set(params.uri, params.version);
      session.wake();
    });
    // As VS Code answers with no settings of the user's: the extension's defaults, and files.exclude's own defaults.
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'files.exclude' ? VSCODE_FILES_EXCLUDE : null)));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();
    const uri = pathToFileURL(folder).toString();
    await connection.sendRequest('initialize', {
      processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'bench' }],
      initializationOptions: { storagePath },
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  /** Milliseconds from start until the index is ready with at least `entries` entries. */
  async waitReady(entries: number): Promise<number> {
    await this.until(() => this.status.state === 'ready' && this.status.entries >= entries);
    return performance.now() - this.started;
  }

  /** Milliseconds from start until the index is ready and verified against the disk. */
  async waitVerified(): Promise<number> {
    await this.until(() => this.status.state === 'ready' && this.status.verified !== false);
    return performance.now() - this.started;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Round-trip milliseconds of one request. */
  /** Sends a request and resolves with its result. */
  request(method: string, params: unknown): Promise<unknown> {
    return this.connection.sendRequest(method, params);
  }

  async time(method: string, params: unknown): Promise<number> {
    const start = performance.now();
    await this.connection.sendRequest(method, params);
    return performance.now() - start;
  }

  /** Milliseconds from a change until the diagnostics of that version arrive. */
  async timeDiagnosticsAfterChange(uri: string, text: string): Promise<number> {
    const start = performance.now();
    const version = await this.change(uri, text);
    await this.until(() => (this.diagnosed.get(uri) ?? 0) >= version);
    return performance.now() - start;
  }

  /** The server process's peak resident set (VmHWM), in kB. */
  peakRssKb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }

  /** Shuts the server down and waits until its process is gone, so that its exit does not overlap what is measured next. */
  async stop(): Promise<void> {
    const exited = this.child.exitCode !== null || this.child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.connection.sendRequest('shutdown').catch(() => undefined);
    await this.connection.sendNotification('exit').catch(() => undefined);
    this.connection.dispose();
    this.child.kill();
    await exited;
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  private until(check: () => boolean, timeoutMs = 600_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`bench: timed out; last status ${JSON.stringify(this.status)}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      waiter();
    });
  }
}
