/**
 * The core's FileSystem over node:fs. It refuses every URI outside the allowed roots (the workspace
 * folders), so that nothing the core is asked for can read or reveal a file elsewhere.
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { URI, Utils } from 'vscode-uri';
import type { DirectoryEntry, FileStat, FileSystem, FileType } from '../core/workspace';

/** node:fs behind a guard that admits only files below the given roots. */
export class NodeFileSystem implements FileSystem {
  private roots: string[] = [];

  /** @param synchronous read files with one blocking call each: faster where nothing else must run (the CLI). */
  constructor(private readonly synchronous = false) {}

  /** Sets the folders (file URIs) that may be read. */
  setRoots(rootUris: readonly string[]): void {
    this.roots = rootUris.map((uri) => withSeparator(path.resolve(URI.parse(uri).fsPath)));
  }

  async readFile(uri: string): Promise<Uint8Array | undefined> {
    if (this.synchronous) return this.readFileSync(uri);
    const file = this.allowedPath(uri);
    if (!file) return undefined;
    try {
      return await fs.readFile(file);
    } catch {
      return undefined;
    }
  }

  /** The bytes of a file, read synchronously (for worker threads, where blocking is the point). */
  readFileSync(uri: string): Uint8Array | undefined {
    const file = this.allowedPath(uri);
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch {
      return undefined;
    }
  }

  async stat(uri: string): Promise<FileStat | undefined> {
    const file = this.allowedPath(uri);
    if (!file) return undefined;
    try {
      const stat = await fs.lstat(file);
      return { size: stat.size, mtime: stat.mtimeMs, type: typeOf(stat) };
    } catch {
      return undefined;
    }
  }

  async readDirectory(uri: string): Promise<readonly DirectoryEntry[]> {
    const dir = this.allowedPath(uri);
    if (!dir) return [];
    const base = URI.parse(uri);
    const children = await fs.readdir(dir, { withFileTypes: true });
    return children.map((child) => ({ uri: Utils.joinPath(base, child.name).toString(), name: child.name, type: typeOf(child) }));
  }

  /** The file path of a URI when it is a file URI inside an allowed root, else undefined. */
  private allowedPath(uri: string): string | undefined {
    let parsed: URI;
    try {
      parsed = URI.parse(uri);
    } catch {
      return undefined;
    }
    if (parsed.scheme !== 'file') return undefined;
    const file = path.resolve(parsed.fsPath);
    const candidate = withSeparator(file);
    return this.roots.some((root) => candidate.startsWith(root)) ? file : undefined;
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
