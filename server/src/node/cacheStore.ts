/** Reads and writes the persisted index in the extension's storage folder, atomically. */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';

/** The cache file of a storage folder. */
export function cacheFileIn(storagePath: string): string {
  return path.join(storagePath, 'index-cache.bin');
}

/** The stored data, or undefined when there is none or it cannot be read (a corrupt file is removed). */
export function readCache(file: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    return deserialize(bytes);
  } catch {
    rmSync(file, { force: true });
    return undefined;
  }
}

/** Writes to a temporary file and renames it over the cache, so that a crash never leaves half a cache. */
export function writeCache(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, serialize(data));
  renameSync(temporary, file);
}
