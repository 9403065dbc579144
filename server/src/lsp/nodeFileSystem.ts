/**
 * The core's FileSystem over node:fs. It refuses every URI outside the allowed roots (the workspace
 * folders), so that nothing the core is asked for can read or reveal a file elsewhere: not by `..`,
 * not through a symbolic link, whether the link is the file itself or one of its folders.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, promises as fs, readdirSync, readFileSync, readSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { URI, Utils } from 'vscode-uri';
import type { DirectoryEntry, FileStat, FileSystem, FileType } from '../core/workspace';

/** Opening fails on a symbolic link instead of following it (where the platform can say so). */
const OPEN_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
/** Enough folders for a large archive's days; past it the cache starts over rather than grow without end. */
const MAX_CACHED_FOLDERS = 100_000;

/** A workspace folder as written, and where it really is once its own links are resolved. */
interface Root {
  readonly lexical: string;
  readonly real: string;
}

/** node:fs behind a guard that admits only files below the given roots. */
export class NodeFileSystem implements FileSystem {
  private roots: Root[] = [];
  private rootsKey = '';
  /** Folders known to lie really inside a root. Only successes are kept, so that a folder created later is not refused. */
  private readonly insideFolders = new Set<string>();

  /** @param synchronous read files with one blocking call each: faster where nothing else must run (the CLI). */
  constructor(private readonly synchronous = false) {}

  /** Sets the folders (file URIs) that may be read. */
  setRoots(rootUris: readonly string[]): void {
    const key = rootUris.join('\n');
    // Index workers set the roots with every job: the folder cache survives as long as the roots do not change.
    if (key === this.rootsKey) return;
    this.rootsKey = key;
    this.insideFolders.clear();
    this.roots = rootUris.map((uri) => {
      const lexical = path.resolve(URI.parse(uri).fsPath);
      return { lexical: withSeparator(lexical), real: withSeparator(realPathOf(lexical) ?? lexical) };
    });
  }

  /** Forgets which folders were found inside the roots, after changes on disk (a folder may now be a link). */
  forgetFolderChecks(): void {
    this.insideFolders.clear();
  }

  async readFile(uri: string): Promise<Uint8Array | undefined> {
    if (this.synchronous) return this.readFileSync(uri);
    const file = this.allowedPath(uri);
    if (!file || !(await this.folderIsInside(path.dirname(file)))) return undefined;
    try {
      const handle = await fs.open(file, OPEN_NO_FOLLOW);
      try {
        return await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch {
      return undefined;
    }
  }

  /** The bytes of a file, read synchronously (for worker threads, where blocking is the point). */
  readFileSync(uri: string): Uint8Array | undefined {
    const file = this.allowedPath(uri);
    if (!file || !this.folderIsInsideSync(path.dirname(file))) return undefined;
    let descriptor: number | undefined;
    try {
      descriptor = openSync(file, OPEN_NO_FOLLOW);
      return readFileSync(descriptor);
    } catch {
      return undefined;
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }

  /**
   * Size, modification time and (when within `maxSize`) bytes of a regular file, with one open and one
   * fstat: for worker threads. Undefined for a missing file, a symlink or anything else.
   */
  readFileWithStamp(uri: string, maxSize: number, scratch?: ReadBuffer): { bytes?: Uint8Array; stamp: { size: number; mtime: number } } | undefined {
    const file = this.allowedPath(uri);
    if (!file || !this.folderIsInsideSync(path.dirname(file))) return undefined;
    let descriptor: number | undefined;
    try {
      descriptor = openSync(file, OPEN_NO_FOLLOW);
      const stat = fstatSync(descriptor);
      if (!stat.isFile()) return undefined;
      const stamp = { size: stat.size, mtime: stat.mtimeMs };
      return stat.size > maxSize ? { stamp } : { bytes: readToSize(descriptor, stat.size, scratch), stamp };
    } catch {
      return undefined;
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }

  async stat(uri: string): Promise<FileStat | undefined> {
    const file = this.allowedPath(uri);
    if (!file || !(await this.folderIsInside(path.dirname(file)))) return undefined;
    try {
      const stat = await fs.lstat(file);
      return { size: stat.size, mtime: stat.mtimeMs, type: typeOf(stat) };
    } catch {
      return undefined;
    }
  }

  /** Stats files with one blocking call each: a stat of a cached inode costs less than a trip through the thread pool. */
  statMany(uris: readonly string[]): Promise<readonly (FileStat | undefined)[]> {
    return Promise.resolve(uris.map((uri) => {
      const file = this.allowedPath(uri);
      if (!file || !this.folderIsInsideSync(path.dirname(file))) return undefined;
      try {
        const stat = lstatSync(file, { throwIfNoEntry: false });
        return stat && { size: stat.size, mtime: stat.mtimeMs, type: typeOf(stat) };
      } catch {
        return undefined;
      }
    }));
  }

  /**
   * One folder's children. The listing is a blocking call: a day folder holds a few dozen names, which
   * costs less than a trip through the thread pool, and the indexer yields between folders.
   */
  readDirectory(uri: string): Promise<readonly DirectoryEntry[]> {
    const dir = this.allowedPath(uri);
    if (!dir || !this.folderIsInsideSync(dir)) return Promise.resolve([]);
    const children = readdirSync(dir, { withFileTypes: true });
    return Promise.resolve(children.map((child) => {
      // A folder (not a link) inside a folder that lies inside a root lies inside it too: a walk need not resolve its path.
      if (child.isDirectory()) this.rememberInside(path.join(dir, child.name));
      return { uri: childUri(uri, child.name), name: child.name, type: typeOf(child) };
    }));
  }

  /** The file path of a URI when it is a file URI inside an allowed root as written, else undefined. */
  private allowedPath(uri: string): string | undefined {
    const plain = plainPathOf(uri);
    if (plain !== undefined) return this.isInsideRoots(plain) ? plain : undefined;
    let parsed: URI;
    try {
      parsed = URI.parse(uri);
    } catch {
      return undefined;
    }
    if (parsed.scheme !== 'file') return undefined;
    const file = path.resolve(parsed.fsPath);
    return this.isInsideRoots(file) ? file : undefined;
  }

  /** True for a root itself and anything below one, as written. */
  private isInsideRoots(file: string): boolean {
    const candidate = withSeparator(file);
    return this.roots.some((root) => candidate.startsWith(root.lexical));
  }

  /** True when a folder, its links resolved, still lies inside a root: a linked folder cannot lead out. */
  private async folderIsInside(folder: string): Promise<boolean> {
    if (this.insideFolders.has(folder)) return true;
    let real: string | undefined;
    try {
      real = await fs.realpath(folder);
    } catch {
      real = undefined;
    }
    return this.remember(folder, real);
  }

  private folderIsInsideSync(folder: string): boolean {
    return this.insideFolders.has(folder) || this.remember(folder, realPathOf(folder));
  }

  private remember(folder: string, real: string | undefined): boolean {
    const inside = real !== undefined && this.roots.some((root) => withSeparator(real).startsWith(root.real));
    if (inside) this.rememberInside(folder);
    return inside;
  }

  private rememberInside(folder: string): void {
    if (this.insideFolders.size >= MAX_CACHED_FOLDERS) this.insideFolders.clear();
    this.insideFolders.add(folder);
  }
}

/**
 * A buffer that one file after another is read into, where each file's bytes are done with before the next is
 * read (an index worker's): a hundred thousand files then allocate nothing, and leave no memory for the
 * collector to reclaim.
 */
export interface ReadBuffer {
  bytes: Buffer;
}

/**
 * Up to `size` bytes of an open file, as readFileSync reads a regular file (up to the size its fstat gave, less
 * when it shrank meanwhile), without the second fstat that readFileSync makes.
 */
function readToSize(descriptor: number, size: number, scratch?: ReadBuffer): Buffer {
  // An empty file may still be one whose size is not known beforehand: readFileSync reads it to its end.
  if (size === 0) return readFileSync(descriptor);
  if (scratch && scratch.bytes.length < size) scratch.bytes = Buffer.allocUnsafe(Math.max(size, scratch.bytes.length * 2));
  const bytes = scratch ? scratch.bytes.subarray(0, size) : Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const read = readSync(descriptor, bytes, filled, size - filled, filled);
    if (read === 0) break;
    filled += read;
  }
  return filled < size ? bytes.subarray(0, filled) : bytes;
}

/** A name that a URI holds as it is (vscode-uri encodes nothing in it). */
const PLAIN_NAME = /^[A-Za-z0-9._~-]+$/;
/**
 * A file URI whose path needs no decoding and no normalizing: no escapes, no `.` or `..` segments, no doubled or
 * trailing slash, no control characters or line separators (the look-ahead reads across lines, with the `s` flag).
 */
const PLAIN_FILE_URI = /^file:\/\/\/(?!.*(\/\.\.?(\/|$)|\/\/|\/$))[^%?#\\\x00-\x1f\x7f\u2028\u2029]*$/s;

/** The URI of a folder's child, as vscode-uri's `joinPath(…).toString()` writes it, cheaply for plain names (an archive has 100,000 of them). */
export function childUri(folderUri: string, name: string): string {
  if (PLAIN_NAME.test(name) && name !== '.' && name !== '..') return folderUri.endsWith('/') ? folderUri + name : `${folderUri}/${name}`;
  return Utils.joinPath(URI.parse(folderUri), name).toString();
}

/** The path of a plain file URI on a platform with `/` paths, without parsing it; undefined for any other URI. */
function plainPathOf(uri: string): string | undefined {
  return path.sep === '/' && PLAIN_FILE_URI.test(uri) ? uri.slice('file://'.length) : undefined;
}

function realPathOf(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

function withSeparator(folder: string): string {
  return folder.endsWith(path.sep) ? folder : folder + path.sep;
}

function typeOf(entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileType {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'directory';
  return entry.isFile() ? 'file' : 'other';
}
