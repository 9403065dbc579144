// The persisted index inside a real VS Code extension host: the server writes its cache into the storage
// folder that VS Code gives the extension for this workspace, in the current format, holding every entry.
import * as assert from 'assert';
import * as fs from 'fs';
import { CACHE_FORMAT, CACHE_VERSION } from '../../server/src/core/indexCache';
import { cacheFileIn, readCache } from '../../server/src/node/cacheStore';
import { WAIT_MS, activateAndWaitForIndex, pollUntil, restartAndWatch } from './helpers';

suite('Event Entries index cache (in the extension host)', () => {
  test('the index is saved in the workspace\'s storage folder, readable, of this version, with the indexed records', async function () {
    this.timeout(120000 + WAIT_MS);
    const api = await activateAndWaitForIndex();
    assert.ok(api.storagePath, 'VS Code gives the extension a storage folder for the workspace');
    const file = cacheFileIn(api.storagePath);
    // The server saves once the one-off work after indexing is done, a moment after it reports ready.
    await pollUntil(`an index cache at ${file}`, () => fs.existsSync(file), (exists) => exists, () => 'there is none', WAIT_MS, 250);
    const read = readCache(file, (frames) => ({ header: frames.at(0) as { format: string; version: number }, count: frames.count, records: frames.at(1) as { stamps: Float64Array } }));
    assert.ok(read, 'the cache file reads back');
    assert.strictEqual(read.header.format, CACHE_FORMAT);
    assert.strictEqual(read.header.version, CACHE_VERSION);
    assert.ok(read.count >= 3, `header, records and shared strings: ${read.count} frames`);
    // The fixture's entries (each record has a size and an mtime).
    assert.ok(read.records.stamps.length / 2 >= 7, `${read.records.stamps.length / 2} records`);
  });

  // Runs before the other suites (files load in name order): they all run on the server restarted from the cache.
  test('restarted, the server answers from that cache before it checks the disk, with every entry', async function () {
    this.timeout(120000 + WAIT_MS);
    const api = await activateAndWaitForIndex();
    const seen = await restartAndWatch(api);
    const first = seen.find((status) => status.state === 'ready');
    assert.ok(first, 'the restarted server reported ready');
    assert.strictEqual(first.verified, false, `the first ready came from the cache, before the disk was checked: ${JSON.stringify(seen)}`);
    assert.ok(first.entries >= 7, `the cached index held every entry: ${JSON.stringify(first)}`);
    console.log(`[event-entries-test] restarted: ${JSON.stringify(seen.filter((status) => status.state === 'ready'))}`);
  });

  test('the server keeps its compiled code in the extension\'s global storage for the next start', async function () {
    // A server writes its code cache 10 s after it starts, when it found none; the restarted one may be that server.
    this.timeout(120000 + WAIT_MS);
    const api = await activateAndWaitForIndex();
    const cached = (): string[] => (fs.existsSync(api.codeCachePath) ? fs.readdirSync(api.codeCachePath).filter((name) => name.endsWith('.v8cache')) : []);
    await pollUntil(`a code cache in ${api.codeCachePath}`, cached, (names) => names.length > 0, () => 'there is none', WAIT_MS + 15000, 250);
    const [name] = cached();
    assert.ok(fs.statSync(`${api.codeCachePath}/${name}`).size > 10000, `${name} holds compiled code`);
    console.log(`[event-entries-test] code cache: ${api.codeCachePath}/${name}`);
  });
});
