/**
 * Resolving root-relative entry links (`/news/…`) to URIs. Only well-formed entry paths resolve,
 * so no `..`, `%2e` or backslash can climb out of the archive root the link is resolved against.
 */
import { parseEntryPath } from './format';

const ROOT_OF_ENTRY = /^(.*)\/news\/\d{4}\/\d{2}\/\d{1,2}\/[^/]+$/;

/** The archive root of an entry URI: the folder that holds its `news/` folder, or undefined. */
export function archiveRootOf(uri: string): string | undefined {
  return ROOT_OF_ENTRY.exec(uri)?.[1];
}

/** The root-relative path of an entry URI (`/news/…`), or undefined when it is not under an archive root. */
export function rootRelativePathOf(uri: string): string | undefined {
  const root = archiveRootOf(uri);
  return root === undefined ? undefined : uri.slice(root.length);
}

/** The root-relative path of an entry URI when it is a well-formed entry path (what a link may name), else undefined. */
export function linkablePathOf(uri: string): string | undefined {
  const path = rootRelativePathOf(uri);
  return path !== undefined && parseEntryPath(path) ? path : undefined;
}

/** The URI a link target means from an entry, or undefined when the target is not a well-formed entry path. */
export function resolveLinkFrom(fromUri: string, target: string): string | undefined {
  const root = archiveRootOf(fromUri);
  if (root === undefined || !parseEntryPath(target)) return undefined;
  return root + target;
}

/**
 * The URI a link target means from a document, given the index's archive roots and a test of which
 * entries exist. A document outside any archive root (an untitled buffer) resolves against the roots,
 * preferring one where the target exists.
 */
export function resolveLinkAmong(fromUri: string, target: string, roots: Iterable<string>, exists: (uri: string) => boolean): string | undefined {
  const direct = resolveLinkFrom(fromUri, target);
  if (direct !== undefined || archiveRootOf(fromUri) !== undefined || !parseEntryPath(target)) return direct;
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
