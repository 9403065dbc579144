/**
 * The persisted index: what the indexer knows (records and file stamps) as plain, compact data with
 * a format name and version. Strings that repeat (URIs, tags, publishers, dates) are stored once.
 * Anything that does not have exactly the expected shape is rejected, and the index is rebuilt.
 */
import type { FileStamp } from './bulkLoader';
import type { IndexedEntry, IndexedLink } from './summary';
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
    const links: number[] = [];
    for (const link of entry.links) links.push(id(link.target), link.resolved ? 1 : 0, link.tags.length, ...link.tags.map(id));
    entries.push([id(entry.uri), stamp.size, stamp.mtime, entry.date === undefined ? -1 : id(entry.date), entry.headline, entry.preview, entry.publishers.map(id), links]);
  }
  return { strings, entries };
}

/** Unpacks stored data for these folders; undefined when it is not a cache of this version and these folders. */
export function unpackCache(data: unknown, folders: readonly string[]): StampedEntry[] | undefined {
  if (!isCacheData(data) || data.version !== CACHE_VERSION || data.folders.join('\n') !== folders.join('\n')) return undefined;
  return unpackRecords(data);
}

/**
 * Unpacks records; undefined when a reference dangles. Each string of the table is interned once, and
 * references into `known` (see packRecords) take the receiver's own strings: handing records over is cheap.
 */
export function unpackRecords(packed: PackedRecords, known: readonly string[] = []): StampedEntry[] | undefined {
  if (!packed.strings.every((value) => typeof value === 'string')) return undefined;
  const table = packed.strings.map(intern);
  const text = (index: number): string => {
    const value = index <= -2 ? known[-index - 2] : table[index];
    if (value === undefined) throw new Error('dangling string reference');
    return value;
  };
  try {
    return packed.entries.map(([uri, size, mtime, date, headline, preview, publishers, flatLinks]) => {
      const links: IndexedLink[] = [];
      for (let i = 0; i < flatLinks.length;) {
        const count = flatLinks[i + 2];
        links.push({ target: text(flatLinks[i]), resolved: flatLinks[i + 1] === 1, tags: flatLinks.slice(i + 3, i + 3 + count).map(text) });
        i += 3 + count;
      }
      const entry: IndexedEntry = {
        uri: text(uri), date: date < 0 ? undefined : text(date), headline: String(headline), preview: String(preview),
        publishers: publishers.map(text), links,
      };
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
