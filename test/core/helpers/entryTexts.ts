/** Entry texts shared by the differential tests of the fast readers: the real example and a mutator. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCorpus } from '../../../bench/corpus/generate';
import { mulberry32 } from '../../../bench/corpus/prng';
import { entry, relatedItem } from './fixture';
import { repoRoot } from './paths';

const EXAMPLE_PATH = 'news/2016/07/11/the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md';

/** The real example entry, byte for byte. */
export const EXAMPLE = readFileSync(join(repoRoot(), 'test/fixtures/example', EXAMPLE_PATH), 'utf8');

/** A mutation of a text: a few random edits with characters that matter to Markdown. */
export function mutate(text: string, random: () => number): string {
  const alphabet = ['[', ']', '(', ')', '_', '*', '#', '\n', '\r\n', ' ', '  ', '\t', ',', '1. ', '`', '\\', '&amp;', '<b>', '---', 'é', '😀', '\uFEFF', '> ', '    '];
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const choice = random();
    if (choice < 0.4) out = out.slice(0, at) + alphabet[Math.floor(random() * alphabet.length)] + out.slice(at);
    else if (choice < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 5));
    else {
      const end = Math.min(out.length, at + Math.floor(random() * 40));
      out = out.slice(0, at) + out.slice(at, end) + out.slice(at);
    }
  }
  return out;
}

/** Entries of hand-written shapes, regular and not, that the fast readers must agree on or decline. */
export function handWrittenShapes(): string[] {
  return [
    '', '#', '# ', '\n\n', entry(), entry({ sources: null }), entry({ dateLine: null }), entry({ headline: null }),
    entry({ related: relatedItem(1, ' Leading space title. ', '/news/2016/07/10/a.md') }),
    entry({ related: '1. [T](/news/2016/07/10/a.md)' }), entry({ related: '1. [T](/news/2016/07/10/a.md) _Context: A_ trailing' }),
    entry({ body: 'Line one\nline two' }), entry({ body: 'Para one.\n\nPara two.' }), entry({ body: '  Indented.' }),
    entry({ sources: '1. [BBC](https://x.com/a?b=1&c=2)\n1. [Cover Image](https://x.com/i.jpg)' }),
    entry({ sources: '1. [BBC](https://x.com/a?b=1&amp;c=2)' }), entry({ sources: '1. [B*B*C](https://x.com)' }),
    entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a.md', 'Iraq (country), U.S., People\'s Republic') }),
    '### [2016-07-11](/news/2016/07/11/index.md)\n# Tight headline\nBody right after.\n### Source:\n1. [BBC](https://b.c)\n',
    '### Related:\n\n1. [T](/news/2016/07/10/a.md) _Context: A_\n\n### Source:\n\n1. [BBC](https://b.c)\n',
    '### [2016-07-11](/news/2016/07/11/index.md)\n\n# A\n\n## Background\n\nText.\n',
    // A `#` after a space closes a heading even when trailing spaces follow: the parser drops it from the text.
    entry({ headline: 'Ends in a hash #' }), entry({ headline: 'Ends in a hash#' }), entry({ headline: 'Hash # inside' }),
    entry({ headline: 'Line\u2028separator' }), entry({ body: 'Line\u2028separator.' }), entry({ body: 'Carriage\rreturn.' }),
    `${entry()}\r`, entry({ body: '+ Plus.' }), entry({ body: '\u00a0No-break space first.' }),
    entry({ sources: '1234567890. [BBC](https://b.c)' }), entry({ sources: '1. [ \t](https://b.c)' }), entry({ sources: '1. [BBC](https://b.c/a&b)' }),
    entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a.md', 'A,\u00a0B ,\u3000C') }),
    entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a.md', 'A,, B') }),
    entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a.md', ' A') }),
    // CommonMark ends a link destination at an ASCII control character, and the parser reads a NUL as U+FFFD.
    entry({ related: relatedItem(1, 'T', '/news/2016/07/10/a\u0006.md') }), entry({ sources: '1. [BBC](https://b.c/\u007f)' }),
    entry({ headline: 'NUL\u0000inside' }), entry({ related: relatedItem(1, 'T\u0000', '/news/2016/07/10/a.md', 'A\u0000B') }),
  ];
}

/** Runs `read` on `count` mutations of the example and of a small generated corpus; how many it read (did not decline). */
export function mutationsRead(count: number, seed: number, read: (text: string, label: string) => boolean): number {
  const random = mulberry32(seed);
  const seeds = [EXAMPLE, ...[...generateCorpus({ entries: 50, seed: 3 })].map((file) => file.text)];
  let fast = 0;
  for (let i = 0; i < count; i++) {
    if (read(mutate(seeds[i % seeds.length], random), `mutation ${i}`)) fast++;
  }
  return fast;
}
