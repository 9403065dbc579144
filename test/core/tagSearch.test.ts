import * as assert from 'node:assert/strict';
import Fuse from 'fuse.js';
import { TagSearch } from '../../server/src/core/features/tagSearch';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { seeded } from './helpers/random';

const WORDS = ['Iraq', 'Iraqi', 'Civil', 'War', 'Islamic', 'State', 'of', 'U.S.', 'United', 'Nations', 'Syria', 'Élysée', '(Party)', 'Al-Qaeda', 'Kurds', 'Queen', 'Quebec', 'İzmir'];

/** A vocabulary of tags made of a few words each, with a workspace whose entries use every tag. */
function vocabulary(): { index: WorkspaceIndex; tags: string[] } {
  const random = seeded(42);
  const tags = [...new Set(Array.from({ length: 400 }, () => Array.from({ length: 1 + random.below(3) }, () => random.pick(WORDS)).join(' ')))];
  const index = new WorkspaceIndex();
  tags.forEach((tag, n) => {
    const uri = `file:///w/news/2016/07/1/entry-${n}.md`;
    index.setDisk(uri, { uri, date: '2016-07-01', headline: `Entry ${n}`, publishers: [], links: [{ target: 'file:///w/news/2016/07/1/other.md', resolved: true, tags: [tag] }] });
  });
  return { index, tags };
}

suite('tag search', () => {
  test('fuzzy matches and scores are fuse.js\'s over the whole vocabulary, typos and infixes included', () => {
    const { index, tags } = vocabulary();
    const search = new TagSearch(index);
    const fuse = new Fuse(tags, { includeScore: true, ignoreLocation: true, threshold: 0.4 });
    const random = seeded(7);
    const queries = ['I', 'Ir', 'Ira', 'Iraq', 'Irqa', 'ivil', 'Sate', 'u.s', 'Quee', 'Islamic St', 'élys', 'izm'];
    for (let n = 0; n < 300; n++) {
      const tag = random.pick(tags);
      const start = random.below(tag.length);
      const typed = tag.slice(start, start + 1 + random.below(8));
      const at = random.below(typed.length);
      queries.push(random.chance(0.5) ? typed : `${typed.slice(0, at)}${random.pick(['x', 'a', ''])}${typed.slice(at + 1)}`);
    }
    for (const query of queries) {
      const expected = fuse.search(query, { limit: 200 }).map((result) => ({ tag: result.item, score: result.score ?? 1 }));
      assert.deepEqual(search.search(query, 200), expected, query);
    }
  });
});
