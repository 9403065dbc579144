import * as assert from 'node:assert/strict';
import { entry, relatedItem, workspace } from './helpers/fixture';

suite('open buffers: how much is parsed on every edit', () => {
  const PATH = 'news/2016/07/11/a-test-event-happens.md';

  test('a large regular buffer is read by the extractor and fully diagnosed', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => relatedItem(i + 1, `Event number ${i} happens somewhere.`, `/news/2016/07/9/event-${i}.md`, 'Iraq')).join('\n');
    const text = entry({ related: items });
    assert.ok(text.length > 100_000);
    const fixture = await workspace({});
    const { uri } = fixture.open(PATH, text);
    const codes = new Set(fixture.service.diagnoseDocument(uri).map((d) => d.code));
    assert.deepEqual([...codes], ['related.dangling']);
  });

  test('a large irregular buffer is not parsed while editing, and says so', async () => {
    const text = entry({ body: Array.from({ length: 20_000 }, (_, i) => `*emphasis ${i}*`).join(' ') });
    assert.ok(text.length > 300_000);
    const fixture = await workspace({});
    const started = Date.now();
    const { uri } = fixture.open(PATH, text);
    const [diagnostic, ...rest] = fixture.service.diagnoseDocument(uri);
    assert.ok(Date.now() - started < 2000, 'no full parse of 300,000 characters');
    assert.equal(rest.length, 0);
    assert.equal(diagnostic.code, 'file.tooLarge');
    assert.match(diagnostic.message, /not checked while you edit/);
  });
});
