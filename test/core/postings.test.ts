import * as assert from 'node:assert/strict';
import { PostingsBuilder, postingsOf } from '../../server/src/core/postings';
import { seeded } from './helpers/random';

suite('postings: lists of ordinals in one typed array', () => {
  test('each list holds its ordinals ascending and once, however the pairs interleave; empty lists stay empty', () => {
    const random = seeded(7);
    const expected: number[][] = Array.from({ length: 50 }, () => []);
    const builder = new PostingsBuilder();
    for (let ordinal = 0; ordinal < 3000; ordinal++) {
      for (let k = 0; k < 1 + random.below(6); k++) {
        const id = random.below(45);
        builder.add(id, ordinal);
        if (expected[id][expected[id].length - 1] !== ordinal) expected[id].push(ordinal);
      }
    }
    const postings = builder.build(50);
    expected.forEach((list, id) => assert.deepEqual([...postingsOf(postings, id)], list, `list ${id}`));
    assert.equal(postings.ordinals.length, expected.reduce((total, list) => total + list.length, 0), 'no room is left over');
  });
});
