/**
 * Fills the workspace index from the file system: walks the workspace folders (never following
 * symbolic links, so no loop and no way out of a folder), reads the files that are entries, parses
 * them and records their summaries in chunks, yielding between chunks so that requests are served.
 */
import picomatch from 'picomatch';
import type { EntriesConfig } from './config';
import { decodeFile, type FileContent } from './fileContent';
import { folderDateOf, isDayPage } from './format';
import type { EventEntry } from './model';
import { readEntry } from './extractor';
import { summarize } from './summary';
import type { WorkspaceIndex } from './workspaceIndex';
import type { CancellationToken, FileSystem, Logger } from './workspace';

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

const CHUNK = 256;
const READ_CONCURRENCY = 32;

/** Turns text into an entry model; the fast extractor plugs in here. */
export type EntryReader = (text: string) => EventEntry;

/** Walks folders and keeps the index in step with the disk. */
export class Indexer {
  private folders: { folder: IndexedFolder; matches: FolderMatcher }[] = [];
  private readonly skipped = new Map<string, SkippedFile>();

  constructor(
    private readonly fs: FileSystem,
    private readonly index: WorkspaceIndex,
    private readonly logger: Logger,
    private readonly read: EntryReader = readEntry,
  ) {}

  /** Sets the folders and their settings; call `indexAll` afterwards to reconcile the index with them. */
  setFolders(folders: readonly IndexedFolder[]): void {
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
      for (const uri of [...this.index.diskUris()]) if (!found.has(uri)) this.index.setDisk(uri, undefined);
    });
    for (const uri of this.skipped.keys()) if (!found.has(uri)) this.skipped.delete(uri);
    await this.readAll(files, token, progress);
    return this.index.size;
  }

  /** Re-reads some files (created or changed on disk); files that are gone or no longer entries are dropped. */
  async refresh(uris: readonly string[], token: CancellationToken): Promise<void> {
    const entries = uris.filter((uri) => this.isEntryUri(uri));
    const others = uris.filter((uri) => !this.isEntryUri(uri));
    this.index.batch(() => others.forEach((uri) => this.forget(uri)));
    await this.readAll(entries, token);
  }

  /** Drops deleted files; a URI that is not a known file is taken for a deleted folder and drops all below it. */
  remove(uris: readonly string[]): void {
    const folders = uris.filter((uri) => !this.index.diskEntry(uri) && !this.skipped.has(uri)).map((uri) => (uri.endsWith('/') ? uri : `${uri}/`));
    this.index.batch(() => {
      uris.forEach((uri) => this.forget(uri));
      if (folders.length === 0) return;
      for (const known of [...this.index.diskUris(), ...this.skipped.keys()]) {
        if (folders.some((prefix) => known.startsWith(prefix))) this.forget(known);
      }
    });
  }

  /** Reads, decodes and parses one entry file, for callers that need the model. */
  async load(uri: string): Promise<{ text: string; entry: EventEntry } | SkippedFile | undefined> {
    const bytes = await this.fs.readFile(uri);
    if (!bytes) return undefined;
    const config = this.configFor(uri);
    const content = decodeFile(bytes, config?.maxFileSize ?? Number.MAX_SAFE_INTEGER);
    if (content.kind === 'skipped') return { uri, problem: content.problem, size: content.size };
    return { text: content.text, entry: this.read(content.text) };
  }

  private forget(uri: string): void {
    this.skipped.delete(uri);
    this.index.setDisk(uri, undefined);
  }

  private async readAll(files: readonly string[], token: CancellationToken, progress?: ProgressReporter): Promise<void> {
    for (let start = 0; start < files.length; start += CHUNK) {
      if (token.isCancellationRequested) return;
      const chunk = files.slice(start, start + CHUNK);
      const loaded = await mapConcurrent(chunk, READ_CONCURRENCY, async (uri) => {
        try {
          return { uri, result: await this.load(uri) };
        } catch (error) {
          this.logger.warn(`Could not read ${uri}: ${String(error)}`);
          return { uri, result: undefined };
        }
      });
      this.index.batch(() => {
        for (const { uri, result } of loaded) {
          if (result && 'entry' in result) {
            this.skipped.delete(uri);
            this.index.setDisk(uri, summarize(uri, result.entry));
          } else {
            this.forget(uri);
            if (result) this.skipped.set(uri, result);
          }
        }
      });
      progress?.(Math.min(start + CHUNK, files.length), files.length);
      await yieldToEventLoop();
    }
  }

  private async walk(root: string, dir: string, matches: FolderMatcher, out: string[], token: CancellationToken): Promise<void> {
    const pending = [dir];
    while (pending.length > 0) {
      if (token.isCancellationRequested) return;
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

async function mapConcurrent<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const position = next++;
      results[position] = await work(items[position]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Lets pending requests run between chunks of indexing. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
