import * as assert from 'node:assert/strict';
import type { BulkLoader } from '../../server/src/core/bulkLoader';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { EntriesService } from '../../server/src/core/service';
import { NEVER_CANCELLED, SILENT_LOGGER } from '../../server/src/core/workspace';
import { entry, workspace } from './helpers/fixture';
import { MemoryFileSystem, WORKSPACE_URI } from './helpers/memoryFs';

suite('indexer: changes reported by the file watcher', () => {
  test('a created folder reported alone is walked and its entries indexed', async () => {
    const fixture = await workspace({ 'news/2016/07/10/a.md': entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'A.' }) });
    fixture.fs.write('news/2016/08/5/b.md', entry({ date: '2016-08-05', dayLink: '/news/2016/08/5/index.md', headline: 'B.' }));
    fixture.fs.write('news/2016/08/5/index.md', '# Day page\n');
    await fixture.service.indexer.refresh([fixture.uri('news/2016/08')], NEVER_CANCELLED);
    assert.ok(fixture.service.index.has(fixture.uri('news/2016/08/5/b.md')));
    assert.ok(!fixture.service.index.has(fixture.uri('news/2016/08/5/index.md')), 'day pages stay out');
    assert.equal(fixture.service.index.size, 2);
  });

  test('a deleted folder drops every entry below it', async () => {
    const fixture = await workspace({
      'news/2016/07/10/a.md': entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'A.' }),
      'news/2016/08/5/b.md': entry({ date: '2016-08-05', dayLink: '/news/2016/08/5/index.md', headline: 'B.' }),
      'news/2016/08/6/c.md': entry({ date: '2016-08-06', dayLink: '/news/2016/08/6/index.md', headline: 'C.' }),
    });
    fixture.fs.delete('news/2016/08/5/b.md');
    fixture.fs.delete('news/2016/08/6/c.md');
    fixture.service.indexer.remove([fixture.uri('news/2016/08')]);
    assert.deepEqual([...fixture.service.index.entries()].map((e) => e.headline), ['A.']);
  });
});

suite('indexer: bulk loading', () => {
  test('when the bulk loader fails, every file is read in process instead', async () => {
    const files: Record<string, string> = {};
    for (let day = 1; day <= 5; day++) files[`news/2016/07/${day}/e.md`] = entry({ date: `2016-07-0${day}`, dayLink: `/news/2016/07/${day}/index.md`, headline: `E${day}.` });
    const fs = new MemoryFileSystem(files);
    const warnings: string[] = [];
    const failing: BulkLoader = { load: () => Promise.reject(new Error('worker died')) };
    const service = new EntriesService({ fs, logger: { ...SILENT_LOGGER, warn: (m) => warnings.push(m) }, bulkLoader: failing, bulkThreshold: 1 });
    service.indexer.setFolders([{ uri: WORKSPACE_URI, config: DEFAULT_CONFIG }]);
    await service.indexer.indexAll(NEVER_CANCELLED);
    assert.equal(service.index.size, 5);
    assert.match(warnings.join('\n'), /worker died/);
  });
});

suite('indexer: settings changes', () => {
  test('raising the size limit indexes a file that was skipped as too large', async () => {
    const fixture = await workspace({ 'news/2016/07/10/a.md': entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'A.' }) }, { maxFileSize: 10 });
    assert.equal(fixture.service.index.size, 0);
    fixture.service.indexer.setFolders([{ uri: WORKSPACE_URI, config: { ...DEFAULT_CONFIG, maxFileSize: 10_000 } }]);
    await fixture.service.indexer.indexAll(NEVER_CANCELLED);
    assert.equal(fixture.service.index.size, 1);
  });
});
