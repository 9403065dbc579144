/** One shared copy of each repeated string (tags, publishers, target URIs), to keep the index compact. */
const pool = new Map<string, string>();

/** The pooled copy of a string; the first copy is flattened so it holds no slice of a larger text. */
export function intern(value: string): string {
  return internAs(value, flatCopy);
}

/** The pooled copy of a string that is known to be flat (it came from a structured clone or deserialization). */
export function internFlat(value: string): string {
  return internAs(value, (flat) => flat);
}

function internAs(value: string, flatten: (value: string) => string): string {
  const existing = pool.get(value);
  if (existing !== undefined) return existing;
  const flat = flatten(value);
  pool.set(flat, flat);
  return flat;
}

/** A flat copy of a string, so that a slice does not keep the whole file text it came from alive. */
export function flatCopy(value: string): string {
  if (value.length === 0) return '';
  // Concatenating with a character and slicing it off again does not flatten in V8; a round trip through JSON does.
  return JSON.parse(JSON.stringify(value)) as string;
}
