/**
 * Reads and writes the persisted index in the extension's storage folder. The file is a sequence of
 * frames (a length, a kind, then the payload): the header (a v8-serialized value), chunks of packed
 * records, and the strings the chunks share. Records and strings are written as raw bytes through one
 * small reused buffer, the typed arrays straight from their memory: writing 100,000 records leaves no
 * trail of large buffers behind (with `v8.serialize` and new arrays for each chunk, the server's peak
 * memory rose by 50-70 MB while saving). The file is written to a temporary file that is renamed over the cache at the end, so that
 * a crash never leaves half a cache.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { LazyStrings, PackedRecords, WrittenRecords } from '../core/indexCache';

/** Larger frames are not believed: a chunk of 5,000 records takes a few megabytes. */
const MAX_FRAME_BYTES = 512 * 1024 * 1024;
/** The reused write buffer; a string that does not fit in it is written on its own. */
const SINK_BYTES = 1024 * 1024;
/** Frame header: payload length (u32) and kind (u8). */
const FRAME_HEADER_BYTES = 5;
/** The top bit of where a string ends in a frame: the string is not ASCII. */
const NOT_ASCII = 0x8000_0000;
const NOT_ASCII_MASK = 0x7fff_ffff;
/**
 * Shared strings are cut out of one-byte text decoded in pieces of this size, each when first needed. Node makes
 * text of more than ~1 MB an external string, whose memory the process kept (a warm start's peak at 100k rose by ~40 MB).
 */
const TEXT_PIECE_BYTES = 64 * 1024;
/** More frames are not believed: 100,000 records take 22 (chunks of 5,000), so a file of tiny frames is corrupt. */
const MAX_FRAMES = 100_000;

/** What a frame holds. Typed arrays are in the machine's byte order: a cache never leaves the machine. */
const FrameKind = { Value: 0, Strings: 1, Records: 2 } as const;
type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/**
 * A frame to write: any value (v8-serialized), a list of strings, or packed records. Strings are stored as UTF-8,
 * so a lone surrogate comes back as U+FFFD; text decoded from a file never holds one.
 */
export type CacheFrame =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'strings'; readonly strings: readonly string[] }
  | { readonly kind: 'records'; readonly records: WrittenRecords };

/** The cache file of a storage folder. */
export function cacheFileIn(storagePath: string): string {
  return path.join(storagePath, 'index-cache.bin');
}

/** The frames of a cache file, each read from the file when asked for: one payload at a time is in memory. */
export interface CacheFrames {
  readonly count: number;
  /** Frame `index` (from 0): a value, a table of strings (`LazyStrings`) or PackedRecords. Throws when it is malformed. */
  at(index: number): unknown;
}

/**
 * What `read` makes of a cache file's frames; undefined when there is no cache, or when the file is malformed or
 * `read` throws (then the file is removed: the index is rebuilt and written again).
 */
export function readCache<T>(file: string, read: (frames: CacheFrames) => T): T | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const frames = frameTable(descriptor);
    return read({
      count: frames.length,
      at: (index) => {
        const frame = frames[index];
        if (!frame) throw new Error(`no frame ${index}`);
        // A buffer of its own, not zeroed: it is read over at once, and its typed arrays need the alignment of an ArrayBuffer's start.
        const payload = Buffer.allocUnsafeSlow(frame.size);
        if (readSync(descriptor, payload, 0, frame.size, frame.offset) !== frame.size) throw new Error('truncated frame');
        return decodeFrame(frame.kind, payload);
      },
    });
  } catch {
    rmSync(file, { force: true });
    return undefined;
  } finally {
    closeSync(descriptor);
  }
}

/** Where each frame's payload lies, from the frame headers alone; a header that claims more than the file holds is malformed. */
function frameTable(descriptor: number): { kind: number; offset: number; size: number }[] {
  const fileSize = fstatSync(descriptor).size;
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  const frames: { kind: number; offset: number; size: number }[] = [];
  for (let at = 0; at < fileSize;) {
    if (readSync(descriptor, header, 0, FRAME_HEADER_BYTES, at) !== FRAME_HEADER_BYTES) throw new Error('malformed frame');
    const size = header.readUInt32LE(0);
    const offset = at + FRAME_HEADER_BYTES;
    // No frame is empty (a zero-filled file is the usual wreck of a crash), and only the known kinds exist.
    if (size === 0 || header[4] > FrameKind.Records || frames.length === MAX_FRAMES) throw new Error('malformed frame');
    if (size > MAX_FRAME_BYTES || offset + size > fileSize) throw new Error('truncated frame');
    frames.push({ kind: header[4], offset, size });
    at = offset + size;
  }
  return frames;
}

/** Writes the frames, waiting for each (the producer yields between chunks), then renames the file into place. */
export async function writeCache(file: string, frames: AsyncIterable<CacheFrame> | Iterable<CacheFrame>): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w');
  try {
    const sink = new FrameSink(descriptor);
    for await (const frame of frames) sink.frame(frame);
    sink.flush();
  } catch (error) {
    closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(descriptor);
  renameSync(temporary, file);
}

function decodeFrame(kind: number, payload: Buffer): unknown {
  if (kind === FrameKind.Value) return deserialize(payload);
  const reader = new PayloadReader(payload);
  if (kind === FrameKind.Strings) return reader.end(reader.strings('shared'));
  if (kind !== FrameKind.Records) throw new Error(`unknown frame kind ${kind}`);
  const numberCount = reader.u32();
  const stampCount = reader.u32();
  // A chunk's own strings are its headlines: each is decoded when its record is.
  const strings = reader.strings('once');
  const records: PackedRecords = { strings, numbers: reader.int32s(numberCount), stamps: reader.float64s(stampCount) };
  return reader.end(records);
}

/** Reads a payload front to back; any count that runs past its end throws. */
class PayloadReader {
  private at = 0;

  constructor(private readonly payload: Buffer) {}

  u32(): number {
    this.need(4);
    const value = this.payload.readUInt32LE(this.at);
    this.at += 4;
    return value;
  }

  /**
   * A list of strings: a count, the bytes of all the strings, where each string ends among them (its top bit set
   * when the string is not ASCII), then the strings' bytes one after the other. Each string is decoded when first
   * asked for (see `FrameStrings`); where they end is checked now.
   */
  strings(kind: 'shared' | 'once'): LazyStrings {
    const count = this.u32();
    const bytes = this.u32();
    // Every string takes at least its end: a count larger than the payload is a corrupt one, not an allocation.
    const ends = this.view(count, Uint32Array);
    this.need(bytes);
    const start = this.at;
    this.at += bytes;
    let previous = 0;
    for (let i = 0; i < count; i++) {
      const end = ends[i] & NOT_ASCII_MASK;
      if (end < previous) throw new Error('malformed strings');
      previous = end;
    }
    if (previous !== bytes) throw new Error('malformed strings');
    return kind === 'shared' ? new SharedFrameStrings(this.payload, start, ends) : new FrameStrings(this.payload, start, ends);
  }

  int32s(count: number): Int32Array<ArrayBuffer> {
    return this.view(count, Int32Array);
  }

  float64s(count: number): Float64Array<ArrayBuffer> {
    return this.view(count, Float64Array);
  }

  /** `count` numbers of a typed array kind, aligned to their size, as a view of the payload. */
  private view<T>(count: number, kind: { readonly BYTES_PER_ELEMENT: number; new (buffer: ArrayBuffer, offset: number, length: number): T }): T {
    const bytes = kind.BYTES_PER_ELEMENT;
    this.align(bytes);
    this.need(count * bytes);
    const values = new kind(this.payload.buffer as ArrayBuffer, this.payload.byteOffset + this.at, count);
    this.at += count * bytes;
    return values;
  }

  /** The value read, once the whole payload is read. */
  end<T>(value: T): T {
    if (this.at !== this.payload.length) throw new Error('trailing bytes in a frame');
    return value;
  }

  private align(bytes: number): void {
    this.at = padded(this.at, bytes);
  }

  private need(bytes: number): void {
    if (this.at + bytes > this.payload.length) throw new Error('truncated frame');
  }
}

/**
 * A frame's strings, each decoded on its own when asked for: an ASCII string as one-byte text, the others as
 * UTF-8. A chunk's headlines are read so, each with its record: decoding 100,000 of them took a warm start
 * ~0.05-0.1 s before it could answer.
 */
class FrameStrings implements LazyStrings {
  constructor(protected readonly payload: Buffer, protected readonly bytesAt: number, protected readonly ends: Uint32Array) {}

  get length(): number {
    return this.ends.length;
  }

  get(index: number): string {
    this.check(index);
    return this.decode(index);
  }

  protected check(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.ends.length)) throw new RangeError(`no string ${index} in a frame of ${this.ends.length}`);
  }

  /** Where a string starts among the bytes. */
  protected startOf(index: number): number {
    return index === 0 ? 0 : this.ends[index - 1] & NOT_ASCII_MASK;
  }

  protected decode(index: number): string {
    const end = this.ends[index];
    return this.payload.toString(end & NOT_ASCII ? 'utf8' : 'latin1', this.bytesAt + this.startOf(index), this.bytesAt + (end & NOT_ASCII_MASK));
  }
}

/**
 * The strings a cache's chunks share (URIs, tags, publishers, dates), each decoded when first asked for and then
 * kept. Before it answers, a warm start needs only the few thousand tags and publishers, which the cache writes
 * together after its records' URIs: decoding all ~110,000 strings at 100k entries (15 MB) took ~0.12-0.15 s first.
 * An ASCII string is cut out of the text of the piece of bytes that holds it, which is decoded once: a slice costs
 * a fraction of decoding each string on its own (~1.8 µs a string at a warm start).
 */
class SharedFrameStrings extends FrameStrings {
  private readonly decoded: (string | undefined)[];
  private readonly pieces: (string | undefined)[];
  private readonly bytes: number;

  constructor(payload: Buffer, bytesAt: number, ends: Uint32Array) {
    super(payload, bytesAt, ends);
    this.decoded = new Array<string | undefined>(ends.length);
    this.bytes = ends.length === 0 ? 0 : ends[ends.length - 1] & NOT_ASCII_MASK;
    this.pieces = new Array<string | undefined>(Math.ceil(this.bytes / TEXT_PIECE_BYTES));
  }

  override get(index: number): string {
    const known = this.decoded[index];
    if (known !== undefined) return known;
    this.check(index);
    return (this.decoded[index] = this.cut(index));
  }

  private cut(index: number): string {
    const end = this.ends[index];
    const start = this.startOf(index);
    if (start === (end & NOT_ASCII_MASK)) return '';
    const piece = Math.floor(start / TEXT_PIECE_BYTES);
    const pieceStart = piece * TEXT_PIECE_BYTES;
    // A string beyond ASCII, or one that runs into the next piece, is decoded on its own.
    if (end & NOT_ASCII || end > pieceStart + TEXT_PIECE_BYTES) return this.decode(index);
    const text = (this.pieces[piece] ??= this.payload.toString('latin1', this.bytesAt + pieceStart, this.bytesAt + Math.min(this.bytes, pieceStart + TEXT_PIECE_BYTES)));
    return text.slice(start - pieceStart, end - pieceStart);
  }
}

/** Writes frames through one reused buffer; typed arrays go to the file straight from their memory. */
class FrameSink {
  private readonly buffer = Buffer.allocUnsafe(SINK_BYTES);
  private used = 0;
  /** Bytes of the current frame's payload written so far (for padding), and how many its header announced. */
  private payloadAt = 0;
  private declared = 0;

  constructor(private readonly descriptor: number) {}

  frame(frame: CacheFrame): void {
    if (frame.kind === 'value') {
      const payload = serialize(frame.value);
      this.header(FrameKind.Value, payload.length);
      this.flush();
      writeSync(this.descriptor, payload);
    } else if (frame.kind === 'strings') {
      const lengths = utf8Lengths(frame.strings);
      this.header(FrameKind.Strings, stringsBytes(lengths));
      this.strings(frame.strings, lengths);
    } else {
      const { strings, numbers, stamps } = frame.records;
      const lengths = utf8Lengths(strings);
      const numbersAt = padded(8 + stringsBytes(lengths), 4);
      const stampsAt = padded(numbersAt + numbers.byteLength, 8);
      this.header(FrameKind.Records, stampsAt + stamps.byteLength);
      this.u32(numbers.length);
      this.u32(stamps.length);
      this.strings(strings, lengths);
      this.array(numbers, 4);
      this.array(stamps, 8);
    }
    // A payload of another length than its header says would make the whole file unreadable: fail the save instead.
    if (frame.kind !== 'value' && this.payloadAt !== this.declared) throw new Error(`a cache frame took ${this.payloadAt} bytes instead of ${this.declared}`);
  }

  /** Writes what the buffer holds. */
  flush(): void {
    if (this.used > 0) writeSync(this.descriptor, this.buffer, 0, this.used);
    this.used = 0;
  }

  private header(kind: FrameKind, payloadBytes: number): void {
    if (payloadBytes > MAX_FRAME_BYTES) throw new Error(`a frame of ${payloadBytes} bytes is too large for the cache`);
    this.room(FRAME_HEADER_BYTES);
    this.buffer.writeUInt32LE(payloadBytes, this.used);
    this.buffer[this.used + 4] = kind;
    this.used += FRAME_HEADER_BYTES;
    this.payloadAt = 0;
    this.declared = payloadBytes;
  }

  private u32(value: number): void {
    this.room(4);
    this.buffer.writeUInt32LE(value, this.used);
    this.used += 4;
    this.payloadAt += 4;
  }

  /** A count, the strings' UTF-8 bytes, where each ends (from `lengths`) and whether it is ASCII, then the bytes (see `PayloadReader.strings`). */
  private strings(strings: readonly string[], lengths: readonly number[]): void {
    this.u32(strings.length);
    this.u32(sum(lengths));
    const ends = new Uint32Array(strings.length);
    let end = 0;
    strings.forEach((value, i) => {
      end += lengths[i];
      // Every character beyond ASCII takes more than one byte.
      ends[i] = lengths[i] === value.length ? end : (end | NOT_ASCII) >>> 0;
    });
    this.array(ends, 4);
    for (const value of strings) {
      // UTF-8 takes at most three bytes per UTF-16 unit.
      if (value.length * 3 > SINK_BYTES) {
        this.bytes(Buffer.from(value, 'utf8'));
        continue;
      }
      this.room(value.length * 3);
      const written = this.buffer.write(value, this.used, 'utf8');
      this.used += written;
      this.payloadAt += written;
    }
  }

  private array(values: Int32Array | Uint32Array | Float64Array, alignment: number): void {
    const padding = padded(this.payloadAt, alignment) - this.payloadAt;
    this.room(padding);
    this.buffer.fill(0, this.used, this.used + padding);
    this.used += padding;
    this.payloadAt += padding;
    this.bytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  private bytes(bytes: Uint8Array): void {
    this.flush();
    writeSync(this.descriptor, bytes);
    this.payloadAt += bytes.length;
  }

  private room(bytes: number): void {
    if (this.used + bytes > SINK_BYTES) this.flush();
  }
}

/** The UTF-8 length of each string. */
function utf8Lengths(strings: readonly string[]): number[] {
  return strings.map((value) => Buffer.byteLength(value, 'utf8'));
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** The payload bytes of a list of strings of these UTF-8 lengths: a count, their total, where each ends, and the bytes. */
function stringsBytes(lengths: readonly number[]): number {
  return 8 + lengths.length * 4 + sum(lengths);
}

function padded(offset: number, alignment: number): number {
  return Math.ceil(offset / alignment) * alignment;
}
