/**
 * Finds entries by headline and slug: the word index narrows the workspace to the entries that hold
 * every typed word, then they are ranked fuzzily as fuse.js ranks them (headline weighing twice the slug).
 * Callers add their own ranking (shared tags, date proximity).
 */
import Fuse from 'fuse.js';
import type { EntrySearch } from '../entrySearch';
import type { CalendarDate } from '../format';
import type { IndexedEntry } from '../summary';
import type { CancellationToken } from '../workspace';
import { fieldNorm, FUSE_MAX_PATTERN, FuzzyPattern } from './fuzzyScore';

/** A match with fuse's score (0 best, 1 worst). */
export interface EventMatch {
  readonly entry: IndexedEntry;
  readonly score: number;
}

const MAX_CANDIDATES = 100;
const THRESHOLD = 0.6;
/** The keys' weights as fuse normalizes them (2 and 1 out of 3), in its order: the product's rounding depends on it. */
const HEADLINE_WEIGHT = 2 / 3;
const SLUG_WEIGHT = 1 / 3;

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
  return rankEvents(candidates, query, limit);
}

/** The candidates that match the query fuzzily, best first, with the scores and in the order fuse.js gives them. */
export function rankEvents(candidates: readonly IndexedEntry[], query: string, limit: number): EventMatch[] {
  const pattern = query.toLowerCase();
  if (pattern.length > FUSE_MAX_PATTERN) return fuseSearch(candidates, query, limit);
  const matcher = new FuzzyPattern(pattern, THRESHOLD);
  const found: { at: number; score: number }[] = [];
  candidates.forEach((entry, at) => {
    const headline = keyScore(matcher, entry.headline, HEADLINE_WEIGHT);
    const slug = keyScore(matcher, slugOf(entry), SLUG_WEIGHT);
    if (headline === undefined && slug === undefined) return;
    found.push({ at, score: (headline ?? 1) * (slug ?? 1) });
  });
  found.sort((a, b) => a.score - b.score || a.at - b.at);
  return found.slice(0, limit).map(({ at, score }) => ({ entry: candidates[at], score }));
}

/** The slug, not the whole URI: the folder part is the same for every entry and only costs time. */
function slugOf(entry: IndexedEntry): string {
  return entry.uri.slice(entry.uri.lastIndexOf('/') + 1);
}

/** One key's factor of fuse's score: its bitap score to the power of weight × field norm; undefined when the key does not match. */
function keyScore(matcher: FuzzyPattern, text: string, weight: number): number | undefined {
  // Fuse does not index blank values.
  if (!text.trim()) return undefined;
  const score = matcher.score(text.toLowerCase());
  return score === undefined ? undefined : (score === 0 ? Number.EPSILON : score) ** (weight * fieldNorm(text));
}

/** Fuse itself, for the queries longer than it matches in one piece. */
function fuseSearch(candidates: readonly IndexedEntry[], query: string, limit: number): EventMatch[] {
  const fuse = new Fuse(candidates, { keys: [{ name: 'headline', weight: 2 }, { name: 'slug', weight: 1, getFn: slugOf }], includeScore: true, ignoreLocation: true, threshold: THRESHOLD });
  return fuse.search(query, { limit }).map((result) => ({ entry: result.item, score: result.score ?? 1 }));
}

function collect(search: EntrySearch, words: readonly string[], exclude: string | undefined, near: CalendarDate | undefined): IndexedEntry[] {
  return search.nearestWithWords(words, exclude, near, MAX_CANDIDATES);
}
