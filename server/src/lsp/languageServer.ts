/**
 * The LSP wiring: registers handlers and converts types; every decision is the core's.
 */
import {
  CodeActionKind, DidChangeConfigurationNotification, FileChangeType, TextDocumentSyncKind, TextDocuments,
  type CancellationToken, type Connection, type InitializeParams, type InitializeResult, type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { WorkerLoader } from '../node/workerLoader';
import { listOnWorker } from '../node/workerLister';
import type { FolderListing } from '../core/folderWalk';
import { cacheFileIn } from '../node/cacheStore';
import { PersistedIndex } from '../node/persistedIndex';
import { EntriesService } from '../core/service';
import { LineIndex } from '../core/textLines';
import { NEVER_CANCELLED, type Logger } from '../core/workspace';
import { toDiagnostic } from './convert';
import { FIX_ALL_KIND, registerFeatures } from './features';
import { TRIGGER_CHARACTERS } from '../core/features/completion';
import { NodeFileSystem } from './nodeFileSystem';
import type { RequestsInFlight } from './requestsInFlight';
import { readFolderSettings } from './settings';
import { STATUS_NOTIFICATION, VALIDATE_WORKSPACE_REQUEST, type StatusParams, type ValidateWorkspaceResult } from './protocol';
import { checkWorkspace } from '../core/workspaceCheck';

const AFTER_INDEX_DELAY_MS = 200;
/** Quiet time after an edit or a change on disk before the search structures are brought up to date. */
const WARM_DELAY_MS = 1_000;
/** The longest that diagnostics wait for requests in flight (a completion takes a few milliseconds once the search indexes are built, a workspace check minutes). */
const FLUSH_WAIT_LIMIT_MS = 20;

/** Wires one connection to one EntriesService. */
export class EntriesLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly fs = new NodeFileSystem();
  private readonly service: EntriesService;
  private folders: string[] = [];
  /** The worker threads' entry point, beside this bundle. */
  private readonly workerScript = path.join(__dirname, 'index-worker.js');
  private configurationSupported = false;
  private foldersChangeSupported = false;
  /** The index persisted between sessions (in the extension's storage folder), if anywhere. */
  private persisted: PersistedIndex | undefined;
  private readonly logger: Logger;
  private warmTimer: NodeJS.Timeout | undefined;
  private diskWork: Promise<void> = Promise.resolve();
  private progressSupported = false;
  private indexing: { cancel: () => void } | undefined;
  private readonly dirty = new Set<string>();
  /** Files whose problems the last workspace check published; closing them keeps their problems. */
  private readonly validated = new Set<string>();
  private flushScheduled = false;
  private state: StatusParams['state'] = 'starting';
  /** Until the first index is complete, links would look dangling: nothing is published before. */
  private firstIndexDone = false;

  constructor(private readonly connection: Connection, private readonly requests: RequestsInFlight) {
    const logger: Logger = {
      info: (message) => connection.console.info(message),
      warn: (message) => connection.console.warn(message),
      error: (message) => connection.console.error(message),
    };
    this.logger = logger;
    const bulkLoader = new WorkerLoader(this.workerScript, () => this.folders);
    this.service = new EntriesService({ fs: this.fs, logger, bulkLoader });
    this.service.index.onDidChange(() => this.markOpenDocumentsDirty());
    connection.onInitialize((params) => this.initialize(params));
    connection.onShutdown(() => {
      clearTimeout(this.warmTimer);
      return this.persisted?.save();
    });
    connection.onInitialized(() => this.guard('start-up', this.initialized()));
    connection.onDidChangeConfiguration(() => this.guard('reindexing', this.reindex()));
    connection.onDidChangeWatchedFiles((params) => this.guard('file changes', this.filesChanged(params.changes)));
    this.documents.onDidChangeContent(({ document }) => this.documentChanged(document));
    this.documents.onDidClose(({ document }) => this.documentClosed(document.uri));
    registerFeatures(connection, this.service, () => this.firstIndexDone);
    connection.onRequest(VALIDATE_WORKSPACE_REQUEST, (_params: unknown, token: CancellationToken) => this.validateWorkspace(token));
    this.documents.listen(connection);
  }

  /** Logs a failed background task instead of letting it end the process. */
  private guard(what: string, task: Promise<unknown>): void {
    task.catch((error: unknown) => this.connection.console.error(`Event Entries: ${what} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
  }

  private initialize(params: InitializeParams): InitializeResult {
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    this.folders = folders.map((folder) => folder.uri);
    this.fs.setRoots(this.folders);
    this.configurationSupported = params.capabilities.workspace?.configuration === true;
    this.progressSupported = params.capabilities.window?.workDoneProgress === true;
    this.foldersChangeSupported = params.capabilities.workspace?.workspaceFolders === true;
    const storagePath = (params.initializationOptions as { storagePath?: unknown } | undefined)?.storagePath;
    if (typeof storagePath === 'string' && storagePath) this.persisted = new PersistedIndex(cacheFileIn(storagePath), this.service.indexer, this.logger);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'event-entries' },
    };
  }

  private async initialized(): Promise<void> {
    if (this.configurationSupported) {
      // files.exclude too: excluded folders leave the index when it changes.
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: ['eventEntries', 'files.exclude'] });
    }
    if (this.foldersChangeSupported) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((folder) => folder.uri));
        this.folders = this.folders.filter((uri) => !removed.has(uri)).concat(event.added.map((folder) => folder.uri));
        this.fs.setRoots(this.folders);
        this.guard('reindexing', this.reindex());
      });
    }
    await this.reindex();
  }

  /** Reads settings and rebuilds the index, cancelling a run still under way. */
  private reindex(): Promise<void> {
    this.indexing?.cancel();
    let cancelled = false;
    this.indexing = { cancel: () => { cancelled = true; } };
    return this.queueDiskWork(() => this.indexFolders(() => cancelled));
  }

  /** Runs disk work (indexing, watcher changes) one task at a time, so that an older read never overwrites a newer one. */
  private queueDiskWork(task: () => Promise<void>): Promise<void> {
    const next = this.diskWork.then(task);
    this.diskWork = next.catch(() => undefined);
    return next;
  }

  private async indexFolders(isCancelled: () => boolean): Promise<void> {
    const folders = [...this.folders];
    const settings = await Promise.all(folders.map((uri) => readFolderSettings(this.connection, uri, this.configurationSupported)));
    if (isCancelled()) return;
    this.service.indexer.setFolders(folders.map((uri, i) => ({ uri, config: settings[i].config, excludeGlobs: settings[i].filesExclude })));
    // The cache holds for these folders with these settings only.
    if (this.persisted) this.persisted.scope = folders.map((uri, i) => `${uri} ${JSON.stringify(settings[i])}`);
    for (const document of this.documents.all()) this.service.setDocument(document.uri, document.version, document.getText());
    const started = Date.now();
    // A warm start: a worker thread walks and stats the folders while this thread restores the cache.
    const listed = !this.firstIndexDone && this.persisted?.exists() ? this.listOnWorker(isCancelled) : undefined;
    if (!this.firstIndexDone) this.restoreCache();
    const progress = await this.beginProgress(this.firstIndexDone ? 'Checking the event index' : 'Indexing event entries');
    const firstIndex = !this.firstIndexDone;
    if (firstIndex) this.sendStatus('indexing', true, 0);
    try {
      const count = await this.service.indexer.indexAll(
        eitherCancelled(isCancelled, progress),
        // The status bar item follows the first index too: it is all a person sees when the progress is hidden.
        fileReporter(progress, (percent) => {
          if (firstIndex && !isCancelled()) this.sendStatus('indexing', true, percent);
        }),
        listed,
      );
      if (!isCancelled()) this.connection.console.info(`Indexed ${count} entries in ${Date.now() - started} ms.`);
    } finally {
      progress?.done();
      if (!isCancelled()) {
        this.firstIndexDone = true;
        this.sendStatus('ready');
        // After the status and the diagnostics have gone out: these steps hold the thread for a while at 100,000 entries.
        setTimeout(() => this.guard('building the search indexes', this.afterIndexing()), AFTER_INDEX_DELAY_MS).unref();
      }
      this.markOpenDocumentsDirty();
    }
  }

  /**
   * The one-off work after indexing: build the lookups that requests would otherwise wait for (a slice at a time,
   * requests between slices), then save the cache.
   */
  private async afterIndexing(): Promise<void> {
    const started = Date.now();
    await this.service.lookups.whenBuilt(NEVER_CANCELLED);
    // Rebuilt only when the vocabulary changed, over a few thousand tags; a request would otherwise build it on first use.
    this.service.tagSearch.warm();
    // After the builds rather than beside them: the two sets of temporary data would add up.
    await this.persisted?.save();
    const { heapUsed, rss } = process.memoryUsage();
    const megabytes = (bytes: number): number => Math.round(bytes / 1_048_576);
    this.connection.console.info(`Search indexes built and cache saved in ${Date.now() - started} ms; memory: ${megabytes(heapUsed)} MB heap, ${megabytes(rss)} MB resident.`);
  }

  private listOnWorker(isCancelled: () => boolean): Promise<FolderListing | undefined> {
    const token = { get isCancellationRequested() { return isCancelled(); } };
    // Handled here, not only where the index awaits it: the worker may fail while this thread waits for the client.
    return listOnWorker(this.workerScript, this.folders, this.service.indexer.indexedFolders(), this.fs, token).catch((error: unknown) => {
      this.logger.warn(`Listing the folders in a worker thread failed, walking them here: ${String(error)}`);
      return undefined;
    });
  }

  /** Loads the persisted index, if there is a valid one, and starts answering from it at once. */
  private restoreCache(): void {
    const started = Date.now();
    const count = this.persisted?.restore();
    if (count === undefined) return;
    this.firstIndexDone = true;
    this.sendStatus('ready', false);
    this.connection.console.info(`Loaded ${count} entries from the index cache in ${Date.now() - started} ms; checking them against the disk.`);
  }

  private async beginProgress(title = 'Indexing event entries'): Promise<(WorkDoneProgressServerReporter & { token: CancellationToken }) | undefined> {
    if (!this.progressSupported) return undefined;
    try {
      const reporter = await this.connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, 'listing files', true);
      return reporter;
    } catch {
      return undefined;
    }
  }

  private sendStatus(state: StatusParams['state'], verified = true, percent?: number): void {
    this.state = state;
    const params: StatusParams = { state, entries: this.service.index.size, verified, ...(percent === undefined ? {} : { percent }) };
    void this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  private documentChanged(document: TextDocument): void {
    this.service.setDocument(document.uri, document.version, document.getText());
    this.dirty.add(document.uri);
    this.scheduleFlush();
    this.scheduleWarm();
  }

  private documentClosed(uri: string): void {
    this.service.closeDocument(uri);
    if (!this.validated.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * Publishes the problems of every entry, file by file as the check goes, with cancellable progress.
   * Files that had problems in an earlier run and have none now are cleared.
   */
  private async validateWorkspace(token: CancellationToken): Promise<ValidateWorkspaceResult> {
    const progress = await this.beginProgress('Validating event entries');
    const previously = new Set(this.validated);
    this.validated.clear();
    const cancelled = eitherCancelled(() => token.isCancellationRequested, progress);
    const started = Date.now();
    try {
      const result = await checkWorkspace(this.service, cancelled, (file) => {
        this.validated.add(file.uri);
        previously.delete(file.uri);
        // An open document's diagnostics are its buffer's, published as it changes.
        if (this.service.document(file.uri)) return;
        const lines = new LineIndex(file.text ?? '');
        void this.connection.sendDiagnostics({ uri: file.uri, diagnostics: file.diagnostics.map((d) => toDiagnostic(lines, d)) });
      }, undefined, fileReporter(progress));
      for (const uri of previously) if (!this.service.document(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.logger.info(`Validated ${result.files} files in ${Date.now() - started} ms: ${result.problems} problems.`);
      return { ...result, cancelled: cancelled.isCancellationRequested };
    } finally {
      progress?.done();
    }
  }

  private filesChanged(changes: readonly { uri: string; type: FileChangeType }[]): Promise<void> {
    return this.queueDiskWork(async () => {
      // A folder may have been replaced, by a symbolic link even: what was known about folders is checked again.
      this.fs.forgetFolderChecks();
      const deleted = changes.filter((change) => change.type === FileChangeType.Deleted).map((change) => change.uri);
      const written = changes.filter((change) => change.type !== FileChangeType.Deleted).map((change) => change.uri);
      if (deleted.length) this.service.indexer.remove(deleted);
      if (written.length) await this.service.indexer.refresh(written, NEVER_CANCELLED);
      if (this.state === 'ready') this.sendStatus('ready');
      this.persisted?.changed();
      this.scheduleWarm();
    });
  }

  /**
   * Brings the word and tag searches up to date once edits and disk changes pause, so that completion does not
   * wait for them: the word index after many files changed (seconds at 100,000 entries, built a slice at a time),
   * the tag search after new tags.
   */
  private scheduleWarm(): void {
    if (!this.firstIndexDone) return;
    clearTimeout(this.warmTimer);
    const warm = async (): Promise<void> => {
      await this.service.lookups.whenBuilt(NEVER_CANCELLED);
      this.service.tagSearch.warm();
    };
    this.warmTimer = setTimeout(() => this.guard('building the search indexes', warm()), WARM_DELAY_MS);
    this.warmTimer.unref();
  }

  private markOpenDocumentsDirty(): void {
    for (const document of this.service.openDocuments()) this.dirty.add(document.uri);
    this.scheduleFlush();
  }

  /**
   * Publishes the diagnostics of changed documents once the requests received meanwhile are answered, rather
   * than at once: a request that came with the edit (completion after a keystroke) is answered first, and its
   * answer is not written behind the diagnostics.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.requests.afterRequests(() => {
      this.flushScheduled = false;
      const uris = [...this.dirty];
      this.dirty.clear();
      for (const uri of uris) {
        try {
          this.publish(uri);
        } catch (error) {
          // One document's failure must not stop the others' diagnostics, nor the server.
          this.connection.console.error(`Could not diagnose ${uri}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        }
      }
    }, FLUSH_WAIT_LIMIT_MS);
  }

  private publish(uri: string): void {
    const document = this.service.document(uri);
    if (!document || !this.firstIndexDone) return;
    const lines = new LineIndex(document.text);
    const diagnostics = this.service.diagnoseDocument(uri).map((diagnostic) => toDiagnostic(lines, diagnostic));
    void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  }
}

/** A token cancelled by the caller or by the person pressing Cancel on the progress notification. */
function eitherCancelled(isCancelled: () => boolean, progress: { token: CancellationToken } | undefined): { readonly isCancellationRequested: boolean } {
  return { get isCancellationRequested() { return isCancelled() || (progress?.token.isCancellationRequested ?? false); } };
}

/** File counts with thousands separated, one formatter for every report. */
const FILE_COUNT = new Intl.NumberFormat('en-US');

/**
 * Reports files done to the progress and to `onPercent`; only when the percentage moves, since a large
 * index hands batches over hundreds of times.
 */
function fileReporter(progress: WorkDoneProgressServerReporter | undefined, onPercent?: (percent: number) => void): (done: number, total: number) => void {
  let reported = -1;
  return (done, total) => {
    const percent = Math.floor((done / Math.max(total, 1)) * 100);
    if (percent === reported && done < total) return;
    reported = percent;
    progress?.report(percent, `${FILE_COUNT.format(done)} of ${FILE_COUNT.format(total)} files`);
    onPercent?.(percent);
  };
}
