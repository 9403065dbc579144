/**
 * The form in which the index keeps the records of files on disk: 100,000 entries hold about a million
 * related links, so links are not objects but shared target strings and tag ids in one typed array.
 */
import type { IndexedEntry, IndexedLink } from './summary';
import { intern } from './intern';

/** Size and modification time of a file when it was read: a cached record is trusted while they match. */
export interface FileStamp {
  readonly size: number;
  readonly mtime: number;
}

const tagIds = new Map<string, number>();
const tagNames: string[] = [];

/** The id of a tag name; ids are never reused, so a record's ids stay valid for the life of the process. */
export function tagIdOf(name: string): number {
  let id = tagIds.get(name);
  if (id === undefined) {
    id = tagNames.length;
    const shared = intern(name);
    tagNames.push(shared);
    tagIds.set(shared, id);
  }
  return id;
}

/** The id of a tag name that has one, without creating it. */
export function existingTagId(name: string): number | undefined {
  return tagIds.get(name);
}

/** The name of a tag id. */
export function tagName(id: number): string {
  return tagNames[id];
}

/** How many tag ids exist, for arrays indexed by them. */
export function tagIdCount(): number {
  return tagNames.length;
}

/** The stamp of a record whose file's size and mtime are not known: it never matches a file, which is then read again. */
const UNSTAMPED: FileStamp = Object.freeze({ size: -1, mtime: -1 });

/**
 * A disk record: the summary's fields, with links packed, and the size and mtime of the file it was read from
 * (a cached record is trusted while they match). `links` is built on demand for the few readers of one entry.
 */
export class CompactEntry implements IndexedEntry, FileStamp {
  constructor(
    readonly uri: string,
    readonly date: string | undefined,
    readonly headline: string,
    readonly publishers: readonly string[],
    /** The link targets in order (URIs, or the text written for malformed ones). */
    readonly targets: readonly string[],
    /** Per link in order: `tag count × 2 + (resolved ? 1 : 0)`, then that many tag ids. */
    readonly linkTags: Int32Array,
    readonly size: number,
    readonly mtime: number,
  ) {}

  get links(): IndexedLink[] {
    const links: IndexedLink[] = [];
    let at = 0;
    for (const target of this.targets) {
      const header = this.linkTags[at++];
      const tags: string[] = [];
      for (let end = at + (header >> 1); at < end; at++) tags.push(tagNames[this.linkTags[at]]);
      links.push({ target, resolved: (header & 1) === 1, tags });
    }
    return links;
  }

  /** The compact form of any summary, with the stamp of its file (a compact record keeps its own when none is given); repeated strings shared. */
  static from(entry: IndexedEntry, stamp?: FileStamp): CompactEntry {
    if (entry instanceof CompactEntry) {
      if (!stamp || (entry.size === stamp.size && entry.mtime === stamp.mtime)) return entry;
      return new CompactEntry(entry.uri, entry.date, entry.headline, entry.publishers, entry.targets, entry.linkTags, stamp.size, stamp.mtime);
    }
    const { size, mtime } = stamp ?? UNSTAMPED;
    const links = entry.links;
    const packed: number[] = [];
    for (const link of links) packed.push(link.tags.length * 2 + (link.resolved ? 1 : 0), ...link.tags.map(tagIdOf));
    return new CompactEntry(
      intern(entry.uri), entry.date === undefined ? undefined : intern(entry.date), entry.headline,
      entry.publishers.map(intern), links.map((link) => intern(link.target)), Int32Array.from(packed), size, mtime,
    );
  }
}

/** Records restored from the cache, by number: what the index needs of each at once, and the whole record when first read. */
export interface RecordSource {
  readonly count: number;
  uriOf(record: number): string;
  sizeOf(record: number): number;
  mtimeOf(record: number): number;
  decode(record: number): CompactEntry;
}

/** Uses of tags (by tag id) and of publishers (by name) in some records, as the index counts them. */
export interface RecordUses {
  readonly tags: Map<number, number>;
  readonly publishers: Map<string, number>;
}

/** Calls `visit` with the id of each context tag of an entry's related items, in order (a tag twice when two items carry it). */
export function forEachTagId(entry: IndexedEntry, visit: (id: number) => void): void {
  if (!(entry instanceof CompactEntry)) {
    for (const link of entry.links) for (const tag of link.tags) visit(tagIdOf(tag));
    return;
  }
  const { linkTags } = entry;
  for (let at = 0; at < linkTags.length;) {
    const header = linkTags[at++];
    for (const end = at + (header >> 1); at < end; at++) visit(linkTags[at]);
  }
}

/**
 * Calls `visit` with each context tag of an entry's related items that link to `target` (of every item without it),
 * without building link objects for a compact record: known tags read those of every entry linking to one.
 */
export function forEachContextTag(entry: IndexedEntry, target: string | undefined, visit: (tag: string) => void): void {
  if (!(entry instanceof CompactEntry)) {
    for (const link of entry.links) if (target === undefined || link.target === target) link.tags.forEach((tag) => visit(tag));
    return;
  }
  const { targets, linkTags } = entry;
  let at = 0;
  for (const linked of targets) {
    const end = at + 1 + (linkTags[at] >> 1);
    if (target === undefined || linked === target) for (at++; at < end; at++) visit(tagNames[linkTags[at]]);
    at = end;
  }
}

/** The link targets of an entry's related items, in order, without building link objects for a compact record. */
export function targetsOf(entry: IndexedEntry): readonly string[] {
  return entry instanceof CompactEntry ? entry.targets : entry.links.map((link) => link.target);
}
