/** An in-memory FileSystem for core tests: files given as a path → text map below `file:///ws/`. */
import type { DirectoryEntry, FileStat, FileSystem } from '../../../server/src/core/workspace';

/** The URI of the test workspace folder. */
export const WORKSPACE_URI = 'file:///ws';

/** Files and folders held in maps; symlinks can be declared to check that they are not followed. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, Uint8Array>();
  private readonly symlinks = new Set<string>();
  /** URIs read so far, to assert what was (not) touched. */
  readonly reads: string[] = [];

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  /** Writes a file at a workspace-relative path. */
  write(path: string, content: string | Uint8Array): string {
    const uri = uriOf(path);
    this.files.set(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    return uri;
  }

  delete(path: string): string {
    const uri = uriOf(path);
    this.files.delete(uri);
    return uri;
  }

  /** Declares a symbolic link at a workspace-relative path. */
  symlink(path: string): void {
    this.symlinks.add(uriOf(path));
  }

  readFile(uri: string): Promise<Uint8Array | undefined> {
    this.reads.push(uri);
    return Promise.resolve(this.files.get(uri));
  }

  stat(uri: string): Promise<FileStat | undefined> {
    const file = this.files.get(uri);
    if (file) return Promise.resolve({ size: file.length, mtime: 0, type: 'file' });
    const isFolder = [...this.files.keys()].some((known) => known.startsWith(`${uri}/`));
    return Promise.resolve(isFolder ? { size: 0, mtime: 0, type: 'directory' } : undefined);
  }

  readDirectory(uri: string): Promise<readonly DirectoryEntry[]> {
    const prefix = `${uri}/`;
    const children = new Map<string, DirectoryEntry>();
    for (const file of [...this.files.keys(), ...this.symlinks]) {
      if (!file.startsWith(prefix)) continue;
      const name = file.slice(prefix.length).split('/')[0];
      const child = prefix + name;
      const type = this.symlinks.has(child) ? 'symlink' : child === file ? 'file' : 'directory';
      children.set(name, { uri: child, name, type });
    }
    return Promise.resolve([...children.values()]);
  }
}

/** The URI of a workspace-relative path. */
export function uriOf(path: string): string {
  return `${WORKSPACE_URI}/${path.replace(/^\//, '')}`;
}
