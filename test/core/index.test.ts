import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type EntriesConfig } from '../../server/src/core/config';
import { EntriesService } from '../../server/src/core/service';
import type { DirectoryEntry } from '../../server/src/core/workspace';
import { NEVER_CANCELLED, SILENT_LOGGER } from '../../server/src/core/workspace';
import { TODAY, entry, relatedItem } from './helpers/fixture';
import { MemoryFileSystem, WORKSPACE_URI, uriOf } from './helpers/memoryFs';
import { seeded, type Random } from './helpers/random';

/** A MemoryFileSystem that also records which folders were listed. */
class ListingFileSystem extends MemoryFileSystem {
  readonly listed: string[] = [];

  override readDirectory(uri: string): Promise<readonly DirectoryEntry[]> {
    this.listed.push(uri);
    return super.readDirectory(uri);
  }
}

interface Folder {
  readonly uri: string;
  readonly config?: Partial<EntriesConfig>;
  readonly excludeGlobs?: readonly string[];
}

/** A service over the files, indexed once; folders default to the one workspace folder. */
async function indexed(files: Record<string, string | Uint8Array>, folders: readonly Folder[] = [{ uri: WORKSPACE_URI }], symlinks: readonly string[] = []) {
  const fs = new ListingFileSystem(files);
  symlinks.forEach((path) => fs.symlink(path));
  const service = new EntriesService({ fs, logger: SILENT_LOGGER, today: () => TODAY });
  service.indexer.setFolders(folders.map((folder) => ({ uri: folder.uri, config: { ...DEFAULT_CONFIG, ...folder.config }, excludeGlobs: folder.excludeGlobs })));
  await service.indexer.indexAll(NEVER_CANCELLED);
  return { fs, service };
}

/** An entry dated by its folder, with the given headline and related items. */
function dayEntry(path: string, headline: string, related?: string, sources?: string): string {
  const [, year, month, day] = /news\/(\d{4})\/(\d{2})\/(\d{1,2})\//.exec(path)!;
  return entry({ date: `${year}-${month}-${day.padStart(2, '0')}`, dayLink: `/news/${year}/${month}/${day}/index.md`, headline, related, sources });
}

const sortedPairs = <V>(map: ReadonlyMap<string, V>): [string, V][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Everything the index answers about a set of URIs and dates, in a comparable form. */
function snapshot(service: EntriesService, uris: readonly string[], dates: readonly string[]) {
  const index = service.index;
  return {
    size: index.size,
    entries: [...index.entries()].sort((a, b) => (a.uri < b.uri ? -1 : 1)),
    tags: sortedPairs(index.tags()),
    publishers: sortedPairs(index.publishers()),
    backlinks: uris.map((uri) => [uri, [...index.backlinksOf(uri)].sort()]),
    known: uris.map((uri) => [uri, sortedPairs(index.knownTagsOf(uri))]),
    days: dates.map((date) => [date, [...index.entriesOn(date)].sort()]),
    roots: [...index.archiveRoots()].sort(),
    skipped: [...service.indexer.skippedFiles()].sort((a, b) => (a.uri < b.uri ? -1 : 1)),
  };
}

const POOL = [
  'news/2016/07/9/a.md', 'news/2016/07/9/b.md', 'news/2016/07/10/c.md', 'news/2016/07/10/d.md', 'news/2016/07/10/e.md',
  'news/2016/07/11/f.md', 'news/2016/07/11/g.md', 'news/2016/08/1/h.md', 'news/2016/07/11/index.md', 'notes/n.md',
];
const TAGS = ['Iraq', 'U.S.', 'Syria', 'Islamic State of Iraq and the Levant', 'Iraqq'];
const PUBLISHERS = ['BBC', 'CNN', 'AP', 'Cover Image'];
const DATES = ['2016-07-09', '2016-07-10', '2016-07-11', '2016-08-01', '2016-02-29'];

/** A random entry text: dates right or wrong, links to the pool or malformed, random tags and publishers. */
function randomEntry(random: Random): string {
  const date = random.pick(DATES);
  const [year, month, day] = date.split('-');
  const related: string[] = [];
  for (let i = random.below(5); i > 0; i--) {
    const target = random.chance(0.85) ? `/${random.pick(POOL)}` : random.pick(['/news/x.md', '/news/2016/02/30/y.md', '../z.md']);
    const tags = TAGS.filter(() => random.chance(0.4)).join(', ');
    related.push(relatedItem(related.length + 1, random.pick(['A.', 'B.', 'Other.']), target, tags));
  }
  const sources = PUBLISHERS.filter(() => random.chance(0.5)).map((name, i) => `1. [${name}](https://example.com/${i})`).join('\n');
  return entry({
    date, dayLink: `/news/${year}/${month}/${Number(day)}/index.md`, headline: random.pick(['A.', 'B.', 'Other.', '']),
    sources: sources || null, related: related.length ? related.join('\n') : null,
  });
}

suite('index: incremental updates equal a rebuild', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    test(`seed ${seed}: 250 random creates, changes, deletes, opens and closes`, async () => {
      const random = seeded(seed);
      const disk = new Map<string, string | Uint8Array>();
      const open = new Map<string, string>();
      const { fs, service } = await indexed({});
      let version = 0;
      for (let step = 0; step < 250; step++) {
        // The tag map, once asked for, is kept in step rather than rebuilt: ask for it early.
        if (step === 5) service.index.tags();
        const path = random.pick(POOL);
        const uri = uriOf(path);
        const action = random.below(10);
        if (action <= 2) {
          const text = randomEntry(random);
          disk.set(path, text);
          fs.write(path, text);
          await service.indexer.refresh([uri], NEVER_CANCELLED);
        } else if (action === 3) {
          const bytes = new Uint8Array([35, 0, 35]);
          disk.set(path, bytes);
          fs.write(path, bytes);
          await service.indexer.refresh([uri], NEVER_CANCELLED);
        } else if (action === 4) {
          disk.delete(path);
          fs.delete(path);
          service.indexer.remove([uri]);
        } else if (action <= 6) {
          const text = randomEntry(random);
          open.set(uri, text);
          service.setDocument(uri, ++version, text);
        } else if (action === 7) {
          open.delete(uri);
          service.closeDocument(uri);
        } else if (action === 8) {
          // A whole day folder is deleted.
          const folder = random.pick(['news/2016/07/10', 'news/2016/07/9', 'news/2016']);
          for (const known of [...disk.keys()]) {
            if (!known.startsWith(`${folder}/`)) continue;
            disk.delete(known);
            fs.delete(known);
          }
          service.indexer.remove([uriOf(folder)]);
        } else {
          await service.indexer.indexAll(NEVER_CANCELLED);
        }
      }
      const fresh = (await indexed(Object.fromEntries(disk))).service;
      for (const [uri, text] of open) fresh.setDocument(uri, 1, text);
      const uris = POOL.map(uriOf);
      assert.deepEqual(snapshot(service, uris, DATES), snapshot(fresh, uris, DATES));
      assert.ok(service.index.size > 0 && service.index.tags().size > 0, 'the run ends with something indexed');
    });
  }
});

suite('index: open buffers', () => {
  const A = 'news/2016/07/10/a.md';
  const B = 'news/2016/07/11/b.md';

  test('an open buffer overrides the disk record, and closing restores it', async () => {
    const { fs, service } = await indexed({
      [A]: dayEntry(A, 'Disk A.', relatedItem(1, 'B.', `/${B}`, 'Iraq'), '1. [BBC](https://bbc.com/1)'),
      [B]: dayEntry(B, 'B.'),
    });
    const index = service.index;
    assert.equal(index.get(uriOf(A))?.headline, 'Disk A.');
    assert.deepEqual(sortedPairs(index.tags()), [['Iraq', 1]]);
    service.setDocument(uriOf(A), 1, dayEntry(A, 'Buffer A.', relatedItem(1, 'B.', `/${B}`, 'Syria, U.S.'), '1. [CNN](https://cnn.com/1)'));
    assert.equal(index.get(uriOf(A))?.headline, 'Buffer A.');
    assert.deepEqual(sortedPairs(index.tags()), [['Syria', 1], ['U.S.', 1]]);
    assert.deepEqual(sortedPairs(index.publishers()), [['BBC', 1], ['CNN', 1]], "B's BBC and the buffer's CNN");
    assert.deepEqual(index.backlinksOf(uriOf(B)), [uriOf(A)]);
    // A change on disk while the buffer is open changes nothing visible; closing shows the new disk version.
    fs.write(A, dayEntry(A, 'Disk A again.', relatedItem(1, 'B.', `/${B}`, 'ISIL')));
    await service.indexer.refresh([uriOf(A)], NEVER_CANCELLED);
    assert.equal(index.get(uriOf(A))?.headline, 'Buffer A.');
    assert.deepEqual(sortedPairs(index.tags()), [['Syria', 1], ['U.S.', 1]]);
    service.closeDocument(uriOf(A));
    assert.equal(index.get(uriOf(A))?.headline, 'Disk A again.');
    assert.deepEqual(sortedPairs(index.tags()), [['ISIL', 1]]);
    assert.deepEqual(sortedPairs(index.publishers()), [['BBC', 2]]);
    assert.equal(index.size, 2);
  });

  test('a buffer with no file behind it leaves nothing behind when closed', async () => {
    const { service } = await indexed({ [B]: dayEntry(B, 'B.') });
    service.setDocument(uriOf(A), 1, dayEntry(A, 'A.', relatedItem(1, 'B.', `/${B}`, 'Iraq')));
    assert.equal(service.index.size, 2);
    assert.deepEqual(service.index.entriesOn('2016-07-10'), [uriOf(A)]);
    service.closeDocument(uriOf(A));
    assert.equal(service.index.size, 1);
    assert.deepEqual(service.index.entriesOn('2016-07-10'), []);
    assert.deepEqual(service.index.backlinksOf(uriOf(B)), []);
    assert.deepEqual(sortedPairs(service.index.tags()), []);
  });

  test('open documents that are not entries (day pages, files outside include) are not indexed', async () => {
    const { service } = await indexed({});
    service.setDocument(uriOf('news/2016/07/10/index.md'), 1, dayEntry(A, 'Day.'));
    service.setDocument(uriOf('notes/x.md'), 1, dayEntry(A, 'Notes.'));
    assert.equal(service.index.size, 0);
    assert.deepEqual(service.diagnoseDocument(uriOf('notes/x.md')), []);
  });
});

suite('index: what the indexer reads', () => {
  test('include and exclude globs, files.exclude and day pages', async () => {
    const text = dayEntry('news/2016/07/10/x.md', 'X.');
    const files = {
      'news/2016/07/10/x.md': text, 'news/2016/07/10/index.md': text, 'news/2016/07/10/x.txt': text, 'drafts/news/2016/07/10/y.md': text,
      'drafts/z.md': text, 'node_modules/news/2016/07/10/x.md': text, '.git/news/2016/07/10/x.md': text, 'archive/tmp/news/2016/07/10/t.md': text,
    };
    const { fs, service } = await indexed(files, [{ uri: WORKSPACE_URI, excludeGlobs: ['**/tmp/**'] }]);
    assert.deepEqual([...service.index.entries()].map((e) => e.uri).sort(), [uriOf('drafts/news/2016/07/10/y.md'), uriOf('news/2016/07/10/x.md')]);
    for (const folder of ['node_modules', '.git', 'archive/tmp']) assert.ok(!fs.listed.includes(uriOf(folder)), `${folder} was listed`);
    assert.deepEqual([...fs.reads].sort(), [uriOf('drafts/news/2016/07/10/y.md'), uriOf('news/2016/07/10/x.md')]);
    assert.equal(service.indexer.isEntryUri(uriOf('news/2016/07/10/index.md')), false);
    assert.equal(service.indexer.isEntryUri(uriOf('node_modules/news/2016/07/10/x.md')), false);

    const custom = await indexed(files, [{ uri: WORKSPACE_URI, config: { include: ['drafts/**/*.md'], exclude: ['drafts/news/**'] } }]);
    assert.deepEqual([...custom.service.index.entries()].map((e) => e.uri), [uriOf('drafts/z.md')]);
  });

  test('a refresh of a file that is no longer an entry drops it', async () => {
    const path = 'news/2016/07/10/x.md';
    const { service } = await indexed({ [path]: dayEntry(path, 'X.') });
    assert.equal(service.index.size, 1);
    service.indexer.setFolders([{ uri: WORKSPACE_URI, config: { ...DEFAULT_CONFIG, exclude: ['news/2016/**'] } }]);
    await service.indexer.refresh([uriOf(path)], NEVER_CANCELLED);
    assert.equal(service.index.size, 0);
  });

  test('symbolic links are never followed, to folders or to files', async () => {
    const { fs, service } = await indexed({
      'news/2016/07/10/x.md': dayEntry('news/2016/07/10/x.md', 'X.'),
      // Contents that would be found only by following the links below.
      'news/2016/07/10/linked/y.md': dayEntry('news/2016/07/10/y.md', 'Y.'),
      'news/2016/07/10/link.md': dayEntry('news/2016/07/10/link.md', 'Link.'),
    }, undefined, ['news/2016/07/10/linked', 'news/2016/07/10/link.md']);
    assert.deepEqual([...service.index.entries()].map((e) => e.uri), [uriOf('news/2016/07/10/x.md')]);
    assert.ok(!fs.listed.includes(uriOf('news/2016/07/10/linked')));
    assert.ok(!fs.reads.includes(uriOf('news/2016/07/10/link.md')) && !fs.reads.includes(uriOf('news/2016/07/10/linked/y.md')), fs.reads.join(' '));
  });

  test('a symbolic link loop ends the walk', async function () {
    this.timeout(5000); // a hang guard: following the loop would never end
    /** Every `loop` folder holds another `loop` link and an entry, forever. */
    class LoopFileSystem extends ListingFileSystem {
      override readDirectory(uri: string): Promise<readonly DirectoryEntry[]> {
        this.listed.push(uri);
        if (this.listed.length > 1000) throw new Error('the walk does not end');
        const inside = uri.endsWith('/news') || uri.endsWith('/loop');
        const children: DirectoryEntry[] = uri === WORKSPACE_URI ? [{ uri: `${uri}/news`, name: 'news', type: 'directory' }] : [];
        if (inside) children.push({ uri: `${uri}/loop`, name: 'loop', type: 'symlink' }, { uri: `${uri}/2016`, name: '2016', type: 'symlink' });
        return Promise.resolve(children);
      }
    }
    const fs = new LoopFileSystem({});
    const service = new EntriesService({ fs, logger: SILENT_LOGGER, today: () => TODAY });
    service.indexer.setFolders([{ uri: WORKSPACE_URI, config: DEFAULT_CONFIG }]);
    assert.equal(await service.indexer.indexAll(NEVER_CANCELLED), 0);
    assert.deepEqual(fs.listed, [WORKSPACE_URI, uriOf('news')]);
  });
});

suite('index: folders', () => {
  const text = (path: string, headline: string, related?: string) => dayEntry(path, headline, related);

  test('two workspace folders: links resolve within their own archive, days and tags span both', async () => {
    const { service } = await indexed({
      'a/news/2016/07/10/x.md': text('news/2016/07/10/x.md', 'A x.'),
      'a/news/2016/07/11/y.md': text('news/2016/07/11/y.md', 'A y.', relatedItem(1, 'A x.', '/news/2016/07/10/x.md', 'Iraq')),
      'b/news/2016/07/10/x.md': text('news/2016/07/10/x.md', 'B x.'),
      'b/news/2016/07/11/y.md': text('news/2016/07/11/y.md', 'B y.', relatedItem(1, 'B x.', '/news/2016/07/10/x.md', 'Iraq, Syria')),
    }, [{ uri: uriOf('a') }, { uri: uriOf('b'), config: { maxFileSize: 1 } }, { uri: uriOf('c') }]);
    // Folder b's limit of 1 byte skips its files; folder a's default lets its files through.
    assert.deepEqual([...service.index.entries()].map((e) => e.uri).sort(), [uriOf('a/news/2016/07/10/x.md'), uriOf('a/news/2016/07/11/y.md')]);
    assert.equal(service.indexer.skippedFiles().length, 2);
    assert.equal(service.configFor(uriOf('b/news/2016/07/10/x.md')).maxFileSize, 1);

    const both = (await indexed({
      'a/news/2016/07/10/x.md': text('news/2016/07/10/x.md', 'A x.'),
      'a/news/2016/07/11/y.md': text('news/2016/07/11/y.md', 'A y.', relatedItem(1, 'A x.', '/news/2016/07/10/x.md', 'Iraq')),
      'b/news/2016/07/10/x.md': text('news/2016/07/10/x.md', 'B x.'),
      'b/news/2016/07/11/y.md': text('news/2016/07/11/y.md', 'B y.', relatedItem(1, 'B x.', '/news/2016/07/10/x.md', 'Iraq, Syria')),
      'b/news/2016/07/9/only-b.md': text('news/2016/07/9/only-b.md', 'Only B.'),
    }, [{ uri: uriOf('a') }, { uri: uriOf('b') }])).service;
    const index = both.index;
    assert.deepEqual(index.backlinksOf(uriOf('a/news/2016/07/10/x.md')), [uriOf('a/news/2016/07/11/y.md')]);
    assert.deepEqual(index.backlinksOf(uriOf('b/news/2016/07/10/x.md')), [uriOf('b/news/2016/07/11/y.md')]);
    assert.deepEqual([...index.entriesOn('2016-07-10')].sort(), [uriOf('a/news/2016/07/10/x.md'), uriOf('b/news/2016/07/10/x.md')]);
    assert.deepEqual(index.entriesOn('2016-07-09'), [uriOf('b/news/2016/07/9/only-b.md')]);
    assert.deepEqual([...index.archiveRoots()].sort(), [uriOf('a'), uriOf('b')]);
    assert.deepEqual(sortedPairs(index.tags()), [['Iraq', 2], ['Syria', 1]]);
    // An untitled buffer resolves against the archive where the target exists.
    assert.equal(index.resolveLink('untitled:Untitled-1', '/news/2016/07/9/only-b.md'), uriOf('b/news/2016/07/9/only-b.md'));
    both.setDocument('untitled:Untitled-1', 1, text('news/2016/07/12/z.md', 'Z.', relatedItem(1, 'Only B.', '/news/2016/07/9/only-b.md')));
    assert.deepEqual(both.diagnoseDocument('untitled:Untitled-1').map((d) => d.code), []);
  });

  test('remove() of a folder drops every record and skipped file below it, and nothing beside it', async () => {
    const files: Record<string, string | Uint8Array> = {
      'news/2016/07/10/a.md': text('news/2016/07/10/a.md', 'A.'),
      'news/2016/07/11/b.md': text('news/2016/07/11/b.md', 'B.', relatedItem(1, 'A.', '/news/2016/07/10/a.md', 'Iraq')),
      'news/2016/07/11/bin.md': new Uint8Array([0]),
      'news/2016/071/1/c.md': text('news/2016/07/11/c.md', 'C.'),
      'news/2016/08/1/d.md': text('news/2016/08/1/d.md', 'D.'),
    };
    const { service } = await indexed(files);
    assert.equal(service.index.size, 4);
    service.setDocument(uriOf('news/2016/07/10/a.md'), 1, files['news/2016/07/10/a.md'] as string);
    service.indexer.remove([uriOf('news/2016/07')]);
    assert.deepEqual([...service.index.entries()].map((e) => e.uri).sort(), [uriOf('news/2016/07/10/a.md'), uriOf('news/2016/071/1/c.md'), uriOf('news/2016/08/1/d.md')]);
    assert.equal(service.index.diskEntry(uriOf('news/2016/07/10/a.md')), undefined, 'only the open buffer keeps a.md');
    assert.deepEqual(service.indexer.skippedFiles(), []);
    assert.deepEqual(service.index.backlinksOf(uriOf('news/2016/07/10/a.md')), []);
    assert.deepEqual(sortedPairs(service.index.tags()), []);
  });

  test('knownTagsOf: the entry\'s own contexts and those of links pointing at it, counted', async () => {
    const B = 'news/2016/07/10/b.md';
    const { service } = await indexed({
      'news/2016/07/11/a.md': text('news/2016/07/11/a.md', 'A.', relatedItem(1, 'B.', `/${B}`, 'Iraq, U.S.')),
      'news/2016/07/12/c.md': text('news/2016/07/12/c.md', 'C.', relatedItem(1, 'B.', `/${B}`, 'Iraq, Syria')),
      [B]: text(B, 'B.', [relatedItem(1, 'D.', '/news/2016/07/9/d.md', 'ISIL'), relatedItem(2, 'E.', '/news/2016/07/9/e.md', 'Iraq')].join('\n')),
      'news/2016/07/13/f.md': text('news/2016/07/13/f.md', 'F.', relatedItem(1, 'A.', '/news/2016/07/11/a.md', 'Kurds')),
    });
    assert.deepEqual(sortedPairs(service.index.knownTagsOf(uriOf(B))), [['ISIL', 1], ['Iraq', 3], ['Syria', 1], ['U.S.', 1]]);
    assert.deepEqual(sortedPairs(service.index.knownTagsOf(uriOf('news/2016/07/9/d.md'))), [['ISIL', 1]], 'a missing entry knows the tags of links to it');
  });
});
