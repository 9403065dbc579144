/** Growing typed arrays that tables keep their numbers in. */

/**
 * `array`, or a copy of it with room for `length` elements when it has less: by half as much room again at least,
 * so that a table that grows one step at a time is copied rarely. Elements beyond the old ones are `fill`.
 */
export function withRoom<T extends Int32Array | Uint8Array>(array: T, length: number, fill = 0): T {
  if (array.length >= length) return array;
  const copy = new (array.constructor as new (length: number) => T)(Math.max(length, Math.ceil(array.length * 1.5)));
  copy.set(array);
  if (fill !== 0) copy.fill(fill, array.length);
  return copy;
}
