import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnWorkers, type PoolRun } from '../../server/src/node/workerPool';
import type { CancellationToken } from '../../server/src/core/workspace';

/** A worker that answers each job after `delay` ms with the job's own fields. */
const ECHO_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (message) => {
  if (!('job' in message)) return;
  setTimeout(() => parentPort.postMessage({ index: message.index, result: message.job }), message.job.delay);
});
`;

interface EchoJob {
  readonly worker: number;
  readonly delay: number;
}

/** Jobs that come while the run goes, `step` more every `everyMs`, up to `total`; what the run did with them. */
class GrowingJobs {
  available = 0;
  complete = false;
  madeWhileGrowing: number[] = [];
  madeAfterFailure = 0;
  failed = false;
  readonly inFlight: number[] = [];
  maxInFlight = 0;
  readonly taken: number[] = [];
  private waiting: (() => void)[] = [];

  constructor(private readonly total: number, step: number, everyMs: number) {
    const timer = setInterval(() => {
      this.available = Math.min(this.total, this.available + step);
      this.complete = this.available === this.total;
      if (this.complete) clearInterval(timer);
      const waiting = this.waiting;
      this.waiting = [];
      waiting.forEach((wake) => wake());
    }, everyMs);
  }

  run(busyWhileGrowing: number, delay: number, takeFails?: (taken: number) => boolean): PoolRun<EchoJob, EchoJob> {
    return {
      jobCount: 0,
      growing: { done: () => this.complete, more: () => new Promise<void>((resolve) => this.waiting.push(resolve)), busyWhileGrowing },
      job: (_index, worker) => {
        if (this.failed) this.madeAfterFailure++;
        if (!this.complete) this.madeWhileGrowing.push(worker);
        this.inFlight[worker] = (this.inFlight[worker] ?? 0) + 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight[worker]);
        return { worker, delay };
      },
      take: (result, index) => {
        this.inFlight[result.worker]--;
        this.taken.push(index);
        if (takeFails?.(this.taken.length)) {
          this.failed = true;
          throw new Error('cannot take this result');
        }
      },
    };
  }
}

/** A run whose job count is read from `jobs` each time, as the workers' loader reads its growing list. */
function counted(jobs: GrowingJobs, run: PoolRun<EchoJob, EchoJob>): PoolRun<EchoJob, EchoJob> {
  return Object.defineProperty({ ...run }, 'jobCount', { get: () => jobs.available });
}

suite('worker pool: jobs that come while the run goes', function () {
  this.timeout(30_000);
  let folder: string;
  let script: string;
  const never: CancellationToken = { isCancellationRequested: false };
  setup(() => {
    folder = mkdtempSync(join(tmpdir(), 'event-entries-pool-'));
    script = join(folder, 'echo-worker.js');
    writeFileSync(script, ECHO_WORKER);
  });
  teardown(() => rmSync(folder, { recursive: true, force: true }));

  test('every job is done once, no worker holds more than two, and only the busy ones work while jobs still come', async () => {
    // Jobs come a little slower than a worker does them: it often waits for one with another still in flight.
    const jobs = new GrowingJobs(40, 1, 12);
    await runOnWorkers(script, counted(jobs, jobs.run(1, 20)), never);
    assert.deepEqual([...jobs.taken].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
    assert.ok(jobs.maxInFlight <= 2, `at most two jobs in flight per worker, saw ${jobs.maxInFlight}`);
    assert.ok(jobs.madeWhileGrowing.length > 0, 'jobs went out before the last came');
    assert.ok(jobs.madeWhileGrowing.every((worker) => worker === 0), `while growing, only worker 0: ${jobs.madeWhileGrowing.join(',')}`);
    if (availableParallelism() > 1) assert.ok(jobs.inFlight.length > 1 && jobs.inFlight.every((count) => count === 0), 'the others joined once every job had come');
  });

  test('a result that cannot be taken ends the run, and no job is made after it', async () => {
    // Workers do jobs faster than they come, so one waits for jobs when the other's result fails.
    const jobs = new GrowingJobs(60, 1, 8);
    await assert.rejects(runOnWorkers(script, counted(jobs, jobs.run(2, 2, (taken) => taken === 3)), never), /cannot take/);
    // The jobs keep coming for a while: none of them is made.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(jobs.madeAfterFailure, 0);
  });

  test('a run cancelled while its workers wait for jobs ends when the jobs stop coming', async () => {
    const jobs = new GrowingJobs(60, 1, 10);
    const token = { isCancellationRequested: false };
    setTimeout(() => (token.isCancellationRequested = true), 50);
    await runOnWorkers(script, counted(jobs, jobs.run(1, 3)), token);
    assert.ok(jobs.taken.length < 60, `cancelled after ${jobs.taken.length} of 60`);
  });
});
