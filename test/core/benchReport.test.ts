import * as assert from 'node:assert/strict';
import { runTable, summarize, summaryTable } from '../../bench/report';

suite('bench report: several runs of a noisy machine', () => {
  const runs = [
    { entries: 100000, floorMethod: 'sync', coldRatio: 2.9, hoverP99Ms: 4.2, cliProblems: 6 },
    { entries: 100000, floorMethod: 'sync', coldRatio: 1.6, hoverP99Ms: 5.6, cliProblems: 6 },
    { entries: 100000, floorMethod: 'sync', coldRatio: 2.1, hoverP99Ms: 5, cliProblems: 6 },
  ];

  test('each numeric measure gets its range, its median and the runs that met its target (a value at the target meets it)', () => {
    const summary = summarize(runs);
    assert.deepEqual(summary.coldRatio, { min: 1.6, median: 2.1, max: 2.9, met: 1 });
    assert.deepEqual(summary.hoverP99Ms, { min: 4.2, median: 5, max: 5.6, met: 2 });
    assert.deepEqual(summary.cliProblems, { min: 6, median: 6, max: 6 });
    assert.equal(summary.floorMethod, undefined);
  });

  test('the tables name each measure with its target and, over runs, how many met it', () => {
    const lines = summaryTable(summarize(runs), 3).split('\n');
    assert.match(lines[0], /^measure\s+min\s+median\s+max\s+target\s+met$/);
    assert.ok(lines.some((line) => /^coldRatio\s+1\.6\s+2\.1\s+2\.9\s+≤ 1\.7\s+1\/3$/.test(line)), lines.join('\n'));
    assert.ok(runTable(runs[0]).split('\n').some((line) => /^hoverP99Ms\s+4\.2\s+≤ 5$/.test(line)));
  });
});
