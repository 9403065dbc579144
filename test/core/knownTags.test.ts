import * as assert from 'node:assert/strict';
import { KnownTags } from '../../server/src/core/knownTags';
import type { IndexedEntry } from '../../server/src/core/summary';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { seeded } from './helpers/random';

const URIS = Array.from({ length: 8 }, (_, n) => `file:///w/news/2016/07/1/entry-${n}.md`);
const TAGS = ['Iraq', 'Syria', 'U.S.', 'Kurds'];

suite('known tags', () => {
  test('remembered answers follow every change of an entry, of its sources and of links added or removed', () => {
    const random = seeded(3);
    const index = new WorkspaceIndex();
    const known = new KnownTags(index);
    const record = (uri: string): IndexedEntry => ({
      uri, date: '2016-07-01', headline: 'An event', publishers: [],
      links: Array.from({ length: random.below(4) }, () => ({ target: random.pick(URIS), resolved: true, tags: TAGS.filter(() => random.chance(0.4)) })),
    });
    for (let step = 0; step < 400; step++) {
      const uri = random.pick(URIS);
      if (random.chance(0.2)) index.setOpen(uri, random.chance(0.5) ? record(uri) : undefined);
      else index.setDisk(uri, random.chance(0.9) ? record(uri) : undefined);
      for (const asked of URIS) assert.deepEqual(known.of(asked), index.knownTagsOf(asked), `step ${step}: ${asked}`);
    }
  });
});
