import * as assert from 'node:assert/strict';
import { WordTable } from '../../server/src/core/wordTable';

/** The words of texts as the word index used to number them: `split` on non-word characters, ids by first sight. */
function numberedBySplit(texts: readonly string[]): { ids: number[][]; words: string[] } {
  const words: string[] = [];
  const ids = new Map<string, number>();
  return {
    ids: texts.map((text) => text.split(/[^a-z0-9]+/).filter(Boolean).map((word) => {
      let id = ids.get(word);
      if (id === undefined) ids.set(word, (id = words.push(word) - 1));
      return id;
    })),
    words,
  };
}

function numberedByTable(texts: readonly string[]): { ids: number[][]; words: string[] } {
  const table = new WordTable();
  const ids = texts.map((text) => {
    const found: number[] = [];
    table.forEachWord(text, (id) => found.push(id));
    return found;
  });
  return { ids, words: table.words };
}

suite('word table: the words of haystacks, numbered', () => {
  test('reads and numbers words exactly as splitting on non-word characters does', () => {
    const texts = [
      '', ' ', '---', 'a', 'talks open in kyiv.', 'talks  open\tin\nkyiv', '/news/2016/07/10/talks-open-in-kyiv.md',
      'café zürich — “quoted” 北京 😀 emoji', 'Upper Case Is Not A Word Character', 'x1y2 3z 007 0', 'a-b_c.d', 'talks talks talks',
      'ends with a word', '\u0000nul\u0000', 'é', 'a\u0301b',
    ];
    assert.deepEqual(numberedByTable(texts), numberedBySplit(texts));
  });

  test('tens of thousands of words, as the table grows and places them again, come back under their first ids', () => {
    let seed = 7;
    const random = (): number => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 -./é';
    const texts = Array.from({ length: 3000 }, () => Array.from({ length: 20 + Math.floor(random() * 200) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    const byTable = numberedByTable(texts);
    assert.deepEqual(byTable, numberedBySplit(texts));
    assert.ok(byTable.words.length > 20_000, `${byTable.words.length} words`);
  });
});
