/**
 * Runs jobs over a set of worker threads that start for one run and end after it: each worker gets
 * an optional first message (shared data), then jobs, a few in flight so that it never waits. The
 * run fails (and every worker ends) on a worker error, a worker that exits early, or a result the
 * caller cannot take.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CancellationToken } from '../core/workspace';

/**
 * A worker's garbage is nearly all short-lived, and little since the summary scanner builds no model: a
 * 16 MB young generation is as fast as 48 MB at 100,000 entries, and the server's peak memory is ~25 MB
 * lower (what the threads' heaps grew to stays resident after they end). The old generation's cap still
 * leaves room for a file at the size limit going through the full parser.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 512 };
/** Jobs in flight per worker. */
const QUEUE_DEPTH = 2;

/** One run's work: jobs made on demand, results handed back in any order. */
export interface PoolRun<Job, Result> {
  /** How many jobs there are. */
  readonly jobCount: number;
  /** The message for job `index` (numbered from 0). */
  job(index: number): Job;
  /** Takes a job's result; throwing ends the run with that error. */
  take(result: Result, index: number): void;
  /** Sent to each worker before its first job. */
  readonly setup?: unknown;
  /** At most this many threads (jobs that build on an earlier one's state in the worker need one). */
  readonly maxWorkers?: number;
}

/** Runs the jobs in as many threads as there are cores (at most four, at most one per job, at most `maxWorkers`); one thread takes its jobs in order. */
export function runOnWorkers<Job, Result>(script: string, run: PoolRun<Job, Result>, token: CancellationToken): Promise<void> {
  const count = Math.max(1, Math.min(4, availableParallelism(), run.jobCount, run.maxWorkers ?? 4));
  const workers = Array.from({ length: count }, () => new Worker(script, { resourceLimits: WORKER_LIMITS }));
  let next = 0;
  let pending = 0;
  return new Promise<void>((resolve, reject) => {
    let finished = false;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      for (const worker of workers) {
        // The listeners hold this run's data: a terminated worker must not keep it alive.
        worker.removeAllListeners();
        worker.on('error', () => undefined);
        void worker.terminate();
      }
      if (error) reject(error);
      else resolve();
    };
    const send = (worker: Worker): void => {
      if (next >= run.jobCount || token.isCancellationRequested) {
        if (pending === 0) finish();
        return;
      }
      pending++;
      const index = next++;
      worker.postMessage({ index, job: run.job(index) });
    };
    const start = (): void => {
      for (const worker of workers) {
        worker.on('message', (message: { index: number; result: Result }) => {
          pending--;
          try {
            if (!token.isCancellationRequested) run.take(message.result, message.index);
            send(worker);
          } catch (error) {
            finish(error instanceof Error ? error : new Error(String(error)));
          }
        });
        worker.on('error', (error) => finish(error));
        // A worker that ends without an error event (killed, out of memory) must not leave the run pending.
        worker.on('exit', (code) => finish(new Error(`a worker exited (code ${code})`)));
        if (run.setup !== undefined) worker.postMessage({ setup: run.setup });
        for (let i = 0; i < QUEUE_DEPTH; i++) send(worker);
      }
      if (run.jobCount === 0) finish();
    };
    try {
      start();
    } catch (error) {
      // A job that cannot be made or sent (one that does not clone) ends the run, and every worker with it.
      finish(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
