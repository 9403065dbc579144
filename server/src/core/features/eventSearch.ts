/**
 * Finds entries by headline and slug: the word index narrows the workspace to the entries that hold
 * every typed word, then fuse.js ranks them fuzzily. Callers add their own ranking (shared tags, date proximity).
 */
import Fuse from 'fuse.js';
import type { EntrySearch } from '../entrySearch';
import type { CalendarDate } from '../format';
import type { IndexedEntry } from '../summary';
import type { CancellationToken } from '../workspace';

/** A match with fuse's score (0 best, 1 worst). */
export interface EventMatch {
  readonly entry: IndexedEntry;
  readonly score: number;
}

const MAX_CANDIDATES = 100;

/**
 * Entries whose headline or path matches the query, best first. When more entries match than are ranked,
 * those dated nearest to `near` are kept; without it, the first found are.
 */
export function searchEvents(
  search: EntrySearch, query: string, limit: number, token: CancellationToken, exclude?: string, near?: CalendarDate,
): EventMatch[] {
  const words = query.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length > 0);
  if (words.length === 0) return [];
  let candidates = collect(search, words, exclude, near);
  if (candidates.length === 0 && !token.isCancellationRequested) {
    // No entry holds every word: allow typos by keeping entries that hold the longest word's first three letters.
    const probe = [...words].sort((a, b) => b.length - a.length)[0].slice(0, 3);
    candidates = collect(search, [probe], exclude, near);
  }
  if (token.isCancellationRequested || candidates.length === 0) return [];
  // The slug, not the whole URI: the folder part is the same for every entry and only costs time.
  const slug = (entry: IndexedEntry): string => entry.uri.slice(entry.uri.lastIndexOf('/') + 1);
  const fuse = new Fuse(candidates, { keys: [{ name: 'headline', weight: 2 }, { name: 'slug', weight: 1, getFn: slug }], includeScore: true, ignoreLocation: true, threshold: 0.6 });
  return fuse.search(query, { limit }).map((result) => ({ entry: result.item, score: result.score ?? 1 }));
}

function collect(search: EntrySearch, words: readonly string[], exclude: string | undefined, near: CalendarDate | undefined): IndexedEntry[] {
  return search.nearestWithWords(words, exclude, near, MAX_CANDIDATES);
}
