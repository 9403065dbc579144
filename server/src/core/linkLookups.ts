/**
 * The index's lookups over links and dates: backlinks, entries by day and entries per archive root. At 100,000
 * entries building them files a million links, so `LinkLookupsBuild` builds them a slice at a time, following the
 * changes made to the index between slices, and the server answers requests meanwhile.
 */
import { CompactEntry } from './compactEntry';
import { archiveRootOf } from './links';
import type { IndexedEntry } from './summary';

/** Backlinks, days and roots, kept in step with the index's effective records by `file`. */
export class LinkLookups {
  /**
   * Entries by the URI they link to. Small arrays rather than sets: most keys hold a few members, and arrays cost
   * far less memory and time.
   */
  readonly backlinks = new Map<string, string[]>();
  /** Entries by their `YYYY-MM-DD` date. */
  readonly days = new Map<string, string[]>();
  /** How many entries each archive root holds. */
  readonly roots = new Map<string, number>();

  /** Adds (or removes) what an entry contributes: its resolved links, its date and its root. */
  file(entry: IndexedEntry, sign: 1 | -1): void {
    const { uri } = entry;
    if (entry instanceof CompactEntry) {
      const { linkTags, targets } = entry;
      let at = 0;
      for (const target of targets) {
        const header = linkTags[at];
        at += 1 + (header >> 1);
        if (header & 1) toggle(this.backlinks, target, uri, sign);
      }
    } else {
      for (const link of entry.links) if (link.resolved) toggle(this.backlinks, link.target, uri, sign);
    }
    if (entry.date) toggle(this.days, entry.date, uri, sign);
    const root = archiveRootOf(uri);
    if (root !== undefined) bump(this.roots, root, sign);
  }
}

/**
 * Builds `LinkLookups` over the entries of a list of URIs, a slice at a time. The index reports every change of an
 * effective record meanwhile (`account`): a change to an entry already filed is applied at once, and an entry
 * changed before its turn (or added after the list was taken) is filed as it is when its turn comes, or once the
 * list is done. The backlinks' lists are then trimmed, a slice at a time too, every change applying at once.
 */
export class LinkLookupsBuild {
  private readonly lookups = new LinkLookups();
  private readonly filed = new Set<string>();
  /** Entries changed before they were filed: those not in the list are filed at the end. */
  private readonly changedUnfiled = new Set<string>();
  private next = 0;
  private trimming: IterableIterator<[string, string[]]> | undefined;

  /**
   * @param uris the URIs of the index's effective records when the build starts, each once
   * @param recordOf the current effective record of a URI
   */
  constructor(private readonly uris: readonly string[], private readonly recordOf: (uri: string) => IndexedEntry | undefined) {}

  /**
   * Files the next `limit` entries of the list, or of those changed before their turn, or once all are filed, trims
   * the next `limit` lists of backlinks; returns the lookups when the build is done.
   */
  step(limit: number): LinkLookups | undefined {
    const count = Math.max(1, limit);
    if (this.next < this.uris.length) {
      const end = Math.min(this.uris.length, this.next + count);
      for (; this.next < end; this.next++) this.fileCurrent(this.uris[this.next]);
      return undefined;
    }
    if (!this.trimming) {
      // Then the entries changed before their turn and not in the list (added meanwhile), `limit` at a time too.
      let filedNow = 0;
      for (const uri of this.changedUnfiled) {
        if (filedNow++ === count) return undefined;
        this.changedUnfiled.delete(uri);
        this.fileCurrent(uri);
      }
      // Every effective record is filed now: from here on, every change applies at once.
      this.filed.clear();
      this.trimming = this.lookups.backlinks.entries();
    }
    // Arrays grown by push keep spare room; a hundred thousand of them are worth trimming once. A list changed
    // meanwhile is trimmed as it is then (the iterator sees the map as it is).
    for (let trimmed = 0; trimmed < count; trimmed++) {
      const next = this.trimming.next();
      if (next.done) return this.lookups;
      const [target, sources] = next.value;
      this.lookups.backlinks.set(target, sources.slice());
    }
    return undefined;
  }

  /** A change to an effective record: the record before it (-1) or after it (+1). */
  account(entry: IndexedEntry, sign: 1 | -1): void {
    if (this.trimming || this.filed.has(entry.uri)) this.lookups.file(entry, sign);
    else this.changedUnfiled.add(entry.uri);
  }

  private fileCurrent(uri: string): void {
    if (this.filed.has(uri)) return;
    this.filed.add(uri);
    const entry = this.recordOf(uri);
    if (entry) this.lookups.file(entry, +1);
  }
}

/** Adds to a count, dropping the key at zero. */
export function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}

/** Adds a member to a key's list, or removes one occurrence of it; a list may hold a member twice (two links to one target). */
function toggle(map: Map<string, string[]>, key: string, member: string, sign: 1 | -1): void {
  const members = map.get(key);
  if (sign > 0) {
    if (members) members.push(member);
    else map.set(key, [member]);
  } else if (members) {
    const at = members.lastIndexOf(member);
    if (at >= 0) members.splice(at, 1);
    if (members.length === 0) map.delete(key);
  }
}
