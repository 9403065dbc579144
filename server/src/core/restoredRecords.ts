/**
 * The records a warm start restored from the cache and has not decoded yet. The index holds each as a small
 * integer (no object for 100,000 records), its number here: records are numbered in the order of their
 * sources. They are decoded one by one, when first read or by `WorkspaceIndex.decodeRestored`; the sources
 * (and the cache's bytes they hold) go once every record is decoded.
 */
import type { CompactEntry, FileStamp, RecordSource } from './compactEntry';
import { lastAtOrBelow } from './sortedSearch';

/** Restored records by number. */
export class RestoredRecords {
  private sources: RecordSource[] = [];
  /** The number of each source's first record. */
  private starts: number[] = [];
  private total = 0;
  /** How many records are still pending; and where the pass that decodes them all has got to. */
  private pending = 0;
  private cursor = 0;

  /** Takes the sources' records, numbered from 0; `visit` is called with each record's URI and number. */
  take(sources: readonly RecordSource[], visit: (uri: string, number: number) => void): void {
    this.sources = [...sources];
    this.starts = [];
    this.total = 0;
    this.cursor = 0;
    for (const source of sources) {
      this.starts.push(this.total);
      for (let record = 0; record < source.count; record++) visit(source.uriOf(record), this.total + record);
      this.total += source.count;
    }
  }

  /** Counts a record as pending (one the index keeps under its number). */
  hold(): void {
    this.pending++;
  }

  /** How many records are pending. */
  get count(): number {
    return this.pending;
  }

  /** A record's date, without decoding it. */
  dateOf(number: number): string | undefined {
    const [source, record] = this.locate(number);
    return source.dateOf(record);
  }

  /** The size and mtime of the file a record was read from. */
  stampOf(number: number): FileStamp {
    const [source, record] = this.locate(number);
    return { size: source.sizeOf(record), mtime: source.mtimeOf(record) };
  }

  /** A pending record, decoded; it is no longer pending. */
  decode(number: number): CompactEntry {
    const [source, record] = this.locate(number);
    const entry = source.decode(record);
    if (--this.pending === 0) this.release();
    return entry;
  }

  /**
   * The next records of the pass that decodes them all, in order, as URI and number, at most `limit` of them;
   * none once the pass is over, when nothing is left pending whatever the count said.
   */
  next(limit: number): { uri: string; number: number }[] {
    const out: { uri: string; number: number }[] = [];
    while (out.length < limit && this.cursor < this.total) {
      const number = this.cursor++;
      const [source, record] = this.locate(number);
      out.push({ uri: source.uriOf(record), number });
    }
    if (this.cursor >= this.total && out.length === 0) this.release();
    return out;
  }

  private locate(number: number): [RecordSource, number] {
    const source = lastAtOrBelow(this.starts, number);
    return [this.sources[source], number - this.starts[source]];
  }

  private release(): void {
    this.pending = 0;
    this.sources = [];
    this.starts = [];
    this.total = 0;
    this.cursor = 0;
  }
}
