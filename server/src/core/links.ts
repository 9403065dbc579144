/**
 * Resolving root-relative entry links (`/news/…`) to URIs. Only well-formed entry paths resolve,
 * so no `..`, `%2e` or backslash can climb out of the archive root the link is resolved against.
 */
import { isEntryPath } from './format';

/** Characters that a regex's `.` does not match: a root holding one has never been a root. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const SLASH = 0x2f;

/**
 * The archive root of an entry URI: the folder that holds its `news/` folder, or undefined. It reads the four
 * folders above the file name (`/news/YYYY/MM/D`) from the end, character by character: every record of the
 * index asks, 100,000 at a warm start, and every related link checked asks for the entry that holds it.
 */
export function archiveRootOf(uri: string): string | undefined {
  const name = uri.lastIndexOf('/');
  if (name < 0 || name === uri.length - 1) return undefined;
  // The day has one or two digits; the month two, the year four.
  let at = name - 1;
  if (!isDigitAt(uri, at)) return undefined;
  if (isDigitAt(uri, at - 1)) at--;
  at -= 1;
  if (uri.charCodeAt(at) !== SLASH || !isDigitAt(uri, at - 1) || !isDigitAt(uri, at - 2) || uri.charCodeAt(at - 3) !== SLASH) return undefined;
  at -= 3;
  if (!isDigitAt(uri, at - 1) || !isDigitAt(uri, at - 2) || !isDigitAt(uri, at - 3) || !isDigitAt(uri, at - 4)) return undefined;
  const start = at - 10;
  if (start < 0 || !uri.startsWith('/news/', start)) return undefined;
  // Nearly every URI asked about has the root of the one before.
  if (start === lastRoot.length && uri.startsWith(lastRoot)) return lastRoot;
  const root = uri.slice(0, start);
  if (LINE_TERMINATOR.test(root)) return undefined;
  lastRoot = root;
  return root;
}

function isDigitAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0x30 && code <= 0x39;
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
