/**
 * A BulkLoader that spreads files over worker threads, so that cold indexing uses every core and the
 * server's own thread stays free to answer requests. Workers start for a load and end after it.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BulkLoader, LoadedFile } from '../core/bulkLoader';
import type { EntriesConfig } from '../core/config';
import { unpackRecords } from '../core/indexCache';
import type { CancellationToken } from '../core/workspace';
import type { LoadJob, LoadJobResult } from './workerProtocol';

const JOB_SIZE = 400;
/**
 * A worker holds one job's files at a time: a small young generation keeps its memory small, and the
 * old generation's cap still leaves room for a file at the size limit going through the full parser.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 };
/** Jobs in flight per worker, so that a worker never waits for the next one. */
const QUEUE_DEPTH = 2;

/** Loads through `workerScript` in as many threads as there are cores (at most four). */
export class WorkerLoader implements BulkLoader {
  constructor(private readonly workerScript: string, private readonly roots: () => readonly string[]) {}

  load(uris: readonly string[], configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: readonly LoadedFile[]) => void): Promise<void> {
    const count = Math.max(1, Math.min(4, availableParallelism(), Math.ceil(uris.length / JOB_SIZE)));
    const workers = Array.from({ length: count }, () => new Worker(this.workerScript, { resourceLimits: WORKER_LIMITS }));
    let next = 0;
    let pending = 0;
    let jobId = 0;
    const jobs = new Map<number, readonly string[]>();
    return new Promise<void>((resolve, reject) => {
      let finished = false;
      const finish = (error?: Error): void => {
        if (finished) return;
        finished = true;
        for (const worker of workers) {
          // The listeners hold this load's file list: a terminated worker must not keep it alive.
          worker.removeAllListeners();
          worker.on('error', () => undefined);
          void worker.terminate();
        }
        if (error) reject(error);
        else resolve();
      };
      const send = (worker: Worker): void => {
        if (next >= uris.length || token.isCancellationRequested) {
          if (pending === 0) finish();
          return;
        }
        const slice = uris.slice(next, next + JOB_SIZE);
        next += slice.length;
        pending++;
        const job: LoadJob = { id: jobId++, roots: this.roots(), uris: slice, maxFileSizes: slice.map((uri) => configFor(uri).maxFileSize) };
        jobs.set(job.id, slice);
        worker.postMessage(job);
      };
      for (const worker of workers) {
        worker.on('message', (message: LoadJobResult) => {
          pending--;
          const slice = jobs.get(message.id);
          jobs.delete(message.id);
          try {
            if (!token.isCancellationRequested) {
              const entries = unpackRecords(message.entries, slice);
              if (!entries) throw new Error('an index worker sent records that do not unpack');
              onBatch([...entries.map(({ entry, stamp }): LoadedFile => ({ uri: entry.uri, kind: 'entry', summary: entry, stamp })), ...message.others]);
            }
            send(worker);
          } catch (error) {
            // A bad message must end this load, not the server.
            finish(error instanceof Error ? error : new Error(String(error)));
          }
        });
        worker.on('error', (error) => finish(error));
        // A worker that ends without an error event (killed, out of memory) must not leave the load pending.
        worker.on('exit', (code) => finish(new Error(`an index worker exited (code ${code})`)));
        for (let i = 0; i < QUEUE_DEPTH; i++) send(worker);
      }
      if (uris.length === 0) finish();
    });
  }
}
