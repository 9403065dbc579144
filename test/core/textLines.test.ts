import * as assert from 'node:assert/strict';
import { LineIndex, lineBreakOf, type Position } from '../../server/src/core/textLines';
import { seeded } from './helpers/random';

/** A naive reference: walks the text once, character by character. */
function referencePositions(text: string): Position[] {
  const out: Position[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, character });
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) !== 10) {
      line++;
      character = 0;
    } else if (code === 10) {
      line++;
      character = 0;
    } else {
      character++;
    }
  }
  return out;
}

/** Offsets that are the LF of a CRLF pair: inside a line break, where no round trip is possible. */
function isInsideCrlf(text: string, offset: number): boolean {
  return text[offset] === '\n' && text[offset - 1] === '\r';
}

function assertRoundTrips(text: string, label: string): void {
  const lines = new LineIndex(text);
  const reference = referencePositions(text);
  for (let offset = 0; offset <= text.length; offset++) {
    const position = lines.positionAt(offset);
    if (isInsideCrlf(text, offset)) {
      // The LF of a CRLF is one character past the line's end; it maps back to the CR.
      assert.deepEqual(position, { line: reference[offset - 1].line, character: reference[offset - 1].character + 1 }, `${label} @${offset}`);
      assert.equal(lines.offsetAt(position), offset - 1, `${label} @${offset}`);
      continue;
    }
    assert.deepEqual(position, reference[offset], `${label} @${offset}`);
    assert.equal(lines.offsetAt(position), offset, `${label} round trip @${offset}`);
  }
}

suite('textLines: LineIndex', () => {
  test('LF, CRLF, CR and mixed endings: line counts and starts', () => {
    const cases: [string, number[]][] = [
      ['', [0]],
      ['abc', [0]],
      ['a\nb\n', [0, 2, 4]],
      ['a\r\nb\r\n', [0, 3, 6]],
      ['a\rb\r', [0, 2, 4]],
      ['a\r\nb\nc\rd', [0, 3, 5, 7]],
      ['\r\r\n\n\r', [0, 1, 3, 4, 5]],
    ];
    for (const [text, starts] of cases) {
      const lines = new LineIndex(text);
      assert.equal(lines.lineCount, starts.length, JSON.stringify(text));
      assert.deepEqual(starts.map((_, line) => lines.lineStart(line)), starts, JSON.stringify(text));
    }
  });

  test('lineEnd stops before the line break, whichever it is', () => {
    const text = 'ab\r\ncd\nef\rgh';
    const lines = new LineIndex(text);
    assert.deepEqual([0, 1, 2, 3].map((line) => text.slice(lines.lineStart(line), lines.lineEnd(line))), ['ab', 'cd', 'ef', 'gh']);
  });

  test('every offset round trips for LF, CRLF, CR and mixed texts, surrogate pairs counted as two', () => {
    for (const [label, text] of Object.entries({
      lf: 'line one\nline two\n\nlast',
      crlf: 'line one\r\nline two\r\n\r\nlast\r\n',
      cr: 'line one\rline two\r\rlast\r',
      mixed: 'a\r\nb\nc\rd\r\r\ne\n\rf',
      emoji: '🌊 café\r\nZürich 🇺🇳\n',
    })) assertRoundTrips(text, label);
    assert.deepEqual(new LineIndex('🌊x').positionAt(2), { line: 0, character: 2 });
  });

  test('seeded random texts round trip against a naive reference', () => {
    const random = seeded(42);
    const pieces = ['a', 'é', '🌊', '\r', '\n', '\r\n', ' ', '\uFEFF', '\ud800'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const length = random.below(40);
      for (let i = 0; i < length; i++) text += random.pick(pieces);
      assertRoundTrips(text, JSON.stringify(text));
    }
  });

  test('positions and offsets out of range are clamped', () => {
    const text = 'ab\r\ncd';
    const lines = new LineIndex(text);
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(999), { line: 1, character: 2 });
    assert.equal(lines.offsetAt({ line: -1, character: 4 }), 0);
    assert.equal(lines.offsetAt({ line: 7, character: 0 }), text.length);
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2, 'clamped to the end of the line, before CRLF');
    assert.equal(lines.offsetAt({ line: 1, character: -3 }), 4);
    assert.equal(lines.lineStart(-2), 0);
    assert.equal(lines.lineStart(9), 4);
    const empty = new LineIndex('');
    assert.deepEqual(empty.positionAt(3), { line: 0, character: 0 });
    assert.equal(empty.offsetAt({ line: 0, character: 3 }), 0);
  });
});

suite('textLines: lineBreakOf', () => {
  test('the line break used most, LF when there is none', () => {
    assert.equal(lineBreakOf(''), '\n');
    assert.equal(lineBreakOf('one line'), '\n');
    assert.equal(lineBreakOf('a\nb\n'), '\n');
    assert.equal(lineBreakOf('a\r\nb\r\n'), '\r\n');
    assert.equal(lineBreakOf('a\rb\r'), '\r');
    assert.equal(lineBreakOf('a\nb\nc\nd\r\n'), '\n', 'one stray CRLF among LFs');
    assert.equal(lineBreakOf('a\r\nb\r\nc\n'), '\r\n');
  });
});
