/**
 * Lists (and stats) the workspace folders in a worker thread. A warm start asks for it before restoring
 * the cache, so that the walk and the 100,000 stats of the verification run beside the restore.
 */
import type { FolderListing, IndexedFolder } from '../core/folderWalk';
import type { CancellationToken, FileStat } from '../core/workspace';
import { runOnWorkers } from './workerPool';
import { FILE_TYPES, type ListJob, type ListJobResult } from './workerProtocol';

/** The listing of `folders`, made in one worker thread reading below `roots` only. */
export async function listOnWorker(
  workerScript: string, roots: readonly string[], folders: readonly IndexedFolder[], withStats: boolean, token: CancellationToken,
): Promise<FolderListing | undefined> {
  let listing: FolderListing | undefined;
  await runOnWorkers<ListJob, ListJobResult>(workerScript, {
    jobCount: 1,
    job: () => ({ kind: 'list', roots, folders, withStats }),
    take: (result) => {
      listing = { files: result.files, stats: result.stats && statsOf(result.stats, result.files.length) };
    },
  }, token);
  return listing;
}

function statsOf(packed: Float64Array, count: number): (FileStat | undefined)[] {
  if (packed.length !== count * 3) throw new Error('a listing worker sent stats of the wrong length');
  const stats = new Array<FileStat | undefined>(count);
  for (let i = 0; i < count; i++) {
    const type = FILE_TYPES[packed[i * 3 + 2] - 1];
    stats[i] = type === undefined ? undefined : { size: packed[i * 3], mtime: packed[i * 3 + 1], type };
  }
  return stats;
}
