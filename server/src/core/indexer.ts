/**
 * Fills the workspace index from the file system: walks the workspace folders (never following
 * symbolic links, so no loop and no way out of a folder), reads the files that are entries, parses
 * them and records their summaries in chunks, yielding between chunks so that requests are served.
 */
import { yieldToRequests } from './yieldToRequests';
import picomatch from 'picomatch';
import type { EntriesConfig } from './config';
import type { FileContent } from './fileContent';
import { folderDateOf, isDayPage } from './format';
import { CompactEntry } from './compactEntry';
import { InProcessLoader, mapConcurrent, type BulkLoader, type EntryReader, type FileStamp, type LoadedFile } from './bulkLoader';
import { DEFAULT_CONFIG } from './config';
import { readEntry } from './extractor';
import type { StampedEntry } from './indexCache';
import type { WorkspaceIndex } from './workspaceIndex';
import type { CancellationToken, FileStat, FileSystem, Logger } from './workspace';

const STAT_CONCURRENCY = 64;
const STAT_CHUNK = 2000;
const LIST_CONCURRENCY = 16;
const YIELD_EVERY_FOLDERS = 64;

/** A workspace folder with the settings that apply inside it. */
export interface IndexedFolder {
  readonly uri: string;
  readonly config: EntriesConfig;
  /** Extra exclusions, such as `files.exclude`, as globs relative to the folder. */
  readonly excludeGlobs?: readonly string[];
}

/** A file that is not indexed, and why. */
export interface SkippedFile {
  readonly uri: string;
  readonly problem: Extract<FileContent, { kind: 'skipped' }>['problem'];
  readonly size: number;
}

/** Reports `done` of `total` files read. */
export type ProgressReporter = (done: number, total: number) => void;


/** Walks folders and keeps the index in step with the disk. */
export class Indexer {
  private folders: { folder: IndexedFolder; matches: FolderMatcher }[] = [];
  private readonly skipped = new Map<string, SkippedFile>();
  /** Size and mtime of every file as it was read, for the cache and its verification. */
  private readonly stamps = new Map<string, FileStamp>();
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
    if (settings !== this.settings) this.stamps.clear();
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

  /** Walks every folder, reads every entry, drops records of files that are gone. Resolves with the entry count. */
  async indexAll(token: CancellationToken, progress?: ProgressReporter): Promise<number> {
    const files: string[] = [];
    for (const { folder, matches } of this.folders) {
      await this.walk(folder.uri, folder.uri, matches, files, token);
      if (token.isCancellationRequested) return this.index.size;
    }
    const found = new Set(files);
    this.index.batch(() => {
      for (const uri of [...this.index.diskUris()]) if (!found.has(uri)) this.forget(uri);
    });
    for (const uri of this.skipped.keys()) if (!found.has(uri)) this.skipped.delete(uri);
    for (const uri of this.stamps.keys()) if (!found.has(uri)) this.stamps.delete(uri);
    const stale = await this.unstamped(files, token);
    await this.readAll(stale, token, progress);
    return this.index.size;
  }

  /** Grows whenever a disk record is added, replaced or dropped (what the cache holds): the cache is saved only then. */
  get diskVersion(): number {
    return this.diskChanges;
  }

  /** Records restored from the cache, trusted until `indexAll` has checked their stamps. */
  restore(records: readonly StampedEntry[]): void {
    this.index.addDisk(records.map(({ entry }) => CompactEntry.from(entry)));
    for (const { entry, stamp } of records) this.stamps.set(entry.uri, stamp);
  }

  /** Every disk record with the stamp of its file, for the cache. */
  *stampedEntries(): IterableIterator<StampedEntry> {
    for (const uri of this.index.diskUris()) {
      const entry = this.index.diskEntry(uri);
      const stamp = this.stamps.get(uri);
      if (entry && stamp) yield { entry, stamp };
    }
  }

  /** The files that have no stamp, or whose size or mtime changed since they were read. */
  private async unstamped(files: readonly string[], token: CancellationToken): Promise<string[]> {
    if (this.stamps.size === 0) return [...files];
    const changed = (uri: string, stat: FileStat | undefined): boolean => {
      const known = this.stamps.get(uri);
      return !known || !stat || stat.size !== known.size || stat.mtime !== known.mtime;
    };
    const { fs } = this;
    if (!fs.statMany) {
      const stale = await mapConcurrent(files, STAT_CONCURRENCY, async (uri) => token.isCancellationRequested || changed(uri, await fs.stat(uri)));
      return files.filter((_, position) => stale[position]);
    }
    const stale: string[] = [];
    for (let start = 0; start < files.length; start += STAT_CHUNK) {
      if (token.isCancellationRequested) return [...files];
      const chunk = files.slice(start, start + STAT_CHUNK);
      const stats = await fs.statMany(chunk);
      chunk.forEach((uri, position) => changed(uri, stats[position]) && stale.push(uri));
      // The host may answer a chunk without waiting: requests get their turn between chunks.
      await yieldToRequests();
    }
    return stale;
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
        if (!owner.matches.excludesFolder(relativePath(owner.folder.uri, uri))) await this.walk(owner.folder.uri, uri, owner.matches, found, token);
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
    const folders = new Set(uris.filter((uri) => !this.index.diskEntry(uri) && !this.skipped.has(uri) && !/\.[^/]*$/.test(uri)).map((uri) => uri.replace(/\/$/, '')));
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
    if (this.index.diskEntry(uri)) this.diskChanges++;
    this.skipped.delete(uri);
    this.stamps.delete(uri);
    this.index.setDisk(uri, undefined);
  }

  private async readAll(files: readonly string[], token: CancellationToken, progress?: ProgressReporter): Promise<void> {
    let done = 0;
    const apply = (batch: readonly LoadedFile[]): void => {
      if (token.isCancellationRequested) return;
      this.index.batch(() => batch.forEach((result) => this.record(result)));
      done += batch.length;
      progress?.(Math.min(done, files.length), files.length);
    };
    const configFor = (uri: string): EntriesConfig => this.configFor(uri) ?? DEFAULT_CONFIG;
    if (files.length >= this.bulkThreshold && this.bulkLoader) {
      try {
        await this.bulkLoader.load(files, configFor, token, apply);
        return;
      } catch (error) {
        // Worker threads failed (a crash, no memory): read everything in process instead.
        this.logger.warn(`Bulk loading failed, reading in process: ${String(error)}`);
        done = 0;
      }
    }
    await this.inProcess.load(files, configFor, token, apply);
  }

  private record(result: LoadedFile): void {
    if (result.kind === 'entry') {
      this.diskChanges++;
      this.skipped.delete(result.uri);
      this.index.setDisk(result.uri, result.summary);
      this.stamps.set(result.uri, result.stamp);
      return;
    }
    this.forget(result.uri);
    if (result.kind === 'skipped') {
      this.skipped.set(result.uri, { uri: result.uri, problem: result.problem, size: result.size });
      this.stamps.set(result.uri, result.stamp);
    }
  }

  /** Lists folders breadth-first, several at a time: an archive has thousands of day folders. */
  private async walk(root: string, dir: string, matches: FolderMatcher, out: string[], token: CancellationToken): Promise<void> {
    const pending = [dir];
    let listed = 0;
    const lister = async (): Promise<void> => {
      while (pending.length > 0 && !token.isCancellationRequested) {
        // Lets requests in now and then: a file system may answer listings without ever waiting.
        if (++listed % YIELD_EVERY_FOLDERS === 0) await yieldToRequests();
        const current = pending.pop()!;
        let children;
        try {
          children = await this.fs.readDirectory(current);
        } catch (error) {
          this.logger.warn(`Could not list ${current}: ${String(error)}`);
          continue;
        }
        for (const child of children) {
          const relative = relativePath(root, child.uri);
          if (child.type === 'directory') {
            if (!matches.excludesFolder(relative)) pending.push(child.uri);
          } else if (child.type === 'file' && matches(relative)) {
            out.push(child.uri);
          }
        }
      }
    };
    // Listers that find the queue empty stop; the walk goes on until the last one has drained it.
    while (pending.length > 0 && !token.isCancellationRequested) {
      await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, pending.length) }, lister));
    }
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

/** A file matcher that can also tell that a whole folder is excluded, so that it is not walked. */
interface FolderMatcher {
  (relative: string): boolean;
  excludesFolder(relative: string): boolean;
}

function matcherFor(folder: IndexedFolder): FolderMatcher {
  const options = { dot: false, nocase: false };
  const include = picomatch([...folder.config.include], options);
  const excludeGlobs = [...folder.config.exclude, ...(folder.excludeGlobs ?? [])];
  const exclude = excludeGlobs.length ? picomatch(excludeGlobs, { ...options, dot: true }) : () => false;
  const matcher = ((relative: string) => include(relative) && !exclude(relative) && !isDayPage(relative)) as FolderMatcher;
  matcher.excludesFolder = (relative: string) => exclude(relative) || exclude(`${relative}/`) || /(^|\/)\.(git|hg|svn)$/.test(relative);
  return matcher;
}

/** The path of a URI below a folder URI, percent-decoded, with `/` separators. */
export function relativePath(folderUri: string, uri: string): string {
  const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
  const rest = uri.startsWith(prefix) ? uri.slice(prefix.length) : uri;
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}
