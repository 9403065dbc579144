/** The compact per-entry record the workspace index keeps, derived from an EventEntry. */
import { formatIsoDate, parseEntryPath, parseIsoDate } from './format';
import { archiveRootOf } from './links';
import type { EventEntry } from './model';
import { flatCopy, intern as internShared } from './intern';

/** A related link as the index keeps it. */
export interface IndexedLink {
  /** The target URI; for a malformed target, the target text as written. */
  readonly target: string;
  readonly resolved: boolean;
  readonly tags: readonly string[];
}

/** What the index knows of one entry. */
export interface IndexedEntry {
  readonly uri: string;
  /** `YYYY-MM-DD` when the date line holds a calendar date. */
  readonly date: string | undefined;
  /** The first headline, trimmed; empty when there is none. */
  readonly headline: string;
  /** The first body paragraph, trimmed and cut to a preview length. */
  readonly preview: string;
  /** Publisher names of the source items (cover image excluded). */
  readonly publishers: readonly string[];
  readonly links: readonly IndexedLink[];
}

const PREVIEW_LENGTH = 400;

/**
 * How a summary holds its strings: `intern` shares repeated ones and copies the rest flat (records kept in
 * this thread); `copy` only copies flat (open buffers, whose half-typed tags would fill the pool); `as-is`
 * keeps the slices (a worker's records, which the trip to the server's thread copies anyway).
 */
export type StringPolicy = 'intern' | 'copy' | 'as-is';

/** Summarizes a parsed entry for the index, holding no slices of the file text unless `as-is` is asked for. */
export function summarize(uri: string, entry: EventEntry, strings: StringPolicy = 'intern'): IndexedEntry {
  const identity = (value: string): string => value;
  const intern = strings === 'intern' ? internShared : strings === 'copy' ? flatCopy : identity;
  const copy = strings === 'as-is' ? identity : flatCopy;
  const parsedDate = entry.dateLine ? parseIsoDate(entry.dateLine.text.trim()) : 'malformed';
  const firstParagraph = entry.body[0]?.text.trim() ?? '';
  const root = archiveRootOf(uri);
  return {
    uri,
    date: typeof parsedDate === 'object' ? intern(formatIsoDate(parsedDate)) : undefined,
    headline: copy(entry.headlines[0]?.text.trim() ?? ''),
    preview: copy(firstParagraph.length > PREVIEW_LENGTH ? `${firstParagraph.slice(0, PREVIEW_LENGTH)}…` : firstParagraph),
    publishers: (entry.sources?.items ?? [])
      .filter((item) => item.link && !item.isCoverImage && item.link.text.trim())
      .map((item) => intern(item.link!.text.trim())),
    links: (entry.related?.items ?? []).flatMap((item) => {
      if (!item.link) return [];
      const target = item.link.target.trim();
      const resolved = root !== undefined && parseEntryPath(target) ? root + target : undefined;
      return [{
        target: intern(resolved ?? target),
        resolved: resolved !== undefined,
        tags: (item.context?.tags ?? []).map((tag) => intern(tag.name)),
      }];
    }),
  };
}
