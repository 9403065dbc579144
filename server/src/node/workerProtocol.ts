/** Messages between the server and its index workers. */
import type { LoadedFile } from '../core/bulkLoader';
import type { PackedRecords } from '../core/indexCache';

/** Server to worker: load these files. */
export interface LoadJob {
  readonly id: number;
  /** Folders the worker may read below (file URIs). */
  readonly roots: readonly string[];
  readonly uris: readonly string[];
  readonly maxFileSizes: readonly number[];
}

/** Worker to server: the results of one job; entries packed (strings once, the job's URIs by position), the rest as they are. */
export interface LoadJobResult {
  readonly id: number;
  readonly entries: PackedRecords;
  readonly others: readonly Exclude<LoadedFile, { kind: 'entry' }>[];
}
