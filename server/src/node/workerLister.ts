/**
 * Lists (and stats) the workspace folders in a worker thread. A warm start asks for it before restoring
 * the cache, so that the walk and the 100,000 stats of the verification run beside the restore. The
 * worker sends the files as soon as it has walked; when a `FileSystem` is given, the worker stats the
 * first part of them (`workerStatCount`) and this thread the rest, once it is free (after the restore, it
 * would only wait): the verification of 100,000 files ends ~0.25 s sooner.
 */
import type { FolderListing, IndexedFolder } from '../core/folderWalk';
import type { CancellationToken, FileStat, FileSystem } from '../core/workspace';
import { yieldToRequests } from '../core/yieldToRequests';
import { runOnWorkers } from './workerPool';
import { FILE_TYPES, workerStatCount, type ListJob, type ListJobResult, type StatJob, type StatJobResult } from './workerProtocol';

/** Files stated on this thread between two turns of the requests. */
const STAT_CHUNK = 2000;

/** How the listing's files are stated: not at all, all in the worker, or shared between it and `shareWith` here. */
export type ListingStats = 'none' | 'worker' | { readonly shareWith: Required<Pick<FileSystem, 'statMany'>> };

/** The listing of `folders`, made in one worker thread reading below `roots` only. */
export async function listOnWorker(
  workerScript: string, roots: readonly string[], folders: readonly IndexedFolder[], stats: ListingStats, token: CancellationToken,
): Promise<FolderListing | undefined> {
  let files: readonly string[] | undefined;
  let workerStats: Float64Array | undefined;
  let hereStats: Promise<(FileStat | undefined)[]> | undefined;
  const shared = typeof stats === 'object' ? stats.shareWith : undefined;
  await runOnWorkers<ListJob | StatJob, ListJobResult | StatJobResult>(workerScript, {
    jobCount: stats === 'none' ? 1 : 2,
    // The stat job stats what the list job found: both go to one thread, which takes them in order.
    maxWorkers: 1,
    job: (index) => (index === 0 ? { kind: 'list', roots, folders } : { kind: 'stat', all: !shared }),
    take: (result, index) => {
      if (index === 1) {
        workerStats = (result as StatJobResult).stats;
        return;
      }
      files = (result as ListJobResult).files;
      if (shared) hereStats = statHere(shared, files.slice(workerStatCount(files.length)), token);
    },
  }, token);
  if (!files) return undefined;
  if (stats === 'none') return { files };
  const stated = statsOf(workerStats, shared ? workerStatCount(files.length) : files.length);
  return { files, stats: hereStats ? stated.concat(await hereStats) : stated };
}

/** Stats files on this thread in chunks, letting requests in between. */
async function statHere(fs: Required<Pick<FileSystem, 'statMany'>>, files: readonly string[], token: CancellationToken): Promise<(FileStat | undefined)[]> {
  const stats: (FileStat | undefined)[] = [];
  for (let start = 0; start < files.length && !token.isCancellationRequested; start += STAT_CHUNK) {
    stats.push(...(await fs.statMany(files.slice(start, start + STAT_CHUNK))));
    await yieldToRequests();
  }
  return stats;
}

function statsOf(packed: Float64Array | undefined, count: number): (FileStat | undefined)[] {
  if (!packed || packed.length !== count * 3) throw new Error('a listing worker sent stats of the wrong length');
  const stats = new Array<FileStat | undefined>(count);
  for (let i = 0; i < count; i++) {
    const type = FILE_TYPES[packed[i * 3 + 2] - 1];
    stats[i] = type === undefined ? undefined : { size: packed[i * 3], mtime: packed[i * 3 + 1], type };
  }
  return stats;
}
