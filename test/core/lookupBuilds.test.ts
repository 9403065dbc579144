import * as assert from 'node:assert/strict';
import { EntrySearch } from '../../server/src/core/entrySearch';
import { LookupBuilds } from '../../server/src/core/lookupBuilds';
import type { IndexedEntry } from '../../server/src/core/summary';
import { NEVER_CANCELLED } from '../../server/src/core/workspace';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { addChain, chainEntry, chainUri, turnsUntil } from './helpers/chain';

const COUNT = 3000;
const uriOf = chainUri;
const entry = (n: number): IndexedEntry => chainEntry(n, COUNT);

/** Builds over an index of `COUNT` entries, one step of each build per slice. */
function builds(index = new WorkspaceIndex()): { index: WorkspaceIndex; search: EntrySearch; lookups: LookupBuilds } {
  addChain(index, COUNT);
  const search = new EntrySearch(index);
  return { index, search, lookups: new LookupBuilds(index, search, 0) };
}

suite('lookup builds: a slice at a time, for requests to wait for', () => {
  test('the event loop turns between slices, and a waiter hears once everything is built', async () => {
    const { index, search, lookups } = builds();
    assert.equal(lookups.isBuilt, false);
    const turns = await turnsUntil(lookups.whenBuilt(NEVER_CANCELLED).then((built) => assert.equal(built, true)));
    assert.ok(turns > 10, `other work ran ${turns} times while it built`);
    assert.ok(index.lookupsBuilt && search.isBuilt && lookups.isBuilt);
    assert.deepEqual(index.backlinksOf(entry(5).uri), [entry(4).uri]);
    assert.deepEqual(search.nearestWithWords(['talks'], undefined, undefined, 3).length, 3);
  });

  test('a cancelled waiter stops waiting between slices, while the builds go on for the others', async () => {
    const { lookups } = builds();
    const token = { isCancellationRequested: false };
    const order: string[] = [];
    const cancelled = lookups.whenBuilt(token).then((built) => order.push(`cancelled waiter: ${built}`));
    const patient = lookups.whenBuilt(NEVER_CANCELLED).then((built) => order.push(`patient waiter: ${built}`));
    setImmediate(() => (token.isCancellationRequested = true));
    await Promise.all([cancelled, patient]);
    assert.deepEqual(order, ['cancelled waiter: false', 'patient waiter: true']);
    assert.equal(lookups.isBuilt, true);
  });

  test('once built, a waiter is answered at once; after many changes it waits for the word index again', async () => {
    const { index, lookups } = builds();
    await lookups.whenBuilt(NEVER_CANCELLED);
    assert.equal(await turnsUntil(lookups.whenBuilt(NEVER_CANCELLED)), 0);
    index.batch(() => {
      for (let n = 0; n < 2500; n++) index.setOpen(entry(n).uri, { ...entry(n), headline: `Changed ${n}` });
    });
    assert.equal(lookups.isBuilt, false, 'the word index was dropped');
    assert.ok(await turnsUntil(lookups.whenBuilt(NEVER_CANCELLED)) > 1);
    assert.equal(lookups.isBuilt, true);
  });

  test('a build that fails halfway fails its waiters, and the next waiter builds everything anew', async () => {
    let armed = false;
    let failingRead: string | undefined;
    let readsBeforeFailing = 1000;
    class Failing extends WorkspaceIndex {
      override get(uri: string): IndexedEntry | undefined {
        // A read that fails halfway through the build of the lookups: its entry is left marked filed but not filed.
        if (armed && readsBeforeFailing-- === 0) {
          armed = false;
          failingRead = uri;
          throw new Error('broken build');
        }
        return super.get(uri);
      }
    }
    const { index, lookups } = builds(new Failing());
    armed = true;
    await assert.rejects(lookups.whenBuilt(NEVER_CANCELLED), /broken build/);
    assert.ok(failingRead, 'the build failed while reading an entry');
    assert.equal(lookups.isBuilt, false);
    assert.equal(await lookups.whenBuilt(NEVER_CANCELLED), true);
    const failed = Number(/event-(\d+)/.exec(failingRead)![1]);
    for (const n of [0, 1, failed + 1, COUNT - 1]) {
      assert.deepEqual(index.backlinksOf(uriOf(n % COUNT)), [uriOf((n + COUNT - 1) % COUNT)], `the entries linking to entry ${n}`);
    }
  });
});
