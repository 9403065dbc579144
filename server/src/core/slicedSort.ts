/**
 * A stable sort done a slice at a time, with requests between slices: sorting the 100,000 records of a cold index
 * by URI takes ~0.3–0.5 s of one thread, which the cache's save must not hold at once.
 */
import { yieldToRequests } from './yieldToRequests';

/** Items sorted by the engine's own sort in one piece: ~1 ms of work for URIs. */
const RUN = 2048;

/**
 * Sorts `items` (a new array; the given one is left as it was), stably, by `compare`: runs sorted whole, then merged
 * pairwise, the thread let go to requests whenever `sliceMs` have passed. A list already in order costs one pass.
 */
export async function sortInSlices<T>(items: readonly T[], compare: (a: T, b: T) => number, sliceMs = 8): Promise<T[]> {
  let from = items.slice();
  if (isSorted(from, compare)) return from;
  let deadline = Date.now() + sliceMs;
  const breathe = async (): Promise<void> => {
    if (Date.now() < deadline) return;
    await yieldToRequests();
    deadline = Date.now() + sliceMs;
  };
  for (let start = 0; start < from.length; start += RUN) {
    const run = from.slice(start, start + RUN).sort(compare);
    for (let at = 0; at < run.length; at++) from[start + at] = run[at];
    await breathe();
  }
  let to = new Array<T>(from.length);
  for (let width = RUN; width < from.length; width *= 2) {
    for (let low = 0; low < from.length; low += 2 * width) {
      await mergeInSlices(from, to, low, Math.min(low + width, from.length), Math.min(low + 2 * width, from.length), compare, breathe);
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Merges the sorted ranges [low, middle) and [middle, high) of `from` into the same range of `to`, taking the left first on ties. */
async function mergeInSlices<T>(
  from: readonly T[], to: T[], low: number, middle: number, high: number, compare: (a: T, b: T) => number, breathe: () => Promise<void>,
): Promise<void> {
  let left = low;
  let right = middle;
  for (let out = low; out < high;) {
    // A few thousand items between looks at the clock.
    const end = Math.min(high, out + RUN);
    for (; out < end; out++) {
      if (left < middle && (right >= high || compare(from[right], from[left]) >= 0)) to[out] = from[left++];
      else to[out] = from[right++];
    }
    await breathe();
  }
}

function isSorted<T>(items: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let at = 1; at < items.length; at++) if (compare(items[at - 1], items[at]) > 0) return false;
  return true;
}
