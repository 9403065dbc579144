/**
 * One shared copy of each repeated string (tags, publishers, target URIs), to keep the index compact.
 * The pool is keyed by a 32-bit hash of the string rather than by the string: a cold index interns
 * over a million target URIs on the server's thread, and workers can compute the hashes in parallel,
 * which leaves an integer lookup and one comparison here.
 */
const pool = new Map<number, string | string[]>();

/** FNV-1a over the UTF-16 code units: cheap, and spread well enough for URIs that differ near the end. */
export function stringHash(value: string): number {
  return rangeHash(value, 0, value.length);
}

/** `stringHash` of `value[start, end)`, without cutting it out. */
export function rangeHash(value: string, start: number, end: number): number {
  return continuedHash(FNV_OFFSET_BASIS, value, start, end);
}

/** The FNV-1a offset basis: `continuedHash` from it over a whole string is its `stringHash`. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;

/** `stringHash` carried on over `value[start, end)` from the hash of what comes before it. */
export function continuedHash(hash: number, value: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * A key for the second hash of `continueBothHashes`, drawn anew for each load: text crafted to make two strings
 * collide cannot know it, so that with `stringHash` the two hashes make a 64-bit fingerprint an author cannot aim at.
 */
export function randomHashKey(): number {
  return (Math.random() * 0x1_0000_0000) | 0;
}

/**
 * Two hashes carried on together over `value[start, end)`, from and into `hashes[0]` and `hashes[1]`, in one pass
 * over the characters (the million link targets of an archive): `continuedHash`, and a second one that mixes each
 * character in by a multiplication and a shift, sharing no structure with FNV-1a. From `FNV_OFFSET_BASIS` and a
 * `randomHashKey`, they are a string's keyed 64-bit fingerprint.
 */
export function continueBothHashes(hashes: Int32Array, value: string, start: number, end: number): void {
  let first = hashes[0];
  let second = hashes[1];
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    first = Math.imul(first ^ code, 0x01000193);
    const mixed = Math.imul(second ^ code, 0x5bd1e995);
    second = mixed ^ (mixed >>> 15);
  }
  hashes[0] = first;
  hashes[1] = second;
}

/** The pooled copy of a string; the first copy is flattened so it holds no slice of a larger text. */
export function intern(value: string): string {
  return internHashed(value, stringHash(value), flatCopy);
}

/** The pooled copy of a string that is known to be flat (it came from a structured clone or deserialization). */
export function internFlat(value: string, hash = stringHash(value)): string {
  return internHashed(value, hash, (flat) => flat);
}

function internHashed(value: string, hash: number, flatten: (value: string) => string): string {
  const found = pool.get(hash);
  if (found === undefined) {
    const flat = flatten(value);
    pool.set(hash, flat);
    return flat;
  }
  if (typeof found === 'string') {
    if (found === value) return found;
    const flat = flatten(value);
    pool.set(hash, [found, flat]);
    return flat;
  }
  for (const candidate of found) if (candidate === value) return candidate;
  const flat = flatten(value);
  found.push(flat);
  return flat;
}

/** A flat copy of a string, so that a slice does not keep the whole file text it came from alive. */
export function flatCopy(value: string): string {
  if (value.length === 0) return '';
  // Concatenating with a character and slicing it off again does not flatten in V8; a round trip through JSON does.
  return JSON.parse(JSON.stringify(value)) as string;
}
