/**
 * The index of every entry in the workspace: entries by URI, the tag vocabulary with counts,
 * backlinks, days and publishers. Open documents override what was read from disk.
 * It is updated incrementally: each change subtracts the old record's contributions and adds the new one's.
 */
import type { FileStamp } from './compactEntry';
import { CompactEntry, existingTagId, forEachContextTag, tagIdOf, tagName, type RecordSource, type RecordUses } from './compactEntry';
import type { LoadList, UndecodedRecords } from './bulkLoader';
import type { DiagnosticIndex } from './diagnostics/diagnosticIndex';
import { DiskRecords } from './diskRecords';
import { archiveRootOf, resolveLinkAmong } from './links';
import type { IndexedEntry } from './summary';

/** Said to listeners instead of the URIs when every entry may have changed: a restore fills the whole index at once. */
export const EVERY_ENTRY: unique symbol = Symbol('every entry');
/** The URIs whose entries changed, or every entry. */
export type ChangedEntries = readonly string[] | typeof EVERY_ENTRY;
/** Called with the URIs whose effective record changed. */
export type IndexListener = (changed: ChangedEntries) => void;

/** The in-memory index; pure data, filled by the indexer and the open-document tracker. */
export class WorkspaceIndex implements DiagnosticIndex {
  /** Disk records, with those restored from the cache and not read since still undecoded. */
  private readonly disk = new DiskRecords();
  private readonly open = new Map<string, IndexedEntry>();
  /** Uses of each tag, by tag id. */
  private readonly tagCounts: number[] = [];
  /** The vocabulary as a map, built when first asked for and then kept in step. */
  private tagMap: Map<string, number> | undefined;
  private readonly publisherCounts = new Map<string, number>();
  /**
   * Entries by the URI they link to; built on first use and then kept current, since loading 100,000
   * records (a warm start) should not wait for a million links to be filed. Small arrays rather than sets:
   * most keys hold a few members, and arrays cost far less memory and time.
   */
  private backlinks: Map<string, string[]> | undefined;
  /** Entries by date, and entries per archive root: built on first use, then kept current, as the backlinks are. */
  private days: Map<string, string[]> | undefined;
  private roots: Map<string, number> | undefined;
  /** The roots as `resolveLink` takes them: looked at only for a document outside every root, so built only then. */
  private readonly lazyRoots: Iterable<string> = { [Symbol.iterator]: () => this.rootMap().keys() };
  private readonly listeners = new Set<IndexListener>();
  private pending: Set<string> | undefined;
  private vocabulary = 0;
  private batchDepth = 0;

  /** Number of entries (disk and open-only). */
  get size(): number {
    let size = this.disk.size;
    for (const uri of this.open.keys()) if (!this.disk.has(uri)) size++;
    return size;
  }

  /** Number of disk records. */
  get diskSize(): number {
    return this.disk.size;
  }

  /** The effective record of an entry: the open buffer's when open, else the disk's. */
  get(uri: string): IndexedEntry | undefined {
    return this.open.get(uri) ?? this.diskEntry(uri);
  }

  has(uri: string): boolean {
    return this.open.has(uri) || this.disk.has(uri);
  }

  /** Every effective record. */
  *entries(): IterableIterator<IndexedEntry> {
    yield* this.disk.values((uri) => this.open.has(uri));
    yield* this.open.values();
  }

  /** URIs of the disk records, for reconciling with a fresh listing. */
  diskUris(): IterableIterator<string> {
    return this.disk.keys();
  }

  /** The disk record of an entry, ignoring open buffers. */
  diskEntry(uri: string): CompactEntry | undefined {
    return this.disk.get(uri);
  }

  /** True when the index holds a disk record of an entry (open or not), without decoding a restored one. */
  hasDisk(uri: string): boolean {
    return this.disk.has(uri);
  }

  /** The size and mtime of the file a disk record was read from, without decoding a restored record. */
  diskStamp(uri: string): FileStamp | undefined {
    return this.disk.stampOf(uri);
  }

  /**
   * Takes the records of a cache into an empty index without decoding them: a warm start answers at once, and
   * each record is decoded when first read. `uses` counts their tags and publishers, so that the vocabulary is
   * complete from the start. An index that holds disk records already takes them the usual way.
   */
  restoreDisk(sources: readonly RecordSource[], uses: RecordUses): void {
    if (this.disk.size > 0 || this.backlinks) {
      this.addDisk(sources.flatMap((source) => Array.from({ length: source.count }, (_, record) => source.decode(record))));
      return;
    }
    this.batch(() => {
      // Days and roots, if built, are built again with the restored records when next asked for.
      this.days = undefined;
      this.roots = undefined;
      const restored = this.disk.restore(sources);
      uses.tags.forEach((count, id) => this.countTag(id, count));
      uses.publishers.forEach((count, publisher) => bump(this.publisherCounts, publisher, count));
      // Open buffers win: what their disk records were counted for is taken off again.
      for (const uri of this.open.keys()) {
        const disk = this.diskEntry(uri);
        if (disk) this.account(disk, -1);
      }
      if (restored > 0) this.notify(EVERY_ENTRY);
    });
  }

  /**
   * Checks, once after a restore, that the restored records are in order, so that each is found by URI. The
   * indexer calls it before it changes any record; a warm start answers before it. A cache that names a file
   * twice (it never should) is counted again from the records themselves.
   */
  checkRestoredOrder(): void {
    if (!this.disk.checkOrder()) return;
    this.batch(() => {
      this.recount();
      this.notify([...this.disk.keys()]);
    });
  }

  /** How many disk records are not decoded yet (restored from the cache, or taken undecoded from a load). */
  get undecodedCount(): number {
    return this.disk.pendingCount;
  }

  /** Decodes disk records that are still undecoded, looking at `limit` of them at most; true while some remain. */
  decodePending(limit: number): boolean {
    return this.disk.decodePending(limit);
  }

  /** Records (or with undefined, forgets) what an entry holds on disk; the record is kept in compact form. */
  setDisk(uri: string, entry: IndexedEntry | undefined): void {
    this.replace(uri, () => (entry ? this.disk.set(uri, CompactEntry.from(entry)) : this.disk.delete(uri)));
  }

  /**
   * Records many disk records at once (loading hands them over in batches): an entry the index does not hold
   * yet is added without the before-and-after comparison that a replacement needs, and listeners hear once.
   */
  addDisk(entries: readonly CompactEntry[]): void {
    this.batch(() => {
      const added: string[] = [];
      for (const entry of entries) {
        const { uri } = entry;
        if (this.disk.has(uri) || this.open.has(uri)) {
          this.setDisk(uri, entry);
          continue;
        }
        this.disk.set(uri, entry);
        this.account(entry, +1);
        added.push(uri);
      }
      this.notify(added);
    });
  }

  /**
   * Takes a batch of a load as `addDisk` does, but leaves its records undecoded until first read, as a warm start's
   * are: a cold index of 100,000 files then builds no record objects before it is ready. A batch that may name a
   * record the index holds already (any record not from this load, or a file named twice), or that comes once the
   * backlinks are built, is decoded and taken by `addDisk`.
   */
  addUndecoded(records: UndecodedRecords, list: LoadList): void {
    if (this.backlinks || !this.disk.canAppend(records, list)) {
      this.addDisk(Array.from({ length: records.count }, (_, record) => records.decode(record)));
      return;
    }
    this.batch(() => {
      const added = this.disk.append(records, list);
      records.forEachUse(
        (id) => this.countTag(id, +1),
        (publisher) => bump(this.publisherCounts, publisher, +1),
      );
      if (this.days || this.roots) {
        added.forEach((uri, record) => {
          const date = records.dateOf(record);
          if (this.days && date) toggle(this.days, date, uri, +1);
          const root = this.roots && archiveRootOf(uri);
          if (this.roots && root !== undefined) bump(this.roots, root, +1);
        });
      }
      // Open buffers win: what their disk records were counted for is taken off again.
      for (const uri of added) {
        if (!this.open.has(uri)) continue;
        const disk = this.diskEntry(uri);
        if (disk) this.account(disk, -1);
      }
      this.notify(added);
    });
  }

  /** Takes note that the load whose batches `addUndecoded` took has ended: its tables go once every record is decoded. */
  endLoad(): void {
    this.disk.endLoad();
  }

  /** Records (or with undefined, forgets) an open buffer's version of an entry. */
  setOpen(uri: string, entry: IndexedEntry | undefined): void {
    this.replace(uri, () => (entry ? this.open.set(uri, entry) : this.open.delete(uri)));
  }

  /** Runs several updates and notifies listeners once at the end. */
  batch<T>(update: () => T): T {
    this.batchDepth++;
    try {
      return update();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0) this.flush();
    }
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onDidChange(listener: IndexListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Grows whenever a tag enters or leaves the vocabulary, so that caches of it know when to rebuild. */
  get vocabularyVersion(): number {
    return this.vocabulary;
  }

  /** How many related items in the workspace carry a tag. */
  tagCount(tag: string): number {
    const id = existingTagId(tag);
    return id === undefined ? 0 : this.tagCountById(id);
  }

  /** `tagCount` of the tag with this id (`compactEntry.ts: tagIdOf`). */
  tagCountById(id: number): number {
    return this.tagCounts[id] ?? 0;
  }

  /** The whole tag vocabulary with counts. */
  tags(): ReadonlyMap<string, number> {
    if (!this.tagMap) {
      this.tagMap = new Map();
      this.tagCounts.forEach((count, id) => count > 0 && this.tagMap!.set(tagName(id), count));
    }
    return this.tagMap;
  }

  /** Publisher names with how many source items name them. */
  publishers(): ReadonlyMap<string, number> {
    return this.publisherCounts;
  }

  /** URIs of the entries whose related list links to a URI (which may not exist). */
  backlinksOf(uri: string): readonly string[] {
    const members = this.backlinkMap().get(uri);
    return members ? [...new Set(members)] : [];
  }

  /** URIs of the entries dated `YYYY-MM-DD`, across archive roots. */
  entriesOn(date: string): readonly string[] {
    const members = this.dayMap().get(date);
    return members ? [...members] : [];
  }

  /** Archive roots (folders holding `news/`) that have entries. */
  archiveRoots(): IterableIterator<string> {
    return this.rootMap().keys();
  }

  /**
   * The URI a link target means from a document. A document outside any archive root (an untitled
   * buffer) resolves against the archive roots of the index, preferring one where the target exists.
   */
  resolveLink(fromUri: string, target: string): string | undefined {
    return resolveLinkAmong(fromUri, target, this.lazyRoots, (uri) => this.has(uri));
  }

  /** The headline of an entry, or undefined when there is no such entry. */
  headlineOf(uri: string): string | undefined {
    return this.get(uri)?.headline;
  }

  /**
   * Tags known for an entry with how often: those of its own related items and those that
   * other entries attach to links pointing at it (EVENT_FORMAT.md, "Context tags").
   */
  knownTagsOf(uri: string): Map<string, number> {
    const known = new Map<string, number>();
    const add = (tag: string): void => void known.set(tag, (known.get(tag) ?? 0) + 1);
    const own = this.get(uri);
    if (own) forEachContextTag(own, undefined, add);
    for (const source of new Set(this.backlinkMap().get(uri))) {
      const entry = this.get(source);
      if (entry) forEachContextTag(entry, uri, add);
    }
    return known;
  }

  /** Builds the lookups that are otherwise built on first use (the server calls this once indexing is done). */
  warm(): void {
    this.backlinkMap();
    this.dayMap();
    this.rootMap();
  }

  private dayMap(): Map<string, string[]> {
    if (!this.days) {
      const days = new Map<string, string[]>();
      // Dates are read from restored records without decoding them.
      this.disk.forEachDate((uri, date) => {
        if (date && !this.open.has(uri)) toggle(days, date, uri, +1);
      });
      for (const [uri, entry] of this.open) if (entry.date) toggle(days, entry.date, uri, +1);
      this.days = days;
    }
    return this.days;
  }

  private rootMap(): Map<string, number> {
    if (!this.roots) {
      const roots = new Map<string, number>();
      const count = (uri: string): void => {
        const root = archiveRootOf(uri);
        if (root !== undefined) bump(roots, root, +1);
      };
      for (const uri of this.disk.keys()) if (!this.open.has(uri)) count(uri);
      for (const uri of this.open.keys()) count(uri);
      this.roots = roots;
    }
    return this.roots;
  }

  private backlinkMap(): Map<string, string[]> {
    if (!this.backlinks) {
      this.backlinks = new Map();
      for (const entry of this.entries()) this.fileLinks(entry, 1);
      // Arrays grown by push keep spare room; a hundred thousand of them are worth trimming once.
      for (const [target, sources] of this.backlinks) this.backlinks.set(target, sources.slice());
    }
    return this.backlinks;
  }

  private replace(uri: string, mutate: () => unknown): void {
    const before = this.get(uri);
    mutate();
    const after = this.get(uri);
    if (before === after) return;
    if (before) this.account(before, -1);
    if (after) this.account(after, +1);
    (this.pending ??= new Set()).add(uri);
    if (this.batchDepth === 0) this.flush();
  }

  /** Counts tags, publishers, days and roots again from the effective records. */
  private recount(): void {
    this.tagCounts.length = 0;
    this.tagMap = undefined;
    this.publisherCounts.clear();
    this.days = undefined;
    this.roots = undefined;
    this.backlinks = undefined;
    this.vocabulary++;
    for (const entry of this.entries()) this.account(entry, +1);
  }

  private account(entry: IndexedEntry, sign: 1 | -1): void {
    if (entry instanceof CompactEntry) {
      const { linkTags } = entry;
      let at = 0;
      while (at < linkTags.length) {
        const header = linkTags[at++];
        for (const end = at + (header >> 1); at < end; at++) this.countTag(linkTags[at], sign);
      }
    } else {
      for (const link of entry.links) for (const tag of link.tags) this.countTag(tagIdOf(tag), sign);
    }
    if (this.backlinks) this.fileLinks(entry, sign);
    for (const publisher of entry.publishers) bump(this.publisherCounts, publisher, sign);
    if (this.days && entry.date) toggle(this.days, entry.date, entry.uri, sign);
    if (this.roots) {
      const root = archiveRootOf(entry.uri);
      if (root !== undefined) bump(this.roots, root, sign);
    }
  }

  /** Adds (or removes) an entry's resolved links to the backlinks. */
  private fileLinks(entry: IndexedEntry, sign: 1 | -1): void {
    const backlinks = this.backlinks!;
    if (entry instanceof CompactEntry) {
      const { linkTags, targets } = entry;
      let at = 0;
      for (const target of targets) {
        const header = linkTags[at];
        at += 1 + (header >> 1);
        if (header & 1) toggle(backlinks, target, entry.uri, sign);
      }
    } else {
      for (const link of entry.links) if (link.resolved) toggle(backlinks, link.target, entry.uri, sign);
    }
  }

  private countTag(id: number, delta: number): void {
    const before = this.tagCounts[id] ?? 0;
    const after = before + delta;
    this.tagCounts[id] = after;
    if ((before === 0) !== (after === 0)) this.vocabulary++;
    // The map view, once built, follows each count: rebuilding it would cost a pass over the vocabulary per keystroke.
    if (this.tagMap) {
      if (after > 0) this.tagMap.set(tagName(id), after);
      else this.tagMap.delete(tagName(id));
    }
  }

  private flush(): void {
    const changed = this.pending;
    this.pending = undefined;
    if (changed && changed.size > 0) this.notify([...changed]);
  }

  private notify(changed: ChangedEntries): void {
    if (changed === EVERY_ENTRY || changed.length > 0) for (const listener of this.listeners) listener(changed);
  }
}

/** Adds to a count, dropping the key at zero. */
function bump(map: Map<string, number>, key: string, delta: number): void {
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
