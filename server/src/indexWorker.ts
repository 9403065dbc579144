/**
 * A worker thread of the server and the CLI. Load jobs: read files synchronously (no thread-pool hop
 * per file), scan them for their records (extract and summarize those the scanner declines), post the
 * records back. Check jobs (the CLI): diagnose files against a snapshot of the index. It reads only
 * below the roots it is given.
 */
import { parentPort } from 'node:worker_threads';
import { diagnoseEntry } from './core/diagnostics/diagnose';
import { TypoFinder } from './core/diagnostics/typoFinder';
import { readEntry } from './core/extractor';
import { parseIsoDate, type CalendarDate } from './core/format';
import { SnapshotIndex } from './core/indexSnapshot';
import { checkBytes, positioned } from './core/workspaceCheck';
import { NodeFileSystem } from './lsp/nodeFileSystem';
import { listFolders } from './core/folderWalk';
import { NEVER_CANCELLED, SILENT_LOGGER } from './core/workspace';
import { KnownUris } from './core/knownUris';
import { loadJob } from './node/loadJob';
import { FILE_TYPES, splitUris, workerStatCount, type CheckJob, type CheckJobResult, type CheckSetup, type ListJob, type ListJobResult, type LoadJob, type LoadJobResult, type LoadSetup, type StatJob, type StatJobResult } from './node/workerProtocol';

const fs = new NodeFileSystem(true);
let checking: { setup: CheckSetup; index: SnapshotIndex; typos: TypoFinder; today: CalendarDate } | undefined;

/** The whole load's files, when a load's setup gave them. */
let loadFiles: KnownUris | undefined;
/** The last list job's files, which a stat job waits for (the walk yields, so the stat job's message comes in meanwhile). */
let listed: Promise<readonly string[]> = Promise.resolve([]);

parentPort?.on('message', (message: { setup: CheckSetup | LoadSetup } | { index: number; job: LoadJob | CheckJob | ListJob | StatJob }) => {
  if ('setup' in message) {
    const { setup } = message;
    if ('kind' in setup) {
      loadFiles = new KnownUris(splitUris(setup.uris), setup.key);
      return;
    }
    const index = new SnapshotIndex(setup.snapshot);
    const today = parseIsoDate(setup.today);
    if (typeof today !== 'object') throw new Error(`bad date ${setup.today}`);
    checking = { setup, index, typos: new TypoFinder(index), today };
    fs.setRoots(setup.roots);
    return;
  }
  const { index, job } = message;
  if (job.kind === 'list') {
    listed = list(job);
    void listed.then((files) => parentPort!.postMessage({ index, result: { files } satisfies ListJobResult }));
    return;
  }
  if (job.kind === 'stat') {
    void listed.then((files) => stat(files.slice(0, workerStatCount(files.length)))).then((result) => parentPort!.postMessage({ index, result }, [result.stats.buffer]));
    return;
  }
  if (job.kind === 'load' && job.listed) loadFiles?.add(splitUris(job.listed));
  const result = job.kind === 'load' ? loadJob(job, fs, loadFiles) : check(job);
  const packed = job.kind === 'load' ? (result as LoadJobResult).entries : undefined;
  const proofs = job.kind === 'load' ? (result as LoadJobResult).proofs : undefined;
  const transfer = packed ? [packed.numbers.buffer, packed.stamps.buffer, ...(packed.hashes ? [packed.hashes.buffer] : []), ...(proofs ? [proofs.buffer] : [])] : [];
  parentPort!.postMessage({ index, result }, transfer);
});

/** Walks the folders with their settings, as the indexer would in the server's thread. */
async function list(job: ListJob): Promise<readonly string[]> {
  fs.setRoots(job.roots);
  return listFolders(fs, SILENT_LOGGER, job.folders, NEVER_CANCELLED);
}

/** Stats files (below the last list job's roots) into `size, mtime, type` triples. */
async function stat(files: readonly string[]): Promise<StatJobResult> {
  const found = await fs.statMany(files);
  const stats = new Float64Array(files.length * 3);
  found.forEach((stat, i) => {
    if (!stat) return;
    stats[i * 3] = stat.size;
    stats[i * 3 + 1] = stat.mtime;
    stats[i * 3 + 2] = FILE_TYPES.indexOf(stat.type) + 1;
  });
  return { stats };
}

function check(job: CheckJob): CheckJobResult {
  if (!checking) throw new Error('a check job came before the snapshot');
  const { setup: { config }, index, typos, today } = checking;
  const out: { uri: string; diagnostics: ReturnType<typeof positioned> }[] = [];
  for (const uri of job.uris) {
    const bytes = fs.readFileSync(uri);
    if (!bytes) continue;
    const report = checkBytes(uri, bytes, config, (text) => diagnoseEntry({ uri, text, entry: readEntry(text), index, today, config, typos }));
    if (report.diagnostics.length > 0) out.push({ uri, diagnostics: positioned(report) });
  }
  return out;
}
