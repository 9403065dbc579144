import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { writeCorpus } from '../../bench/corpus/generate';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { listFolders, type IndexedFolder } from '../../server/src/core/folderWalk';
import { NEVER_CANCELLED, SILENT_LOGGER } from '../../server/src/core/workspace';
import { NodeFileSystem } from '../../server/src/lsp/nodeFileSystem';
import { listOnWorker } from '../../server/src/node/workerLister';
import { workerStatCount } from '../../server/src/node/workerProtocol';
import { repoRoot } from '../core/helpers/paths';

suite('worker threads: a warm start\'s listing', function () {
  this.timeout(60_000);
  let base: string;
  let folder: string;
  let outside: string;
  setup(() => {
    base = mkdtempSync(join(tmpdir(), 'event-entries-lister-'));
    folder = join(base, 'archive');
    outside = join(base, 'outside');
    mkdirSync(folder);
    writeCorpus(folder, { entries: 300, seed: 9, faults: false });
    mkdirSync(join(folder, 'drafts/news/2016/07/1'), { recursive: true });
    writeFileSync(join(folder, 'drafts/news/2016/07/1/draft.md'), '# Draft\n');
    mkdirSync(join(outside, 'news/2016/07/1'), { recursive: true });
    writeFileSync(join(outside, 'news/2016/07/1/secret.md'), '# Secret\n');
    symlinkSync(outside, join(folder, 'linked'));
  });
  teardown(() => rmSync(base, { recursive: true, force: true }));

  test('lists and stats what the server\'s own walk lists, with the folder\'s exclusions and no symlink followed', async () => {
    const uri = URI.file(folder).toString();
    const folders: IndexedFolder[] = [{ uri, config: DEFAULT_CONFIG, excludeGlobs: ['drafts/**'] }];
    const fs = new NodeFileSystem();
    fs.setRoots([uri]);
    const expected = await listFolders(fs, SILENT_LOGGER, folders, NEVER_CANCELLED);
    const listing = await listOnWorker(join(repoRoot(), 'dist/index-worker.js'), [uri], folders, 'worker', NEVER_CANCELLED);
    assert.ok(listing);
    assert.equal(expected.length, 300);
    assert.deepEqual([...listing.files].sort(), [...expected].sort());
    assert.deepEqual(listing.files.filter((file) => file.endsWith('/draft.md') || file.endsWith('/secret.md')), []);
    const stats = await fs.statMany(listing.files);
    assert.deepEqual(listing.stats, stats);

    // Stats shared with this thread: the worker's half and this thread's half, in the files' order.
    let statedHere = 0;
    const here = { statMany: (uris: readonly string[]) => { statedHere += uris.length; return fs.statMany(uris); } };
    const shared = await listOnWorker(join(repoRoot(), 'dist/index-worker.js'), [uri], folders, { shareWith: here }, NEVER_CANCELLED);
    assert.ok(shared);
    assert.deepEqual(shared.stats, await fs.statMany(shared.files));
    assert.equal(statedHere, shared.files.length - workerStatCount(shared.files.length), 'this thread stats the rest');
    assert.ok(statedHere > 0);
    assert.ok(shared.stats?.every((stat) => stat?.type === 'file'));
  });

  test('a worker told to read below other roots finds nothing there', async () => {
    const uri = URI.file(folder).toString();
    const listing = await listOnWorker(join(repoRoot(), 'dist/index-worker.js'), [URI.file(outside).toString()], [{ uri, config: DEFAULT_CONFIG }], 'none', NEVER_CANCELLED);
    assert.deepEqual(listing?.files, []);
    assert.equal(listing?.stats, undefined);
  });
});
