/**
 * Loading many files for the index. The core's own loader reads through the FileSystem in chunks;
 * the node host plugs in one that reads and extracts in worker threads. Both deliver batches.
 */
import { yieldToRequests } from './yieldToRequests';
import type { EntriesConfig } from './config';
import { CompactEntry, type FileStamp, type RecordSource } from './compactEntry';
import { randomHashKey } from './intern';
import { KnownUris } from './knownUris';
import { decodeFile } from './fileContent';
import type { EventEntry } from './model';
import { summarize, type IndexedEntry, type StringPolicy } from './summary';
import type { CancellationToken, FileSystem, Logger } from './workspace';

/** What loading one file gave. */
export type LoadedFile =
  | { readonly uri: string; readonly kind: 'entry'; readonly summary: IndexedEntry; readonly stamp: FileStamp }
  | { readonly uri: string; readonly kind: 'skipped'; readonly problem: 'file.binary' | 'file.tooLarge'; readonly stamp: FileStamp }
  | { readonly uri: string; readonly kind: 'missing' };

/** What loading some files gave: records (each with its file's stamp), and the files that gave none. */
export interface LoadedBatch {
  readonly entries: readonly CompactEntry[];
  /**
   * Records that worker threads wrote, not decoded yet: the index can keep them so until first read
   * (`WorkspaceIndex.addUndecoded`), which a cold index of 100,000 files feels. They are not in `entries`.
   */
  readonly undecoded?: { readonly records: UndecodedRecords; readonly list: LoadList };
  readonly others: readonly Exclude<LoadedFile, { kind: 'entry' }>[];
}

/** Records of a load, checked whole but not decoded; each names its file by position in the load's list. */
export interface UndecodedRecords extends RecordSource {
  /** The position of a record's file in the load's list; -1 when the record names its file otherwise. */
  positionOf(record: number): number;
  /** Calls `tag` with the id of each context tag of every record (a tag twice when two items carry it), and `publisher` with each publisher. */
  forEachUse(tag: (id: number) => void, publisher: (name: string) => void): void;
}

/**
 * The files of a load, in the order it was given them, found by URI through a table built when first asked for.
 * The list may grow while the load runs (`GrowingList`): a position, once given, names one file for good.
 */
export class LoadList {
  private known: KnownUris | undefined;

  constructor(readonly uris: readonly string[]) {}

  /** The first position of a URI in the list, if it is there. */
  positionOf(uri: string): number | undefined {
    this.known ??= new KnownUris([], randomHashKey());
    if (this.known.size < this.uris.length) this.known.add(this.uris.slice(this.known.size));
    return this.known.positionOf(uri);
  }
}

/**
 * Files listed while they are being loaded: a walk appends them, and the loader makes jobs of them as they
 * come, so that reading starts before the walk ends. The list only grows.
 */
export class GrowingList {
  readonly uris: string[] = [];
  private ended = false;
  private waiting: (() => void)[] = [];

  /** True once the walk has listed every file. */
  get complete(): boolean {
    return this.ended;
  }

  /** Wakes whoever waits for more files; the walk calls it after it has appended some. */
  grew(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  /** Marks the list complete (the walk ended, or was cancelled). */
  end(): void {
    this.ended = true;
    this.grew();
  }

  /** Resolves once the list holds more than `count` files, or is complete. */
  async beyond(count: number): Promise<void> {
    while (this.uris.length <= count && !this.ended) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Resolves with the list once it is complete. */
  async whole(): Promise<readonly string[]> {
    while (!this.ended) await this.beyond(this.uris.length);
    return this.uris;
  }
}

/** Loads files for the index and hands the results over in batches, in any order. */
export interface BulkLoader {
  load(uris: readonly string[], configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void>;
  /** Loads files as a walk lists them, until the list is complete; a loader without it is given the whole list. */
  loadGrowing?(files: GrowingList, configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void>;
}

/** Turns text into an entry model. */
export type EntryReader = (text: string) => EventEntry;

const CHUNK = 256;
const READ_CONCURRENCY = 32;

/** Loads one file into an index record; never throws. */
export async function loadFile(fs: FileSystem, read: EntryReader, uri: string, maxFileSize: number): Promise<LoadedFile> {
  const stat = await fs.stat(uri);
  if (stat?.type !== 'file') return { uri, kind: 'missing' };
  const stamp = { size: stat.size, mtime: stat.mtime };
  // A file over the limit is not read: its size says enough.
  if (stat.size > maxFileSize) return { uri, kind: 'skipped', problem: 'file.tooLarge', stamp };
  const bytes = await fs.readFile(uri);
  return bytes ? loadBytes(read, uri, bytes, maxFileSize, stamp) : { uri, kind: 'missing' };
}

/** A character that a string cannot hold in one byte. */
export const WIDE_CHARACTER = /[^\u0000-\u00ff]/;

/**
 * An index record of a file's bytes; `strings` as in `summarize` (workers pass `as-is`). Slices of a text
 * with any wide character take two bytes per character, even where they hold none: with `as-is`, those
 * are copied (by `narrow` when given, a cheaper copy than the core's own), so that what the index keeps
 * takes one byte per character wherever it can.
 */
export function loadBytes(
  read: EntryReader, uri: string, bytes: Uint8Array, maxFileSize: number, stamp: FileStamp, strings: StringPolicy = 'intern', narrow?: (value: string) => string,
): LoadedFile {
  const content = decodeFile(bytes, maxFileSize);
  if (content.kind === 'skipped') return { uri, kind: 'skipped', problem: content.problem, stamp };
  const policy = strings === 'as-is' && WIDE_CHARACTER.test(content.text) ? narrow ?? 'copy' : strings;
  return { uri, kind: 'entry', summary: summarize(uri, read(content.text), policy), stamp };
}

/** The in-process loader: reads through the FileSystem with bounded concurrency, chunk by chunk. */
export class InProcessLoader implements BulkLoader {
  constructor(private readonly fs: FileSystem, private readonly read: EntryReader, private readonly logger: Logger) {}

  async load(uris: readonly string[], configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void> {
    for (let start = 0; start < uris.length; start += CHUNK) {
      if (token.isCancellationRequested) return;
      const chunk = uris.slice(start, start + CHUNK);
      const loaded = await mapConcurrent(chunk, READ_CONCURRENCY, async (uri): Promise<LoadedFile> => {
        try {
          return await loadFile(this.fs, this.read, uri, configFor(uri).maxFileSize);
        } catch (error) {
          this.logger.warn(`Could not read ${uri}: ${String(error)}`);
          return { uri, kind: 'missing' };
        }
      });
      const entries: CompactEntry[] = [];
      const others: Exclude<LoadedFile, { kind: 'entry' }>[] = [];
      for (const file of loaded) {
        if (file.kind === 'entry') entries.push(CompactEntry.from(file.summary, file.stamp));
        else others.push(file);
      }
      onBatch({ entries, others });
      // Lets pending requests run between chunks.
      await yieldToRequests();
    }
  }
}

/** Maps items with at most `limit` calls of `work` in flight, keeping their order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
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
