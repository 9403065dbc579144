/**
 * Records as flat data: how index workers hand their records over and how the cache stores them.
 * A table of strings (each repeated one, such as a URI, tag or publisher, once), one Int32Array of
 * references and counts, one Float64Array of file stamps. Reading it back builds the index's compact
 * records directly. Anything that does not have exactly the expected shape is rejected, and the
 * index is rebuilt.
 */
import type { FileStamp } from './bulkLoader';
import { CompactEntry, tagIdOf, tagName } from './compactEntry';
import type { IndexedEntry } from './summary';
import { internFlat } from './intern';

/** Names the file format, so that a foreign file is never mistaken for a cache. */
export const CACHE_FORMAT = 'event-entries-index';
/** Bumped whenever the record layout or the extractor's output changes. */
export const CACHE_VERSION = 2;

/** A record with the stamp of the file it was read from. */
export interface StampedEntry {
  readonly entry: IndexedEntry;
  readonly stamp: FileStamp;
}

/**
 * Records as flat data. Per record, `numbers` holds: URI, date (-1 for none), headline, preview,
 * publisher count and publishers, link count and per link target, `tag count × 2 + resolved`, tags.
 * Each is a position in `strings`, or `-(position + 2)` in a URI list that the receiver holds.
 * `stamps` holds size and mtime per record.
 */
export interface PackedRecords {
  readonly strings: readonly string[];
  readonly numbers: Int32Array<ArrayBuffer>;
  readonly stamps: Float64Array<ArrayBuffer>;
}

/** The cache as stored: packed records under a header that says what they are and for which folders. */
export interface CacheData extends PackedRecords {
  readonly format: typeof CACHE_FORMAT;
  readonly version: number;
  readonly folders: readonly string[];
}

/** Packs records for storage. */
export function packCache(folders: readonly string[], records: Iterable<StampedEntry>): CacheData {
  return { format: CACHE_FORMAT, version: CACHE_VERSION, folders: [...folders], ...packRecords(records) };
}

/**
 * Packs records. With `known` (URI → position in a list the receiver holds), those URIs travel as
 * positions: the receiver then uses its own strings.
 */
export function packRecords(records: Iterable<StampedEntry>, known?: ReadonlyMap<string, number>): PackedRecords {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const shared = (value: string): number => {
    const position = known?.get(value);
    if (position !== undefined) return -(position + 2);
    let found = ids.get(value);
    if (found === undefined) {
      found = strings.push(value) - 1;
      ids.set(value, found);
    }
    return found;
  };
  const own = (value: string): number => strings.push(value) - 1;
  const numbers: number[] = [];
  const stamps: number[] = [];
  for (const { entry, stamp } of records) {
    numbers.push(shared(entry.uri), entry.date === undefined ? -1 : shared(entry.date), own(entry.headline), own(entry.preview));
    numbers.push(entry.publishers.length, ...entry.publishers.map(shared));
    if (entry instanceof CompactEntry) packCompactLinks(entry, shared, numbers);
    else packLinks(entry, shared, numbers);
    stamps.push(stamp.size, stamp.mtime);
  }
  return { strings, numbers: Int32Array.from(numbers), stamps: Float64Array.from(stamps) };
}

function packLinks(entry: IndexedEntry, id: (value: string) => number, out: number[]): void {
  out.push(entry.links.length);
  for (const link of entry.links) out.push(id(link.target), link.tags.length * 2 + (link.resolved ? 1 : 0), ...link.tags.map(id));
}

/** Packs a compact record's links without building link objects (the cache holds 100,000 records). */
function packCompactLinks(entry: CompactEntry, id: (value: string) => number, out: number[]): void {
  out.push(entry.targets.length);
  let at = 0;
  for (const target of entry.targets) {
    const header = entry.linkTags[at++];
    out.push(id(target), header);
    for (const end = at + (header >> 1); at < end; at++) out.push(id(tagName(entry.linkTags[at])));
  }
}

/** Unpacks stored data for these folders; undefined when it is not a cache of this version and these folders. */
export function unpackCache(data: unknown, folders: readonly string[]): StampedEntry[] | undefined {
  if (!isCacheData(data) || data.version !== CACHE_VERSION || data.folders.join('\n') !== folders.join('\n')) return undefined;
  return unpackRecords(data);
}

/**
 * Unpacks records into the index's compact form; undefined when anything is out of place. Repeated
 * strings are interned once each, tag names become ids once each, and the tag ids of all records
 * share one typed array.
 */
export function unpackRecords(packed: PackedRecords, known: readonly string[] = []): StampedEntry[] | undefined {
  const { strings, numbers, stamps } = packed;
  if (!Array.isArray(strings) || !(numbers instanceof Int32Array) || !(stamps instanceof Float64Array) || stamps.length % 2 !== 0) return undefined;
  const interned = new Array<string | undefined>(strings.length);
  const tagIds = new Int32Array(strings.length).fill(-1);
  const text = (reference: number): string => {
    const value: unknown = reference <= -2 ? known[-reference - 2] : strings[reference];
    if (typeof value !== 'string') throw new Error('dangling string reference');
    return value;
  };
  // URIs from `known` are interned too: the links of other entries point at the same strings. Unpacked strings are flat already.
  const shared = (reference: number): string => (reference < 0 ? internFlat(text(reference)) : (interned[reference] ??= internFlat(text(reference))));
  const tagId = (reference: number): number => {
    if (reference < 0 || reference >= strings.length) throw new Error('dangling tag reference');
    if (tagIds[reference] < 0) tagIds[reference] = tagIdOf(text(reference));
    return tagIds[reference];
  };
  const allTags = new Int32Array(numbers.length);
  let filled = 0;
  let at = 0;
  const next = (): number => {
    if (at >= numbers.length) throw new Error('truncated records');
    return numbers[at++];
  };
  try {
    const records: StampedEntry[] = [];
    for (let record = 0; record < stamps.length / 2; record++) {
      const uri = shared(next());
      const date = next();
      const headline = text(next());
      const preview = text(next());
      const publishers = sizedArray(next());
      for (let i = 0; i < publishers.length; i++) publishers[i] = shared(next());
      const targets = sizedArray(next());
      const start = filled;
      for (let i = 0; i < targets.length; i++) {
        targets[i] = shared(next());
        const header = next();
        if (header < 0) throw new Error('malformed link');
        allTags[filled++] = header;
        for (let tags = header >> 1; tags > 0; tags--) allTags[filled++] = tagId(next());
      }
      const entry = new CompactEntry(uri, date < 0 ? undefined : shared(date), headline, preview, publishers, targets, allTags.subarray(start, filled));
      records.push({ entry, stamp: { size: stamps[record * 2], mtime: stamps[record * 2 + 1] } });
    }
    return at === numbers.length ? records : undefined;
  } catch {
    return undefined;
  }
}

const NONE: readonly string[] = Object.freeze([]);

/** An array of exactly `count` strings (arrays grown by push keep spare room, which 100,000 records multiply); one shared empty one. */
function sizedArray(count: number): string[] {
  if (!(count >= 0 && count <= 1_000_000)) throw new Error('malformed count');
  return count === 0 ? (NONE as string[]) : new Array<string>(count);
}

function isCacheData(data: unknown): data is CacheData {
  if (!data || typeof data !== 'object') return false;
  const candidate = data as Partial<CacheData>;
  return candidate.format === CACHE_FORMAT && typeof candidate.version === 'number' && Array.isArray(candidate.folders);
}
