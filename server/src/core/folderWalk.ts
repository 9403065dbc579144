/**
 * Walking a workspace folder for entries: which files and folders its settings include, and the walk
 * itself (breadth-first, never following symbolic links). The indexer walks in process; the server's
 * warm start has a worker thread walk and stat while its own thread restores the cache.
 */
import picomatch from 'picomatch';
import type { EntriesConfig } from './config';
import type { GrowingList } from './bulkLoader';
import { isDayPage } from './format';
import { yieldToRequests } from './yieldToRequests';
import type { CancellationToken, FileStat, FileSystem, Logger } from './workspace';

const LIST_CONCURRENCY = 16;
const YIELD_EVERY_FOLDERS = 64;

/** A workspace folder with the settings that apply inside it. */
export interface IndexedFolder {
  readonly uri: string;
  readonly config: EntriesConfig;
  /** Extra exclusions, such as `files.exclude`, as globs relative to the folder. */
  readonly excludeGlobs?: readonly string[];
}

/** The entry files of the workspace folders, with their stats when asked for (undefined for a file gone meanwhile). */
export interface FolderListing {
  readonly files: readonly string[];
  readonly stats?: readonly (FileStat | undefined)[];
}

/** A file matcher that can also tell that a whole folder is excluded, so that it is not walked. */
export interface FolderMatcher {
  (relative: string): boolean;
  excludesFolder(relative: string): boolean;
}

/** The matcher of a folder's include and exclude settings; day pages are never entries. */
export function matcherFor(folder: IndexedFolder): FolderMatcher {
  const options = { dot: false, nocase: false };
  const include = picomatch([...folder.config.include], options);
  const exclude = excludeMatcher([...folder.config.exclude, ...(folder.excludeGlobs ?? [])], { ...options, dot: true });
  const matcher = ((relative: string) => include(relative) && !exclude(relative) && !isDayPage(relative)) as FolderMatcher;
  matcher.excludesFolder = (relative: string) => exclude(relative) || exclude(`${relative}/`) || /(^|\/)\.(git|hg|svn)$/.test(relative);
  return matcher;
}

// Globs `**/name` and `**/name/**`, where the name is one literal segment (no slash, escape or negation).
const SEGMENT_GLOB = /^\*\*\/([^/\\!]+)(\/\*\*)?$/;
/** A segment: not `.` or `..`, and no slash, backslash, control character or line separator (picomatch's patterns cross none). */
const SEGMENT = '(?!\\.\\.?(?:/|$))[^/\\\\\\0-\\x1f\\x7f\\u2028\\u2029]+';
/** A relative path of such segments (so no trailing slash, across which picomatch lets some globs match): the only kind the fast test takes. */
const PLAIN_RELATIVE = new RegExp(`^(?:${SEGMENT}/)*${SEGMENT}$`);

/** A literal segment name as the last, first and a middle segment of a path: `/name`, `name/`, `/name/`. */
interface SegmentName {
  readonly name: string;
  readonly last: string;
  readonly first: string;
  readonly middle: string;
}

/**
 * Exclude globs as one test, answering as picomatch does. The usual ones (files.exclude's globs of `.git`,
 * `node_modules` and the like below any folder) name one segment of the path: those compare segments, which a
 * walk of 100,000 files feels (eight such globs took ~0.2 s as full-path patterns). Any other glob (a name that
 * is itself a glob among them: picomatch reads `**` + `/*` + `/**` in its own way), and any unusual path, goes
 * through picomatch whole.
 */
export function excludeMatcher(globs: readonly string[], options: picomatch.PicomatchOptions): (relative: string) => boolean {
  if (globs.length === 0) return () => false;
  const whole = picomatch([...globs], options);
  const lastSegment: SegmentName[] = [];
  const anySegment: SegmentName[] = [];
  const others: string[] = [];
  for (const glob of globs) {
    const parts = SEGMENT_GLOB.exec(glob);
    if (!parts || picomatch.scan(parts[1]).isGlob) {
      others.push(glob);
      continue;
    }
    const name = parts[1];
    (parts[2] ? anySegment : lastSegment).push({ name, last: `/${name}`, first: `${name}/`, middle: `/${name}/` });
  }
  const otherGlobs = others.length ? picomatch(others, options) : () => false;
  const isLast = (relative: string, { name, last }: SegmentName): boolean => relative === name || relative.endsWith(last);
  const isAny = (relative: string, segment: SegmentName): boolean =>
    isLast(relative, segment) || relative.startsWith(segment.first) || relative.includes(segment.middle);
  return (relative) => {
    if (!PLAIN_RELATIVE.test(relative)) return whole(relative);
    return otherGlobs(relative) || lastSegment.some((segment) => isLast(relative, segment)) || anySegment.some((segment) => isAny(relative, segment));
  };
}

/** The path of a URI below a folder URI, percent-decoded, with `/` separators. */
export function relativePath(folderUri: string, uri: string): string {
  const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
  const rest = uri.startsWith(prefix) ? uri.slice(prefix.length) : uri;
  // Most paths hold no escape: a walk asks for 100,000 of them.
  if (!rest.includes('%')) return rest;
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

/**
 * Adds to `out` the files below `dir` (inside the folder `root`) that `matches` accepts. Folders are listed
 * breadth-first, several at a time (an archive has thousands of day folders), with requests let in now and then.
 * `grew`, when given, is called whenever files were added, for a loader that reads them as they come.
 */
export async function walkFolder(
  fs: FileSystem, logger: Logger, root: string, dir: string, matches: FolderMatcher, out: string[], token: CancellationToken, grew?: () => void,
): Promise<void> {
  const pending = [dir];
  let listed = 0;
  const lister = async (): Promise<void> => {
    while (pending.length > 0 && !token.isCancellationRequested) {
      // A file system may answer listings without ever waiting.
      if (++listed % YIELD_EVERY_FOLDERS === 0) await yieldToRequests();
      const current = pending.pop()!;
      let children;
      try {
        children = await fs.readDirectory(current);
      } catch (error) {
        logger.warn(`Could not list ${current}: ${String(error)}`);
        continue;
      }
      const before = out.length;
      for (const child of children) {
        const relative = relativePath(root, child.uri);
        if (child.type === 'directory') {
          if (!matches.excludesFolder(relative)) pending.push(child.uri);
        } else if (child.type === 'file' && matches(relative)) {
          out.push(child.uri);
        }
      }
      if (grew && out.length > before) grew();
    }
  };
  // Listers that find the queue empty stop; the walk goes on until the last one has drained it.
  while (pending.length > 0 && !token.isCancellationRequested) {
    await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, pending.length) }, lister));
  }
}

/** Lists the entry files of several folders, each by its own settings; into `growing`, when given, as they are found, ending it. */
export async function listFolders(fs: FileSystem, logger: Logger, folders: readonly IndexedFolder[], token: CancellationToken, growing?: GrowingList): Promise<string[]> {
  const files: string[] = growing?.uris ?? [];
  try {
    for (const folder of folders) {
      if (token.isCancellationRequested) break;
      await walkFolder(fs, logger, folder.uri, folder.uri, matcherFor(folder), files, token, growing && (() => growing.grew()));
    }
  } finally {
    growing?.end();
  }
  return files;
}
