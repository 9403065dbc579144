/**
 * The index of every entry in the workspace: entries by URI, the tag vocabulary with counts,
 * publishers, and backlinks, days and roots (`linkLookups.ts`). Open documents override what was read from disk.
 * It is updated incrementally: each change subtracts the old record's contributions and adds the new one's.
 */
import type { FileStamp } from './compactEntry';
import { CompactEntry, existingTagId, forEachContextTag, tagIdOf, tagName, type RecordSource, type RecordUses } from './compactEntry';
import type { LoadList, UndecodedRecords } from './bulkLoader';
import type { DiagnosticIndex } from './diagnostics/diagnosticIndex';
import { DiskRecords } from './diskRecords';
import { bump, LinkLookups, LinkLookupsBuild } from './linkLookups';
import { resolveLinkAmong } from './links';
import type { IndexedEntry } from './summary';

/** Said to listeners instead of the URIs when every entry may have changed: a restore, or a recount of a restored index. */
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
   * Backlinks, days and roots: built after indexing (a slice at a time, `buildLookups`) or on first use, and then
   * kept current, since loading 100,000 records (a warm start) should not wait for a million links to be filed.
   */
  private lookups: LinkLookups | undefined;
  private lookupsBuild: LinkLookupsBuild | undefined;
  /** The roots as `resolveLink` takes them: looked at only for a document outside every root, so built only then. */
  private readonly lazyRoots: Iterable<string> = { [Symbol.iterator]: () => this.linkLookups().roots.keys() };
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
    if (this.disk.size > 0 || this.followsLinks) {
      this.addDisk(sources.flatMap((source) => Array.from({ length: source.count }, (_, record) => source.decode(record))));
      return;
    }
    this.batch(() => {
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
      this.notify(EVERY_ENTRY);
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
   * link lookups are built or being built, is decoded and taken by `addDisk`.
   */
  addUndecoded(records: UndecodedRecords, list: LoadList): void {
    if (this.followsLinks || !this.disk.canAppend(records, list)) {
      this.addDisk(Array.from({ length: records.count }, (_, record) => records.decode(record)));
      return;
    }
    this.batch(() => {
      const added = this.disk.append(records, list);
      records.forEachUse(
        (id) => this.countTag(id, +1),
        (publisher) => bump(this.publisherCounts, publisher, +1),
      );
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
    const members = this.linkLookups().backlinks.get(uri);
    return members ? [...new Set(members)] : [];
  }

  /** URIs of the entries dated `YYYY-MM-DD`, across archive roots. */
  entriesOn(date: string): readonly string[] {
    const members = this.linkLookups().days.get(date);
    return members ? [...members] : [];
  }

  /** Archive roots (folders holding `news/`) that have entries. */
  archiveRoots(): IterableIterator<string> {
    return this.linkLookups().roots.keys();
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
    for (const source of new Set(this.linkLookups().backlinks.get(uri))) {
      const entry = this.get(source);
      if (entry) forEachContextTag(entry, uri, add);
    }
    return known;
  }

  /** True once backlinks, days and roots are built: requests that read them answer without building them. */
  get lookupsBuilt(): boolean {
    return this.lookups !== undefined;
  }

  /**
   * Builds backlinks, days and roots a slice at a time, filing `limit` entries at most, so that requests run between
   * slices (the server's work after indexing); true while some remain.
   */
  buildLookups(limit: number): boolean {
    if (this.lookups) return false;
    // Records are found by URI: before a warm start's order check, a cache out of order (never written so) would hide
    // some; the check then counts every record again, and the lookups are built anew.
    this.lookupsBuild ??= new LinkLookupsBuild(this.effectiveUris(), (uri) => this.get(uri));
    this.lookups = this.lookupsBuild.step(limit);
    if (this.lookups) this.lookupsBuild = undefined;
    return !this.lookups;
  }

  /** Forgets a build of the lookups in progress (one that failed): the next starts over. */
  dropLookupsBuild(): void {
    this.lookupsBuild = undefined;
  }

  /** The lookups, built now (or the build in progress finished) if they are not yet. */
  private linkLookups(): LinkLookups {
    while (this.buildLookups(Number.MAX_SAFE_INTEGER));
    return this.lookups!;
  }

  /** True when every change must reach the link lookups, built or being built. */
  private get followsLinks(): boolean {
    return this.lookups !== undefined || this.lookupsBuild !== undefined;
  }

  /** The URI of every effective record (an open buffer's or the disk's), each once. */
  effectiveUris(): string[] {
    const uris: string[] = [];
    for (const uri of this.disk.keys()) if (!this.open.has(uri)) uris.push(uri);
    for (const uri of this.open.keys()) uris.push(uri);
    return uris;
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

  /** Counts tags and publishers again from the effective records; backlinks, days and roots are built anew when next wanted. */
  private recount(): void {
    this.tagCounts.length = 0;
    this.tagMap = undefined;
    this.publisherCounts.clear();
    this.lookups = undefined;
    this.lookupsBuild = undefined;
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
    for (const publisher of entry.publishers) bump(this.publisherCounts, publisher, sign);
    if (this.lookups) this.lookups.file(entry, sign);
    else this.lookupsBuild?.account(entry, sign);
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
