/**
 * A word index over the entries, so that completion and hover never scan the whole archive:
 * every alphanumeric word of an entry's headline and path maps to the entries that hold it, and
 * every tag to the entries whose related items carry it; each entry's day number and sorted paths
 * let the nearest in time be chosen among thousands of matches. It is built a slice of entries at a time after
 * indexing (`buildSlice`), or at once when first read, and kept roughly current: entries changed since the build
 * started are kept aside and checked one by one, and the index is rebuilt once too many have changed.
 */
import { existingTagId, forEachTagId, tagIdCount } from './compactEntry';
import { PostingsBuilder, postingsOf, type Postings } from './postings';
import { dateOfIso, epochDay, type CalendarDate } from './format';
import { linkablePathOf } from './links';
import { WordTable } from './wordTable';
import { lastAtOrBelow } from './sortedSearch';
import type { IndexedEntry } from './summary';
import { EVERY_ENTRY, type WorkspaceIndex } from './workspaceIndex';

/** Changed entries tolerated before the next query rebuilds the word index. */
const REBUILD_AFTER_CHANGES = 2000;

interface Built {
  readonly entries: IndexedEntry[];
  readonly haystacks: string[];
  readonly words: string[];
  /** Every word between newlines, so that one native `indexOf` scan finds the words that contain a query word. */
  readonly joined: string;
  /** Where each word starts in `joined`, ascending. */
  readonly starts: Int32Array;
  readonly postings: Postings;
  /** Each entry's date as a day number (NaN when undated), for choosing the nearest among many matches. */
  readonly days: Float64Array;
  /** The root-relative paths of the entries that are well-formed entry paths, sorted, with each one's ordinal. */
  readonly paths: string[];
  readonly pathOrdinals: Int32Array;
  /** Per entry, the stamp of the last query that reached it: dedupes postings without a set per query. */
  readonly seen: Uint32Array;
  /** The entries carrying each tag, by tag id (`compactEntry.ts: tagIdOf`), for the ids that existed when built. */
  readonly tagOrdinals: Postings;
}

/** The lowercased text a query is matched against: headline and root-relative path. */
export function haystackOf(entry: IndexedEntry): string {
  return joinedHaystack(entry.headline.toLowerCase(), pathPartOf(entry.uri));
}

/** A haystack from its two parts, which the space keeps apart (no word spans it). */
function joinedHaystack(lowercaseHeadline: string, path: string): string {
  return `${lowercaseHeadline} ${path}`;
}

/** The part of a URI that a haystack holds after the headline. */
function pathPartOf(uri: string): string {
  return uri.slice(Math.max(0, uri.lastIndexOf('/news/')));
}

/** Word and tag lookups over the index. */
export class EntrySearch {
  private built: Built | undefined;
  private building: WordIndexBuild | undefined;
  /** Entries changed since the build started: the built index may hold them as they were. */
  private readonly changed = new Set<string>();
  private stamp = 0;

  constructor(private readonly index: WorkspaceIndex) {
    index.onDidChange((changed) => {
      if (!this.built && !this.building) return;
      if (changed !== EVERY_ENTRY) for (const uri of changed) this.changed.add(uri);
      // A build in progress goes on however many change: one started again would meet the same changes. It may then
      // end with more changed entries than a rebuild is worth; queries check them one by one until the next change.
      if (changed === EVERY_ENTRY || (this.built && this.changed.size > REBUILD_AFTER_CHANGES)) this.drop();
    });
  }

  /** True when the word index is built: a query answers without building it. */
  get isBuilt(): boolean {
    return this.built !== undefined;
  }

  /**
   * Builds the word index a slice at a time, reading `limit` entries at most, so that requests run between slices
   * (the server's work after indexing and after many changes); true while some remain.
   */
  buildSlice(limit: number): boolean {
    if (this.built) return false;
    if (!this.building) {
      this.changed.clear();
      this.building = new WordIndexBuild(this.index.effectiveUris(), (uri) => this.index.get(uri));
    }
    this.built = this.building.step(limit);
    if (!this.built) return true;
    this.building = undefined;
    this.stamp = 0;
    return false;
  }

  /**
   * Current entries other than `exclude` whose haystack contains every word (lowercase alphanumeric runs): at most `limit`,
   * those dated nearest to `near` first (undated last; without `near`, the first found). A common word matches
   * thousands, so the choice runs on day numbers kept with the word index, before any record is looked at.
   */
  nearestWithWords(words: readonly string[], exclude: string | undefined, near: CalendarDate | undefined, limit: number): IndexedEntry[] {
    const built = this.current();
    if (words.length === 0) return [];
    return this.nearestOf(built, this.ordinalsWithWords(built, words), (entry) => {
      const haystack = haystackOf(entry);
      return words.every((word) => haystack.includes(word));
    }, exclude, near, limit);
  }

  /**
   * Current entries other than `exclude` whose root-relative path (`/news/…`) is a well-formed entry path that
   * starts with a prefix and passes `accept`: at most `limit`, those dated nearest to `near` first. The paths are
   * kept sorted, so that a typed path looks at the entries under it only.
   */
  nearestUnderPath(prefix: string, accept: ((path: string) => boolean) | undefined, exclude: string | undefined, near: CalendarDate | undefined, limit: number): IndexedEntry[] {
    const built = this.current();
    // The paths that start with the prefix sort between it and it followed by the last code unit.
    const from = lowerBound(built.paths, prefix);
    const to = lowerBound(built.paths, `${prefix}\uffff`);
    const found: number[] = [];
    for (let at = from; at < to; at++) if (!accept || accept(built.paths[at])) found.push(built.pathOrdinals[at]);
    return this.nearestOf(built, found, (entry) => {
      const path = linkablePathOf(entry.uri);
      return path !== undefined && path.startsWith(prefix) && (!accept || accept(path));
    }, exclude, near, limit);
  }

  /** The nearest of the built entries found, with the changed entries that `matches`, as `nearestWithWords` describes. */
  private nearestOf(
    built: Built, found: readonly number[], matches: (entry: IndexedEntry) => boolean, exclude: string | undefined, near: CalendarDate | undefined, limit: number,
  ): IndexedEntry[] {
    const day = near === undefined ? Number.NaN : epochDay(near);
    const distance = (other: number): number => (Number.isNaN(other) || Number.isNaN(day) ? Number.MAX_SAFE_INTEGER : Math.abs(other - day));
    // Records replaced or removed since the build are in `changed` and answered from the index below, so at most
    // that many and `exclude` drop out of the nearest: choosing that many more first leaves the same ones.
    const slack = this.changed.size + 1;
    const keys = new Float64Array(found.length);
    for (let at = 0; at < found.length; at++) keys[at] = distance(built.days[found[at]]);
    const chosen = nearest(keys, limit + slack)
      .map((at) => built.entries[found[at]])
      .filter((entry) => entry.uri !== exclude && !this.changed.has(entry.uri));
    for (const uri of this.changed) {
      const entry = this.index.get(uri);
      if (entry && entry.uri !== exclude && matches(entry)) chosen.push(entry);
    }
    return nearest(Float64Array.from(chosen, (entry) => distance(dayOfIso(entry.date))), limit).map((at) => chosen[at]);
  }

  /** Ordinals of built entries whose haystack holds every word, each once. */
  private ordinalsWithWords(built: Built, words: readonly string[]): number[] {
    // The longest word is the most selective: its holders are the candidates, checked against the other words.
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    const others = words.filter((word) => word !== longest);
    const stamp = this.nextStamp(built);
    const found: number[] = [];
    for (const w of wordsContaining(built, longest)) {
      for (const ordinal of postingsOf(built.postings, w)) {
        if (built.seen[ordinal] === stamp) continue;
        built.seen[ordinal] = stamp;
        if (others.every((word) => built.haystacks[ordinal].includes(word))) found.push(ordinal);
      }
    }
    return found;
  }

  /** A fresh mark for `seen`, which is cleared only when the marks wrap around. */
  private nextStamp(built: Built): number {
    if (++this.stamp > 0xffff_fffe) {
      built.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /** Current entries with a related item that carries the tag. */
  entriesWithTag(tag: string): IndexedEntry[] {
    const built = this.current();
    const out: IndexedEntry[] = [];
    const id = existingTagId(tag);
    // A tag first seen after the build is carried by no built entry (changed ones are looked at below).
    const known = id !== undefined && id < built.tagOrdinals.starts.length - 1;
    for (const ordinal of known ? postingsOf(built.tagOrdinals, id) : []) {
      const entry = built.entries[ordinal];
      if (!this.changed.has(entry.uri)) out.push(entry);
    }
    for (const uri of this.changed) {
      const entry = this.index.get(uri);
      if (entry?.links.some((link) => link.tags.includes(tag))) out.push(entry);
    }
    return out;
  }

  /** Forgets the word index and any build of it in progress (one that failed): the next query or slice builds it anew. */
  drop(): void {
    this.built = undefined;
    this.building = undefined;
    this.changed.clear();
  }

  /** The word index, built now (or the build in progress finished) if it is not yet. */
  private current(): Built {
    while (this.buildSlice(Number.MAX_SAFE_INTEGER));
    return this.built!;
  }
}

/** A word index being built over the entries of a list of URIs, a slice at a time. */
class WordIndexBuild {
  private readonly entries: IndexedEntry[] = [];
  private readonly haystacks: string[] = [];
  private readonly days: number[] = [];
  private readonly rooted: { path: string; ordinal: number }[] = [];
  private readonly table = new WordTable();
  private readonly postings = new PostingsBuilder();
  private readonly tagPostings = new PostingsBuilder();
  private readonly dayOf = memoized(dayOfIso);
  private next = 0;
  /** The steps after the last entry is read, each one slice: at 100,000 entries each holds the thread for tens of milliseconds. */
  private readonly finishing: (() => void)[] = [
    () => this.rooted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    () => (this.built.postings = this.postings.build(this.table.words.length)),
    () => (this.built.tagOrdinals = this.tagPostings.build(tagIdCount())),
  ];
  private readonly built: { postings?: Postings; tagOrdinals?: Postings } = {};

  /**
   * @param uris the URIs of the index's effective records when the build starts, each once
   * @param recordOf the current effective record of a URI (one changed meanwhile is in `EntrySearch.changed`)
   */
  constructor(private readonly uris: readonly string[], private readonly recordOf: (uri: string) => IndexedEntry | undefined) {}

  /** Reads the next `limit` entries of the list, or takes the next finishing step; returns the word index when the build is done. */
  step(limit: number): Built | undefined {
    if (this.next < this.uris.length) {
      const end = Math.min(this.uris.length, this.next + Math.max(1, limit));
      for (; this.next < end; this.next++) {
        const entry = this.recordOf(this.uris[this.next]);
        if (entry) this.add(entry);
      }
      return undefined;
    }
    const finishingStep = this.finishing.shift();
    if (finishingStep) {
      finishingStep();
      return undefined;
    }
    return this.result();
  }

  private add(entry: IndexedEntry): void {
    const ordinal = this.entries.length;
    this.entries.push(entry);
    const headline = entry.headline.toLowerCase();
    const path = pathPartOf(entry.uri);
    this.haystacks.push(joinedHaystack(headline, path));
    const add = (id: number): void => this.postings.add(id, ordinal);
    // The haystack's two parts, which a space keeps apart, read as they are: the haystack itself is a
    // concatenation, whose characters cost a detour each.
    this.table.forEachWord(headline, add);
    this.table.forEachWord(path, add);
    // The index's own tag ids: no lookup by name for the millions of tags of an archive.
    forEachTagId(entry, (id) => this.tagPostings.add(id, ordinal));
    this.days.push(this.dayOf(entry.date));
    const linkable = linkablePathOf(entry.uri);
    if (linkable !== undefined) this.rooted.push({ path: linkable, ordinal });
  }

  private result(): Built {
    const { entries, haystacks, rooted } = this;
    const { words } = this.table;
    const starts = new Int32Array(words.length);
    let at = 1;
    words.forEach((word, id) => {
      starts[id] = at;
      at += word.length + 1;
    });
    return {
      entries, haystacks, words, joined: `\n${words.join('\n')}\n`, starts, postings: this.built.postings!, days: Float64Array.from(this.days),
      paths: rooted.map(({ path }) => path), pathOrdinals: Int32Array.from(rooted, ({ ordinal }) => ordinal), seen: new Uint32Array(entries.length),
      tagOrdinals: this.built.tagOrdinals!,
    };
  }
}

/** Ids of the words that contain a fragment (which holds no newline), each once. */
function wordsContaining(built: Built, fragment: string): number[] {
  if (!fragment) return built.words.map((_, id) => id);
  const ids: number[] = [];
  let from = 0;
  for (;;) {
    const found = built.joined.indexOf(fragment, from);
    if (found < 0) return ids;
    const id = wordAt(built.starts, found);
    ids.push(id);
    // The next word starts after this one's newline: a word is reported once however often it holds the fragment.
    from = built.starts[id] + built.words[id].length + 1;
  }
}

/** The first position of a sorted list whose text is not below a prefix: where the texts that start with it begin. */
function lowerBound(sorted: readonly string[], prefix: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < prefix) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The id of the word at a position of the joined words: the last start at or before it. */
function wordAt(starts: Int32Array, position: number): number {
  return lastAtOrBelow(starts, position);
}

/** The day number of a `YYYY-MM-DD` date, NaN when there is none. */
function dayOfIso(iso: string | undefined): number {
  const date = dateOfIso(iso);
  return date ? epochDay(date) : Number.NaN;
}

/** A function of a string remembered per argument: entries share far fewer dates than there are entries. */
function memoized(compute: (key: string | undefined) => number): (key: string | undefined) => number {
  const known = new Map<string | undefined, number>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = compute(key)));
    return value;
  };
}

/** Positions of the `limit` lowest keys, lowest first; among equal keys, the earlier ones. */
function nearest(keys: Float64Array, limit: number): number[] {
  const chosen: number[] = [];
  if (keys.length <= limit) {
    for (let i = 0; i < keys.length; i++) chosen.push(i);
  } else {
    const cut = kthSmallest(keys.slice(), limit - 1);
    let equal = limit;
    for (const key of keys) if (key < cut) equal--;
    for (let i = 0; i < keys.length; i++) if (keys[i] < cut || (keys[i] === cut && equal-- > 0)) chosen.push(i);
  }
  return chosen.sort((a, b) => keys[a] - keys[b] || a - b);
}

/** The k-th smallest value (from 0), by quickselect: linear on average, where sorting thousands of keys is not. */
function kthSmallest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j], values[i]];
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k];
  }
  return values[k];
}
