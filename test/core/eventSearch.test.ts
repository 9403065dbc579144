import * as assert from 'node:assert/strict';
import Fuse from 'fuse.js';
import { rankEvents } from '../../server/src/core/features/eventSearch';
import type { IndexedEntry } from '../../server/src/core/summary';
import { seeded } from './helpers/random';

const WORDS = ['Iraq', 'Iraqi', 'forces', 'retake', 'Mosul', 'U.S.', 'Senate', 'votes', 'on', 'the', 'Élysée', 'İzmir', 'quake', '3,000', 'Al-Qaeda', 'strike'];

suite('event search', () => {
  test('fuzzy matches, scores and order are fuse.js\'s over headline (weight 2) and slug (weight 1), typos and long queries included', () => {
    const random = seeded(5);
    for (let round = 0; round < 40; round++) {
      const candidates: IndexedEntry[] = Array.from({ length: 1 + random.below(100) }, (_, n) => {
        const headline = Array.from({ length: random.below(14) }, () => random.pick(WORDS)).join(random.pick([' ', '  ', '\t']));
        const slug = headline.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
        return { uri: `file:///w/news/2016/07/${1 + random.below(28)}/${slug}-${n}.md`, date: '2016-07-01', headline: random.chance(0.1) ? ` ${headline} ` : headline, publishers: [], links: [] };
      });
      const fuse = new Fuse(candidates, {
        keys: [{ name: 'headline', weight: 2 }, { name: 'slug', weight: 1, getFn: (entry) => entry.uri.slice(entry.uri.lastIndexOf('/') + 1) }],
        includeScore: true, ignoreLocation: true, threshold: 0.6,
      });
      for (let n = 0; n < 25; n++) {
        const source = random.pick(candidates).headline || 'iraq';
        const start = random.below(source.length);
        const typed = source.slice(start, start + 1 + random.below(random.chance(0.1) ? 60 : 10));
        const at = random.below(typed.length);
        const query = random.chance(0.5) ? typed : `${typed.slice(0, at)}${random.pick(['x', 'a', '', 'qq'])}${typed.slice(at + 1)}`;
        if (!query.trim()) continue;
        const limit = 1 + random.below(120);
        const expected = fuse.search(query, { limit }).map((result) => ({ uri: result.item.uri, score: result.score }));
        assert.deepEqual(rankEvents(candidates, query, limit).map(({ entry, score }) => ({ uri: entry.uri, score })), expected, `round ${round}: ${query}`);
      }
    }
  });
});
