/** The settings the core reads, with their defaults; the wiring fills them from `eventEntries.*`. */
import type { SeveritySetting } from './diagnostics/catalog';

/** Settings of one workspace folder. */
export interface EntriesConfig {
  /** Globs (relative to the workspace folder) of the files that are entries. */
  readonly include: readonly string[];
  /** Globs of files that are never entries, on top of day pages and `files.exclude`. */
  readonly exclude: readonly string[];
  /** Severity overrides per diagnostic code. */
  readonly severity: Readonly<Record<string, SeveritySetting>>;
  /** Files larger than this many bytes are not parsed. */
  readonly maxFileSize: number;
  /** Workspace size below which the likely-typo check stays silent. */
  readonly typoMinEntries: number;
}

/** Defaults, mirrored in package.json's configuration contribution. */
export const DEFAULT_CONFIG: EntriesConfig = {
  include: ['**/news/**/*.md'],
  exclude: ['**/node_modules/**', '**/.git/**'],
  severity: {},
  maxFileSize: 2 * 1024 * 1024,
  typoMinEntries: 50,
};
