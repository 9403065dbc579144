/**
 * The raw floor for indexing a workspace: list every folder and read every `.md` file
 * as UTF-8, doing nothing else. An index is only compared honestly against the fastest
 * plain read, so both of node's sensible ways are here: a pipelined `fs.promises` walk
 * with bounded concurrency, and a plain synchronous walk (no thread-pool hops, which on
 * a small or busy machine is often several times faster). By default both run and the
 * faster one is the floor.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How the floor reads: `promises` (pipelined, bounded concurrency) or `sync`. */
export type ReadMethod = 'promises' | 'sync';

/** Options of {@link measureReadFloor}. */
export interface ReadFloorOptions {
  /** One method, or `fastest` (default): run both, promises first, and keep the faster. */
  readonly method?: ReadMethod | 'fastest';
  /** File-system operations in flight for the `promises` method. Default 64. */
  readonly concurrency?: number;
}

/** Result of {@link measureReadFloor}. */
export interface ReadFloor {
  /** `.md` files read. */
  readonly files: number;
  /** Their total size in bytes. */
  readonly bytes: number;
  /** Wall-clock milliseconds for listing and reading everything. */
  readonly ms: number;
  /** The method these numbers come from. */
  readonly method: ReadMethod;
}

/**
 * Lists every folder under `root` and reads every `.md` file in it, UTF-8 decoded.
 * Assumes a warm page cache (e.g. right after writing the corpus): with `fastest`
 * on a cold cache the first method pays for warming it.
 */
export async function measureReadFloor(root: string, options: ReadFloorOptions = {}): Promise<ReadFloor> {
  const method = options.method ?? 'fastest';
  if (method === 'sync') return readSync(root);
  const pipelined = await readPipelined(root, Math.max(1, options.concurrency ?? 64));
  if (method === 'promises') return pipelined;
  const sync = readSync(root);
  return sync.ms < pipelined.ms ? sync : pipelined;
}

/** Listing and reading interleaved over a fixed pool of workers sharing one queue. */
async function readPipelined(root: string, concurrency: number): Promise<ReadFloor> {
  const started = performance.now();
  const folders: string[] = [root];
  const pending: string[] = [];
  let listing = 0;
  let files = 0;
  let bytes = 0;
  let idle: (() => void)[] = [];
  const wakeAll = (): void => {
    const waiting = idle;
    idle = [];
    for (const wake of waiting) wake();
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      // Folders first: they widen the frontier so every worker soon has files to read.
      const folder = folders.pop();
      if (folder !== undefined) {
        listing++;
        try {
          for (const entry of await readdir(folder, { withFileTypes: true })) {
            if (entry.isDirectory()) folders.push(join(folder, entry.name));
            else if (entry.isFile() && entry.name.endsWith('.md')) pending.push(join(folder, entry.name));
          }
        } finally {
          listing--;
          wakeAll();
        }
        continue;
      }
      const file = pending.pop();
      if (file !== undefined) {
        const data = await readFile(file);
        // Decoding is part of the floor: an index needs text, not bytes.
        data.toString('utf8');
        files++;
        bytes += data.length;
        continue;
      }
      if (listing === 0) return;
      // Nothing queued but a folder is still being listed: wait for it.
      await new Promise<void>((resolve) => idle.push(resolve));
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  return { files, bytes, ms: performance.now() - started, method: 'promises' };
}

function readSync(root: string): ReadFloor {
  const started = performance.now();
  let files = 0;
  let bytes = 0;
  const folders = [root];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        folders.push(path);
      } else if (entry.isFile() && entry.name.endsWith('.md')) {
        const data = readFileSync(path);
        data.toString('utf8');
        files++;
        bytes += data.length;
      }
    }
  }
  return { files, bytes, ms: performance.now() - started, method: 'sync' };
}
