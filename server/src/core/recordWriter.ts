/**
 * Writes records into their packed form (`indexCache.ts: PackedRecords`) one at a time: what packRecords
 * does for a list, and what an index worker does file by file, where the summary scanner's findings are
 * written without a record being built first (`scannedRecords.ts`).
 */
import type { FileStamp } from './compactEntry';
import { CompactEntry, tagName } from './compactEntry';
import type { KnownStrings, WrittenRecords } from './indexCache';
import { stringHash } from './intern';
import type { IndexedEntry } from './summary';

/** Builds one PackedRecords; `finish` hands it over. */
export class RecordWriter {
  private strings: string[] = [];
  private readonly hashes: number[] = [];
  private readonly ids = new Map<string, number>();
  private readonly stamps: number[] = [];
  private numbers = new Int32Array(1024);
  private at = 0;

  /** Strings in `known` are written as positions; with `withHashes`, each repeated string of the table comes with its `stringHash`. */
  constructor(private readonly known: KnownStrings = {}, private readonly withHashes = false) {}

  /** Writes a record. */
  add(entry: IndexedEntry, stamp: FileStamp): void {
    this.reserve(packedLength(entry));
    this.push(this.uri(entry.uri));
    this.push(entry.date === undefined ? -1 : this.shared(entry.date));
    this.push(this.own(entry.headline));
    this.push(entry.publishers.length);
    for (const publisher of entry.publishers) this.push(this.shared(publisher));
    if (entry instanceof CompactEntry) this.compactLinks(entry);
    else this.links(entry);
    this.stamp(stamp);
  }

  /** The reference to a URI (an entry's or a link target's), `hash` being its `stringHash` when known. */
  uri(value: string, hash?: number): number {
    const position = this.known.uris?.(value);
    return position === undefined ? this.inTable(value, hash) : -(position + 2);
  }

  /** The reference to the string at `position` of the receiver's known URIs. */
  knownUri(position: number): number {
    return -(position + 2);
  }

  /** The position among the known URIs that a reference names, or -1 for a string of the table. */
  knownPosition(reference: number): number {
    return reference <= -2 ? -reference - 2 : -1;
  }

  /** The reference to a repeated string (date, publisher, tag). */
  shared(value: string): number {
    const position = this.known.others?.(value);
    return position === undefined ? this.inTable(value) : -(position + 2);
  }

  /**
   * The reference to a string written without a lookup: a headline (of one record only, not interned, so 0
   * for a hash), or a string seen rarely enough that looking it up costs more than sending it twice.
   */
  own(value: string, hash = 0): number {
    if (this.withHashes) this.hashes.push(hash);
    return this.strings.push(value) - 1;
  }

  /** Writes the next number of the current record. */
  push(value: number): void {
    if (this.at === this.numbers.length) this.reserve(1);
    this.numbers[this.at++] = value;
  }

  /** Ends the current record with its file's stamp. */
  stamp(stamp: FileStamp): void {
    this.stamps.push(stamp.size, stamp.mtime);
  }

  /** The records written, in order. */
  finish(): WrittenRecords {
    const packed = { strings: this.strings, numbers: this.numbers.slice(0, this.at), stamps: Float64Array.from(this.stamps) };
    return this.withHashes ? { ...packed, hashes: Int32Array.from(this.hashes) } : packed;
  }

  /**
   * The records written so far, their numbers as a view of this writer's own array (no copy): valid until the
   * next `add` or `reset`. Writing a cache chunk by chunk through one writer leaves no trail of large arrays.
   */
  view(): WrittenRecords {
    return { strings: this.strings, numbers: this.numbers.subarray(0, this.at), stamps: Float64Array.from(this.stamps) };
  }

  /** Starts over, keeping the room grown so far (the strings handed out stay as they were). */
  reset(): void {
    this.strings = [];
    this.hashes.length = 0;
    this.ids.clear();
    this.stamps.length = 0;
    this.at = 0;
  }

  private inTable(value: string, hash?: number): number {
    let found = this.ids.get(value);
    if (found === undefined) {
      found = this.strings.push(value) - 1;
      this.ids.set(value, found);
      if (this.withHashes) this.hashes.push(hash ?? stringHash(value));
    }
    return found;
  }

  /** Room for `count` more numbers. */
  private reserve(count: number): void {
    if (this.at + count <= this.numbers.length) return;
    const grown = new Int32Array(Math.max(this.numbers.length * 2, this.at + count));
    grown.set(this.numbers.subarray(0, this.at));
    this.numbers = grown;
  }

  private links(entry: IndexedEntry): void {
    this.push(entry.links.length);
    for (const link of entry.links) {
      this.push(this.uri(link.target));
      this.push(link.tags.length * 2 + (link.resolved ? 1 : 0));
      for (const tag of link.tags) this.push(this.shared(tag));
    }
  }

  /** Writes a compact record's links without building link objects (the cache holds 100,000 records). */
  private compactLinks(entry: CompactEntry): void {
    this.push(entry.targets.length);
    let at = 0;
    for (const target of entry.targets) {
      const header = entry.linkTags[at++];
      this.push(this.uri(target));
      this.push(header);
      for (const end = at + (header >> 1); at < end; at++) this.push(this.shared(tagName(entry.linkTags[at])));
    }
  }
}

/** How many numbers a record packs into. */
function packedLength(entry: IndexedEntry): number {
  if (entry instanceof CompactEntry) return 5 + entry.publishers.length + entry.targets.length + entry.linkTags.length;
  return 5 + entry.publishers.length + entry.links.reduce((total, link) => total + 2 + link.tags.length, 0);
}
