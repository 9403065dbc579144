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
import type { KnownFiles, LoadJob, LoadJobResult } from './workerProtocol';

const JOB_SIZE = 400;
/** Jobs in flight per worker, so that a worker never waits for the next one. */
const QUEUE_DEPTH = 2;

/** Loads through `workerScript` in as many threads as there are cores (at most four). */
export class WorkerLoader implements BulkLoader {
  constructor(private readonly workerScript: string, private readonly roots: () => readonly string[]) {}

  load(uris: readonly string[], configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: readonly LoadedFile[]) => void): Promise<void> {
    const count = Math.max(1, Math.min(4, availableParallelism(), Math.ceil(uris.length / JOB_SIZE)));
    const workers = Array.from({ length: count }, () => new Worker(this.workerScript));
    let next = 0;
    let pending = 0;
    let jobId = 0;
    return new Promise<void>((resolve, reject) => {
      let finished = false;
      const finish = (error?: Error): void => {
        if (finished) return;
        finished = true;
        for (const worker of workers) void worker.terminate();
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
        const job: LoadJob = { kind: 'job', id: jobId++, roots: this.roots(), uris: slice, maxFileSizes: slice.map((uri) => configFor(uri).maxFileSize) };
        worker.postMessage(job);
      };
      for (const worker of workers) {
        worker.on('message', (message: LoadJobResult) => {
          pending--;
          try {
            if (!token.isCancellationRequested) {
              const entries = unpackRecords(message.entries, uris) ?? [];
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
        const files: KnownFiles = { kind: 'known', uris };
        worker.postMessage(files);
        for (let i = 0; i < QUEUE_DEPTH; i++) send(worker);
      }
      if (uris.length === 0) finish();
    });
  }
}
