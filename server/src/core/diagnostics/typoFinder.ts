/** Finds the common tag that a rare tag is most likely a misspelling of. */
import type { DiagnosticIndex } from './diagnosticIndex';

/** A suggested spelling with how often it is used. */
export interface TypoSuggestion {
  readonly tag: string;
  readonly count: number;
}

/** The least uses a tag needs before it is offered as the right spelling. */
const MIN_SUGGESTION_COUNT = 3;

/** Suggestions per rare tag, cached until the index changes. */
export class TypoFinder {
  private readonly cache = new Map<string, TypoSuggestion | null>();
  /** The tags common enough to suggest; a rare tag is compared with these only, not with the whole vocabulary. */
  private common: (readonly [string, number])[] | undefined;

  constructor(private readonly index: Pick<DiagnosticIndex, 'tags' | 'onDidChange'>) {
    index.onDidChange(() => {
      this.cache.clear();
      this.common = undefined;
    });
  }

  /** The closest common spelling of a tag, or undefined when there is none close enough. */
  suggest(tag: string): TypoSuggestion | undefined {
    let cached = this.cache.get(tag);
    if (cached === undefined) {
      cached = this.search(tag) ?? null;
      this.cache.set(tag, cached);
    }
    return cached ?? undefined;
  }

  private search(tag: string): TypoSuggestion | undefined {
    const budget = allowedDistance(tag);
    const lower = tag.toLowerCase();
    let best: { tag: string; count: number; distance: number } | undefined;
    this.common ??= [...this.index.tags()].filter(([, count]) => count >= MIN_SUGGESTION_COUNT);
    for (const [candidate, count] of this.common) {
      if (candidate === tag) continue;
      if (Math.abs(candidate.length - tag.length) > budget) continue;
      const distance = candidate.toLowerCase() === lower ? 0 : boundedDistance(lower, candidate.toLowerCase(), budget);
      if (distance > budget) continue;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) best = { tag: candidate, count, distance };
    }
    return best && { tag: best.tag, count: best.count };
  }
}

/** Short tags tolerate one edit, long ones two; very short tags none, since any edit makes another word. */
function allowedDistance(tag: string): number {
  if (tag.length <= 3) return 0;
  return tag.length <= 8 ? 1 : 2;
}

/** Optimal string alignment distance, giving up (returning budget + 1) once it exceeds the budget. */
export function boundedDistance(a: string, b: string, budget: number): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let previous2 = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = new Array<number>(cols);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > budget) return budget + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[cols - 1];
}
