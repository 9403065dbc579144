/** Messages between the server and its index workers. */
import type { LoadedFile } from '../core/bulkLoader';

/** Server to worker: load these files. */
export interface LoadJob {
  readonly id: number;
  /** Folders the worker may read below (file URIs). */
  readonly roots: readonly string[];
  readonly uris: readonly string[];
  readonly maxFileSizes: readonly number[];
}

/** Worker to server: the results of one job. */
export interface LoadJobResult {
  readonly id: number;
  readonly results: readonly LoadedFile[];
}
