/** Inline multi-file workspaces with a cursor marker, for core tests. */
import { DEFAULT_CONFIG, type EntriesConfig } from '../../../server/src/core/config';
import { slugFromHeadline } from '../../../server/src/core/format';
import { EntriesService } from '../../../server/src/core/service';
import { NEVER_CANCELLED, SILENT_LOGGER } from '../../../server/src/core/workspace';
import { MemoryFileSystem, WORKSPACE_URI, uriOf } from './memoryFs';

/** Marks the cursor in fixture text. */
export const CURSOR = '‸';

/** Today's date in every core test, so that results do not depend on the clock. */
export const TODAY = { year: 2026, month: 11, day: 24 };

/** A test workspace: the files on disk, an indexed service over them. */
export interface Fixture {
  readonly fs: MemoryFileSystem;
  readonly service: EntriesService;
  uri(path: string): string;
  /** Opens a document (cursor marker removed) and returns its URI and the cursor offset. */
  open(path: string, text: string, version?: number): { uri: string; offset: number };
  /** Closes every open document, so that one test's buffers do not reach into the next one's index. */
  closeAll(): void;
}

/** Builds and indexes a workspace from a path → text map. */
export async function workspace(files: Record<string, string | Uint8Array>, config: Partial<EntriesConfig> = {}): Promise<Fixture> {
  const fs = new MemoryFileSystem(files);
  const service = new EntriesService({ fs, logger: SILENT_LOGGER, today: () => TODAY });
  service.indexer.setFolders([{ uri: WORKSPACE_URI, config: { ...DEFAULT_CONFIG, ...config } }]);
  await service.indexer.indexAll(NEVER_CANCELLED);
  return {
    fs,
    service,
    uri: uriOf,
    open(path, text, version = 1) {
      const { text: clean, offset } = withoutCursor(text);
      const uri = uriOf(path);
      service.setDocument(uri, version, clean);
      return { uri, offset };
    },
    closeAll() {
      for (const document of [...service.openDocuments()]) service.closeDocument(document.uri);
    },
  };
}

/** Text with the cursor marker removed, and where it was (-1 when absent). */
export function withoutCursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf(CURSOR);
  return { text: offset < 0 ? text : text.slice(0, offset) + text.slice(offset + CURSOR.length), offset };
}

/** The parts of a generated entry; every part can be overridden or dropped. */
export interface EntryParts {
  date?: string;
  dayLink?: string;
  dateLine?: string | null;
  headline?: string | null;
  body?: string;
  sources?: string | null;
  related?: string | null;
}

/** A well-formed entry text for 2016-07-11, with the parts given replaced. */
export function entry(parts: EntryParts = {}): string {
  const date = parts.date ?? '2016-07-11';
  const dayLink = parts.dayLink ?? '/news/2016/07/11/index.md';
  const blocks: string[] = [];
  const dateLine = parts.dateLine === undefined ? `### [${date}](${dayLink})` : parts.dateLine;
  if (dateLine !== null) blocks.push(dateLine);
  if (parts.headline !== null) blocks.push(`# ${parts.headline ?? 'A test event happens.'} `);
  blocks.push(parts.body ?? 'Something happened somewhere.');
  const sources = parts.sources === undefined ? '1. [BBC](https://www.bbc.com/news/1)' : parts.sources;
  if (sources !== null) blocks.push(`### Source:\n\n${sources}`);
  if (parts.related != null) blocks.push(`### Related:\n\n${parts.related}`);
  return `${blocks.join('\n\n')}\n`;
}

/** A related item line. */
export function relatedItem(n: number, title: string, target: string, tags = 'Iraq, U.S.'): string {
  return `${n}. [${title}](${target}) _Context: ${tags}_`;
}

/** The workspace path and text of a well-formed entry of an ISO date, its slug taken from the headline. */
export function dated(iso: string, headline: string, parts: EntryParts = {}): [path: string, text: string] {
  const [year, month, day] = iso.split('-');
  const folder = `news/${year}/${month}/${Number(day)}`;
  return [`${folder}/${slugFromHeadline(headline)}.md`, entry({ date: iso, dayLink: `/${folder}/index.md`, headline, ...parts })];
}
