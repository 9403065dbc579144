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
import { isEntryPath } from './format';
import { continueBothHashes, FNV_OFFSET_BASIS, stringHash } from './intern';
import { withRoom } from './typedArrays';

/** The numbers of a slot of the table. */
const SLOT = 4;

/** Positions of a list of URIs, by their hashes, in an open-addressing table of typed arrays. */
export class KnownUris {
  /** Each URI's two hashes, by position: `stringHash`, then the keyed second one (the table is built again from them as the list grows). */
  private hashes = new Int32Array(0);
  /**
   * Four numbers per slot, side by side, so that a lookup reads one place in memory (the table outgrows the
   * processor's nearest caches): position + 1 of the URI (0 for an empty slot), its two hashes, and
   * `(root length + 1) << 1 | is an entry path` of the last link that named it (0 for none); at least twice as
   * many slots as URIs.
   */
  private slots = new Int32Array(0);
  private slotCount = 0;
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

  /** The URIs at positions `[from, to)`. */
  slice(from: number, to: number): string[] {
    return this.uris.slice(from, to);
  }

  /** Appends URIs to the list: each takes the next position. */
  add(uris: readonly string[]): void {
    const first = this.uris.length;
    const total = first + uris.length;
    this.hashes = withRoom(this.hashes, total * 2);
    const both = new Int32Array(2);
    uris.forEach((uri, i) => {
      both[0] = FNV_OFFSET_BASIS;
      both[1] = this.key;
      continueBothHashes(both, uri, 0, uri.length);
      this.hashes[(first + i) * 2] = both[0];
      this.hashes[(first + i) * 2 + 1] = both[1];
      this.uris.push(uri);
    });
    if (this.slotCount >= total * 2 + 1) {
      for (let position = first; position < total; position++) this.place(position);
      return;
    }
    // At least twice the room, so that a list that grows has its table built again once per doubling; no more, so
    // that the table of 100,000 files (4 MB) stays as close to the processor as it can.
    const bits = Math.max(4, Math.ceil(Math.log2(total * 2 + 1)));
    this.shift = 32 - bits;
    this.slotCount = 1 << bits;
    // What is known of entry paths goes with the old table: it is found again at the first link.
    this.slots = new Int32Array(this.slotCount * SLOT);
    for (let position = 0; position < total; position++) this.place(position);
  }

  /** The position of a URI, or undefined when it is not in the list. */
  positionOf(uri: string): number | undefined {
    const hash = stringHash(uri);
    const { slots } = this;
    const mask = this.slotCount - 1;
    for (let slot = this.slotOf(hash); slots[slot * SLOT] !== 0; slot = (slot + 1) & mask) {
      const position = slots[slot * SLOT] - 1;
      if (slots[slot * SLOT + 1] === hash && this.uris[position] === uri) return position;
    }
    return undefined;
  }

  /**
   * The slot of the URI whose `stringHash` is `hash` and whose second hash (keyed with `key`) is `second` (a root
   * joined with a path, hashed without being built), or -1 when it is not in the list. A slot stands until the next `add`.
   */
  slotOfJoined(hash: number, second: number): number {
    // No closures and no Map: this runs for every link of the archive, a million times at 100,000 entries.
    const { slots } = this;
    const mask = this.slotCount - 1;
    for (let slot = this.slotOf(hash); slots[slot * SLOT] !== 0; slot = (slot + 1) & mask) {
      if (slots[slot * SLOT + 1] === hash && slots[slot * SLOT + 2] === second) return slot;
    }
    return -1;
  }

  /** The position of the URI in a slot that `slotOfJoined` found. */
  positionInSlot(slot: number): number {
    return this.slots[slot * SLOT] - 1;
  }

  /**
   * Whether `target`, the path after a root of `rootLength` characters of the URI in `slot`, is an entry path:
   * remembered in the slot until the table grows (the archive's million links name its 100,000 files), with the
   * root's length, since one file's URI may be split into a root and a path in more than one way.
   */
  isEntryPathInSlot(slot: number, rootLength: number, target: string): boolean {
    const at = slot * SLOT + 3;
    const known = this.slots[at];
    if (known >> 1 === rootLength + 1) return (known & 1) === 1;
    // The regex on a slice answers sooner than a test of the characters in place.
    const entryPath = isEntryPath(target);
    this.slots[at] = ((rootLength + 1) << 1) | (entryPath ? 1 : 0);
    return entryPath;
  }

  /** Enters a position in the table. A URI listed twice (nested workspace folders) is found at its first position, which comes first in the probes. */
  private place(position: number): void {
    const mask = this.slotCount - 1;
    let slot = this.slotOf(this.hashes[position * 2]);
    while (this.slots[slot * SLOT] !== 0) slot = (slot + 1) & mask;
    this.slots[slot * SLOT] = position + 1;
    this.slots[slot * SLOT + 1] = this.hashes[position * 2];
    this.slots[slot * SLOT + 2] = this.hashes[position * 2 + 1];
  }

  /** The first slot to try: the hash's top bits after a multiplicative mix, so that similar hashes spread out. */
  private slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }
}
