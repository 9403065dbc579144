import * as assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { NEVER_CANCELLED } from '../../server/src/core/workspace';
import { prestartWorkers, runOnWorkers, spareCount } from '../../server/src/node/workerPool';
import { packedUris, unpackedUris, type StatJob, type StatJobResult } from '../../server/src/node/workerProtocol';
import { repoRoot } from '../core/helpers/paths';

const SCRIPT = join(repoRoot(), 'dist/index-worker.js');
const THREADS = Math.max(1, Math.min(4, availableParallelism()));

suite('worker threads started ahead of a run', function () {
  this.timeout(30_000);

  test('a run takes the threads started ahead and gets its results from them', async () => {
    prestartWorkers(SCRIPT);
    prestartWorkers(SCRIPT);
    assert.equal(spareCount(SCRIPT), THREADS, 'a second call starts no more threads than a run uses');
    const results: number[] = [];
    // A stat job with no listing before it stats nothing: the quickest job a thread answers.
    await runOnWorkers<StatJob, StatJobResult>(SCRIPT, { jobCount: 6, job: () => ({ kind: 'stat' }), take: (result) => results.push(result.stats.length) }, NEVER_CANCELLED);
    assert.deepEqual(results, [0, 0, 0, 0, 0, 0]);
    assert.equal(spareCount(SCRIPT), 0, 'the run took them all');
  });

  test('threads that no run takes end on their own', async () => {
    prestartWorkers(SCRIPT, 100);
    assert.equal(spareCount(SCRIPT), THREADS);
    const deadline = Date.now() + 10_000;
    while (spareCount(SCRIPT) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(spareCount(SCRIPT), 0);
  });
});

suite('the files of a load, as its setup sends them', () => {
  test('joined with line feeds, and split back; a list with a line feed in a URI, or none, goes as it is', () => {
    const uris = ['file:///ws/news/2016/07/1/a.md', 'file:///ws/news/2016/07/2/b%0A.md'];
    assert.equal(packedUris(uris), uris.join('\n'));
    assert.deepEqual(unpackedUris(packedUris(uris)), uris);
    const odd = [...uris, 'file:///ws/a\nb.md'];
    assert.deepEqual(packedUris(odd), odd);
    assert.deepEqual(unpackedUris(packedUris(odd)), odd);
    assert.deepEqual(unpackedUris(packedUris([])), []);
  });
});
