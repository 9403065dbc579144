/** Searches in sorted arrays of numbers. */

/** The position of the last value at or below `value` in ascending `sorted` (0 when none is, or the array is empty). */
export function lastAtOrBelow(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle] <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}
