/**
 * The records a warm start restored from the cache and has not decoded yet. Each is known by its number
 * (records are numbered in the order of their sources) and found by URI with a binary search: the cache holds
 * records sorted by URI. Entering 100,000 URIs in a `Map` (each hashed, the map growing) cost the warm start
 * ~0.1 s before it could answer. Checking that they are in order (30-50 ms: the URIs are cut out of a larger
 * text, which makes comparing them slower) waits for `checkOrder`, which the indexer calls before it changes
 * any record; a cache whose records are out of order (it never should be) then gets the map. Records are
 * decoded one by one, when first read or by the pass that decodes them all; the sources (and the cache's bytes
 * they hold) go once none is pending.
 */
import type { CompactEntry, FileStamp, RecordSource } from './compactEntry';
import { lastAtOrBelow } from './sortedSearch';

const NO_FLAGS = new Uint8Array(0);

/** Restored records by number, and the pending ones by URI. */
export class RestoredRecords {
  private sources: RecordSource[] = [];
  /** The number of each source's first record. */
  private starts: number[] = [];
  /** Every record's URI, by number: in ascending order, unless `byUri` is there. */
  private uris: string[] = [];
  private byUri: Map<string, number> | undefined;
  /** Whether `checkOrder` has looked at the URIs since they were taken. */
  private orderChecked = true;
  /** Whether each record is pending, and how many are; where the pass that decodes them all has got to. */
  private pendingFlags = NO_FLAGS;
  private pending = 0;
  private cursor = 0;

  /** Takes the sources' records, numbered from 0, as pending; returns their URIs in order. */
  take(sources: readonly RecordSource[]): string[] {
    this.release();
    this.sources = [...sources];
    const uris: string[] = [];
    for (const source of sources) {
      this.starts.push(uris.length);
      for (let record = 0; record < source.count; record++) uris.push(source.uriOf(record));
    }
    this.uris = uris;
    this.pendingFlags = new Uint8Array(uris.length).fill(1);
    this.pending = uris.length;
    this.orderChecked = false;
    return uris;
  }

  /**
   * Checks, once, that the URIs are in order; when they are not, finds them through a map from then on. Returns
   * whether a URI came twice: a cache never names a file twice; if it does, the later record wins, as it would in
   * a map, unless the earlier one was read meanwhile (then the caller drops the later one).
   */
  checkOrder(): boolean {
    if (this.orderChecked) return false;
    this.orderChecked = true;
    if (isAscending(this.uris)) return false;
    const byUri = new Map<string, number>();
    let duplicated = false;
    this.uris.forEach((uri, number) => {
      const previous = byUri.get(uri);
      if (previous !== undefined) {
        duplicated = true;
        this.drop(previous);
      }
      byUri.set(uri, number);
    });
    if (this.pending > 0) this.byUri = byUri;
    return duplicated;
  }

  /** How many records are pending. */
  get count(): number {
    return this.pending;
  }

  /** The number of the pending record of a URI, if there is one. */
  numberOf(uri: string): number | undefined {
    if (this.pending === 0) return undefined;
    const number = this.byUri ? this.byUri.get(uri) : this.search(uri);
    return number !== undefined && this.pendingFlags[number] === 1 ? number : undefined;
  }

  /** Whether a record is still pending. */
  isPending(number: number): boolean {
    return this.pendingFlags[number] === 1;
  }

  /** A record's URI. */
  uriOf(number: number): string {
    return this.uris[number];
  }

  /** A record's date, without decoding it. */
  dateOf(number: number): string | undefined {
    const source = this.sourceOf(number);
    return this.sources[source].dateOf(number - this.starts[source]);
  }

  /** The size and mtime of the file a record was read from. */
  stampOf(number: number): FileStamp {
    const source = this.sourceOf(number);
    const record = number - this.starts[source];
    return { size: this.sources[source].sizeOf(record), mtime: this.sources[source].mtimeOf(record) };
  }

  /** A pending record, decoded; it is no longer pending. */
  decode(number: number): CompactEntry {
    const source = this.sourceOf(number);
    const entry = this.sources[source].decode(number - this.starts[source]);
    this.drop(number);
    return entry;
  }

  /** Makes a pending record no longer pending without decoding it (its file changed or went). */
  drop(number: number): void {
    if (this.pendingFlags[number] !== 1) return;
    this.pendingFlags[number] = 0;
    if (--this.pending === 0) this.release();
  }

  /** The numbers of the pending records, in order; a record that stops being pending meanwhile is not given. */
  *pendingNumbers(): IterableIterator<number> {
    const total = this.uris.length;
    for (let number = 0; number < total; number++) if (this.pendingFlags[number] === 1) yield number;
  }

  /** The numbers of the next pending records of the pass that decodes them all, in order, at most `limit` of them. */
  next(limit: number): number[] {
    const out: number[] = [];
    while (out.length < limit && this.cursor < this.uris.length) {
      const number = this.cursor++;
      if (this.pendingFlags[number] === 1) out.push(number);
    }
    return out;
  }

  /** The number of a URI among the ascending URIs, if it is there. */
  private search(uri: string): number | undefined {
    const { uris } = this;
    let low = 0;
    let high = uris.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = uris[middle];
      if (found === uri) return middle;
      if (found < uri) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** The position among the sources of the one that holds a record (no pair is built: 100,000 records are looked at). */
  private sourceOf(number: number): number {
    return lastAtOrBelow(this.starts, number);
  }

  private release(): void {
    this.pending = 0;
    this.sources = [];
    this.starts = [];
    this.uris = [];
    this.byUri = undefined;
    this.orderChecked = true;
    this.cursor = 0;
    this.pendingFlags = NO_FLAGS;
  }
}

/** True when every string sorts after the one before it (so no string comes twice). */
function isAscending(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i - 1] < values[i])) return false;
  return true;
}
