/**
 * Search over the tag vocabulary: by word prefix, and fuzzily; both are rebuilt only when the vocabulary changes.
 * The fuzzy search runs fuse.js only over the tags that can match at all, found through an index of letter pairs.
 */
import Fuse from 'fuse.js';
import type { WorkspaceIndex } from '../workspaceIndex';
import { allowedErrors, fieldNorm, FUSE_MAX_PATTERN, FuzzyPattern } from './fuzzyScore';

const REBUILD_INTERVAL_MS = 60_000;

const THRESHOLD = 0.4;
const FUSE_OPTIONS = { includeScore: true, ignoreLocation: true, threshold: THRESHOLD };

/** The structures of one build of the vocabulary. */
interface Built {
  readonly tags: string[];
  readonly fuse: Fuse<string>;
  readonly lowered: { tag: string; text: string; words: string[] }[];
  /** Positions in `tags` of the tags whose lowercased text holds a pair of letters, side by side (`ab`) or one apart (`a` `_` `b`). */
  readonly pairs: Map<string, number[]>;
  /** Tags by use when built, most used first, for suggestions with nothing typed. */
  readonly mostUsed: string[];
}

/** How many of the most used tags a build keeps, more than asked so that changes in counts since rarely matter. */
const MOST_USED_KEPT = 400;

/** Keeps a fuse index and the lowercased words of the tag vocabulary in step with the workspace index. */
export class TagSearch {
  private built: Built | undefined;
  private builtFor = -1;
  private builtAt = 0;
  private builtSize = 0;

  constructor(private readonly index: WorkspaceIndex) {}

  /**
   * Builds the search structures now, or rebuilds them when the vocabulary changed at all: the server calls this
   * after indexing and when edits pause, rather than leaving the work to a keystroke.
   */
  warm(): void {
    this.fresh(true);
  }

  /**
   * Tags matching what was typed, best first, with fuse's score (0 best): what fuse.js finds over the vocabulary
   * (`ignoreLocation`, threshold 0.4), computed over the only tags that can match and without its allocations.
   */
  search(query: string, limit: number): { tag: string; score: number }[] {
    const built = this.fresh();
    const pattern = query.toLowerCase();
    const candidates = candidatesFor(built, pattern);
    if (!candidates) return this.fuseSearch(built, query, limit);
    const matcher = new FuzzyPattern(pattern, THRESHOLD);
    const found: { at: number; score: number }[] = [];
    for (const at of candidates) {
      const text = built.lowered[at].text;
      const raw = matcher.score(text);
      // A list of strings: fuse raises the score to the text's field norm.
      if (raw !== undefined && this.index.tagCount(built.tags[at]) > 0) found.push({ at, score: raw ** fieldNorm(text) });
    }
    found.sort((a, b) => a.score - b.score || a.at - b.at);
    return found.slice(0, limit).map(({ at, score }) => ({ tag: built.tags[at], score }));
  }

  /** Every tag that starts with the typed text, or has a word that does (case-insensitive): what was most likely meant. */
  startingWith(typed: string): string[] {
    const wanted = typed.trim().toLowerCase();
    return this.fresh().lowered
      .filter(({ tag, text, words }) => (text.startsWith(wanted) || words.some((word) => word.startsWith(wanted))) && this.index.tagCount(tag) > 0)
      .map(({ tag }) => tag);
  }

  /** Up to `limit` tags in use, the most used first, by their current counts. */
  mostUsed(limit: number): [string, number][] {
    return this.fresh().mostUsed
      .map((tag): [string, number] => [tag, this.index.tagCount(tag)])
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit);
  }

  /** Fuse itself, for the patterns that `candidatesFor` cannot narrow. */
  private fuseSearch(built: Built, query: string, limit: number): { tag: string; score: number }[] {
    return built.fuse.search(query, { limit })
      .filter((result) => this.index.tagCount(result.item) > 0)
      .map((result) => ({ tag: result.item, score: result.score ?? 1 }));
  }

  /**
   * The search structures, rebuilt when the vocabulary changed by more than a few tags, or changed at all a
   * minute later (at once with `anyChange`): typing a new tag changes the vocabulary on every keystroke, and a
   * rebuild costs milliseconds. Results drop tags whose count fell to zero meanwhile.
   */
  private fresh(anyChange = false): Built {
    const version = this.index.vocabularyVersion;
    const now = Date.now();
    const size = this.index.tags().size;
    const grew = Math.abs(size - this.builtSize) > Math.max(10, this.builtSize / 100);
    if (!this.built || (this.builtFor !== version && (anyChange || grew || now - this.builtAt >= REBUILD_INTERVAL_MS))) {
      this.builtAt = now;
      this.builtSize = size;
      this.built = build(this.index.tags());
      this.builtFor = version;
    }
    return this.built;
  }
}

function build(counts: ReadonlyMap<string, number>): Built {
  const tags = [...counts.keys()];
  const pairs = new Map<string, number[]>();
  tags.forEach((tag, at) => {
    for (const pair of pairsOf(tag.toLowerCase())) {
      const list = pairs.get(pair);
      if (!list) pairs.set(pair, [at]);
      else if (list[list.length - 1] !== at) list.push(at);
    }
  });
  const mostUsed = [...counts].sort((a, b) => b[1] - a[1]).slice(0, MOST_USED_KEPT).map(([tag]) => tag);
  return {
    tags,
    fuse: new Fuse(tags, FUSE_OPTIONS),
    lowered: tags.map((tag) => ({ tag, text: tag.toLowerCase(), words: tag.toLowerCase().split(/[\s(]+/) })),
    pairs,
    mostUsed,
  };
}

/** The pairs of letters of a text: each letter with the next (`ab`) and with the one after (`a_b`, a key no pair of letters takes). */
function pairsOf(text: string): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    pairs.push(text.slice(i, i + 2));
    if (i + 2 < text.length) pairs.push(`${text[i]}\u0000${text[i + 2]}`);
  }
  return pairs;
}

/**
 * Positions of the tags that can match a lowercased pattern under fuse's threshold, ascending; undefined when no
 * such bound is known (one letter, or a pattern fuse splits). Fuse allows k errors (edits) with k / length ≤ threshold.
 * Cut into pieces whose allowed errors add up to more than k, one piece of any match has no more than its allowance:
 * a pair of letters with none, which the tag holds as it is; or three letters `abc` with one, which leaves `ab`, `bc`,
 * `ac` or `a_c` in the tag.
 */
function candidatesFor(built: Built, pattern: string): number[] | undefined {
  const length = pattern.length;
  if (length < 2 || length > FUSE_MAX_PATTERN) return undefined;
  const errors = allowedErrors(length, THRESHOLD);
  // Pairs cost one error each to spoil, a triple two: as many pairs as fit, then one triple if the pairs fall short.
  const keys: string[] = [];
  let cost = 0;
  let at = 0;
  while (cost <= errors && at + 2 <= length) {
    const triple = Math.floor((length - at) / 2) + cost <= errors && at + 3 <= length;
    if (triple) {
      const [a, b, c] = pattern.slice(at, at + 3);
      keys.push(`${a}${b}`, `${b}${c}`, `${a}${c}`, `${a}\u0000${c}`);
      cost += 2;
      at += 3;
    } else {
      keys.push(pattern.slice(at, at + 2));
      cost += 1;
      at += 2;
    }
  }
  if (cost <= errors) return undefined;
  const found = new Set<number>();
  for (const key of keys) for (const position of built.pairs.get(key) ?? []) found.add(position);
  return [...found].sort((a, b) => a - b);
}
