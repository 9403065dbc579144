/**
 * Reads and writes the persisted index in the extension's storage folder. The file is a sequence of
 * frames (a length, then a v8-serialized value): the header, then chunks of packed records. It is
 * written chunk by chunk to a temporary file that is renamed over the cache at the end, so that a
 * crash never leaves half a cache and no single buffer holds the whole index.
 */
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';

const LENGTH_BYTES = 4;
/** Larger frames are not believed: a chunk of 5,000 records takes a few megabytes. */
const MAX_FRAME_BYTES = 512 * 1024 * 1024;

/** The cache file of a storage folder. */
export function cacheFileIn(storagePath: string): string {
  return path.join(storagePath, 'index-cache.bin');
}

/** The stored values (header first), or undefined when there is no cache or it cannot be read (a corrupt file is removed). */
export function readCache(file: string): unknown[] | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const values: unknown[] = [];
    const length = Buffer.alloc(LENGTH_BYTES);
    for (;;) {
      const got = readSync(descriptor, length, 0, LENGTH_BYTES, null);
      if (got === 0) return values;
      const size = length.readUInt32LE(0);
      if (got !== LENGTH_BYTES || size > MAX_FRAME_BYTES) throw new Error('malformed frame');
      const frame = Buffer.allocUnsafe(size);
      if (readSync(descriptor, frame, 0, size, null) !== size) throw new Error('truncated frame');
      values.push(deserialize(frame));
    }
  } catch {
    rmSync(file, { force: true });
    return undefined;
  } finally {
    closeSync(descriptor);
  }
}

/** Writes the values one frame each, waiting for each (the producer yields between chunks), then renames the file into place. */
export async function writeCache(file: string, values: AsyncIterable<unknown>): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w');
  try {
    const length = Buffer.alloc(LENGTH_BYTES);
    for await (const value of values) {
      const frame = serialize(value);
      length.writeUInt32LE(frame.length, 0);
      writeSync(descriptor, length);
      writeSync(descriptor, frame);
    }
  } catch (error) {
    closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(descriptor);
  renameSync(temporary, file);
}
