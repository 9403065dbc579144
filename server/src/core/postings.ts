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

/**
 * Collects (list, ordinal) pairs, ordinals ascending; `build` sorts them into lists by counting. The
 * list ids are kept in one typed array, and each ordinal once with where its ids start.
 */
export class PostingsBuilder {
  private ids = new Int32Array(4096);
  private length = 0;
  private runOrdinals = new Int32Array(1024);
  private runStarts = new Int32Array(1024);
  private runs = 0;

  /** Adds an ordinal to a list; ordinals must come in ascending order (repeats are dropped by `build`). */
  add(id: number, ordinal: number): void {
    if (this.runs === 0 || this.runOrdinals[this.runs - 1] !== ordinal) {
      if (this.runs === this.runOrdinals.length) {
        this.runOrdinals = grown(this.runOrdinals);
        this.runStarts = grown(this.runStarts);
      }
      this.runOrdinals[this.runs] = ordinal;
      this.runStarts[this.runs++] = this.length;
    }
    if (this.length === this.ids.length) this.ids = grown(this.ids);
    this.ids[this.length++] = id;
  }

  /** The lists, for ids below `listCount`. */
  build(listCount: number): Postings {
    const starts = new Int32Array(listCount + 1);
    for (let i = 0; i < this.length; i++) starts[this.ids[i] + 1]++;
    for (let id = 0; id < listCount; id++) starts[id + 1] += starts[id];
    const filled = starts.slice(0, listCount);
    const sorted = new Int32Array(this.length);
    // A stable counting sort: each list keeps the ascending order in which its ordinals came.
    for (let run = 0; run < this.runs; run++) {
      const end = run + 1 < this.runs ? this.runStarts[run + 1] : this.length;
      for (let i = this.runStarts[run]; i < end; i++) sorted[filled[this.ids[i]]++] = this.runOrdinals[run];
    }
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

/** A copy with half as much room again: doubling would leave too much unused at millions of pairs. */
function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.ceil(array.length * 1.5));
  next.set(array);
  return next;
}
