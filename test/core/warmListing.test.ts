import * as assert from 'node:assert/strict';
import { generateCorpus } from '../../bench/corpus/generate';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { listFolders, type FolderListing } from '../../server/src/core/folderWalk';
import { EntriesService } from '../../server/src/core/service';
import { NEVER_CANCELLED, SILENT_LOGGER } from '../../server/src/core/workspace';
import { entry, workspace } from './helpers/fixture';
import { MemoryFileSystem, WORKSPACE_URI } from './helpers/memoryFs';
import { restoreInto, stamped } from './helpers/restore';

const FOLDER = { uri: WORKSPACE_URI, config: DEFAULT_CONFIG };
const make = (day: number, headline: string): string => entry({ date: `2016-07-1${day}`, dayLink: `/news/2016/07/1${day}/index.md`, headline });
const FILES = { 'news/2016/07/11/a.md': make(1, 'A.'), 'news/2016/07/12/b.md': make(2, 'B.'), 'news/2016/07/13/c.md': make(3, 'C.') };

/** A fresh service holding the records of a cold index of FILES, as a warm start restores them from the cache. */
async function restored(): Promise<{ fs: MemoryFileSystem; service: EntriesService; warnings: string[] }> {
  const cold = await workspace(FILES);
  const warnings: string[] = [];
  const service = new EntriesService({ fs: cold.fs, logger: { ...SILENT_LOGGER, warn: (message) => warnings.push(message) } });
  service.indexer.setFolders([FOLDER]);
  restoreInto(service.indexer, stamped(cold.service.indexer.stampedEntries()));
  return { fs: cold.fs, service, warnings };
}

/** The listing a worker thread would send: the entry files with their stats. */
async function listingOf(fs: MemoryFileSystem): Promise<FolderListing> {
  const files = await listFolders(fs, SILENT_LOGGER, [FOLDER], NEVER_CANCELLED);
  return { files, stats: await Promise.all(files.map((uri) => fs.stat(uri))) };
}

const headlines = (service: EntriesService): string[] => [...service.index.entries()].map((e) => e.headline).sort();

suite('indexer: a restored index verified against a listing made elsewhere', () => {
  for (const mode of ['walked here', 'listed elsewhere', 'listed elsewhere, failing'] as const) {
    test(`${mode}: a changed file is read again, a gone one dropped, a new one added, the others not read`, async () => {
      const { fs, service, warnings } = await restored();
      fs.write('news/2016/07/12/b.md', make(2, 'B retitled.'));
      fs.delete('news/2016/07/13/c.md');
      fs.write('news/2016/07/14/d.md', make(4, 'D.'));
      fs.reads.length = 0;
      const listed = mode === 'walked here' ? undefined : mode === 'listed elsewhere' ? listingOf(fs) : Promise.reject(new Error('worker died'));
      await service.indexer.indexAll(NEVER_CANCELLED, undefined, listed);
      assert.deepEqual(headlines(service), ['A.', 'B retitled.', 'D.']);
      assert.deepEqual(fs.reads.map((uri) => uri.slice(WORKSPACE_URI.length)).sort(), ['/news/2016/07/12/b.md', '/news/2016/07/14/d.md']);
      assert.equal(warnings.length, mode === 'listed elsewhere, failing' ? 1 : 0, warnings.join('\n'));
    });
  }

  test('with nothing changed nothing is read or dropped; after new settings made every file be read again, a gone file is still dropped', async () => {
    const { fs, service } = await restored();
    fs.reads.length = 0;
    await service.indexer.indexAll(NEVER_CANCELLED, undefined, listingOf(fs));
    assert.deepEqual(headlines(service), ['A.', 'B.', 'C.']);
    assert.deepEqual(fs.reads, []);

    service.indexer.setFolders([{ ...FOLDER, config: { ...DEFAULT_CONFIG, maxFileSize: DEFAULT_CONFIG.maxFileSize + 1 } }]);
    fs.delete('news/2016/07/13/c.md');
    await service.indexer.indexAll(NEVER_CANCELLED, undefined, listingOf(fs));
    assert.deepEqual(headlines(service), ['A.', 'B.']);
    assert.equal(fs.reads.length, 2, 'new settings read every file again');
  });
});

suite('indexer: new settings that make every file be read again', () => {
  test('a re-read cut short keeps what it read: the cache gets those records, and the next index reads only the rest', async () => {
    const files = Object.fromEntries([...generateCorpus({ entries: 300, seed: 4 })].map((file) => [file.path, file.text]));
    const fs = new MemoryFileSystem(files);
    const service = new EntriesService({ fs, logger: SILENT_LOGGER });
    service.indexer.setFolders([FOLDER]);
    await service.indexer.indexAll(NEVER_CANCELLED);
    assert.equal([...service.indexer.stampedEntries()].length, 300);

    service.indexer.setFolders([{ ...FOLDER, config: { ...DEFAULT_CONFIG, maxFileSize: DEFAULT_CONFIG.maxFileSize + 1 } }]);
    fs.reads.length = 0;
    // Cancelled once the second chunk of 256 files is being read: the first chunk is kept, the second dropped.
    const token = { get isCancellationRequested() { return fs.reads.length > 256; } };
    await service.indexer.indexAll(token);
    assert.equal(service.index.size, 300, 'records not read again yet stay');
    assert.equal([...service.indexer.stampedEntries()].length, 256, 'only records read with the new settings go to the cache');

    fs.reads.length = 0;
    await service.indexer.indexAll(NEVER_CANCELLED);
    assert.equal(fs.reads.length, 44, 'the next index reads only the files not read with the new settings');
    assert.equal([...service.indexer.stampedEntries()].length, 300);
    fs.reads.length = 0;
    await service.indexer.indexAll(NEVER_CANCELLED);
    assert.deepEqual(fs.reads, [], 'once every file is read again, stamps are trusted again');
  });
});

suite('indexer: nested workspace folders and a warm start', () => {
  test('a file listed once per folder above it does not hide a file deleted meanwhile', async () => {
    const files = { 'news/2016/07/11/a.md': make(1, 'A.'), 'news/2016/07/12/b.md': make(2, 'B.'), 'sub/news/2016/07/13/c.md': make(3, 'C.') };
    const folders = [FOLDER, { uri: `${WORKSPACE_URI}/sub`, config: DEFAULT_CONFIG }];
    const fs = new MemoryFileSystem(files);
    const cold = new EntriesService({ fs, logger: SILENT_LOGGER });
    cold.indexer.setFolders(folders);
    await cold.indexer.indexAll(NEVER_CANCELLED);
    const warm = new EntriesService({ fs, logger: SILENT_LOGGER });
    warm.indexer.setFolders(folders);
    restoreInto(warm.indexer, stamped(cold.indexer.stampedEntries()));
    fs.delete('news/2016/07/12/b.md');
    const files2 = await listFolders(fs, SILENT_LOGGER, folders, NEVER_CANCELLED);
    assert.equal(files2.length, 3, 'the file of the inner folder is listed twice, once per folder');
    await warm.indexer.indexAll(NEVER_CANCELLED, undefined, Promise.resolve({ files: files2, stats: await Promise.all(files2.map((uri) => fs.stat(uri))) }));
    assert.deepEqual(headlines(warm), ['A.', 'C.']);
  });
});
