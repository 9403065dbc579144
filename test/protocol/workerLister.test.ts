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
    // The worker stats the first files, this thread the rest: in the files' order, as a stat of each would say.
    let statedHere = 0;
    const here = { statMany: (uris: readonly string[]) => { statedHere += uris.length; return fs.statMany(uris); } };
    const listing = await listOnWorker(join(repoRoot(), 'dist/index-worker.js'), [uri], folders, here, NEVER_CANCELLED);
    assert.ok(listing);
    assert.equal(expected.length, 300);
    assert.deepEqual([...listing.files].sort(), [...expected].sort());
    assert.deepEqual(listing.files.filter((file) => file.endsWith('/draft.md') || file.endsWith('/secret.md')), []);
    assert.deepEqual(listing.stats, await fs.statMany(listing.files));
    assert.ok(listing.stats?.every((stat) => stat?.type === 'file'));
    assert.equal(statedHere, listing.files.length - workerStatCount(listing.files.length), 'this thread stats the rest');
    assert.ok(statedHere > 0);
  });

  test('a failure to stat on this thread fails the listing, and nothing rejects unheard; cancelled, it gives nothing', async () => {
    const uri = URI.file(folder).toString();
    const folders: IndexedFolder[] = [{ uri, config: DEFAULT_CONFIG }];
    const script = join(repoRoot(), 'dist/index-worker.js');
    const unheard: unknown[] = [];
    const listen = (reason: unknown): void => void unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const failing = { statMany: (): Promise<never> => Promise.reject(new Error('no stat here')) };
      await assert.rejects(listOnWorker(script, [uri], folders, failing, NEVER_CANCELLED), /no stat here/);
      // Cancelled once this thread has its share: the worker's result is not taken, and the listing is given up.
      let cancelled = false;
      const cancelling = { statMany: (uris: readonly string[]) => { cancelled = true; return Promise.resolve(uris.map(() => undefined)); } };
      const token = { get isCancellationRequested() { return cancelled; } };
      assert.equal(await listOnWorker(script, [uri], folders, cancelling, token), undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', listen);
    }
    assert.deepEqual(unheard, []);
  });

  test('a worker told to read below other roots finds nothing there', async () => {
    const uri = URI.file(folder).toString();
    const listing = await listOnWorker(join(repoRoot(), 'dist/index-worker.js'), [URI.file(outside).toString()], [{ uri, config: DEFAULT_CONFIG }], undefined, NEVER_CANCELLED);
    assert.deepEqual(listing?.files, []);
    assert.equal(listing?.stats, undefined);
  });
});
