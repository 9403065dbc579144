/** The outside world as the core sees it: interfaces that the LSP wiring, the CLI and the tests implement. */

/** What a directory entry is. Symbolic links are reported as such and never followed by the core. */
export type FileType = 'file' | 'directory' | 'symlink' | 'other';

/** One child of a directory, with the URI the host formed for it. */
export interface DirectoryEntry {
  readonly uri: string;
  readonly name: string;
  readonly type: FileType;
}

/** Size and modification time of a file. */
export interface FileStat {
  readonly size: number;
  readonly mtime: number;
  readonly type: FileType;
}

/** Read-only access to the files of the workspace folders, addressed by URI strings. */
export interface FileSystem {
  /** The bytes of a file, or undefined when it does not exist or cannot be read. */
  readFile(uri: string): Promise<Uint8Array | undefined>;
  stat(uri: string): Promise<FileStat | undefined>;
  readDirectory(uri: string): Promise<readonly DirectoryEntry[]>;
  /** The same answers as `stat` for many files at once, where the host can give them without a round trip per file. */
  statMany?(uris: readonly string[]): Promise<readonly (FileStat | undefined)[]>;
}

/** Where the core reports what it does; the server sends it to the output channel. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A request's cancellation flag, as LSP's CancellationToken has it. */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

/** A token that is never cancelled. */
export const NEVER_CANCELLED: CancellationToken = { isCancellationRequested: false };

/** A logger that drops everything, for tests and the CLI's quiet mode. */
export const SILENT_LOGGER: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
