import * as assert from 'node:assert/strict';
import { sortInSlices } from '../../server/src/core/slicedSort';
import { seeded } from './helpers/random';

suite('a sort done a slice at a time', () => {
  test('sorts as the engine\'s stable sort does, equal keys in their given order, for every size around its runs', async () => {
    const random = seeded(5);
    for (const size of [0, 1, 2, 2047, 2048, 2049, 4096, 5000, 9001, 20_000]) {
      const items = Array.from({ length: size }, (_, at) => ({ key: random.below(size / 3 + 1), at }));
      const compare = (a: { key: number }, b: { key: number }): number => a.key - b.key;
      const given = items.slice();
      const sorted = await sortInSlices(items, compare, 0);
      assert.deepEqual(sorted, given.slice().sort(compare), `size ${size}`);
      assert.deepEqual(items, given, `size ${size}: the given list is left as it was`);
    }
  });

  test('lets other work run while it sorts, and sees a sorted list in one pass', async () => {
    const random = seeded(6);
    const items = Array.from({ length: 50_000 }, () => random.below(1_000_000));
    let turns = 0;
    let sorting = true;
    const tick = (): void => {
      if (!sorting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const sorted = await sortInSlices(items, (a, b) => a - b, 0);
    sorting = false;
    assert.ok(turns > 10, `other work ran ${turns} times`);
    turns = 0;
    sorting = true;
    setImmediate(tick);
    assert.deepEqual(await sortInSlices(sorted, (a, b) => a - b, 0), sorted);
    sorting = false;
    assert.equal(turns, 0, 'a sorted list is sorted without letting go of the thread');
  });
});
