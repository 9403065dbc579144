/**
 * Records as flat data: how index workers hand their records over and how the cache stores them
 * (a header, then chunks of records).
 * A table of strings (each repeated one, such as a URI, tag or publisher, once), one Int32Array of
 * references and counts, one Float64Array of file stamps. Reading it back builds the index's compact
 * records directly. Anything that does not have exactly the expected shape is rejected, and the
 * index is rebuilt.
 */
import type { FileStamp } from './bulkLoader';
import { CompactEntry, tagIdOf } from './compactEntry';
import { RecordWriter } from './recordWriter';
import type { IndexedEntry } from './summary';
import { internFlat } from './intern';

/** Names the file format, so that a foreign file is never mistaken for a cache. */
export const CACHE_FORMAT = 'event-entries-index';
/** Bumped whenever the record layout or the extractor's output changes. */
export const CACHE_VERSION = 6;

/** A record with the stamp of the file it was read from. */
export interface StampedEntry {
  readonly entry: IndexedEntry;
  readonly stamp: FileStamp;
}

/**
 * Records as flat data. Per record, `numbers` holds: URI, date (-1 for none), headline,
 * publisher count and publishers, link count and per link target, `tag count × 2 + resolved`, tags.
 * Each is a position in `strings`, or `-(position + 2)` in a URI list that the receiver holds.
 * `stamps` holds size and mtime per record.
 */
export interface PackedRecords {
  readonly strings: readonly string[];
  /** When present, `stringHash` of each string, computed by the sender so that the receiver interns them cheaply. */
  readonly hashes?: Int32Array<ArrayBuffer>;
  readonly numbers: Int32Array<ArrayBuffer>;
  readonly stamps: Float64Array<ArrayBuffer>;
}

/** What a stored cache says of itself: what it is and for which folders and settings. */
export interface CacheHeader {
  readonly format: typeof CACHE_FORMAT;
  readonly version: number;
  readonly folders: readonly string[];
}

/** The repeated strings (URIs, tags, publishers, dates) of a whole cache, each once, that its chunks refer to by position. */
export class SharedStrings {
  readonly values: string[] = [];
  private readonly positions = new Map<string, number>();

  /** The position of a string, added when new. */
  positionOf(value: string): number {
    let position = this.positions.get(value);
    if (position === undefined) {
      position = this.values.push(value) - 1;
      this.positions.set(value, position);
    }
    return position;
  }
}

/** Records in chunks of this many when the cache is written, so that writing it never holds the thread long. */
export const CACHE_CHUNK_RECORDS = 5000;

/** The header of a cache for these folders (each with its settings). */
export function cacheHeader(folders: readonly string[]): CacheHeader {
  return { format: CACHE_FORMAT, version: CACHE_VERSION, folders: [...folders] };
}

/** True when stored data is a header of this format and version, for these folders. */
export function isCurrentHeader(data: unknown, folders: readonly string[]): boolean {
  if (!data || typeof data !== 'object') return false;
  const header = data as Partial<CacheHeader>;
  return header.format === CACHE_FORMAT && header.version === CACHE_VERSION && Array.isArray(header.folders) && header.folders.join('\n') === folders.join('\n');
}

/** Strings that the receiver of packed records already holds, by position: each lookup is asked of URIs only, or of every repeated string. */
export interface KnownStrings {
  readonly uris?: (value: string) => number | undefined;
  readonly others?: (value: string) => number | undefined;
}

/**
 * Packs records. Strings in `known` travel as positions: the receiver then uses its own strings. With
 * `withHashes`, each repeated string of the table comes with its `stringHash`, for the receiver to intern.
 */
export function packRecords(records: Iterable<StampedEntry>, known: KnownStrings = {}, withHashes = false): PackedRecords {
  const writer = new RecordWriter(known, withHashes);
  for (const { entry, stamp } of records) writer.add(entry, stamp);
  return writer.finish();
}

/**
 * Unpacks records into the index's compact form; undefined when anything is out of place. The tag ids
 * of all records share one typed array. Repeated strings are interned once each, unless `unique` says
 * that they are unique already (a cache stores each once), which saves a pool lookup per string.
 */
export function unpackRecords(packed: PackedRecords, known: readonly string[] = [], unique = false): StampedEntry[] | undefined {
  return new RecordUnpacker(known, unique).unpack(packed);
}

/**
 * Unpacks several packed chunks that refer to one list of known strings (a cache's chunks share theirs):
 * what it learns of a known string (its interned copy, its tag id) serves every chunk, since a
 * warm start unpacks 100,000 records and a million tag references on the server's thread.
 */
export class RecordUnpacker {
  private readonly knownShared: (string | undefined)[];
  private readonly knownTagIds: Int32Array;

  constructor(private readonly known: readonly string[], private readonly unique: boolean) {
    this.knownShared = new Array<string | undefined>(known.length);
    this.knownTagIds = new Int32Array(known.length).fill(-1);
  }

  /** The records of one chunk; undefined when anything is out of place. */
  unpack(packed: PackedRecords): StampedEntry[] | undefined {
    if (!packed || typeof packed !== 'object') return undefined;
    const { strings, numbers, stamps, hashes } = packed;
    if (!Array.isArray(strings) || !(numbers instanceof Int32Array) || !(stamps instanceof Float64Array) || stamps.length % 2 !== 0) return undefined;
    if (hashes !== undefined && !(hashes instanceof Int32Array && hashes.length === strings.length)) return undefined;
    const { known, knownShared, knownTagIds, unique } = this;
    const shared = new Array<string | undefined>(strings.length);
    const tagIds = new Int32Array(strings.length).fill(-1);
    const text = (reference: number): string => {
      const value: unknown = reference <= -2 ? known[-reference - 2] : strings[reference];
      if (typeof value !== 'string') throw new Error('dangling string reference');
      return value;
    };
    // URIs from `known` are interned too: the links of other entries point at the same strings. Unpacked strings are flat already.
    const share = (reference: number): string => {
      if (reference < 0) return (knownShared[-reference - 2] ??= unique ? text(reference) : internFlat(text(reference)));
      return (shared[reference] ??= unique ? text(reference) : internFlat(text(reference), hashes?.[reference]));
    };
    const tagId = (reference: number): number => {
      const memo = reference < 0 ? knownTagIds : tagIds;
      const slot = reference < 0 ? -reference - 2 : reference;
      let id = memo[slot];
      if (id === undefined) throw new Error('dangling string reference');
      if (id < 0) memo[slot] = id = tagIdOf(text(reference));
      return id;
    };
    const allTags = new Int32Array(numbers.length);
    const end = numbers.length;
    let filled = 0;
    let at = 0;
    try {
      const count = stamps.length / 2;
      const records = new Array<StampedEntry>(count);
      for (let record = 0; record < count; record++) {
        // Every record holds at least its URI, date, headline and two counts.
        if (at + 5 > end) throw new Error('truncated records');
        const uri = share(numbers[at++]);
        const date = numbers[at++];
        const headline = text(numbers[at++]);
        const publishers = sizedArray(numbers[at++]);
        if (at + publishers.length + 1 > end) throw new Error('truncated records');
        for (let i = 0; i < publishers.length; i++) publishers[i] = share(numbers[at++]);
        const targets = sizedArray(numbers[at++]);
        const start = filled;
        for (let i = 0; i < targets.length; i++) {
          if (at + 2 > end) throw new Error('truncated records');
          targets[i] = share(numbers[at++]);
          const header = numbers[at++];
          const tags = header >> 1;
          if (header < 0 || at + tags > end) throw new Error('malformed link');
          allTags[filled++] = header;
          for (let tag = 0; tag < tags; tag++) allTags[filled++] = tagId(numbers[at++]);
        }
        const entry = new CompactEntry(uri, date === -1 ? undefined : share(date), headline, publishers, targets, allTags.subarray(start, filled));
        records[record] = { entry, stamp: { size: stamps[record * 2], mtime: stamps[record * 2 + 1] } };
      }
      return at === end ? records : undefined;
    } catch {
      return undefined;
    }
  }
}

const NONE: readonly string[] = Object.freeze([]);

/** An array of exactly `count` strings (arrays grown by push keep spare room, which 100,000 records multiply); one shared empty one. */
function sizedArray(count: number): string[] {
  if (!(count >= 0 && count <= 1_000_000)) throw new Error('malformed count');
  return count === 0 ? (NONE as string[]) : new Array<string>(count);
}
