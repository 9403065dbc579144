/**
 * Resolving root-relative entry links (`/news/…`) to URIs. Only well-formed entry paths resolve,
 * so no `..`, `%2e` or backslash can climb out of the archive root the link is resolved against.
 */
import { isEntryPath } from './format';

/** The folders of an entry path below its root, as `archiveRootOf` reads them from the end of a URI. */
const DATED_FOLDERS = /\/news\/\d{4}\/\d{2}\/\d{1,2}$/;
/** Characters that a regex's `.` does not match: a root holding one has never been a root. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * The archive root of an entry URI: the folder that holds its `news/` folder, or undefined. It reads
 * the four folders above the file name from the end (every record of the index asks, 100,000 at a warm start).
 */
export function archiveRootOf(uri: string): string | undefined {
  const name = uri.lastIndexOf('/');
  if (name < 0 || name === uri.length - 1) return undefined;
  // `/news/YYYY/MM/D` is at most 16 characters: the match is tested on that much before the name.
  const tail = uri.slice(Math.max(0, name - 16), name);
  const match = DATED_FOLDERS.exec(tail);
  if (!match) return undefined;
  const root = uri.slice(0, name - tail.length + match.index);
  // Nearly every URI asked about has the root of the one before.
  if (root === lastRoot) return root;
  if (LINE_TERMINATOR.test(root)) return undefined;
  lastRoot = root;
  return root;
}

/** The last root `archiveRootOf` found. */
let lastRoot = '';

/** The root-relative path of an entry URI (`/news/…`), or undefined when it is not under an archive root. */
export function rootRelativePathOf(uri: string): string | undefined {
  const root = archiveRootOf(uri);
  return root === undefined ? undefined : uri.slice(root.length);
}

/** The root-relative path of an entry URI when it is a well-formed entry path (what a link may name), else undefined. */
export function linkablePathOf(uri: string): string | undefined {
  const path = rootRelativePathOf(uri);
  return path !== undefined && isEntryPath(path) ? path : undefined;
}

/** The URI a link target means from an entry, or undefined when the target is not a well-formed entry path. */
export function resolveLinkFrom(fromUri: string, target: string): string | undefined {
  const root = archiveRootOf(fromUri);
  if (root === undefined || !isEntryPath(target)) return undefined;
  return root + target;
}

/**
 * The URI a link target means from a document, given the index's archive roots and a test of which
 * entries exist. A document outside any archive root (an untitled buffer) resolves against the roots,
 * preferring one where the target exists.
 */
export function resolveLinkAmong(fromUri: string, target: string, roots: Iterable<string>, exists: (uri: string) => boolean): string | undefined {
  const direct = resolveLinkFrom(fromUri, target);
  if (direct !== undefined || archiveRootOf(fromUri) !== undefined || !isEntryPath(target)) return direct;
  let fallback: string | undefined;
  for (const root of roots) {
    if (exists(root + target)) return root + target;
    fallback ??= root + target;
  }
  return fallback;
}

/** The URI of a day page (or any root-relative path) from an entry, only for well-formed `/news/` paths. */
export function resolveRootRelative(fromUri: string, path: string): string | undefined {
  const root = archiveRootOf(fromUri);
  if (root === undefined || !/^\/news\/\d{4}\/\d{2}\/\d{1,2}\/[a-z0-9-]+\.md$/.test(path)) return undefined;
  return root + path;
}
