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
  /** How many jobs there are; while `growing`, how many can be made so far. */
  readonly jobCount: number;
  /** The message for job `index` (numbered from 0), to go to the worker numbered `worker`. */
  job(index: number, worker: number): Job;
  /** Takes a job's result; throwing ends the run with that error. */
  take(result: Result, index: number): void;
  /** Sent to each worker before its first job. */
  readonly setup?: unknown;
  /** At most this many threads (jobs that build on an earlier one's state in the worker need one). */
  readonly maxWorkers?: number;
  /**
   * For a run whose jobs come while it runs: `done` tells whether `jobCount` is final, and `more` resolves
   * once it has grown or become final. Workers that find no job wait for it. Until it is done, only
   * `busyWhileGrowing` workers get jobs: what makes the jobs (a walk) needs a core of its own.
   */
  readonly growing?: { readonly done: () => boolean; readonly more: () => Promise<void>; readonly busyWhileGrowing: number };
}

/** Runs the jobs in as many threads as there are cores (at most four, at most one per job, at most `maxWorkers`); one thread takes its jobs in order. */
export function runOnWorkers<Job, Result>(script: string, run: PoolRun<Job, Result>, token: CancellationToken): Promise<void> {
  const count = Math.max(1, Math.min(4, availableParallelism(), run.growing ? Infinity : run.jobCount, run.maxWorkers ?? 4));
  const workers = Array.from({ length: count }, () => new Worker(script, { resourceLimits: WORKER_LIMITS }));
  let next = 0;
  let pending = 0;
  /** Jobs sent to each worker and not answered yet; workers that found no job while more may come, and whether a wait for more is under way. */
  const inFlight = workers.map(() => 0);
  const idle = new Set<number>();
  let waiting = false;
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
    const failed = (error: unknown): void => finish(error instanceof Error ? error : new Error(String(error)));
    /** Sends a worker jobs until it has QUEUE_DEPTH in flight; with none to send, it waits for more, or the run ends. */
    const fill = (at: number): void => {
      while (!finished && inFlight[at] < QUEUE_DEPTH) {
        const growing = run.growing && !run.growing.done() ? run.growing : undefined;
        if (!token.isCancellationRequested && growing && (next >= run.jobCount || at >= growing.busyWhileGrowing)) {
          idle.add(at);
          waitForMore();
          return;
        }
        if (next >= run.jobCount || token.isCancellationRequested) {
          if (pending === 0) finish();
          return;
        }
        pending++;
        inFlight[at]++;
        const index = next++;
        workers[at].postMessage({ index, job: run.job(index, at) });
      }
    };
    const waitForMore = (): void => {
      if (waiting || !run.growing) return;
      waiting = true;
      run.growing.more().then(() => {
        waiting = false;
        const woken = [...idle];
        idle.clear();
        for (const at of woken) fill(at);
      }).catch(failed);
    };
    const start = (): void => {
      workers.forEach((worker, at) => {
        worker.on('message', (message: { index: number; result: Result }) => {
          pending--;
          inFlight[at]--;
          try {
            if (!token.isCancellationRequested) run.take(message.result, message.index);
            fill(at);
          } catch (error) {
            failed(error);
          }
        });
        worker.on('error', (error) => finish(error));
        // A worker that ends without an error event (killed, out of memory) must not leave the run pending.
        worker.on('exit', (code) => finish(new Error(`a worker exited (code ${code})`)));
        if (run.setup !== undefined) worker.postMessage({ setup: run.setup });
        fill(at);
      });
      if (run.jobCount === 0 && !run.growing) finish();
    };
    try {
      start();
    } catch (error) {
      // A job that cannot be made or sent (one that does not clone) ends the run, and every worker with it.
      failed(error);
    }
  });
}
