import * as assert from 'node:assert/strict';
import { withRoom } from '../../server/src/core/typedArrays';

suite('typed arrays with room to grow', () => {
  test('an array with room is kept; a short one is copied, by half again at least, its new elements filled', () => {
    const ids = Int32Array.of(4, 5, 6, 7);
    assert.equal(withRoom(ids, 4), ids);
    const grown = withRoom(ids, 5, -1);
    assert.ok(grown instanceof Int32Array);
    assert.deepEqual([...grown], [4, 5, 6, 7, -1, -1]);
    assert.deepEqual([...withRoom(Uint8Array.of(1), 3)], [1, 0, 0]);
    assert.ok(withRoom(new Uint8Array(0), 1) instanceof Uint8Array);
  });
});
