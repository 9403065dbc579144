/** Messages between the server (or the CLI) and its worker threads. */
import type { LoadedFile } from '../core/bulkLoader';
import type { EntriesConfig } from '../core/config';
import type { IndexedFolder } from '../core/folderWalk';
import type { IndexSnapshot } from '../core/indexSnapshot';
import type { PackedRecords } from '../core/indexCache';
import type { PositionedDiagnostic } from '../core/workspaceCheck';

/**
 * URIs as one string, one per line (no URI holds a line break: names are percent-encoded), with their count:
 * a message copies one string where it would copy a hundred thousand, and the worker splits it in one call.
 */
export interface JoinedUris {
  readonly text: string;
  readonly count: number;
}

/** The URIs as one string for a message to a worker. */
export function joinUris(uris: readonly string[]): JoinedUris {
  return { text: uris.join('\n'), count: uris.length };
}

/** The URIs of a joined string; an error if they were not as many as were joined (a URI with a line break). */
export function splitUris(joined: JoinedUris): string[] {
  if (joined.count === 0) return [];
  const uris = joined.text.split('\n');
  if (uris.length !== joined.count) throw new Error(`${joined.count} URIs were sent, ${uris.length} arrived: one holds a line break`);
  return uris;
}

/** Files of a load by their positions `[from, to)` in the list that its setup and jobs have told a worker. */
export interface ListRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Sent once to each loading worker: every file of the load, so that records name a file (their own, or a
 * link's target) by its position in this list, and the server's thread takes its own strings for them.
 */
export interface LoadSetup {
  readonly kind: 'load';
  readonly uris: JoinedUris;
  /** The load's hash key (`randomHashKey`): every thread fingerprints URIs and link texts with it. */
  readonly key: number;
}

/** Load these files for the index. */
export interface LoadJob {
  readonly kind: 'load';
  /** Folders the worker may read below (file URIs). */
  readonly roots: readonly string[];
  /** The files, as they are or, for a worker that has the load's list, as a range of it. */
  readonly uris: readonly string[] | ListRange;
  readonly maxFileSizes: readonly number[];
  /** Set (as `YYYY-MM-DD`) when the records' clean proofs are wanted, the date rules judging by this day. */
  readonly today?: string;
  /** Files of a load still being listed, appended to the setup's list before the job is done (this job's own among them). */
  readonly listed?: JoinedUris;
}

/** A load job's results: entries packed (strings once, the load's files by position in the setup's list), the rest as they are. */
export interface LoadJobResult {
  readonly entries: PackedRecords;
  readonly others: readonly Exclude<LoadedFile, { kind: 'entry' }>[];
  /** The records' clean proofs (`proofWriter.ts`), when the job asked for them. */
  readonly proofs?: Int32Array<ArrayBuffer>;
}

/** Sent once to each checking worker: what the rules need of the index, and the settings. */
export interface CheckSetup {
  readonly roots: readonly string[];
  readonly snapshot: IndexSnapshot;
  readonly config: EntriesConfig;
  /** Today as `YYYY-MM-DD`, so that every thread judges future dates alike. */
  readonly today: string;
}

/** Check these files against the snapshot. */
export interface CheckJob {
  readonly kind: 'check';
  readonly uris: readonly string[];
}

/** The files of a check job that have problems. */
export type CheckJobResult = readonly { readonly uri: string; readonly diagnostics: readonly PositionedDiagnostic[] }[];

/** List the entry files of these folders; the worker keeps the list for the stat job that may follow. */
export interface ListJob {
  readonly kind: 'list';
  readonly roots: readonly string[];
  readonly folders: readonly IndexedFolder[];
}

/** A list job's files. */
export interface ListJobResult {
  readonly files: readonly string[];
}

/** Stat the first `workerStatCount` files of the worker's last listing. */
export interface StatJob {
  readonly kind: 'stat';
}

/** A stat job's stats: `size, mtime, type` per file (type: 0 gone, then FILE_TYPES' positions + 1). */
export interface StatJobResult {
  readonly stats: Float64Array<ArrayBuffer>;
}

/**
 * How many of a listing's files the worker stats when the server's thread stats the rest: the larger share, since
 * the server's thread starts later (once the cache is restored) and stats more slowly (the restore's garbage).
 */
export function workerStatCount(files: number): number {
  return Math.ceil(files * 0.6);
}

/** The file types as list results number them (from 1; 0 is a file that is gone). */
export const FILE_TYPES = ['file', 'directory', 'symlink', 'other'] as const;
