/**
 * The other half of clean proofs (`proofWriter.ts`): takes a load's proof records as its jobs come back and, once
 * the whole workspace is loaded, confirms each candidate's links and tags against the index.
 */
import { LoadList } from './bulkLoader';
import type { CompactEntry } from './compactEntry';
import type { EntriesConfig } from './config';
import { CANDIDATE, EMPTY_HEADLINE, HEADER, PER_LINK, UNLISTED } from './proofWriter';
import { withRoom } from './typedArrays';

/** A file whose rules on its own text passed, waiting for the whole load: its record and where its proof starts. */
interface Candidate {
  readonly entry: CompactEntry;
  readonly proofs: Int32Array;
  readonly at: number;
}

/** What the proofs are confirmed against: the index the load filled. */
export interface ProofIndex {
  readonly size: number;
  has(uri: string): boolean;
  tagCountById(id: number): number;
}

/** Collects a load's proof records and tells which files they prove clean. */
export class CleanProofs {
  private uris: readonly string[] = [];
  /** Per position in the load: 0 no record, 1 a record, 2 a record without a headline. */
  private states = new Uint8Array(0);
  /** Per position in the load: the headline's fingerprint. */
  private headlines = new Int32Array(0);
  private candidates: Candidate[] = [];
  /** The load's files by URI, for targets not listed when their file was read; built when first needed. */
  private list: LoadList | undefined;

  /** Starts over for a load of these files, which may still grow (a walk under way) until the proofs are asked for. */
  start(uris: readonly string[]): void {
    this.uris = uris;
    this.states = new Uint8Array(uris.length);
    this.headlines = new Int32Array(uris.length * 2);
    this.candidates = [];
    this.list = undefined;
  }

  /** Forgets every proof (a load that failed is read again another way): no file is then proven clean. */
  discard(): void {
    this.start([]);
  }

  /** Takes a job's records and their proof records, in the same order; throws, taking nothing, when they do not match. */
  take(entries: readonly CompactEntry[], proofs: Int32Array): void {
    const starts: number[] = [];
    let at = 0;
    for (let record = 0; record < entries.length && at + HEADER <= proofs.length; record++) {
      starts.push(at);
      at += HEADER + proofs[at + 4] * PER_LINK;
    }
    if (starts.length !== entries.length || at !== proofs.length) throw new Error('proof records do not match the index records');
    entries.forEach((entry, record) => {
      const start = starts[record];
      const position = proofs[start];
      const flags = proofs[start + 3];
      if (position < 0 || position >= this.uris.length) return;
      this.makeRoom(position + 1);
      this.states[position] = flags & EMPTY_HEADLINE ? 2 : 1;
      this.headlines[position * 2] = proofs[start + 1];
      this.headlines[position * 2 + 1] = proofs[start + 2];
      if (flags & CANDIDATE) this.candidates.push({ entry, proofs, at: start });
    });
  }

  /** Room for positions below `length` (the list grew since `start`). */
  private makeRoom(length: number): void {
    this.states = withRoom(this.states, length);
    this.headlines = withRoom(this.headlines, this.states.length * 2);
  }

  /** The URIs among `uris` that the proofs do not prove clean, in their order. */
  unproven(uris: readonly string[], index: ProofIndex, config: EntriesConfig): string[] {
    const proven = this.provenPositions(index, config);
    const clean = new Set<string>();
    proven.forEach((isProven, position) => isProven && clean.add(this.uris[position]));
    return uris.filter((uri) => !clean.has(uri));
  }

  /**
   * Every file of the load that the index holds and the proofs do not prove clean, in the load's order, without a
   * list of 100,000 URIs to filter; undefined when the index holds records from elsewhere too (ask `unproven` then).
   */
  unprovenOfLoad(index: ProofIndex, config: EntriesConfig): string[] | undefined {
    const proven = this.provenPositions(index, config);
    const unproven: string[] = [];
    let held = 0;
    this.states.forEach((state, position) => {
      if (state === 0) return;
      held++;
      if (!proven[position]) unproven.push(this.uris[position]);
    });
    return held === index.size ? unproven : undefined;
  }

  /** Per position of the load, 1 for a file proven clean. */
  private provenPositions(index: ProofIndex, config: EntriesConfig): Uint8Array {
    // A file read twice (nested folders) may have gone in between: only what the index holds is linked to.
    this.states.forEach((state, position) => {
      if (state !== 0 && !index.has(this.uris[position])) this.states[position] = 0;
    });
    const proven = new Uint8Array(this.states.length);
    const checksTags = index.size >= config.typoMinEntries;
    for (const candidate of this.candidates) {
      const position = candidate.proofs[candidate.at];
      if (this.states[position] !== 0 && this.linksHold(candidate) && (!checksTags || tagsRepeat(candidate.entry, index))) proven[position] = 1;
    }
    return proven;
  }

  /**
   * Every link names another file of the load, once, whose headline its text matches (or that has none). A target
   * not listed when the file was read is found by the URI its record holds (the links of a candidate's proof are
   * its record's links, in order).
   */
  private linksHold({ entry, proofs, at }: Candidate): boolean {
    const self = proofs[at];
    const count = proofs[at + 4];
    if (count !== entry.targets.length) return false;
    const targets: number[] = [];
    for (let link = 0; link < count; link++) {
      const written = at + HEADER + link * PER_LINK;
      const target = proofs[written] === UNLISTED ? this.positionOf(entry.targets[link]) : proofs[written];
      const state = target < 0 ? 0 : this.states[target];
      if (target === self || (state !== 1 && state !== 2)) return false;
      if (state === 1 && (this.headlines[target * 2] !== proofs[written + 1] || this.headlines[target * 2 + 1] !== proofs[written + 2])) return false;
      if (targets.includes(target)) return false;
      targets.push(target);
    }
    return true;
  }

  /** The position of a URI in the whole load; -1 when it is not there. */
  private positionOf(uri: string): number {
    this.list ??= new LoadList(this.uris);
    return this.list.positionOf(uri) ?? -1;
  }
}

/** No tag of the entry is used only once, so that no typo is suggested for it. */
function tagsRepeat({ linkTags }: CompactEntry, index: ProofIndex): boolean {
  // The layout of `CompactEntry.linkTags` read in place: a closure per entry cost more than the counts.
  for (let at = 0; at < linkTags.length;) {
    const header = linkTags[at++];
    for (const end = at + (header >> 1); at < end; at++) if (index.tagCountById(linkTags[at]) <= 1) return false;
  }
  return true;
}
