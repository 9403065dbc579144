import * as assert from 'node:assert/strict';
import { SnapshotIndex, snapshotOf } from '../../server/src/core/indexSnapshot';
import { dated, relatedItem, workspace } from './helpers/fixture';

suite('index snapshot: what the CLI\'s workers check against', () => {
  test('answers as the index it was taken of: links resolved, entries and headlines, tag counts', async () => {
    const [kyivPath, kyiv] = dated('2016-07-10', 'Talks open in Kyiv.');
    const [romePath, rome] = dated('2016-07-11', 'Talks close in Rome.', {
      related: relatedItem(1, 'Talks open in Kyiv.', `/${kyivPath}`, 'Ukraine, Talks'),
    });
    const [otherPath, other] = dated('2016-07-11', 'A second archive.');
    const fixture = await workspace({ [kyivPath]: kyiv, [romePath]: rome, [`second/${otherPath}`]: other });
    const index = fixture.service.index;
    const snapshot = new SnapshotIndex(structuredClone(snapshotOf(index)));
    const from = fixture.uri(romePath);
    const fromSecond = fixture.uri(`second/${otherPath}`);
    const untitled = 'untitled:Untitled-1';
    const targets = [`/${kyivPath}`, '/news/2016/07/10/gone.md', '/news/2016/07/10/Bad Slug.md', 'https://example.com/x.md', `/${otherPath}`, '/news/2016/13/40/x.md'];
    for (const source of [from, fromSecond, untitled]) {
      for (const target of targets) {
        const resolved = snapshot.resolveLink(source, target);
        assert.equal(resolved, index.resolveLink(source, target), `${target} from ${source}`);
        if (resolved !== undefined) {
          assert.equal(snapshot.has(resolved), index.has(resolved), resolved);
          assert.equal(snapshot.headlineOf(resolved), index.headlineOf(resolved), resolved);
        }
      }
    }
    assert.equal(snapshot.resolveLink(from, `/${kyivPath}`), fixture.uri(kyivPath));
    assert.equal(snapshot.resolveLink(fromSecond, `/${otherPath}`), fixture.uri(`second/${otherPath}`));
    assert.equal(snapshot.size, 3);
    assert.equal(snapshot.tagCount('Talks'), index.tagCount('Talks'));
    assert.equal(snapshot.tagCount('Talks'), 1);
    assert.equal(snapshot.tagCount('Absent'), 0);
  });
});
