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

suite('postings at the size of an archive', () => {
  test('hundreds of thousands of pairs, over many chunks and thousands of lists, come out as a plain count would have them', () => {
    const random = seeded(11);
    const lists = 3000;
    const expected: number[][] = Array.from({ length: lists }, () => []);
    const builder = new PostingsBuilder();
    let pairs = 0;
    for (let ordinal = 0; ordinal < 40_000; ordinal++) {
      const count = 1 + random.below(12);
      for (let k = 0; k < count; k++) {
        // Skewed, as tags are: low ids come far more often, and repeat within an ordinal.
        const id = Math.floor((random.below(lists) * random.below(lists)) / lists);
        builder.add(id, ordinal);
        pairs++;
        if (expected[id][expected[id].length - 1] !== ordinal) expected[id].push(ordinal);
      }
    }
    const postings = builder.build(lists);
    assert.ok(pairs > 200_000, `only ${pairs} pairs`);
    expected.forEach((list, id) => assert.deepEqual([...postingsOf(postings, id)], list, `list ${id}`));
    assert.equal(postings.ordinals.length, expected.reduce((total, list) => total + list.length, 0), 'no room is left over');
  });
});
