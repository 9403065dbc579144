/**
 * A word index over the entries, so that completion and hover never scan the whole archive:
 * every alphanumeric word of an entry's headline and path maps to the entries that hold it, and
 * every tag to the entries whose related items carry it. It is built lazily and kept roughly
 * current: entries changed since the build are kept aside and checked one by one, and the index
 * is rebuilt once too many have changed.
 */
import type { IndexedEntry } from './summary';
import type { WorkspaceIndex } from './workspaceIndex';

/** Changed entries tolerated before the next query rebuilds the word index. */
const REBUILD_AFTER_CHANGES = 2000;

interface Built {
  readonly entries: IndexedEntry[];
  readonly haystacks: string[];
  readonly words: string[];
  readonly postings: number[][];
  readonly tagPostings: Map<string, number[]>;
}

/** The lowercased text a query is matched against: headline and root-relative path. */
export function haystackOf(entry: IndexedEntry): string {
  return `${entry.headline.toLowerCase()} ${entry.uri.slice(Math.max(0, entry.uri.lastIndexOf('/news/')))}`;
}

/** Word and tag lookups over the index. */
export class EntrySearch {
  private built: Built | undefined;
  private readonly changed = new Set<string>();

  constructor(private readonly index: WorkspaceIndex) {
    index.onDidChange((uris) => {
      if (!this.built) return;
      for (const uri of uris) this.changed.add(uri);
      if (this.changed.size > REBUILD_AFTER_CHANGES) this.drop();
    });
  }

  /** Builds the word index now (the server calls this once indexing is done, rather than on the first keystroke). */
  warm(): void {
    this.current();
  }

  /** Current entries whose haystack contains every word (lowercase alphanumeric runs) and that `accept` keeps, in no particular order. */
  entriesWithWords(words: readonly string[], accept: (entry: IndexedEntry) => boolean): IndexedEntry[] {
    const built = this.current();
    if (words.length === 0) return [];
    // The longest word is the most selective: its holders are the candidates, checked against the other words.
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    const holders = new Set<number>();
    for (let w = 0; w < built.words.length; w++) {
      if (built.words[w].includes(longest)) for (const ordinal of built.postings[w]) holders.add(ordinal);
    }
    const out: IndexedEntry[] = [];
    const checkChanged = this.changed.size > 0;
    for (const ordinal of holders) {
      if (!words.every((word) => built.haystacks[ordinal].includes(word))) continue;
      // Every record replaced or removed since the build is in `changed`, and is answered from the index below.
      const entry = built.entries[ordinal];
      if ((!checkChanged || !this.changed.has(entry.uri)) && accept(entry)) out.push(entry);
    }
    for (const uri of this.changed) {
      const entry = this.index.get(uri);
      if (!entry) continue;
      const haystack = haystackOf(entry);
      if (words.every((word) => haystack.includes(word)) && accept(entry)) out.push(entry);
    }
    return out;
  }

  /** Current entries with a related item that carries the tag. */
  entriesWithTag(tag: string): IndexedEntry[] {
    const built = this.current();
    const out: IndexedEntry[] = [];
    for (const ordinal of built.tagPostings.get(tag) ?? []) {
      const entry = built.entries[ordinal];
      if (!this.changed.has(entry.uri)) out.push(entry);
    }
    for (const uri of this.changed) {
      const entry = this.index.get(uri);
      if (entry?.links.some((link) => link.tags.includes(tag))) out.push(entry);
    }
    return out;
  }

  private drop(): void {
    this.built = undefined;
    this.changed.clear();
  }

  private current(): Built {
    if (this.built) return this.built;
    const entries = [...this.index.entries()];
    const haystacks = entries.map(haystackOf);
    const wordIds = new Map<string, number>();
    const words: string[] = [];
    const postings: number[][] = [];
    const tagPostings = new Map<string, number[]>();
    entries.forEach((entry, ordinal) => {
      const seen = new Set<number>();
      for (const word of haystacks[ordinal].split(/[^a-z0-9]+/)) {
        if (!word) continue;
        let id = wordIds.get(word);
        if (id === undefined) {
          id = words.length;
          wordIds.set(word, id);
          words.push(word);
          postings.push([]);
        }
        if (!seen.has(id)) {
          seen.add(id);
          postings[id].push(ordinal);
        }
      }
      const tags = new Set(entry.links.flatMap((link) => link.tags));
      for (const tag of tags) {
        let list = tagPostings.get(tag);
        if (!list) tagPostings.set(tag, (list = []));
        list.push(ordinal);
      }
    });
    this.changed.clear();
    this.built = { entries, haystacks, words, postings, tagPostings };
    return this.built;
  }
}
