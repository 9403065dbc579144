/**
 * The persisted index: what the indexer knows (records and file stamps) as plain, compact data with
 * a format name and version. Strings that repeat (URIs, tags, publishers, dates) are stored once.
 * Anything that does not have exactly the expected shape is rejected, and the index is rebuilt.
 */
import type { FileStamp } from './bulkLoader';
import { CompactEntry, tagIdOf, tagName } from './compactEntry';
import type { IndexedEntry } from './summary';
import { intern } from './intern';

/** Names the file format, so that a foreign file is never mistaken for a cache. */
export const CACHE_FORMAT = 'event-entries-index';
/** Bumped whenever the record shape or the extractor's output changes. */
export const CACHE_VERSION = 1;

/** One entry: URI, size, mtime, date, headline, preview, publishers, links (target, resolved, tag count, tags…). */
type CachedEntry = [number, number, number, number, string, string, number[], number[]];

/** The cache as stored: packed records under a header that says what they are and for which folders. */
export interface CacheData extends PackedRecords {
  readonly format: typeof CACHE_FORMAT;
  readonly version: number;
  readonly folders: readonly string[];
}

/** A record with the stamp of the file it was read from. */
export interface StampedEntry {
  readonly entry: IndexedEntry;
  readonly stamp: FileStamp;
}

/** Records with their strings stored once: how the cache stores them and how workers hand them over. */
export interface PackedRecords {
  readonly strings: readonly string[];
  readonly entries: readonly CachedEntry[];
}

/** Packs records for storage. */
export function packCache(folders: readonly string[], records: Iterable<StampedEntry>): CacheData {
  return { format: CACHE_FORMAT, version: CACHE_VERSION, folders: [...folders], ...packRecords(records) };
}

/**
 * Packs records, each repeated string (URI, tag, publisher, date) once. With `known` (URI → position in
 * a list the receiver holds), those URIs travel as `-(position + 2)` instead: the receiver then uses its
 * own string and never has to look a long URI up again.
 */
export function packRecords(records: Iterable<StampedEntry>, known?: ReadonlyMap<string, number>): PackedRecords {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (value: string): number => {
    const position = known?.get(value);
    if (position !== undefined) return -(position + 2);
    let found = ids.get(value);
    if (found === undefined) {
      found = strings.length;
      strings.push(value);
      ids.set(value, found);
    }
    return found;
  };
  const entries: CachedEntry[] = [];
  for (const { entry, stamp } of records) {
    const links = entry instanceof CompactEntry ? packCompactLinks(entry, id) : packLinks(entry, id);
    entries.push([id(entry.uri), stamp.size, stamp.mtime, entry.date === undefined ? -1 : id(entry.date), entry.headline, entry.preview, entry.publishers.map(id), links]);
  }
  return { strings, entries };
}

function packLinks(entry: IndexedEntry, id: (value: string) => number): number[] {
  const links: number[] = [];
  for (const link of entry.links) links.push(id(link.target), link.resolved ? 1 : 0, link.tags.length, ...link.tags.map(id));
  return links;
}

/** Packs a compact record's links without building link objects (the cache holds 100,000 records). */
function packCompactLinks(entry: CompactEntry, id: (value: string) => number): number[] {
  const links: number[] = [];
  let at = 0;
  for (const target of entry.targets) {
    const header = entry.linkTags[at++];
    links.push(id(target), header & 1, header >> 1);
    for (const end = at + (header >> 1); at < end; at++) links.push(id(tagName(entry.linkTags[at])));
  }
  return links;
}

/** Unpacks stored data for these folders; undefined when it is not a cache of this version and these folders. */
export function unpackCache(data: unknown, folders: readonly string[]): StampedEntry[] | undefined {
  if (!isCacheData(data) || data.version !== CACHE_VERSION || data.folders.join('\n') !== folders.join('\n')) return undefined;
  return unpackRecords(data);
}

/**
 * Unpacks records into the index's compact form; undefined when a reference dangles. Each string of the
 * table is interned once, and references into `known` (see packRecords) take the receiver's own strings:
 * handing records over is cheap. The tag ids of all records share one typed array.
 */
export function unpackRecords(packed: PackedRecords, known: readonly string[] = []): StampedEntry[] | undefined {
  if (!packed.strings.every((value) => typeof value === 'string')) return undefined;
  const table = packed.strings.map(intern);
  const tagIds = new Map<number, number>();
  const text = (index: number): string => {
    const value = index <= -2 ? known[-index - 2] : table[index];
    if (value === undefined) throw new Error('dangling string reference');
    return value;
  };
  const tagId = (index: number): number => {
    let id = tagIds.get(index);
    if (id === undefined) tagIds.set(index, (id = tagIdOf(text(index))));
    return id;
  };
  try {
    let total = 0;
    for (const entry of packed.entries) total += entry[7].length;
    const allTags = new Int32Array(total);
    let filled = 0;
    return packed.entries.map(([uri, size, mtime, date, headline, preview, publishers, flatLinks]) => {
      const targets: string[] = [];
      const start = filled;
      for (let i = 0; i < flatLinks.length;) {
        const count = flatLinks[i + 2];
        if (!(count >= 0)) throw new Error('malformed link');
        targets.push(text(flatLinks[i]));
        allTags[filled++] = count * 2 + (flatLinks[i + 1] === 1 ? 1 : 0);
        for (let tag = i + 3; tag < i + 3 + count; tag++) allTags[filled++] = tagId(flatLinks[tag]);
        i += 3 + count;
      }
      const entry = new CompactEntry(
        text(uri), date < 0 ? undefined : text(date), String(headline), String(preview), publishers.map(text), targets, allTags.subarray(start, filled),
      );
      return { entry, stamp: { size, mtime } };
    });
  } catch {
    return undefined;
  }
}

function isCacheData(data: unknown): data is CacheData {
  if (!data || typeof data !== 'object') return false;
  const candidate = data as Partial<CacheData>;
  return candidate.format === CACHE_FORMAT && typeof candidate.version === 'number' && Array.isArray(candidate.folders)
    && Array.isArray(candidate.strings) && Array.isArray(candidate.entries)
    && candidate.entries.every((entry) => Array.isArray(entry) && entry.length === 8 && Array.isArray(entry[6]) && Array.isArray(entry[7]));
}
