/**
 * Fills the workspace index from the file system: walks the workspace folders (never following
 * symbolic links, so no loop and no way out of a folder), reads the files that are entries, parses
 * them and records their summaries in chunks, yielding between chunks so that requests are served.
 */
import { yieldToRequests } from './yieldToRequests';
import type { EntriesConfig } from './config';
import type { FileContent } from './fileContent';
import { folderDateOf, isDayPage } from './format';
import type { CompactEntry, FileStamp, RecordSource, RecordUses } from './compactEntry';
import { GrowingList, InProcessLoader, mapConcurrent, type BulkLoader, type EntryReader, type LoadedBatch } from './bulkLoader';
import { DEFAULT_CONFIG } from './config';
import { readEntry } from './extractor';
import { listFolders, matcherFor, relativePath, walkFolder, type FolderListing, type FolderMatcher, type IndexedFolder } from './folderWalk';
import type { WorkspaceIndex } from './workspaceIndex';
import type { CancellationToken, FileStat, FileSystem, Logger } from './workspace';

export type { IndexedFolder } from './folderWalk';

const STAT_CONCURRENCY = 64;
const STAT_CHUNK = 2000;

/** A file that is not indexed, and why; with its mtime, so that it is read again only when it changes. */
export interface SkippedFile extends FileStamp {
  readonly uri: string;
  readonly problem: Extract<FileContent, { kind: 'skipped' }>['problem'];
}

/** Reports `done` of `total` files read. */
export type ProgressReporter = (done: number, total: number) => void;


/** Walks folders and keeps the index in step with the disk. */
export class Indexer {
  private folders: { folder: IndexedFolder; matches: FolderMatcher }[] = [];
  private readonly skipped = new Map<string, SkippedFile>();
  /**
   * Set when a setting that changes what a file yields changed: every file is read again, whatever its stamp
   * (records and skipped files carry the size and mtime of the file they were read from), except those read
   * since, which `reread` holds until a whole index completes.
   */
  private restampAll = false;
  private readonly reread = new Set<string>();
  private settings = '';
  private diskChanges = 0;
  private readonly inProcess: BulkLoader;

  /**
   * @param bulkLoader reads large sets of files (the server's worker threads); smaller sets, and all
   * sets when absent, are read in process.
   */
  constructor(
    private readonly fs: FileSystem,
    private readonly index: WorkspaceIndex,
    private readonly logger: Logger,
    read: EntryReader = readEntry,
    private readonly bulkLoader?: BulkLoader,
    private readonly bulkThreshold = 2000,
  ) {
    this.inProcess = new InProcessLoader(fs, read, logger);
  }

  /** Sets the folders and their settings; call `indexAll` afterwards to reconcile the index with them. */
  setFolders(folders: readonly IndexedFolder[]): void {
    // A new size limit changes what a file yields: every file is read again. Other settings only change which files are walked.
    const settings = JSON.stringify(folders.map((folder) => [folder.uri, folder.config.maxFileSize]));
    if (settings !== this.settings && this.index.diskSize + this.skipped.size > 0) {
      this.restampAll = true;
      this.reread.clear();
    }
    this.settings = settings;
    this.folders = folders.map((folder) => ({ folder, matches: matcherFor(folder) }));
  }

  /** Files that were found but not indexed (binary, too large). */
  skippedFiles(): readonly SkippedFile[] {
    return [...this.skipped.values()];
  }

  /** True when a URI is an entry by the settings of its folder; outside every folder, when its path is dated. */
  isEntryUri(uri: string): boolean {
    const owner = this.ownerOf(uri);
    if (!owner) return folderDateOf(uri) !== undefined && uri.endsWith('.md') && !isDayPage(uri);
    return owner.matches(relativePath(owner.folder.uri, uri));
  }

  /** The settings that apply to a URI (those of its folder, else the first folder's). */
  configFor(uri: string): EntriesConfig | undefined {
    return (this.ownerOf(uri) ?? this.folders[0])?.folder.config;
  }

  /** The folders with their settings, as `setFolders` was given them: what a listing elsewhere must walk. */
  indexedFolders(): readonly IndexedFolder[] {
    return this.folders.map(({ folder }) => folder);
  }

  /**
   * Walks every folder, reads every entry, drops records of files that are gone. Resolves with the entry count.
   * `listed`, when given, is the folders' listing made elsewhere (a worker thread, while this thread restored
   * the cache); when it fails or gives nothing, the folders are walked here.
   */
  async indexAll(token: CancellationToken, progress?: ProgressReporter, listed?: Promise<FolderListing | undefined>): Promise<number> {
    // Before any record changes, and while a worker lists the folders: the warm start has answered already.
    this.index.checkRestoredOrder();
    const loadGrowing = this.bulkLoader?.loadGrowing?.bind(this.bulkLoader);
    if (!listed && this.index.diskSize + this.skipped.size === 0 && loadGrowing) {
      // A cold index: nothing to compare with the disk, so files are read while the walk goes on.
      const files = new GrowingList();
      try {
        await Promise.all([listFolders(this.fs, this.logger, this.indexedFolders(), token, files), this.readGrowing(files, loadGrowing, token, progress)]);
      } finally {
        // Records still undecoded are then found by the load's list until decoded; nothing more is appended.
        this.index.endLoad();
      }
      return this.index.size;
    }
    const listing = (await this.listedElsewhere(listed)) ?? { files: await listFolders(this.fs, this.logger, this.indexedFolders(), token) };
    if (token.isCancellationRequested) return this.index.size;
    const { files } = listing;
    const { stale, listedKnown } = await this.unstamped(files, token, listing.stats);
    if (token.isCancellationRequested) return this.index.size;
    this.dropUnlisted(files, listedKnown);
    await this.readAll(stale, token, progress);
    if (!token.isCancellationRequested) {
      this.restampAll = false;
      this.reread.clear();
    }
    return this.index.size;
  }

  /**
   * Forgets what the listing no longer has. When as many listed files are known as the index holds (records and
   * skipped files), nothing is gone, and no set of 100,000 URIs is built to say so.
   */
  private dropUnlisted(files: readonly string[], listedKnown: number): void {
    // Nested workspace folders list a file once per folder above it, so the count would not prove anything.
    const unique = !this.foldersNest();
    if (unique && listedKnown === this.index.diskSize + this.skipped.size) return;
    const found = new Set(files);
    this.index.batch(() => {
      for (const uri of [...this.index.diskUris()]) if (!found.has(uri)) this.forget(uri);
    });
    for (const uri of this.skipped.keys()) if (!found.has(uri)) this.skipped.delete(uri);
  }

  /** True when a workspace folder lies inside another one. */
  private foldersNest(): boolean {
    const uris = this.folders.map(({ folder }) => (folder.uri.endsWith('/') ? folder.uri : `${folder.uri}/`));
    return uris.some((outer, i) => uris.some((inner, j) => i !== j && inner.startsWith(outer)));
  }

  private async listedElsewhere(listed: Promise<FolderListing | undefined> | undefined): Promise<FolderListing | undefined> {
    try {
      return await listed;
    } catch (error) {
      this.logger.warn(`Listing the folders elsewhere failed, walking them here: ${String(error)}`);
      return undefined;
    }
  }

  /** Grows whenever a disk record is added, replaced or dropped (what the cache holds): the cache is saved only then. */
  get diskVersion(): number {
    return this.diskChanges;
  }

  /**
   * Records restored from the cache (in chunks, as it holds them, each record decoded when first read), trusted
   * until `indexAll` has checked their stamps.
   */
  restore(sources: readonly RecordSource[], uses: RecordUses): void {
    this.index.restoreDisk(sources, uses);
  }

  /** Every disk record (with the stamp of its file), for the cache; while every file is to be read again, those read since. */
  *stampedEntries(): IterableIterator<CompactEntry> {
    for (const uri of this.restampAll ? [...this.reread] : this.index.diskUris()) {
      const entry = this.index.diskEntry(uri);
      if (entry) yield entry;
    }
  }

  /**
   * The files that have no stamp, or whose size or mtime changed since they were read (by `stats` when the
   * listing has them), and how many of the files the index holds; while new settings make every file be read
   * again (`restampAll`), every file not read since too.
   */
  private async unstamped(files: readonly string[], token: CancellationToken, stats?: readonly (FileStat | undefined)[]): Promise<{ stale: string[]; listedKnown: number }> {
    if (this.index.diskSize + this.skipped.size === 0) return { stale: [...files], listedKnown: 0 };
    let listedKnown = 0;
    const changed = (uri: string, stat: FileStat | undefined): boolean => {
      const known = this.index.diskStamp(uri) ?? this.skipped.get(uri);
      if (known) listedKnown++;
      return (this.restampAll && !this.reread.has(uri)) || !known || !stat || stat.size !== known.size || stat.mtime !== known.mtime;
    };
    const { fs } = this;
    if (!stats && !fs.statMany) {
      const stale = await mapConcurrent(files, STAT_CONCURRENCY, async (uri) => token.isCancellationRequested || changed(uri, await fs.stat(uri)));
      return { stale: files.filter((_, position) => stale[position]), listedKnown };
    }
    const stale: string[] = [];
    for (let start = 0; start < files.length && !token.isCancellationRequested; start += STAT_CHUNK) {
      const chunk = files.slice(start, start + STAT_CHUNK);
      // Stats a worker took while the cache was restored (a warm start), or stats taken now.
      const chunkStats = stats ? stats.slice(start, start + STAT_CHUNK) : await fs.statMany!(chunk);
      chunk.forEach((uri, position) => changed(uri, chunkStats[position]) && stale.push(uri));
      // Comparing 100,000 stamps takes ~0.1 s, and the host may answer a chunk without waiting: requests get their turn between chunks.
      await yieldToRequests();
    }
    return { stale, listedKnown };
  }

  /**
   * Re-reads files created or changed on disk; a created folder is walked, since watchers often report
   * only the folder. Files that are gone or are no longer entries are dropped.
   */
  async refresh(uris: readonly string[], token: CancellationToken): Promise<void> {
    const entries = new Set<string>();
    const others: string[] = [];
    for (const uri of uris) {
      const owner = this.ownerOf(uri);
      if (!owner) continue;
      if (this.isEntryUri(uri)) {
        entries.add(uri);
        continue;
      }
      if (owner && !uri.endsWith('.md') && (await this.fs.stat(uri))?.type === 'directory') {
        const found: string[] = [];
        if (!owner.matches.excludesFolder(relativePath(owner.folder.uri, uri))) await walkFolder(this.fs, this.logger, owner.folder.uri, uri, owner.matches, found, token);
        found.forEach((file) => entries.add(file));
      } else {
        others.push(uri);
      }
    }
    this.index.batch(() => others.forEach((uri) => this.forget(uri)));
    await this.readAll([...entries], token);
  }

  /** Drops deleted files; an unknown URI without an extension is taken for a deleted folder and drops all below it. */
  remove(uris: readonly string[]): void {
    // Only a name without an extension can be a folder; deleted images or day pages are not.
    const folders = new Set(uris.filter((uri) => !this.index.hasDisk(uri) && !this.skipped.has(uri) && !/\.[^/]*$/.test(uri)).map((uri) => uri.replace(/\/$/, '')));
    this.index.batch(() => {
      uris.forEach((uri) => this.forget(uri));
      if (folders.size === 0) return;
      for (const known of [...this.index.diskUris(), ...this.skipped.keys()]) {
        for (let slash = known.lastIndexOf('/'); slash > 0; slash = known.lastIndexOf('/', slash - 1)) {
          if (folders.has(known.slice(0, slash))) {
            this.forget(known);
            break;
          }
        }
      }
    });
  }

  private forget(uri: string): void {
    if (this.index.hasDisk(uri)) this.diskChanges++;
    this.skipped.delete(uri);
    this.index.setDisk(uri, undefined);
  }

  private async readAll(files: readonly string[], token: CancellationToken, progress?: ProgressReporter): Promise<void> {
    if (files.length >= this.bulkThreshold && this.bulkLoader) {
      try {
        await this.bulkLoader.load(files, this.loadConfig, token, this.applier(files, token, progress));
        return;
      } catch (error) {
        this.bulkLoadFailed(error);
      }
    }
    await this.readInProcess(files, token, progress);
  }

  /** Reads the files of a walk under way as they are listed; a walk that lists few reads them once it ends, as `readAll` would. */
  private async readGrowing(files: GrowingList, loadGrowing: NonNullable<BulkLoader['loadGrowing']>, token: CancellationToken, progress?: ProgressReporter): Promise<void> {
    await files.beyond(this.bulkThreshold - 1);
    if (files.uris.length < this.bulkThreshold) return this.readAll(await files.whole(), token, progress);
    try {
      // A share of a list still growing would go back as it grows: progress is reported once the walk has ended.
      const afterWalk: ProgressReporter = (done, total) => {
        if (files.complete) progress?.(done, total);
      };
      await loadGrowing(files, this.loadConfig, token, this.applier(files.uris, token, afterWalk));
    } catch (error) {
      this.bulkLoadFailed(error);
      await this.readInProcess(await files.whole(), token, progress);
    }
  }

  /** Worker threads failed (a crash, no memory): everything is then read in process, counted from the start. */
  private bulkLoadFailed(error: unknown): void {
    this.logger.warn(`Bulk loading failed, reading in process: ${String(error)}`);
  }

  private readInProcess(files: readonly string[], token: CancellationToken, progress?: ProgressReporter): Promise<void> {
    return this.inProcess.load(files, this.loadConfig, token, this.applier(files, token, progress));
  }

  /** The settings a file is loaded with. */
  private readonly loadConfig = (uri: string): EntriesConfig => this.configFor(uri) ?? DEFAULT_CONFIG;

  /** Records each batch and reports progress against `files` (which may still grow). */
  private applier(files: readonly string[], token: CancellationToken, progress?: ProgressReporter): (batch: LoadedBatch) => void {
    let done = 0;
    return (batch) => {
      if (token.isCancellationRequested) return;
      this.record(batch);
      done += recordCount(batch) + batch.others.length;
      progress?.(Math.min(done, files.length), files.length);
    };
  }

  /** Records what loading gave; entries go to the index together, which a cold index of 100,000 files feels. */
  private record(batch: LoadedBatch): void {
    const { entries, undecoded, others } = batch;
    this.index.batch(() => {
      this.diskChanges += recordCount(batch);
      if (this.skipped.size > 0 || this.restampAll) {
        for (const uri of recordUris(batch)) {
          this.skipped.delete(uri);
          if (this.restampAll) this.reread.add(uri);
        }
      }
      for (const result of others) {
        this.forget(result.uri);
        if (result.kind !== 'skipped') continue;
        // Size and mtime from the one stat, so that the stamp names one version of the file.
        this.skipped.set(result.uri, { uri: result.uri, problem: result.problem, size: result.stamp.size, mtime: result.stamp.mtime });
        if (this.restampAll) this.reread.add(result.uri);
      }
      this.index.addDisk(entries);
      if (undecoded) this.index.addUndecoded(undecoded.records, undecoded.list);
    });
  }

  private ownerOf(uri: string): { folder: IndexedFolder; matches: FolderMatcher } | undefined {
    let best: (typeof this.folders)[number] | undefined;
    for (const candidate of this.folders) {
      const prefix = candidate.folder.uri.endsWith('/') ? candidate.folder.uri : `${candidate.folder.uri}/`;
      if (uri.startsWith(prefix) && (!best || candidate.folder.uri.length > best.folder.uri.length)) best = candidate;
    }
    return best;
  }
}

/** How many records a batch holds, decoded or not. */
function recordCount({ entries, undecoded }: LoadedBatch): number {
  return entries.length + (undecoded?.records.count ?? 0);
}

/** The URIs of a batch's records, decoded or not. */
function* recordUris({ entries, undecoded }: LoadedBatch): IterableIterator<string> {
  for (const entry of entries) yield entry.uri;
  if (undecoded) for (let record = 0; record < undecoded.records.count; record++) yield undecoded.records.uriOf(record);
}
