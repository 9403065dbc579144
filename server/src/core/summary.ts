/** The compact per-entry record the workspace index keeps, derived from an EventEntry. */
import { formatIsoDate, parseEntryPath, parseIsoDate } from './format';
import { archiveRootOf } from './links';
import type { EventEntry, RelatedItem, SourceItem } from './model';
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
  /** Publisher names of the source items (cover image excluded). */
  readonly publishers: readonly string[];
  readonly links: readonly IndexedLink[];
}

/**
 * How a summary holds its strings: `intern` shares repeated ones and copies the rest flat (records kept in
 * this thread); `copy` only copies flat (open buffers, whose half-typed tags would fill the pool); `as-is`
 * keeps the slices (a worker's records, which the trip to the server's thread copies anyway); a function is
 * applied to every string (a worker's way of copying slices of a wide text to one byte per character).
 */
export type StringPolicy = 'intern' | 'copy' | 'as-is' | ((value: string) => string);

/**
 * Summarizes a parsed entry for the index, holding no slices of the file text unless `as-is` is asked for.
 * The body is not kept: a hover reads the linked file for its preview, which 100,000 entries would otherwise hold in memory.
 */
export function summarize(uri: string, entry: EventEntry, strings: StringPolicy = 'intern'): IndexedEntry {
  if (typeof strings === 'function') return summarizeWith(uri, entry, strings, strings);
  const intern = strings === 'intern' ? internShared : strings === 'copy' ? flatCopy : keep;
  return summarizeWith(uri, entry, intern, strings === 'as-is' ? keep : flatCopy);
}

function summarizeWith(uri: string, entry: EventEntry, intern: (value: string) => string, copy: (value: string) => string): IndexedEntry {
  return {
    uri,
    date: entry.dateLine ? dateOf(entry.dateLine.text.trim(), intern) : undefined,
    headline: copy(entry.headlines[0]?.text.trim() ?? ''),
    publishers: entry.sources ? publishersOf(entry.sources.items, intern) : [],
    links: entry.related ? linksOf(entry.related.items, archiveRootOf(uri), intern) : [],
  };
}

function keep(value: string): string {
  return value;
}

/** The date of a date line's text, when it is a calendar date. */
function dateOf(text: string, intern: (value: string) => string): string | undefined {
  const parsed = parseIsoDate(text);
  return typeof parsed === 'object' ? intern(formatIsoDate(parsed)) : undefined;
}

/** Publisher names of the source items that have one, cover images left out. */
function publishersOf(items: readonly SourceItem[], intern: (value: string) => string): string[] {
  const publishers: string[] = [];
  for (const item of items) {
    if (!item.link || item.isCoverImage) continue;
    const name = item.link.text.trim();
    if (name) publishers.push(intern(name));
  }
  return publishers;
}

/** The related items that have a link, each target resolved against the archive root when it is an entry path. */
function linksOf(items: readonly RelatedItem[], root: string | undefined, intern: (value: string) => string): IndexedLink[] {
  const links: IndexedLink[] = [];
  for (const item of items) {
    if (!item.link) continue;
    const target = item.link.target.trim();
    const resolved = root !== undefined && parseEntryPath(target) ? root + target : undefined;
    const contextTags = item.context?.tags ?? [];
    const tags: string[] = [];
    for (const tag of contextTags) tags.push(intern(tag.name));
    links.push({ target: intern(resolved ?? target), resolved: resolved !== undefined, tags });
  }
  return links;
}
