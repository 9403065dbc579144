/**
 * Small seeded random helpers for the corpus generator. Everything derives from
 * mulberry32 so that a seed reproduces a corpus byte for byte on any machine.
 */

/** A source of uniform numbers in `[0, 1)`. */
export type Random = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG, plenty for synthetic text. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with a salt so that independent streams (plan, render, …) do not overlap. */
export function deriveSeed(seed: number, salt: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** A whole number in `[min, max]`. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
  return random() < p;
}

/**
 * Draws ranks `0 … n-1` with probability proportional to `1 / (rank + 1)^exponent`:
 * the few top ranks dominate, the long tail is rare, as with real topic tags.
 */
export class ZipfSampler {
  private readonly cdf: Float64Array;

  constructor(n: number, exponent: number) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let rank = 0; rank < n; rank++) {
      sum += 1 / Math.pow(rank + 1, exponent);
      this.cdf[rank] = sum;
    }
    for (let rank = 0; rank < n; rank++) this.cdf[rank] /= sum;
  }

  /** One rank; binary search keeps it O(log n). */
  sample(random: Random): number {
    const u = random();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
