/**
 * The core's front door: the index, the indexer, the open documents and the features over them.
 * The LSP wiring and the CLI create one service each and call it; nothing here knows about LSP.
 */
import { DEFAULT_CONFIG, type EntriesConfig } from './config';
import { diagnoseEntry, withSeverities, type EntryDiagnostic } from './diagnostics/diagnose';
import { firstLineSpan } from './diagnostics/problem';
import { TypoFinder } from './diagnostics/typoFinder';
import { calendarDateOf, isDayPage, type CalendarDate } from './format';
import { EntrySearch } from './entrySearch';
import { extractEntry, readEntry } from './extractor';
import { fileProblemMessage, utf8Length } from './fileContent';
import { PreviewCache } from './features/preview';
import { TagSearch } from './features/tagSearch';
import type { BulkLoader, EntryReader } from './bulkLoader';
import { Indexer } from './indexer';
import { KnownTags } from './knownTags';
import { LookupBuilds } from './lookupBuilds';
import type { EventEntry } from './model';
import { parseEntry } from './parser';
import { summarize } from './summary';
import { WorkspaceIndex } from './workspaceIndex';
import type { FileSystem, Logger } from './workspace';

/** An open document as the service keeps it. */
export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly entry: EventEntry;
  /** False for open Markdown files that are not entries (outside the include globs, day pages). */
  readonly isEntry: boolean;
  /** The UTF-8 size of a text over `maxFileSize`: such a text is not parsed, and its entry is empty. */
  readonly tooLargeSize?: number;
}

/** What the service needs from its host. */
export interface ServiceOptions {
  readonly fs: FileSystem;
  readonly logger: Logger;
  /** Today's date, injectable so that tests do not depend on the clock. */
  readonly today?: () => CalendarDate;
  /** How indexing turns text into entries (the fast extractor by default in the server). */
  readonly reader?: EntryReader;
  /** Reads large sets of files for the index (worker threads in the server). */
  readonly bulkLoader?: BulkLoader;
  /** How many files make a set large enough for the bulk loader (default 2,000). */
  readonly bulkThreshold?: number;
  /** How long one slice of the builds after indexing may hold the thread (`LookupBuilds`; tests set 0, one step a slice). */
  readonly lookupSliceMs?: number;
}

/** Buffers that the extractor declines are parsed up to this many characters. */
const LIVE_PARSE_LIMIT = 300_000;

/** Holds the state of one workspace and answers the features' questions. */
export class EntriesService {
  readonly index = new WorkspaceIndex();
  readonly indexer: Indexer;
  readonly typos: TypoFinder;
  readonly tagSearch: TagSearch;
  /** Word and tag lookups over the entries, for completion and hover. */
  readonly entrySearch: EntrySearch;
  /** Hover previews read from disk lately. */
  readonly previews: PreviewCache;
  /** The known tags of entries, remembered between requests. */
  readonly knownTags: KnownTags;
  /** Builds what completion, hover and code actions read, a slice at a time, for requests to wait for. */
  readonly lookups: LookupBuilds;
  /** Today's date (injectable for tests). */
  readonly today: () => CalendarDate;
  private readonly documents = new Map<string, OpenDocument>();

  private readonly fs: FileSystem;
  /** How indexing and checks turn text into entries: the fast extractor, falling back to the parser. */
  readonly read: EntryReader;

  constructor(options: ServiceOptions) {
    this.fs = options.fs;
    this.read = options.reader ?? readEntry;
    this.indexer = new Indexer(options.fs, this.index, options.logger, this.read, options.bulkLoader, options.bulkThreshold);
    this.typos = new TypoFinder(this.index);
    this.tagSearch = new TagSearch(this.index);
    this.entrySearch = new EntrySearch(this.index);
    this.previews = new PreviewCache(this.index);
    this.knownTags = new KnownTags(this.index);
    this.lookups = new LookupBuilds(this.index, this.entrySearch, options.lookupSliceMs);
    this.today = options.today ?? (() => calendarDateOf(new Date()));
  }

  /** Records a document's new text; an entry's record in the index follows it at once. */
  setDocument(uri: string, version: number, text: string): OpenDocument {
    const size = utf8Length(text);
    const entry = size > this.configFor(uri).maxFileSize ? undefined : this.readWithinLimit(text);
    const isEntry = this.isEntryDocument(uri, text);
    const document: OpenDocument = {
      uri, version, text, isEntry, entry: entry ?? { headlines: [], body: [], headings: [], length: text.length }, tooLargeSize: entry ? undefined : size,
    };
    this.documents.set(uri, document);
    this.index.setOpen(uri, isEntry && entry ? summarize(uri, entry, 'copy') : undefined);
    return document;
  }

  /**
   * The model of a text read while the user waits (a buffer on every edit, a hovered link's file): the
   * extractor first (identical output, by the differential test, and a hundred times faster), the full
   * parser when it declines, up to a size that keeps the server responsive (the full parse costs seconds per megabyte).
   */
  readWithinLimit(text: string): EventEntry | undefined {
    return extractEntry(text) ?? (text.length <= LIVE_PARSE_LIMIT ? parseEntry(text) : undefined);
  }

  /** Forgets a closed document; the disk's version of it (if any) takes over again. */
  closeDocument(uri: string): void {
    this.documents.delete(uri);
    this.index.setOpen(uri, undefined);
  }

  document(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  openDocuments(): IterableIterator<OpenDocument> {
    return this.documents.values();
  }

  /** The settings that apply to a URI. */
  configFor(uri: string): EntriesConfig {
    return this.indexer.configFor(uri) ?? DEFAULT_CONFIG;
  }

  /** The bytes of a file, through the guarded file system. */
  readFile(uri: string): ReturnType<FileSystem['readFile']> {
    return this.fs.readFile(uri);
  }

  /** Size and type of a file, through the guarded file system. */
  stat(uri: string): ReturnType<FileSystem['stat']> {
    return this.fs.stat(uri);
  }

  /** Diagnostics of an open document; empty for documents that are not entries. */
  diagnoseDocument(uri: string): EntryDiagnostic[] {
    const document = this.documents.get(uri);
    if (!document?.isEntry) return [];
    if (document.tooLargeSize !== undefined) {
      const config = this.configFor(uri);
      const message = document.tooLargeSize > config.maxFileSize
        ? fileProblemMessage('file.tooLarge', document.tooLargeSize, config.maxFileSize)
        : `This buffer is ${(document.tooLargeSize / 1_048_576).toFixed(1)} MB of Markdown too irregular for the fast reader: it is not checked while you edit. Validate Workspace checks it from disk.`;
      const data = { size: document.tooLargeSize, maxFileSize: config.maxFileSize };
      return withSeverities([{ code: 'file.tooLarge', span: firstLineSpan(document.text), message, data }], config.severity);
    }
    return this.diagnose(uri, document.text, document.entry);
  }

  /** Diagnostics of any entry text at a URI, against the current index. */
  diagnose(uri: string, text: string, entry: EventEntry): EntryDiagnostic[] {
    return diagnoseEntry({ uri, text, entry, index: this.index, today: this.today(), config: this.configFor(uri), typos: this.typos });
  }

  /** True when an open document counts as an entry: file URIs by the settings, other schemes by their first line. */
  private isEntryDocument(uri: string, text: string): boolean {
    if (uri.startsWith('file:')) return this.indexer.isEntryUri(uri) && !isDayPage(uri);
    return /^\uFEFF?\s*### \[/.test(text);
  }
}
