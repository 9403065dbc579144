/**
 * The words of the entries' haystacks, numbered in the order they are first met: the word index reads
 * a million and a half words at 100,000 entries, and splitting each haystack into strings to look them
 * up in a Map made most of its build time. Words are found by a hash over the haystack's characters, in
 * an open-addressing table of typed arrays, and compared in place; only a new word becomes a string.
 */
import { rangeHash } from './intern';
import { withRoom } from './typedArrays';

/** A word character: what the word index splits haystacks on is everything else (`[^a-z0-9]`). */
function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/** Numbers the words (`[a-z0-9]` runs) of texts. */
export class WordTable {
  /** The words by id. */
  readonly words: string[] = [];
  private hashes: Int32Array<ArrayBuffer> = new Int32Array(1024);
  /** Word id + 1 in each slot, 0 for an empty slot; kept at most half full. */
  private slots = new Int32Array(2048);
  /** 32 less the bits of a slot number: a slot is taken from the top bits of the mixed hash. */
  private shift = 32 - 11;

  /**
   * Calls `visit` with the id of each word of `text`, in order (a word twice when the text holds it twice),
   * as `text.split(/[^a-z0-9]+/)` would list them; new words get the next id.
   */
  forEachWord(text: string, visit: (id: number) => void): void {
    const end = text.length;
    let at = 0;
    while (at < end) {
      while (at < end && !isWordCode(text.charCodeAt(at))) at++;
      if (at === end) return;
      const start = at;
      while (at < end && isWordCode(text.charCodeAt(at))) at++;
      visit(this.idOf(text, start, at, rangeHash(text, start, at)));
    }
  }

  /** The id of `text[start, end)`, whose hash is `hash`, added when new. */
  private idOf(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    let slot = this.slotOf(hash);
    for (; this.slots[slot] !== 0; slot = (slot + 1) & mask) {
      const id = this.slots[slot] - 1;
      if (this.hashes[id] === hash && sameAt(this.words[id], text, start, end)) return id;
    }
    const id = this.words.length;
    this.words.push(text.slice(start, end));
    if (id === this.hashes.length) this.hashes = withRoom(this.hashes, this.hashes.length * 2);
    this.hashes[id] = hash;
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The first slot to try: the top bits after a multiplicative mix, so that similar hashes spread out. */
  private slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }

  /** Twice the slots, every word placed again. */
  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.shift--;
    const mask = this.slots.length - 1;
    this.hashes.subarray(0, this.words.length).forEach((hash, id) => {
      let slot = this.slotOf(hash);
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    });
  }
}

/** True when `word` is `text[start, end)`. */
function sameAt(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
