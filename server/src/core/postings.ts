/**
 * Lists of entry ordinals (which entries hold a word, or a tag) in one typed array: 100,000 entries
 * hold millions of words and tags, and arrays of numbers per list would be both large and, once
 * built, garbage that keeps the heap large.
 */

/** List `id` is `ordinals[starts[id]…starts[id + 1]]`, ascending, each ordinal once. */
export interface Postings {
  readonly starts: Int32Array;
  readonly ordinals: Int32Array;
}

/** One list of a Postings. */
export function postingsOf(postings: Postings, id: number): Int32Array {
  return postings.ordinals.subarray(postings.starts[id], postings.starts[id + 1]);
}

/** Collects (list, ordinal) pairs in typed arrays; `build` sorts them into lists by counting. */
export class PostingsBuilder {
  private ids = new Int32Array(4096);
  private ordinals = new Int32Array(4096);
  private length = 0;

  /** Adds an ordinal to a list; ordinals must come in ascending order (repeats are dropped by `build`). */
  add(id: number, ordinal: number): void {
    if (this.length === this.ids.length) {
      this.ids = grown(this.ids);
      this.ordinals = grown(this.ordinals);
    }
    this.ids[this.length] = id;
    this.ordinals[this.length++] = ordinal;
  }

  /** The lists, for ids below `listCount`. */
  build(listCount: number): Postings {
    const starts = new Int32Array(listCount + 1);
    for (let i = 0; i < this.length; i++) starts[this.ids[i] + 1]++;
    for (let id = 0; id < listCount; id++) starts[id + 1] += starts[id];
    const filled = starts.slice(0, listCount);
    const sorted = new Int32Array(this.length);
    // A stable counting sort: each list keeps the ascending order in which its ordinals came.
    for (let i = 0; i < this.length; i++) sorted[filled[this.ids[i]]++] = this.ordinals[i];
    // Drops repeats (a word twice in one headline) by compacting each list in place.
    let write = 0;
    for (let id = 0; id < listCount; id++) {
      const from = starts[id];
      const to = starts[id + 1];
      starts[id] = write;
      for (let read = from; read < to; read++) if (read === from || sorted[read] !== sorted[read - 1]) sorted[write++] = sorted[read];
    }
    starts[listCount] = write;
    return { starts, ordinals: sorted.slice(0, write) };
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}
