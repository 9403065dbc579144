/** Context tags as the features write them: which tags an entry has, and their order in a `_Context: …_` list. */
import type { WorkspaceIndex } from '../workspaceIndex';

/** Sorts tags as real entries list them: alphabetically by code point (`Iraq, Iraqi Civil War, U.S., United …`). */
export function sortTags(tags: readonly string[]): string[] {
  return [...tags].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The known tags of a linked entry as one entry should see them: without what that entry's own links to it
 * say, which are what the features are about to derive (else every tag of the link would vouch for itself).
 */
export function tagsOfLinked(index: WorkspaceIndex, target: string, fromUri: string): Map<string, number> {
  const own = (index.get(fromUri)?.links ?? []).filter((link) => link.target === target).flatMap((link) => link.tags);
  return withoutUses(index.knownTagsOf(target), own);
}

/** Takes one use of each given tag away from a fresh map of tag counts, dropping tags left with none. */
export function withoutUses(known: Map<string, number>, tags: readonly string[]): Map<string, number> {
  for (const tag of tags) {
    const left = (known.get(tag) ?? 0) - 1;
    if (left > 0) known.set(tag, left);
    else known.delete(tag);
  }
  return known;
}
