/**
 * Records the index holds undecoded, from either of two places. A warm start restores them from the cache: each
 * is known by its number (records are numbered in the order of their sources) and found by URI with a binary
 * search, since the cache holds records sorted by URI. Entering 100,000 URIs in a `Map` (each hashed, the map
 * growing) cost the warm start ~0.1 s before it could answer; so did decoding them all, which waits for each
 * URI's first use. Checking that they are in order (which reads every URI) waits for `checkOrder`, which the indexer calls
 * before it changes any record; a cache whose records are out of order (it never should be) then gets the map.
 * A cold index appends worker threads' batches as they come (`append`): each record names its file by position
 * in the load's list, which finds it by URI. Records are decoded one by one, when first read or by the pass that
 * decodes them all; the sources (and the bytes they hold) go once none is pending.
 */
import type { LoadList, UndecodedRecords } from './bulkLoader';
import type { CompactEntry, FileStamp, RecordSource } from './compactEntry';
import { lastAtOrBelow } from './sortedSearch';
import { withRoom } from './typedArrays';

const NO_FLAGS = new Uint8Array(0);
const NO_NUMBERS = new Int32Array(0);

/** Undecoded records by number, and the pending ones by URI. */
export class PendingRecords {
  /** The sources, each let go once none of its records is pending. */
  private sources: (RecordSource | undefined)[] = [];
  /** The number of each source's first record, and how many of its records are pending. */
  private starts: number[] = [];
  private remaining: number[] = [];
  /**
   * Every record's URI by number, each read from its source when first asked for: in ascending order, unless
   * `byUri` is there. A source goes only once the URIs of all its records have been read.
   */
  private uris: (string | undefined)[] = [];
  private byUri: Map<string, number> | undefined;
  /** The load whose batches were appended, and each of its positions' record number + 1 (0 for none yet). */
  private list: LoadList | undefined;
  private numberAt = NO_NUMBERS;
  /** Whether more of the load's batches may come: not once a record that is not the load's has been set. */
  private appendable = false;
  /** Whether `checkOrder` has looked at the URIs since they were taken. */
  private orderChecked = true;
  /** Whether each record is pending, and how many are; where the pass that decodes them all has got to. */
  private pendingFlags = NO_FLAGS;
  private pending = 0;
  private cursor = 0;

  /** Takes the sources' records, numbered from 0, as pending, without reading their URIs yet; returns how many there are. */
  take(sources: readonly RecordSource[]): number {
    this.release();
    this.sources = [...sources];
    let total = 0;
    for (const source of sources) {
      this.starts.push(total);
      this.remaining.push(source.count);
      total += source.count;
    }
    this.uris = new Array<string | undefined>(total);
    this.pendingFlags = new Uint8Array(total).fill(1);
    this.pending = total;
    this.orderChecked = false;
    return total;
  }

  /**
   * True when a load's batch can be appended: nothing is pending but records appended from the same load, and
   * its records name files of the list in ascending positions (a job's files are a slice of the list) that no
   * record appended so far names. A list names a file twice when workspace folders nest, and its records then
   * name its first position; such a batch is taken the usual way.
   */
  canAppend(records: UndecodedRecords, list: LoadList): boolean {
    if (this.list === list ? !this.appendable : this.pending > 0) return false;
    const known = this.list === list ? this.numberAt : NO_NUMBERS;
    let previous = -1;
    for (let record = 0; record < records.count; record++) {
      const position = records.positionOf(record);
      if (position <= previous || position >= list.uris.length || (known[position] ?? 0) !== 0) return false;
      previous = position;
    }
    return true;
  }

  /** Appends a load's batch, pending, once `canAppend` said yes; returns the records' URIs. */
  append(records: UndecodedRecords, list: LoadList): string[] {
    if (this.list !== list) {
      this.release();
      this.list = list;
      this.appendable = true;
    }
    // A list still being walked grows: the tables grow with it.
    this.numberAt = withRoom(this.numberAt, list.uris.length);
    this.pendingFlags = withRoom(this.pendingFlags, this.uris.length + records.count);
    this.starts.push(this.uris.length);
    this.remaining.push(records.count);
    this.sources.push(records);
    const added: string[] = [];
    for (let record = 0; record < records.count; record++) {
      const position = records.positionOf(record);
      const uri = list.uris[position];
      this.numberAt[position] = this.uris.push(uri);
      this.pendingFlags[this.uris.length - 1] = 1;
      added.push(uri);
    }
    this.pending += records.count;
    return added;
  }

  /**
   * Checks, once, that the URIs are in order; when they are not, finds them through a map from then on. Returns
   * whether a URI came twice: a cache never names a file twice; if it does, the later record wins, as it would in
   * a map, unless the earlier one was read meanwhile (then the caller drops the later one).
   */
  checkOrder(): boolean {
    if (this.orderChecked) return false;
    this.orderChecked = true;
    if (this.isAscending()) return false;
    const byUri = new Map<string, number>();
    let duplicated = false;
    for (let number = 0; number < this.uris.length; number++) {
      const uri = this.uriOf(number);
      const previous = byUri.get(uri);
      if (previous !== undefined) {
        duplicated = true;
        this.drop(previous);
      }
      byUri.set(uri, number);
    }
    if (this.pending > 0) this.byUri = byUri;
    return duplicated;
  }

  /** How many records are pending. */
  get count(): number {
    return this.pending;
  }

  /** Whether the records appended come from this load (which may have none pending any more). */
  isAppending(list: LoadList): boolean {
    return this.list === list;
  }

  /** Takes note that the load has ended: no more of its batches come, and its tables go once none of its records is pending. */
  endLoad(): void {
    this.appendable = false;
    if (this.pending === 0) this.release();
  }

  /** Takes note that a record is set for a URI: unless the load appended one for it, no more of its batches are appended. */
  noteSet(uri: string): void {
    if (this.appendable && this.list && this.appendedNumberOf(uri, this.list) === undefined) this.appendable = false;
  }

  /** The number of the pending record of a URI, if there is one. */
  numberOf(uri: string): number | undefined {
    if (this.pending === 0) return undefined;
    const number = this.list ? this.appendedNumberOf(uri, this.list) : this.byUri ? this.byUri.get(uri) : this.search(uri);
    return number !== undefined && this.pendingFlags[number] === 1 ? number : undefined;
  }

  /** Whether a record is still pending. */
  isPending(number: number): boolean {
    return this.pendingFlags[number] === 1;
  }

  /** A record's URI. */
  uriOf(number: number): string {
    return this.uris[number] ?? this.readUri(number);
  }

  /** The size and mtime of the file a record was read from. */
  stampOf(number: number): FileStamp {
    const source = this.sourceOf(number);
    const record = number - this.starts[source];
    const from = this.sourceAt(source);
    return { size: from.sizeOf(record), mtime: from.mtimeOf(record) };
  }

  /** A pending record, decoded; it is no longer pending. */
  decode(number: number): CompactEntry {
    const source = this.sourceOf(number);
    const entry = this.sourceAt(source).decode(number - this.starts[source]);
    this.drop(number);
    return entry;
  }

  /** Makes a pending record no longer pending without decoding it (its file changed or went). */
  drop(number: number): void {
    if (this.pendingFlags[number] !== 1) return;
    this.pendingFlags[number] = 0;
    const source = this.sourceOf(number);
    if (--this.remaining[source] === 0) {
      this.readUris(source);
      this.sources[source] = undefined;
    }
    // While a load appends, its numbering stays, so that a file named twice in its list is known as appended already.
    if (--this.pending === 0 && !this.appendable) this.release();
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

  /** The number of the record appended for a URI, if there is one. */
  private appendedNumberOf(uri: string, list: LoadList): number | undefined {
    const position = list.positionOf(uri);
    const number = position === undefined ? 0 : this.numberAt[position];
    return number === 0 ? undefined : number - 1;
  }

  /** Reads a record's URI from its source, which is still held. */
  private readUri(number: number): string {
    const source = this.sourceOf(number);
    return (this.uris[number] = this.sourceAt(source).uriOf(number - this.starts[source]));
  }

  /** Reads the URIs not read yet of a source's records, before the source goes. */
  private readUris(source: number): void {
    const end = source + 1 < this.starts.length ? this.starts[source + 1] : this.uris.length;
    for (let number = this.starts[source]; number < end; number++) this.uriOf(number);
  }

  /** True when every URI sorts after the one before it (so no URI comes twice). */
  private isAscending(): boolean {
    for (let number = 1; number < this.uris.length; number++) if (!(this.uriOf(number - 1) < this.uriOf(number))) return false;
    return true;
  }

  /** The number of a URI among the ascending URIs, if it is there. */
  private search(uri: string): number | undefined {
    let low = 0;
    let high = this.uris.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = this.uriOf(middle);
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

  /** A source that still has pending records. */
  private sourceAt(position: number): RecordSource {
    const source = this.sources[position];
    if (!source) throw new Error('a record was read from a source that had none pending');
    return source;
  }

  private release(): void {
    this.pending = 0;
    this.sources = [];
    this.starts = [];
    this.remaining = [];
    this.uris = [];
    this.byUri = undefined;
    this.list = undefined;
    this.appendable = false;
    this.numberAt = NO_NUMBERS;
    this.orderChecked = true;
    this.cursor = 0;
    this.pendingFlags = NO_FLAGS;
  }
}
