import * as assert from 'node:assert/strict';
import { generateCorpus } from '../../bench/corpus/generate';
import { extractEntry } from '../../server/src/core/extractor';
import { parseEntry } from '../../server/src/core/parser';
import { summarize } from '../../server/src/core/summary';
import { EXAMPLE, handWrittenShapes, mutationsRead } from './helpers/entryTexts';
import { entry, relatedItem } from './helpers/fixture';

/** The extractor either declines or agrees with the full parser exactly, model and index summary alike. */
function assertAgrees(text: string, label: string): boolean {
  const fast = extractEntry(text);
  if (!fast) return false;
  const full = parseEntry(text);
  assert.deepEqual(fast, full, `${label}: extractor and parser disagree on ${JSON.stringify(text.slice(0, 200))}`);
  const uri = 'file:///ws/news/2016/07/11/x.md';
  assert.deepEqual(summarize(uri, fast), summarize(uri, full), label);
  return true;
}

suite('extractor: differential against the full parser', () => {
  test('the real example is read by the extractor and agrees', () => {
    assert.ok(assertAgrees(EXAMPLE, 'example'), 'the extractor declined the real example');
    assert.ok(assertAgrees(EXAMPLE.replace(/\n/g, '\r\n'), 'example CRLF'), 'the extractor declined the CRLF example');
    assert.ok(assertAgrees(`\uFEFF${EXAMPLE}`, 'example BOM'), 'the extractor declined the example with a BOM');
  });

  test('every file of a generated corpus agrees, and nearly all take the fast path', () => {
    let fast = 0;
    let total = 0;
    for (const file of generateCorpus({ entries: 500, seed: 7, faults: true })) {
      total++;
      if (assertAgrees(file.text, file.path)) fast++;
    }
    assert.equal(total, 500);
    assert.ok(fast / total > 0.95, `only ${fast} of ${total} took the fast path`);
  });

  test('hand-written shapes agree or are declined', () => {
    handWrittenShapes().forEach((text, i) => assertAgrees(text, `shape ${i}`));
  });

  test('a character that matters to the scanner, inserted at every offset, agrees or is declined', () => {
    const text = entry({ related: relatedItem(1, 'A title', '/news/2016/07/10/a.md', 'Iraq, U.S.') });
    for (const char of ['\r', '#', '_', ' ', ',', '\u2028', '\u00a0']) {
      for (let at = 0; at <= text.length; at++) assertAgrees(text.slice(0, at) + char + text.slice(at), `${JSON.stringify(char)} at ${at}`);
    }
  });

  test('a related item typed character by character agrees at every step, and half-typed items take the fast path', () => {
    const typed = relatedItem(2, 'France conducts airstrikes', '/news/2016/09/30/france-conducts-airstrikes.md', 'Iraq, Islamic State, U.S.');
    const lines = [
      typed,
      '2. [Kurdish forces advance](/news/2016/07/1/kurdish.md) _Context: Iraq_ trailing',
      '2. [A](/news/2016/07/1/a.md)  _Context: Iraq',
      '2. [A](/news/2016/07/1/a.md) _Context:  Iraq, ',
      '2. [A](/news/2016/07/1/a.md) _Context: Iraq,, Syria',
      '2. [A *b*](/news/2016/07/1/a.md) _Context: Iraq',
      '2. [A](/news/2016/07/1/a.md) _Context: Ir_aq',
      '2. [A](/news/2016/07/1/a.md) __Context: Iraq',
    ];
    let fast = 0;
    for (const line of lines) {
      for (let at = 3; at <= line.length; at++) {
        const text = `${entry({ related: relatedItem(1, 'A title', '/news/2016/07/10/a.md', 'Iraq') })}\n${line.slice(0, at)}`;
        if (assertAgrees(text, `typed ${JSON.stringify(line.slice(0, at))}`)) fast++;
        assertAgrees(`${text}\n`, `typed ${JSON.stringify(line.slice(0, at))} with a line break`);
      }
    }
    const halfTyped = ['2. [Fran', '2. [A title](/news/2016/07/10/a.md) _Context: Ir', '2. [A title](/news/2016/07/10/a.md) _Context: Iraq, Is'];
    for (const line of halfTyped) {
      const text = `${entry({ related: relatedItem(1, 'A title', '/news/2016/07/10/a.md', 'Iraq') })}\n${line}`;
      assert.ok(assertAgrees(text, line), `the extractor reads ${line}`);
    }
    assert.ok(fast > 0);
  });

  test('thousands of mutated entries agree or are declined', () => {
    const fast = mutationsRead(1200, 42, assertAgrees);
    assert.ok(fast > 50, `mutations should still often take the fast path (took ${fast})`);
  });
});
