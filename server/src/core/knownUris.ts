/**
 * The files of a load by position, found by their hashes: an index worker names each file it reads, and
 * each link target it resolves, by its position in the load's list. Looking a target up by hashes computed
 * over the file's text where it stands spares building and hashing a million target strings.
 *
 * A target (a root joined with a path) is matched by a 64-bit fingerprint, the two hashes of
 * `continueBothHashes` keyed for the load, not by comparing strings: reading the candidate's characters, scattered over the
 * 100,000 strings of the list, cost more than half of each lookup. A target outside the list is taken for a
 * file of it only if both hashes collide, about once in 2^64 / 100,000 lookups; two files of a list of
 * 100,000 share both hashes about once in 2^64 / 100,000^2 = 1.8 billion loads. The second hash is keyed anew
 * for each load, so that a target crafted to collide with a file's URI (FNV-1a alone can be aimed at) still
 * matches only by that chance.
 */
import { continueBothHashes, FNV_OFFSET_BASIS, stringHash } from './intern';

/** Positions of a list of URIs, by their hashes, in an open-addressing table of typed arrays. */
export class KnownUris {
  /** Each URI's two hashes, by position: `stringHash`, then the keyed second one. */
  private hashes = new Int32Array(0);
  /** Position + 1 of the URI in each slot, 0 for an empty slot; at least twice as many slots as URIs. */
  private slots = new Int32Array(0);
  private shift = 32;
  private readonly uris: string[] = [];

  /**
   * @param uris the list, which `add` may lengthen (a load whose files are listed while they are read).
   * @param key the load's hash key (`randomHashKey`), which the records' writers hash their targets with.
   */
  constructor(uris: readonly string[], readonly key: number) {
    this.add(uris);
  }

  /** How many URIs the list holds. */
  get size(): number {
    return this.uris.length;
  }

  /** Appends URIs to the list: each takes the next position. */
  add(uris: readonly string[]): void {
    const first = this.uris.length;
    const total = first + uris.length;
    if (this.hashes.length < total * 2) {
      const grown = new Int32Array(Math.max(total * 2, this.hashes.length * 2));
      grown.set(this.hashes.subarray(0, first * 2));
      this.hashes = grown;
    }
    const both = new Int32Array(2);
    uris.forEach((uri, i) => {
      both[0] = FNV_OFFSET_BASIS;
      both[1] = this.key;
      continueBothHashes(both, uri, 0, uri.length);
      this.hashes[(first + i) * 2] = both[0];
      this.hashes[(first + i) * 2 + 1] = both[1];
      this.uris.push(uri);
    });
    if (this.slots.length >= total * 2 + 1) {
      for (let position = first; position < total; position++) this.place(position);
      return;
    }
    // A list that grows gets room to grow into, so that its table is not built again for every few files.
    const bits = Math.max(4, Math.ceil(Math.log2(total * (first === 0 ? 2 : 4) + 1)));
    this.shift = 32 - bits;
    this.slots = new Int32Array(1 << bits);
    for (let position = 0; position < total; position++) this.place(position);
  }

  /** The position of a URI, or undefined when it is not in the list. */
  positionOf(uri: string): number | undefined {
    const hash = stringHash(uri);
    const mask = this.slots.length - 1;
    for (let slot = this.slotOf(hash); this.slots[slot] !== 0; slot = (slot + 1) & mask) {
      const position = this.slots[slot] - 1;
      if (this.hashes[position * 2] === hash && this.uris[position] === uri) return position;
    }
    return undefined;
  }

  /**
   * The position of the URI whose `stringHash` is `hash` and whose second hash (keyed with `key`)
   * is `second` (a root joined with a path, hashed without being built); undefined when it is not in the list.
   */
  positionOfJoined(hash: number, second: number): number | undefined {
    // No closures and no Map: this runs for every link of the archive, a million times at 100,000 entries.
    const mask = this.slots.length - 1;
    for (let slot = this.slotOf(hash); this.slots[slot] !== 0; slot = (slot + 1) & mask) {
      const position = this.slots[slot] - 1;
      if (this.hashes[position * 2] === hash && this.hashes[position * 2 + 1] === second) return position;
    }
    return undefined;
  }

  /** Enters a position in the table. A URI listed twice (nested workspace folders) is found at its first position, which comes first in the probes. */
  private place(position: number): void {
    const mask = this.slots.length - 1;
    let slot = this.slotOf(this.hashes[position * 2]);
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = position + 1;
  }

  /** The first slot to try: the hash's top bits after a multiplicative mix, so that similar hashes spread out. */
  private slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }
}
