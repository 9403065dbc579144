/**
 * The index persisted between sessions in the extension's storage folder: restored at start-up,
 * saved a while after changes (chunk by chunk, letting requests in between) and at shutdown.
 */
import { CACHE_CHUNK_RECORDS, cacheHeader, isCurrentHeader, isStringTable, RecordUnpacker, SharedStrings, type PackedChunk, type PackedRecords } from '../core/indexCache';
import type { RecordUses } from '../core/compactEntry';
import { RecordWriter } from '../core/recordWriter';
import type { Indexer } from '../core/indexer';
import type { Logger } from '../core/workspace';
import { sortInSlices } from '../core/slicedSort';
import { yieldToRequests } from '../core/yieldToRequests';
import { existsSync, rmSync } from 'node:fs';
import { readCache, writeCache, type CacheFrame, type CacheFrames } from './cacheStore';

const SAVE_DELAY_MS = 30_000;
/** Records taken between two turns of requests while the cache is saved (~5 ms of work). */
const PACKED_BETWEEN_TURNS = 1000;

/** One cache file for one indexer. */
export class PersistedIndex {
  /** The folders with their settings that the index is built for: a cache made for another scope is not used. */
  scope: readonly string[] = [];
  /** The indexer's disk version, and the scope, that the file holds. */
  private savedVersion = -1;
  private savedScope = '';
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly file: string, private readonly indexer: Indexer, private readonly logger: Logger) {}

  /** True when there is a file to restore from (whether it suits the scope is known only once read). */
  exists(): boolean {
    return existsSync(this.file);
  }

  /**
   * Loads the stored records when they were made for the current scope.
   * Returns how many were loaded; undefined when there was no usable cache.
   */
  restore(): number | undefined {
    try {
      return this.restoreRecords();
    } catch (error) {
      // Whatever is wrong with the file, the index is built from the disk instead, and the file goes.
      this.logger.warn(`The index cache could not be read and was removed: ${String(error)}`);
      rmSync(this.file, { force: true });
      return undefined;
    }
  }

  private restoreRecords(): number | undefined {
    const restored = readCache(this.file, (frames) => this.recordsOf(frames));
    if (!restored) return undefined;
    this.indexer.restore(restored.chunks, restored.uses);
    this.savedVersion = this.indexer.diskVersion;
    this.savedScope = this.scope.join('\n');
    return restored.chunks.reduce((total, chunk) => total + chunk.count, 0);
  }

  /**
   * The chunks of a cache made for the current scope, each checked from end to end, with the uses of tags and
   * publishers in them; undefined for another scope or records out of place. Records are decoded later, one
   * by one as they are first read, and so are the shared strings: the bytes of the chunks and of the strings are
   * held until every restored record is decoded (~45 and ~15 MB at 100k).
   */
  private recordsOf(frames: CacheFrames): { chunks: PackedChunk[]; uses: RecordUses } | undefined {
    if (frames.count < 2 || !isCurrentHeader(frames.at(0), this.scope)) return undefined;
    // The strings the chunks share come last: they are known only once every chunk is written.
    const shared = frames.at(frames.count - 1);
    if (!isStringTable(shared)) return undefined;
    const unpacker = new RecordUnpacker(shared, true);
    const chunks: PackedChunk[] = [];
    for (let index = 1; index < frames.count - 1; index++) {
      const chunk = unpacker.check(frames.at(index) as PackedRecords, true);
      if (!chunk) return undefined;
      chunks.push(chunk);
    }
    return { chunks, uses: unpacker.uses() };
  }

  /** Saves a while after the last change on disk, so that a burst of changes writes once. */
  changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(), SAVE_DELAY_MS);
    this.timer.unref();
  }

  /**
   * Writes the index now if what was read from disk, or the scope, changed since the file was written
   * or read (failures are logged, and the next save tries again: the cache is only an optimisation).
   */
  save(): Promise<void> {
    clearTimeout(this.timer);
    this.saving = this.saving.then(async () => {
      const version = this.indexer.diskVersion;
      const scope = this.scope.join('\n');
      if (version === this.savedVersion && scope === this.savedScope) return;
      this.savedVersion = version;
      this.savedScope = scope;
      try {
        await writeCache(this.file, this.frames(this.scope));
      } catch (error) {
        this.savedVersion = -1;
        this.logger.warn(`Could not write the index cache: ${String(error)}`);
      }
    });
    return this.saving;
  }

  /**
   * The header, the records in chunks, then the strings the chunks share. Records are taken as they are
   * now; one replaced while the chunks are written keeps its old stamp in the cache, which the next
   * start-up sees and re-reads.
   */
  private async *frames(scope: readonly string[]): AsyncIterable<CacheFrame> {
    yield { kind: 'value', value: cacheHeader(scope) };
    // Sorted by URI, so that a warm start finds them by URI without building a map (`PendingRecords`); a slice at a
    // time, since a cold index's 100,000 records take a third of a second to sort. A list already in order (a warm
    // start's records, decoded in the cache's order, none changed since) costs one pass.
    const records = await sortInSlices([...this.indexer.stampedEntries()], (a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    const shared = new SharedStrings();
    const position = (value: string): number => shared.positionOf(value);
    // The records' URIs first, so that the other shared strings lie together after them: a warm start decodes
    // those (tags, publishers) before it answers, and each URI only when first read.
    for (let at = 0; at < records.length; at++) {
      position(records[at].uri);
      if (at % PACKED_BETWEEN_TURNS === 0) await yieldToRequests();
    }
    // One writer for every chunk: each chunk is written out before the next is packed into the same arrays.
    const writer = new RecordWriter({ uris: position, others: position });
    for (let start = 0; start < records.length; start += CACHE_CHUNK_RECORDS) {
      writer.reset();
      for (let at = start; at < Math.min(records.length, start + CACHE_CHUNK_RECORDS); at++) {
        if ((at - start) % PACKED_BETWEEN_TURNS === 0) await yieldToRequests();
        writer.add(records[at], records[at]);
      }
      yield { kind: 'records', records: writer.view() };
    }
    yield { kind: 'strings', strings: shared.values };
  }
}
