/**
 * Lists (and stats) the workspace folders in a worker thread. A warm start asks for it before restoring
 * the cache, so that the walk and the 100,000 stats of the verification run beside the restore. The
 * worker sends the files as soon as it has walked; when stats are asked for, the worker stats the first
 * part of them (`workerStatCount`) and this thread the rest, once it is free (after the restore, it
 * would only wait): the verification of 100,000 files ends ~0.25 s sooner.
 */
import type { FolderListing, IndexedFolder } from '../core/folderWalk';
import type { CancellationToken, FileStat, FileSystem } from '../core/workspace';
import { yieldToRequests } from '../core/yieldToRequests';
import { runOnWorkers } from './workerPool';
import { FILE_TYPES, workerStatCount, type ListJob, type ListJobResult, type StatJob, type StatJobResult } from './workerProtocol';

/** Files stated on this thread between two turns of the requests. */
const STAT_CHUNK = 2000;

/** What stats this thread's share of the files. */
export type StatsHere = Required<Pick<FileSystem, 'statMany'>>;

/**
 * The listing of `folders`, made in one worker thread reading below `roots` only; with `statsHere`, with the
 * files' stats. Undefined when cancelled.
 */
export async function listOnWorker(
  workerScript: string, roots: readonly string[], folders: readonly IndexedFolder[], statsHere: StatsHere | undefined, token: CancellationToken,
): Promise<FolderListing | undefined> {
  let files: readonly string[] | undefined;
  let workerStats: Float64Array | undefined;
  let hereStats: Promise<(FileStat | undefined)[] | Error> | undefined;
  // This thread's share stops when the run fails (the server then walks the folders itself) or is cancelled.
  let runFailed = false;
  const stopHere = { get isCancellationRequested() { return runFailed || token.isCancellationRequested; } };
  try {
    await runOnWorkers<ListJob | StatJob, ListJobResult | StatJobResult>(workerScript, {
      jobCount: statsHere ? 2 : 1,
      // The stat job stats what the list job found: both go to one thread, which takes them in order.
      maxWorkers: 1,
      job: (index) => (index === 0 ? { kind: 'list', roots, folders } : { kind: 'stat' }),
      take: (result, index) => {
        if (index === 1) {
          workerStats = (result as StatJobResult).stats;
          return;
        }
        files = (result as ListJobResult).files;
        // Settled at once, to an error rather than a rejection: nothing may reject unheard while the worker stats its share.
        if (statsHere) hereStats = statHere(statsHere, files.slice(workerStatCount(files.length)), stopHere).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      },
    }, token);
  } catch (error) {
    runFailed = true;
    throw error;
  }
  if (!files || token.isCancellationRequested) return undefined;
  if (!statsHere || !hereStats) return { files };
  const here = await hereStats;
  if (token.isCancellationRequested) return undefined;
  if (here instanceof Error) throw here;
  return { files, stats: statsOf(workerStats, workerStatCount(files.length)).concat(here) };
}

/** Stats files on this thread in chunks, letting requests in between. */
async function statHere(fs: StatsHere, files: readonly string[], token: CancellationToken): Promise<(FileStat | undefined)[]> {
  const stats: (FileStat | undefined)[] = [];
  for (let start = 0; start < files.length; start += STAT_CHUNK) {
    if (token.isCancellationRequested) throw new Error('stopped');
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
