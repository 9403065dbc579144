import * as assert from 'node:assert/strict';
import { archiveRootOf } from '../../server/src/core/links';
import { seeded } from './helpers/random';

/** The definition `archiveRootOf` is read from the end for: the longest root before a dated entry path. */
const ROOT_OF_ENTRY = /^(.*)\/news\/\d{4}\/\d{2}\/\d{1,2}\/[^/]+$/;

suite('links: archive roots', () => {
  test('read from the end, a root is what the defining pattern captures, for regular and odd URIs alike', () => {
    const cases = [
      'file:///ws/news/2016/07/11/a.md', 'file:///ws/news/2016/07/1/a.md', '/news/2016/07/11/a.md', 'news/2016/07/11/a.md',
      'file:///ws/news/2016/07/11/', 'file:///ws/news/2016/07/111/a.md', 'file:///ws/news/2016/7/11/a.md', 'file:///ws/news/16/07/11/a.md',
      'file:///a/news/2016/07/11/news/2016/07/11/b.md', 'file:///w\ns/news/2016/07/11/a.md', 'file:///w\u2028s/news/2016/07/11/a.md',
      'file:///ws/news/2016/07/11/a\nb.md', 'file:///ws/news/٢٠١٦/07/11/a.md', 'file:///ws/xnews/2016/07/11/a.md', '', '/', 'a',
    ];
    for (const uri of cases) assert.equal(archiveRootOf(uri), ROOT_OF_ENTRY.exec(uri)?.[1], JSON.stringify(uri));
    const random = seeded(11);
    const parts = ['/', 'news', '2016', '07', '7', '11', '1', '123', 'a', '.md', '\n', '\u2029', 'é', '0'];
    for (let i = 0; i < 20_000; i++) {
      let uri = random.below(2) ? 'file:///ws/news/2016/07/11/x' : '';
      for (let k = random.below(12); k > 0; k--) uri += parts[random.below(parts.length)];
      assert.equal(archiveRootOf(uri), ROOT_OF_ENTRY.exec(uri)?.[1], JSON.stringify(uri));
    }
  });
});
