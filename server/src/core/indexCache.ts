/**
 * Records as flat data: how index workers hand their records over and how the cache stores them
 * (a header, then chunks of records).
 * A table of strings (each repeated one, such as a URI, tag or publisher, once), one Int32Array of
 * references and counts, one Float64Array of file stamps. Reading it back builds the index's compact
 * records directly. Anything that does not have exactly the expected shape is rejected, and the
 * index is rebuilt.
 */
import type { UndecodedRecords } from './bulkLoader';
import { CompactEntry, tagIdOf, type RecordUses } from './compactEntry';
import { internFlat } from './intern';
import { withRoom } from './typedArrays';

/** Names the file format, so that a foreign file is never mistaken for a cache. */
export const CACHE_FORMAT = 'event-entries-index';
/** Bumped whenever the record layout or the extractor's output changes. */
export const CACHE_VERSION = 8;

/**
 * Records as flat data. Per record, `numbers` holds: URI, date (-1 for none), headline,
 * publisher count and publishers, link count and per link target, `tag count × 2 + resolved`, tags.
 * Each is a position in `strings`, or `-(position + 2)` in a URI list that the receiver holds.
 * `stamps` holds size and mtime per record.
 */
export interface PackedRecords {
  readonly strings: StringTable;
  /** When present, `stringHash` of each string, computed by the sender so that the receiver interns them cheaply. */
  readonly hashes?: Int32Array<ArrayBuffer>;
  readonly numbers: Int32Array<ArrayBuffer>;
  readonly stamps: Float64Array<ArrayBuffer>;
}

/** Packed records as a writer makes them: their strings in an array. */
export type WrittenRecords = PackedRecords & { readonly strings: readonly string[] };

/** Strings decoded when first read: a cache chunk's headlines (each wanted only when its record is decoded), and the strings the chunks share. */
export interface LazyStrings {
  readonly length: number;
  /** The string at `index`, which is in range. */
  get(index: number): string;
}

/** A table of strings: an array, or strings decoded when first read. */
export type StringTable = readonly string[] | LazyStrings;

/** The string at `index` of a table, which is in range. */
function stringAt(strings: StringTable, index: number): string {
  return isLazy(strings) ? strings.get(index) : strings[index];
}

function isLazy(strings: StringTable): strings is LazyStrings {
  return !Array.isArray(strings);
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
 * Checks and unpacks chunks of packed records that refer to one list of known strings (a cache's chunks share
 * theirs; a load's batches name its files): what it learns of a known string (its interned copy, its tag id)
 * serves every chunk. Repeated strings are interned once each, unless `unique` says that they are unique
 * already (a cache stores each once), which saves a pool lookup per string. `known` may grow, never change.
 */
export class RecordUnpacker {
  /** Interned copies (none when `unique`) and tag ids of the known strings, filled as records use them. */
  readonly knownShared: (string | undefined)[];
  private knownTagIds: Int32Array;

  /** Whether every known string is a string (a cache's list comes from the file); how many of them the tables follow. */
  private knownAreStrings: boolean;
  private followed: number;
  /** Uses counted by `check`: of the known strings by position, and, already named, of chunks' own strings. */
  private knownUses: UsesByPosition | undefined;
  private readonly ownUses: RecordUses = { tags: new Map(), publishers: new Map() };

  /**
   * @param known the known strings: a load's list, which may grow between chunks (`GrowingList`) but never
   * change, or a cache's shared strings, decoded when first read.
   */
  constructor(readonly known: StringTable, readonly unique: boolean) {
    this.knownShared = unique ? [] : new Array<string | undefined>(known.length);
    this.knownTagIds = new Int32Array(known.length).fill(-1);
    this.knownAreStrings = isLazy(known) || allStrings(known);
    this.followed = known.length;
  }

  /** The records of one chunk, decoded now; undefined when anything is out of place. */
  unpack(packed: PackedRecords): CompactEntry[] | undefined {
    const chunk = this.check(packed);
    if (!chunk) return undefined;
    const records = new Array<CompactEntry>(chunk.count);
    for (let record = 0; record < chunk.count; record++) records[record] = chunk.decode(record);
    return records;
  }

  /**
   * One chunk, checked from end to end, whose records are decoded one at a time when asked for; undefined when
   * anything is out of place. With `countUses`, the uses of tags and publishers in its records are counted
   * towards `uses()`.
   */
  check(packed: PackedRecords, countUses = false): PackedChunk | undefined {
    if (!packed || typeof packed !== 'object') return undefined;
    const { strings, numbers, stamps, hashes } = packed;
    if (!isStringTable(strings) || !(numbers instanceof Int32Array) || !(stamps instanceof Float64Array) || stamps.length % 2 !== 0) return undefined;
    if (hashes !== undefined && !(hashes instanceof Int32Array && hashes.length === strings.length)) return undefined;
    this.followKnown();
    if (!this.knownAreStrings || (!isLazy(strings) && !allStrings(strings))) return undefined;
    const count = stamps.length / 2;
    const counts = countUses ? { own: usesOf(strings.length), known: (this.knownUses ??= usesOf(this.known.length)) } : undefined;
    const layout = recordLayout(numbers, count, strings.length, this.known.length, counts);
    if (!layout) return undefined;
    // A chunk's own strings are rarely tags or publishers (a cache shares them all): they are named now, while the chunk is at hand.
    counts?.own.tags.forEach((uses, reference) => uses > 0 && add(this.ownUses.tags, tagIdOf(stringAt(strings, reference)), uses));
    counts?.own.publishers.forEach((uses, reference) => uses > 0 && add(this.ownUses.publishers, stringAt(strings, reference), uses));
    return new PackedChunk(this, packed, count, layout.offsets, layout.tagStarts);
  }

  /** Makes room for the known strings added since the last chunk. */
  private followKnown(): void {
    const before = this.followed;
    if (this.known.length === before) return;
    this.followed = this.known.length;
    this.knownAreStrings &&= isLazy(this.known) || allStrings(this.known.slice(before));
    this.knownTagIds = withRoom(this.knownTagIds, this.followed, -1);
    // Grown a slot at a time: an array stretched by its length may turn into a slow dictionary.
    if (!this.unique) while (this.knownShared.length < this.followed) this.knownShared.push(undefined);
    if (this.knownUses) this.knownUses = { tags: withRoom(this.knownUses.tags, this.followed), publishers: withRoom(this.knownUses.publishers, this.followed) };
  }

  /** The uses of tags (by id) and publishers (by name) in every chunk checked with `countUses`. */
  uses(): RecordUses {
    const tags = new Map(this.ownUses.tags);
    const publishers = new Map(this.ownUses.publishers);
    this.knownUses?.tags.forEach((uses, slot) => uses > 0 && add(tags, this.tagIdOf(-slot - 2, []), uses));
    this.knownUses?.publishers.forEach((uses, slot) => uses > 0 && add(publishers, stringAt(this.known, slot), uses));
    return { tags, publishers };
  }

  /** The text of a reference, already checked to be in range. */
  text(reference: number, strings: StringTable): string {
    return reference <= -2 ? stringAt(this.known, -reference - 2) : stringAt(strings, reference);
  }

  /** The tag id of a reference; a known string's is remembered for every chunk. */
  tagIdOf(reference: number, strings: StringTable): number {
    if (reference >= 0) return tagIdOf(stringAt(strings, reference));
    const slot = -reference - 2;
    let id = this.knownTagIds[slot];
    if (id < 0) this.knownTagIds[slot] = id = tagIdOf(stringAt(this.known, slot));
    return id;
  }
}

/** An array, or a table of strings decoded when first read (which a frame from another thread never is: a clone has no methods). */
export function isStringTable(strings: unknown): strings is StringTable {
  if (Array.isArray(strings)) return true;
  const table = strings as Partial<LazyStrings> | undefined;
  return typeof table?.get === 'function' && Number.isInteger(table.length) && (table.length ?? -1) >= 0;
}

/** True when every slot holds a string: `every` skips the holes of a sparse array, which a foreign frame may hold. */
function allStrings(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'string') return false;
  return true;
}

function add<K>(map: Map<K, number>, key: K, count: number): void {
  map.set(key, (map.get(key) ?? 0) + count);
}

/** Uses of tags and of publishers by the position of their string in a table. */
interface UsesByPosition {
  readonly tags: Int32Array;
  readonly publishers: Int32Array;
}

function usesOf(strings: number): UsesByPosition {
  return { tags: new Int32Array(strings), publishers: new Int32Array(strings) };
}

/** Uses by reference while a chunk is checked: of its own strings, and of the known strings (shared by every chunk). */
interface UseCounts {
  readonly own: UsesByPosition;
  readonly known: UsesByPosition;
}

/** Where each record of a chunk starts, and where its link tags start in the chunk's tag array. */
interface RecordLayout {
  readonly offsets: Int32Array;
  readonly tagStarts: Int32Array;
}

/**
 * Walks a chunk's numbers record by record: every count within the numbers, every reference within its
 * table (-1 only for a missing date). Undefined when anything is out of place, so that no later decoding
 * of a record can fail. It touches every number of 100,000 records at a warm start, once per process and mostly
 * before the engine has optimized it, where every call costs: hence plain loops, with each check written out.
 */
function recordLayout(numbers: Int32Array, count: number, ownCount: number, knownCount: number, counts: UseCounts | undefined): RecordLayout | undefined {
  const offsets = new Int32Array(count);
  const tagStarts = new Int32Array(count + 1);
  const end = numbers.length;
  // A reference is a position in the chunk's strings (0 up), or -(position + 2) in the known strings.
  const lowest = -knownCount - 2;
  // The arrays in locals: loading them through `counts` in the loop made the engine optimize it three times over.
  const counting = counts !== undefined;
  const ownPublishers = counts?.own.publishers ?? NO_USES;
  const knownPublishers = counts?.known.publishers ?? NO_USES;
  const ownTags = counts?.own.tags ?? NO_USES;
  const knownTags = counts?.known.tags ?? NO_USES;
  let at = 0;
  let tagsAt = 0;
  for (let record = 0; record < count; record++) {
    offsets[record] = at;
    // Every record holds at least its URI, date, headline and two counts.
    if (at + 5 > end) return undefined;
    const uri = numbers[at];
    const date = numbers[at + 1];
    const headline = numbers[at + 2];
    if (!(uri < ownCount && uri > lowest && uri !== -1) || !(date < ownCount && date > lowest) || !(headline < ownCount && headline > lowest && headline !== -1)) return undefined;
    at += 3;
    const publishers = numbers[at++];
    if (!(publishers >= 0 && at + publishers + 1 <= end)) return undefined;
    for (const stop = at + publishers; at < stop; at++) {
      const reference = numbers[at];
      if (!(reference < ownCount && reference > lowest && reference !== -1)) return undefined;
      if (counting) {
        if (reference >= 0) ownPublishers[reference]++;
        else knownPublishers[-reference - 2]++;
      }
    }
    const links = numbers[at++];
    if (!(links >= 0 && links <= MAX_COUNT)) return undefined;
    for (let link = 0; link < links; link++) {
      if (at + 2 > end) return undefined;
      const target = numbers[at];
      const header = numbers[at + 1];
      const tags = header >> 1;
      at += 2;
      if (!(target < ownCount && target > lowest && target !== -1) || header < 0 || at + tags > end) return undefined;
      for (const stop = at + tags; at < stop; at++) {
        const reference = numbers[at];
        if (!(reference < ownCount && reference > lowest && reference !== -1)) return undefined;
        if (counting) {
          if (reference >= 0) ownTags[reference]++;
          else knownTags[-reference - 2]++;
        }
      }
      tagsAt += 1 + tags;
    }
    // Written here rather than once after the loop, whose first run in optimized code then lacked feedback for it.
    tagStarts[record + 1] = tagsAt;
  }
  return at === end ? { offsets, tagStarts } : undefined;
}

const NO_USES = new Int32Array(0);

/** Counts beyond this are not believed (a record of a million links is corrupt). */
const MAX_COUNT = 1_000_000;

/** A checked chunk of packed records; each record is decoded on its own, into the index's compact form. */
export class PackedChunk implements UndecodedRecords {
  /** Interned copies and tag ids of the chunk's own strings, filled as records use them. */
  private readonly shared: (string | undefined)[];
  private readonly tagIds: Int32Array;
  /** The link tags of every record, one array for the chunk; each record's are a view of it. */
  private allTags: Int32Array | undefined;

  constructor(
    private readonly unpacker: RecordUnpacker,
    private readonly packed: PackedRecords,
    readonly count: number,
    private readonly offsets: Int32Array,
    private readonly tagStarts: Int32Array,
  ) {
    this.shared = new Array<string | undefined>(packed.strings.length);
    this.tagIds = new Int32Array(packed.strings.length).fill(-1);
  }

  /** The URI of a record. */
  uriOf(record: number): string {
    return this.share(this.packed.numbers[this.offsets[record]]);
  }

  /** The size and mtime of the file a record was read from. */
  sizeOf(record: number): number {
    return this.packed.stamps[record * 2];
  }

  mtimeOf(record: number): number {
    return this.packed.stamps[record * 2 + 1];
  }

  /** The position of a record's file among the unpacker's known strings; -1 when the chunk holds its URI. */
  positionOf(record: number): number {
    const reference = this.packed.numbers[this.offsets[record]];
    return reference <= -2 ? -reference - 2 : -1;
  }

  forEachUse(tag: (id: number) => void, publisher: (name: string) => void): void {
    const { numbers } = this.packed;
    for (let record = 0; record < this.count; record++) {
      let at = this.offsets[record] + 3;
      const publishers = numbers[at++];
      for (const stop = at + publishers; at < stop; at++) publisher(this.share(numbers[at]));
      const links = numbers[at++];
      for (let link = 0; link < links; link++) {
        const header = numbers[at + 1];
        at += 2;
        for (const stop = at + (header >> 1); at < stop; at++) tag(this.tagId(numbers[at]));
      }
    }
  }

  decode(record: number): CompactEntry {
    const { numbers } = this.packed;
    const allTags = (this.allTags ??= new Int32Array(this.tagStarts[this.count]));
    let at = this.offsets[record] + 1;
    let filled = this.tagStarts[record];
    const date = numbers[at++];
    const headline = this.text(numbers[at++]);
    const publishers = sizedArray(numbers[at++]);
    for (let i = 0; i < publishers.length; i++) publishers[i] = this.share(numbers[at++]);
    const targets = sizedArray(numbers[at++]);
    for (let i = 0; i < targets.length; i++) {
      targets[i] = this.share(numbers[at++]);
      const header = numbers[at++];
      allTags[filled++] = header;
      for (const stop = at + (header >> 1); at < stop; at++) allTags[filled++] = this.tagId(numbers[at]);
    }
    const linkTags = allTags.subarray(this.tagStarts[record], filled);
    return new CompactEntry(this.uriOf(record), date === -1 ? undefined : this.share(date), headline, publishers, targets, linkTags, this.sizeOf(record), this.mtimeOf(record));
  }

  private text(reference: number): string {
    return this.unpacker.text(reference, this.packed.strings);
  }

  /**
   * The shared copy of a repeated string. URIs from `known` are interned too: the links of other entries point
   * at the same strings. Unpacked strings are flat already.
   */
  private share(reference: number): string {
    const { unpacker } = this;
    if (unpacker.unique) return this.text(reference);
    if (reference < 0) return (unpacker.knownShared[-reference - 2] ??= internFlat(this.text(reference)));
    return (this.shared[reference] ??= internFlat(this.text(reference), this.packed.hashes?.[reference]));
  }

  private tagId(reference: number): number {
    if (reference < 0) return this.unpacker.tagIdOf(reference, this.packed.strings);
    let id = this.tagIds[reference];
    if (id < 0) this.tagIds[reference] = id = tagIdOf(stringAt(this.packed.strings, reference));
    return id;
  }
}

const NONE: readonly string[] = Object.freeze([]);

/** An array of exactly `count` strings (arrays grown by push keep spare room, which 100,000 records multiply); one shared empty one. */
function sizedArray(count: number): string[] {
  return count === 0 ? (NONE as string[]) : new Array<string>(count);
}
