/**
 * Index records written straight from entries' bytes: the summary scanner's findings go into a
 * RecordWriter as `summarizeBytes` would summarize them, without a summary being built. Repeated
 * strings (dates, publishers, tags) are looked up by their bytes, so each is decoded and hashed once
 * per writer however many files repeat it.
 */
import type { FileStamp } from './compactEntry';
import type { ByteReader } from './byteText';
import type { ProofWriter } from './proofWriter';
import { isEntryPath, parseIsoDate } from './format';
import type { KnownUris } from './knownUris';
import { continueBothHashes, FNV_OFFSET_BASIS, stringHash } from './intern';
import { archiveRootOf } from './links';
import type { RecordWriter } from './recordWriter';
import { SummaryScanner } from './summaryScanner';

const NO_TAGS: readonly number[] = [];

/** Writes the records of scanned files into one RecordWriter. */
export class ScannedRecords {
  private readonly scanner = new SummaryScanner();
  /** References by byte string: the byte string of a string of valid UTF-8 stands for its text. */
  private readonly references = new Map<string, number>();
  /** Date texts already seen, with their references or -1 when they are no calendar date. */
  private readonly dates = new Map<string, number>();
  /** Tag lists by byte string, with the references of their tags. */
  private readonly tagLists = new Map<string, readonly number[]>();
  private readonly tags: number[] = [];
  private lastRoot: string | undefined;
  /** The two hashes of the last archive root, which each target's carry on from. */
  private readonly rootHashes = new Int32Array(2);
  /** The two hashes of the target being hashed. */
  private readonly hashes = new Int32Array(2);
  /** The two hashes of each target of the scanned file, and the slot of the known file it names (-1 for none). */
  private targetHashes = new Int32Array(0);
  private targetSlots = new Int32Array(0);

  /**
   * @param known the load's files, which links name by position; without it, targets are sent as strings.
   * @param proofs when given, gets a proof record for each record written (`proofWriter.ts`).
   */
  constructor(private readonly writer: RecordWriter, private readonly reader: ByteReader, private readonly known?: KnownUris, private readonly proofs?: ProofWriter) {}

  /** Writes the record of a file's bytes; false, with nothing written, when the scanner declines them. */
  add(uri: string, bytes: Uint8Array, stamp: FileStamp): boolean {
    const { scanner, writer } = this;
    if (!scanner.scanBytes(bytes, this.reader)) return false;
    const self = writer.uri(uri);
    writer.push(self);
    writer.push(scanner.dateStart < 0 ? -1 : this.date(scanner.dateStart, scanner.dateEnd));
    writer.push(writer.own(scanner.headlineStart < 0 ? '' : scanner.string(scanner.headlineStart, scanner.headlineEnd)));
    const { publishers, links, bytes: text } = scanner;
    writer.push(publishers.length / 2);
    for (let at = 0; at < publishers.length; at += 2) writer.push(this.shared(publishers[at], publishers[at + 1]));
    writer.push(links.length / 4);
    const root = archiveRootOf(uri);
    const { proofs, known } = this;
    let proving = proofs !== undefined && proofs.scanned(scanner, uri, writer.knownPosition(self));
    if (root !== undefined) this.findTargets(root);
    for (let at = 0; at < links.length; at += 4) {
      // Targets are ASCII (the scanner declines other link destinations), so their byte strings are their texts.
      const target = text.slice(links[at], links[at + 1]);
      // A target is nearly always a file of the load, which the server's thread then takes as its own string; the
      // others are sent as they are, with their hashes. Whether it is an entry path is known once per file.
      const slot = root === undefined ? -1 : this.targetSlots[at / 4];
      const position = slot < 0 || !known ? -1 : known.positionInSlot(slot);
      const resolved = root !== undefined && (position < 0 || !known ? isEntryPath(target) : known.isEntryPathInSlot(slot, root.length, target));
      if (root !== undefined && resolved) writer.push(position < 0 ? writer.own(root + target, this.targetHashes[at / 2]) : writer.knownUri(position));
      else writer.push(writer.own(target, stringHash(target)));
      if (proving) proving = proofs?.link(scanner, at / 4, target, resolved, position) ?? false;
      const tags = this.tagList(links[at + 2], links[at + 3]);
      writer.push(tags.length * 2 + (resolved ? 1 : 0));
      for (const tag of tags) writer.push(tag);
    }
    writer.stamp(stamp);
    return true;
  }

  /**
   * Hashes every target of the scanned file (below `root`) into `targetHashes`, then finds the slots of the known
   * files they name (-1 for a target not in the list, or with no list) into `targetSlots`. The lookups come one
   * after the other: the table outgrows the processor's caches, and lookups that do not wait for each other's
   * misses take a fraction of the time.
   */
  private findTargets(root: string): void {
    const { links, bytes } = this.scanner;
    const count = links.length / 4;
    if (this.targetSlots.length < count) {
      this.targetHashes = new Int32Array(count * 4);
      this.targetSlots = new Int32Array(count * 2);
    }
    const { hashes, targetHashes, targetSlots, known } = this;
    this.hashRoot(root);
    for (let link = 0; link < count; link++) {
      hashes.set(this.rootHashes);
      continueBothHashes(hashes, bytes, links[link * 4], links[link * 4 + 1]);
      targetHashes[link * 2] = hashes[0];
      targetHashes[link * 2 + 1] = hashes[1];
    }
    for (let link = 0; link < count; link++) targetSlots[link] = known ? known.slotOfJoined(targetHashes[link * 2], targetHashes[link * 2 + 1]) : -1;
  }

  /** Sets `rootHashes` to the two hashes of an archive root (keyed as the load's), which `continueBothHashes` carries on over a target. */
  private hashRoot(root: string): void {
    if (root === this.lastRoot) return;
    this.lastRoot = root;
    this.rootHashes[0] = FNV_OFFSET_BASIS;
    this.rootHashes[1] = this.known?.key ?? 0;
    continueBothHashes(this.rootHashes, root, 0, root.length);
  }

  /** The references of the tags of a tag list; related items repeat whole lists, so lists are looked up whole. */
  private tagList(start: number, end: number): readonly number[] {
    if (start < 0) return NO_TAGS;
    const key = this.scanner.bytes.slice(start, end);
    let references = this.tagLists.get(key);
    if (references === undefined) {
      this.scanner.tagsOf(start, end, this.tags);
      const found: number[] = [];
      for (let at = 0; at < this.tags.length; at += 2) found.push(this.shared(this.tags[at], this.tags[at + 1]));
      this.tagLists.set(key, (references = found));
    }
    return references;
  }

  private shared(start: number, end: number): number {
    const key = this.scanner.bytes.slice(start, end);
    let reference = this.references.get(key);
    if (reference === undefined) {
      reference = this.writer.shared(this.scanner.string(start, end));
      this.references.set(key, reference);
    }
    return reference;
  }

  private date(start: number, end: number): number {
    const text = this.scanner.bytes.slice(start, end);
    let reference = this.dates.get(text);
    if (reference === undefined) {
      // A date is ASCII, so its byte string is its text.
      reference = typeof parseIsoDate(text) === 'object' ? this.writer.shared(text) : -1;
      this.dates.set(text, reference);
    }
    return reference;
  }
}
