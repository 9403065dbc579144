/** Reads the `eventEntries.*` settings of each workspace folder from the client. */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_CONFIG, type EntriesConfig } from '../core/config';
import { isDiagnosticCode, type SeveritySetting } from '../core/diagnostics/catalog';

const SEVERITIES = new Set<SeveritySetting>(['error', 'warning', 'information', 'hint', 'off']);

/** The settings of one folder, with `files.exclude` globs. */
export interface FolderSettings {
  readonly config: EntriesConfig;
  readonly filesExclude: readonly string[];
}

/** Asks the client for a folder's settings; without configuration support, the defaults. */
export async function readFolderSettings(connection: Connection, folderUri: string, supported: boolean): Promise<FolderSettings> {
  if (!supported) return { config: DEFAULT_CONFIG, filesExclude: [] };
  const [raw, filesExclude] = (await connection.workspace.getConfiguration([
    { scopeUri: folderUri, section: 'eventEntries' },
    { scopeUri: folderUri, section: 'files.exclude' },
  ])) as [unknown, unknown];
  return { config: toConfig(raw), filesExclude: enabledGlobs(filesExclude) };
}

/** Validates raw settings, keeping the default for anything malformed. */
export function toConfig(raw: unknown): EntriesConfig {
  const settings = (raw ?? {}) as Record<string, unknown>;
  const globs = (value: unknown, fallback: readonly string[]): readonly string[] =>
    Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value) : fallback;
  const severity: Record<string, SeveritySetting> = {};
  const diagnostics = (settings.diagnostics ?? {}) as Record<string, unknown>;
  const overrides = (diagnostics.severity ?? {}) as Record<string, unknown>;
  for (const [code, value] of Object.entries(overrides)) {
    if (isDiagnosticCode(code) && typeof value === 'string' && SEVERITIES.has(value as SeveritySetting)) severity[code] = value as SeveritySetting;
  }
  const maxFileSize = typeof settings.maxFileSize === 'number' && settings.maxFileSize > 0 ? settings.maxFileSize : DEFAULT_CONFIG.maxFileSize;
  return {
    include: globs(settings.include, DEFAULT_CONFIG.include),
    exclude: globs(settings.exclude, DEFAULT_CONFIG.exclude),
    severity,
    maxFileSize,
    typoMinEntries: DEFAULT_CONFIG.typoMinEntries,
  };
}

function enabledGlobs(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object') return [];
  return Object.entries(raw as Record<string, unknown>).filter(([, on]) => on === true).map(([glob]) => glob);
}
