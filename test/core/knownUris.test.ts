import * as assert from 'node:assert/strict';
import { KnownUris } from '../../server/src/core/knownUris';
import { continueBothHashes, FNV_OFFSET_BASIS, stringHash } from '../../server/src/core/intern';

/** A load's hash key: any will do, one keeps the runs alike. */
const KEY = 0x2545f491;

/** The two hashes of `root + path`, carried on from the root's as an index worker computes them over a file's text. */
function joined(root: string, path: string, key = KEY): [number, number] {
  const hashes = Int32Array.of(FNV_OFFSET_BASIS, key);
  continueBothHashes(hashes, root, 0, root.length);
  continueBothHashes(hashes, path, 0, path.length);
  return [hashes[0], hashes[1]];
}

/** The position of the file a root joined with a path names, or undefined when it is not in the list. */
function joinedPosition(known: KnownUris, [hash, second]: [number, number]): number | undefined {
  const slot = known.slotOfJoined(hash, second);
  return slot < 0 ? undefined : known.positionInSlot(slot);
}

suite('known URIs: a load\'s files by position, found by hash', () => {
  const root = 'file:///ws';
  const uris = ['file:///ws/news/2016/07/1/a.md', 'file:///ws/news/2016/07/2/b.md', 'file:///other/news/2016/07/1/a.md'];
  const known = new KnownUris(uris, KEY);

  test('a URI and a root joined with a path are found at their positions; anything else is not', () => {
    assert.equal(known.positionOf(uris[1]), 1);
    assert.equal(known.positionOf('file:///ws/news/2016/07/3/c.md'), undefined);
    const path = '/news/2016/07/1/a.md';
    assert.equal(joinedPosition(known, joined(root, path)), 0);
    assert.equal(joinedPosition(known, joined('file:///other', path)), 2);
    assert.equal(joinedPosition(known, joined(root, '/news/2016/07/1/x.md')), undefined);
    assert.equal(joinedPosition(known, joined('file:///wx', path)), undefined);
  });

  test('the second hash is keyed: a target hashed with another key than the list\'s is not found', () => {
    const path = '/news/2016/07/1/a.md';
    assert.equal(joinedPosition(known, joined(root, path, KEY)), 0);
    assert.equal(joinedPosition(known, joined(root, path, KEY ^ 1)), undefined);
  });

  test('the first of the two hashes is a string\'s stringHash, whatever the key, as a lookup of a whole URI computes it', () => {
    for (const uri of uris) {
      for (const key of [KEY, 0, -1]) {
        const hashes = Int32Array.of(FNV_OFFSET_BASIS, key);
        continueBothHashes(hashes, uri, 0, uri.length);
        assert.equal(hashes[0], stringHash(uri));
      }
    }
  });

  test('one hash alone never matches: a target needs both', () => {
    const [first, second] = joined(root, '/news/2016/07/1/a.md');
    assert.equal(joinedPosition(known, [first, second ^ 1]), undefined);
    assert.equal(joinedPosition(known, [first ^ 1, second]), undefined);
  });

  test('URIs whose first hashes collide are each found, by the second', () => {
    // Two entry URIs with one FNV-1a hash, found by a birthday search.
    const pair = ['file:///ws/news/2016/07/1/165zx.md', 'file:///ws/news/2016/07/1/1dpcd.md'];
    assert.equal(stringHash(pair[0]), stringHash(pair[1]), 'the pair no longer collides');
    const colliding = new KnownUris(['file:///ws/news/2016/07/1/other.md', ...pair], KEY);
    assert.equal(colliding.positionOf(pair[0]), 1);
    assert.equal(colliding.positionOf(pair[1]), 2);
    assert.equal(joinedPosition(colliding, joined(root, pair[1].slice(root.length))), 2);
    assert.equal(joinedPosition(colliding, joined(root, pair[0].slice(root.length))), 1);
  });
});

suite('known URIs at the size of an archive', () => {
  const uris = Array.from({ length: 5000 }, (_, i) => `file:///ws/news/20${10 + (i % 10)}/0${1 + (i % 9)}/${1 + (i % 28)}/entry-${i}.md`);

  test('every URI of thousands is found at its position, by itself and as a root joined with its path; others are not', () => {
    const known = new KnownUris(uris, KEY);
    uris.forEach((uri, position) => {
      assert.equal(known.positionOf(uri), position);
      assert.equal(joinedPosition(known, joined('file:///ws', uri.slice('file:///ws'.length))), position);
    });
    for (let i = 0; i < 5000; i++) {
      assert.equal(known.positionOf(`file:///ws/news/2010/01/1/absent-${i}.md`), undefined);
      assert.equal(joinedPosition(known, joined('file:///ws', `/news/2010/01/1/absent-${i}.md`)), undefined);
    }
  });

  test('a URI listed twice (nested workspace folders) is found at its first position', () => {
    const known = new KnownUris([...uris.slice(0, 10), uris[3]], KEY);
    assert.equal(known.positionOf(uris[3]), 3);
    assert.equal(joinedPosition(known, joined('file:///ws', uris[3].slice('file:///ws'.length))), 3);
    assert.equal(known.positionOf(uris[9]), 9);
  });

  test('an empty list finds nothing', () => {
    assert.equal(new KnownUris([], KEY).positionOf(uris[0]), undefined);
  });
});

suite('known URIs: a list that grows while a walk lists it', () => {
  const uris = Array.from({ length: 3000 }, (_, i) => `file:///ws/news/20${String(i % 30).padStart(2, '0')}/0${1 + (i % 9)}/${1 + (i % 28)}/event-${i}.md`);

  test('grown a few files at a time, every file is found at its position, as in a list built at once; a file not added yet is not', () => {
    const grown = new KnownUris(uris.slice(0, 5), KEY);
    let added = 5;
    for (let step = 1; added < uris.length; step = (step * 3) % 97 + 1) {
      assert.equal(grown.positionOf(uris[added]), undefined, `not yet added: ${added}`);
      grown.add(uris.slice(added, added + step));
      added = Math.min(uris.length, added + step);
      assert.equal(grown.size, added);
    }
    uris.forEach((uri, position) => {
      assert.equal(grown.positionOf(uri), position);
      assert.equal(joinedPosition(grown, joined('file:///ws', uri.slice('file:///ws'.length))), position);
    });
    assert.equal(grown.positionOf('file:///ws/news/2010/01/1/absent.md'), undefined);
  });

  test('whether a target is an entry path is remembered in its file\'s slot, per root length, until the table grows', () => {
    const nested = 'file:///ws/news/x/news/2016/07/1/t.md';
    const grown = new KnownUris([nested, ...uris.slice(0, 20)], KEY);
    for (let round = 0; round < 2; round++) {
      const slot = grown.slotOfJoined(...joined('file:///ws/news/x', '/news/2016/07/1/t.md'));
      assert.equal(grown.positionInSlot(slot), 0);
      assert.equal(grown.isEntryPathInSlot(slot, 'file:///ws/news/x'.length, '/news/2016/07/1/t.md'), true);
      assert.equal(grown.isEntryPathInSlot(slot, 'file:///ws'.length, '/news/x/news/2016/07/1/t.md'), false);
      // The table grows: the second round asks again, in the new table.
      grown.add(uris.slice(20, 2000));
    }
    const path = uris[2].slice('file:///ws'.length);
    const slot = grown.slotOfJoined(...joined('file:///ws', path));
    assert.equal(grown.positionInSlot(slot), 3);
    assert.equal(grown.isEntryPathInSlot(slot, 'file:///ws'.length, path), true);
    // A few more files keep the table: what is remembered is read back, whatever text comes with the slot.
    grown.add(uris.slice(2000, 2010));
    assert.equal(grown.slotOfJoined(...joined('file:///ws', path)), slot, 'the table was kept');
    assert.equal(grown.isEntryPathInSlot(slot, 'file:///ws'.length, 'not an entry path'), true, 'remembered');
    assert.equal(grown.isEntryPathInSlot(slot, 'file:///w'.length, 'not an entry path'), false, 'another root length is asked again');
  });

  test('a file added twice is found at its first position', () => {
    const grown = new KnownUris(uris.slice(0, 100), KEY);
    grown.add([uris[40], uris[100]]);
    assert.equal(grown.positionOf(uris[40]), 40);
    assert.equal(grown.positionOf(uris[100]), 101);
  });
});
