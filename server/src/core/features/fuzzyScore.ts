/**
 * fuse.js's fuzzy score (its bitap search with `ignoreLocation`), computed without fuse's index, records and
 * per-level arrays: completion scores a hundred headlines or a few hundred tags on every keystroke, and fuse's
 * allocations there cost more than the matching. Tests hold the results equal to fuse's.
 */

/** The longest pattern fuse.js matches in one piece; longer ones are split and scored otherwise. */
export const FUSE_MAX_PATTERN = 32;

/** The most errors fuse allows in a pattern of a length: the score is errors / length, and must not exceed the threshold. */
export function allowedErrors(length: number, threshold: number): number {
  let errors = 0;
  while (errors + 1 < length && (errors + 1) / length <= threshold) errors++;
  return errors;
}

/**
 * One lowercased pattern of 1 to 32 characters, matched against lowercased texts: fuse's score is 0 for the
 * pattern itself, else the fewest edits that turn the pattern into some part of the text, over the pattern's
 * length (at least 0.001). The edits are counted by Myers' bit-parallel algorithm.
 */
export class FuzzyPattern {
  private readonly masks = new Map<string, number>();
  /** The most edits under the threshold. */
  readonly errors: number;

  constructor(private readonly pattern: string, threshold: number) {
    for (let i = 0; i < pattern.length; i++) this.masks.set(pattern[i], (this.masks.get(pattern[i]) ?? 0) | (1 << i));
    this.errors = allowedErrors(pattern.length, threshold);
  }

  /** Fuse's score of a lowercased text before its field norm, or undefined when fuse would not match it. */
  score(text: string): number | undefined {
    if (text === this.pattern) return 0;
    const edits = this.fewestEdits(text);
    if (edits > this.errors) return undefined;
    return Math.max(0.001, edits / this.pattern.length);
  }

  /** The edit distance from the pattern to the closest substring of the text. */
  private fewestEdits(text: string): number {
    const length = this.pattern.length;
    const last = 1 << (length - 1);
    let positive = length === 32 ? -1 : (1 << length) - 1;
    let negative = 0;
    let distance = length;
    let best = distance;
    for (let j = 0; j < text.length && best > 0; j++) {
      const equal = this.masks.get(text[j]) ?? 0;
      const vertical = equal | negative;
      const horizontal = ((((equal & positive) + positive) | 0) ^ positive) | equal;
      let up = negative | ~(horizontal | positive);
      let down = positive & horizontal;
      if (up & last) distance++;
      else if (down & last) distance--;
      up <<= 1;
      down <<= 1;
      positive = down | ~(vertical | up);
      negative = up & vertical;
      if (distance < best) best = distance;
    }
    return best;
  }
}

/** Fuse's field norm of a text: 1 / √(number of words), to three decimals. */
export function fieldNorm(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const separator = (code >= 9 && code <= 13) || code === 32 || code === 160;
    if (!separator && !inWord) words++;
    inWord = !separator;
  }
  return Math.round(1000 / Math.sqrt(Math.max(1, words))) / 1000;
}
