/**
 * The files of a load by position, found by their `stringHash`: an index worker names each file it reads,
 * and each link target it resolves, by its position in the load's list. Looking a target up by the hash
 * that the scanner computes anyway, and comparing its two parts in place, spares building and hashing a
 * million target strings.
 */
import { stringHash } from './intern';

/** Positions of a list of URIs, by their hashes, in an open-addressing table of typed arrays. */
export class KnownUris {
  /** Each URI's hash, by position. */
  private readonly hashes: Int32Array;
  /** Position + 1 of the URI in each slot, 0 for an empty slot; at least twice as many slots as URIs. */
  private readonly slots: Int32Array;
  private readonly shift: number;

  constructor(private readonly uris: readonly string[]) {
    const bits = Math.max(4, Math.ceil(Math.log2(uris.length * 2 + 1)));
    this.shift = 32 - bits;
    this.slots = new Int32Array(1 << bits);
    this.hashes = new Int32Array(uris.length);
    const mask = this.slots.length - 1;
    uris.forEach((uri, position) => {
      const hash = stringHash(uri);
      this.hashes[position] = hash;
      let slot = this.slotOf(hash);
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = position + 1;
    });
  }

  /** The position of a URI, or undefined when it is not in the list. */
  positionOf(uri: string): number | undefined {
    const hash = stringHash(uri);
    const mask = this.slots.length - 1;
    for (let slot = this.slotOf(hash); this.slots[slot] !== 0; slot = (slot + 1) & mask) {
      const position = this.slots[slot] - 1;
      if (this.hashes[position] === hash && this.uris[position] === uri) return position;
    }
    return undefined;
  }

  /** The position of the URI `root + path`, whose `stringHash` is `hash`, without building it; undefined when it is not in the list. */
  positionOfJoined(hash: number, root: string, path: string): number | undefined {
    // No closures and no Map: this runs for every link of the archive, a million times at 100,000 entries.
    const mask = this.slots.length - 1;
    for (let slot = this.slotOf(hash); this.slots[slot] !== 0; slot = (slot + 1) & mask) {
      const position = this.slots[slot] - 1;
      if (this.hashes[position] !== hash) continue;
      const candidate = this.uris[position];
      if (candidate.length === root.length + path.length && candidate.endsWith(path) && candidate.startsWith(root)) return position;
    }
    return undefined;
  }

  /** The first slot to try: the hash's top bits after a multiplicative mix, so that similar hashes spread out. */
  private slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }
}
