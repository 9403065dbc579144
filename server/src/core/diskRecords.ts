/**
 * The index's disk records by URI: decoded records in a map, and the records that a warm start restored, or that
 * a cold index took from worker threads, and that are not decoded yet in `PendingRecords`, found by URI without a
 * map entry each (building a map of 100,000 URIs would delay the warm start's first answer, and the cold index).
 * A URI is in one of the two at most: a pending record moves into the map when it is decoded, and leaves the
 * pending ones when its URI is set or deleted.
 */
import type { LoadList, UndecodedRecords } from './bulkLoader';
import type { CompactEntry, FileStamp, RecordSource } from './compactEntry';
import { PendingRecords } from './pendingRecords';

/** Disk records, decoded or pending. */
export class DiskRecords {
  private readonly decoded = new Map<string, CompactEntry>();
  private readonly pending = new PendingRecords();

  /** How many records there are, decoded or not. */
  get size(): number {
    return this.decoded.size + this.pending.count;
  }

  /** How many records are not decoded yet. */
  get pendingCount(): number {
    return this.pending.count;
  }

  has(uri: string): boolean {
    return this.decoded.has(uri) || this.pending.numberOf(uri) !== undefined;
  }

  /** A URI's record, decoded now if it was pending. */
  get(uri: string): CompactEntry | undefined {
    const entry = this.decoded.get(uri);
    if (entry) return entry;
    const number = this.pending.numberOf(uri);
    return number === undefined ? undefined : this.decode(uri, number);
  }

  /** The size and mtime of the file a record was read from, without decoding a pending record. */
  stampOf(uri: string): FileStamp | undefined {
    const entry = this.decoded.get(uri);
    if (entry) return entry;
    const number = this.pending.numberOf(uri);
    return number === undefined ? undefined : this.pending.stampOf(number);
  }

  set(uri: string, entry: CompactEntry): void {
    this.pending.noteSet(uri);
    this.dropPending(uri);
    this.decoded.set(uri, entry);
  }

  delete(uri: string): void {
    this.dropPending(uri);
    this.decoded.delete(uri);
  }

  /** Takes restored records, pending, into an empty collection; returns how many. The caller makes sure that the collection is empty. */
  restore(sources: readonly RecordSource[]): number {
    return this.pending.take(sources);
  }

  /**
   * True when a load's batch can be kept pending: every record already held came from the same load, and no
   * record of the batch names a file that one of them names.
   */
  canAppend(records: UndecodedRecords, list: LoadList): boolean {
    return (this.decoded.size === 0 || this.pending.isAppending(list)) && this.pending.canAppend(records, list);
  }

  /** Takes note that the load being appended has ended (see `PendingRecords.endLoad`). */
  endLoad(): void {
    this.pending.endLoad();
  }

  /** Keeps a load's batch pending, once `canAppend` said yes; returns the records' URIs. */
  append(records: UndecodedRecords, list: LoadList): string[] {
    return this.pending.append(records, list);
  }

  /**
   * Checks, once, that the restored URIs are in order (see `PendingRecords.checkOrder`); true when a URI came
   * twice, and then the records left are one per URI.
   */
  checkOrder(): boolean {
    if (!this.pending.checkOrder()) return false;
    // A URI read before the check (its record decoded) leaves no record of it pending.
    for (const number of this.pending.pendingNumbers()) {
      if (this.decoded.has(this.pending.uriOf(number))) this.pending.drop(number);
    }
    return true;
  }

  /** Every URI: the decoded ones, then the pending ones (a record decoded meanwhile comes once). */
  *keys(): IterableIterator<string> {
    yield* this.decoded.keys();
    for (const number of this.pending.pendingNumbers()) yield this.pending.uriOf(number);
  }

  /** Every record, decoding the pending ones; `skip` leaves records out (and undecoded) by URI. */
  *values(skip: (uri: string) => boolean): IterableIterator<CompactEntry> {
    for (const [uri, entry] of this.decoded) if (!skip(uri)) yield entry;
    // A record read meanwhile is in the map now, and was yielded there or will not be: it is no longer pending.
    for (const number of this.pending.pendingNumbers()) {
      const uri = this.pending.uriOf(number);
      if (!skip(uri)) yield this.decode(uri, number);
    }
  }

  /** Decodes the next pending records, looking at `limit` of them at most; true while some remain. */
  decodePending(limit: number): boolean {
    for (const number of this.pending.next(Math.max(1, limit))) {
      if (this.pending.isPending(number)) this.decode(this.pending.uriOf(number), number);
    }
    return this.pending.count > 0;
  }

  private decode(uri: string, number: number): CompactEntry {
    const entry = this.pending.decode(number);
    this.decoded.set(uri, entry);
    return entry;
  }

  private dropPending(uri: string): void {
    const number = this.pending.numberOf(uri);
    if (number !== undefined) this.pending.drop(number);
  }
}
