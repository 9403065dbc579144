/**
 * Lists of entry ordinals (which entries hold a word, or a tag) in one typed array: 100,000 entries
 * hold millions of words and tags, and arrays of numbers per list would be both large and, once
 * built, garbage that keeps the heap large.
 */
import { withRoom } from './typedArrays';

/** List `id` is `ordinals[starts[id]…starts[id + 1]]`, ascending, each ordinal once. */
export interface Postings {
  readonly starts: Int32Array;
  readonly ordinals: Int32Array;
}

/** One list of a Postings. */
export function postingsOf(postings: Postings, id: number): Int32Array {
  return postings.ordinals.subarray(postings.starts[id], postings.starts[id + 1]);
}

/** List ids are kept in chunks of this many: growing one array by copying would leave tens of megabytes of garbage at 100k entries. */
const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;

/**
 * Collects (list, ordinal) pairs, ordinals ascending; `build` sorts them into lists by counting. The
 * list ids are kept in fixed-size typed-array chunks, and each ordinal once with where its ids start.
 */
export class PostingsBuilder {
  private readonly chunks: Int32Array[] = [];
  private length = 0;
  /** The last ordinal added to each list, so that a repeat (a word twice in one headline) is dropped as it comes. */
  private lastOrdinalOf = new Int32Array(1024).fill(-1);
  private runOrdinals = new Int32Array(1024);
  private runStarts = new Int32Array(1024);
  private runs = 0;

  /** Adds an ordinal to a list; ordinals must come in ascending order (repeats are dropped). */
  add(id: number, ordinal: number): void {
    if (id >= this.lastOrdinalOf.length) this.lastOrdinalOf = withRoom(this.lastOrdinalOf, id + 1, -1);
    if (this.lastOrdinalOf[id] === ordinal) return;
    this.lastOrdinalOf[id] = ordinal;
    if (this.runs === 0 || this.runOrdinals[this.runs - 1] !== ordinal) {
      if (this.runs === this.runOrdinals.length) {
        this.runOrdinals = withRoom(this.runOrdinals, this.runs + 1);
        this.runStarts = withRoom(this.runStarts, this.runs + 1);
      }
      this.runOrdinals[this.runs] = ordinal;
      this.runStarts[this.runs++] = this.length;
    }
    if ((this.length & (CHUNK_SIZE - 1)) === 0) this.chunks.push(new Int32Array(CHUNK_SIZE));
    this.chunks[this.length >>> CHUNK_BITS][this.length & (CHUNK_SIZE - 1)] = id;
    this.length++;
  }

  /** The lists, for ids below `listCount`. */
  build(listCount: number): Postings {
    const { chunks } = this;
    const idAt = (i: number): number => chunks[i >>> CHUNK_BITS][i & (CHUNK_SIZE - 1)];
    const starts = new Int32Array(listCount + 1);
    for (let i = 0; i < this.length; i++) starts[idAt(i) + 1]++;
    for (let id = 0; id < listCount; id++) starts[id + 1] += starts[id];
    const filled = starts.slice(0, listCount);
    // Exactly as long as the pairs kept: with repeats dropped as they came, nothing is left to compact.
    const ordinals = new Int32Array(this.length);
    // A stable counting sort: each list keeps the ascending order in which its ordinals came.
    for (let run = 0; run < this.runs; run++) {
      const end = run + 1 < this.runs ? this.runStarts[run + 1] : this.length;
      for (let i = this.runStarts[run]; i < end; i++) ordinals[filled[idAt(i)]++] = this.runOrdinals[run];
    }
    return { starts, ordinals };
  }
}

