/**
 * Completion in an entry: context tags, related events, link targets, the date line and publishers.
 * The context is read from the cursor's line, so that half-typed items (no closing `_`, no `]`) work;
 * body text gets nothing.
 */
import { addDays, asLinkText, dateOfIso, daysBetween, dayPagePath, folderDateOf, formatIsoDate, type CalendarDate } from '../format';
import { linkablePathOf } from '../links';
import type { Span } from '../model';
import { COVER_IMAGE_TEXT } from '../sections';
import type { EntriesService, OpenDocument } from '../service';
import type { IndexedEntry } from '../summary';
import type { CancellationToken } from '../workspace';
import { searchEvents } from './eventSearch';
import { cursorLine, sectionAt, type CursorLine } from './lineContext';
import { escapeMarkdown } from './markdownEscape';
import { escapeSnippet } from './snippetText';
import { sortTags, tagsOfLinked, withoutUses } from './contextTags';
import type { CompletionEntry, CompletionResult } from './types';

/** Most items returned at once; the result is marked incomplete when more matched. */
export const MAX_ITEMS = 50;

/** The editor command that opens the suggest widget. */
export const TRIGGER_SUGGEST = 'editor.action.triggerSuggest';

/** Characters after which the editor asks for completion. */
export const TRIGGER_CHARACTERS = ['[', '(', '/', ',', ' '];

const CONTEXT_IN_ITEM = /^\s*\d+\.\s.*?_Context:( ?)([^_]*)$/;
const ITEM_LINK_OPEN = /^(\s*)(\d+\.\s*)?\[([^\]]*)$/;
const ITEM_PLAIN = /^(\s*)(\d+\.\s+)([^[\]()_]*)$/;
const TARGET_OPEN = /\]\((\/[^)\s]*)$/;

/** Completion items at an offset of an open document, or an empty result where nothing applies. */
export function complete(service: EntriesService, document: OpenDocument, offset: number, token: CancellationToken): CompletionResult {
  const line = cursorLine(document.text, offset);
  const section = sectionAt(document.entry, offset);
  if (section === 'related') {
    if (CONTEXT_IN_ITEM.test(line.before)) return completeTags(service, document, line, offset);
    if (TARGET_OPEN.test(line.before)) return completeTargets(service, document, line, offset, token);
    // A blank line takes a new item; a blank prefix before a heading or an item does not.
    if (ITEM_LINK_OPEN.test(line.before) || ITEM_PLAIN.test(line.before) || `${line.before}${line.after}`.trim() === '') {
      if (line.after.includes('](')) return EMPTY;
      return completeEvents(service, document, line, token);
    }
    return EMPTY;
  }
  if (section === 'source' && ITEM_LINK_OPEN.test(line.before)) return completePublishers(service, document, line, offset);
  const dateLine = document.entry.dateLine;
  const dateLineElsewhere = dateLine !== undefined && (dateLine.span.start < line.start || dateLine.span.start > line.end);
  if ((section === 'start' || section === 'date') && !dateLineElsewhere && /^(#{0,3}\s*\[?[\d-]*)$/.test(line.before) && !document.entry.headlines.some((h) => h.span.end <= line.start)) {
    return completeDates(document, line, service.today());
  }
  return EMPTY;
}

const EMPTY: CompletionResult = { items: [], isIncomplete: false };

/** Tags of the vocabulary for the tag being typed, shared tags of this entry and the link's target first. */
function completeTags(service: EntriesService, document: OpenDocument, line: CursorLine, offset: number): CompletionResult {
  const match = CONTEXT_IN_ITEM.exec(line.before)!;
  const typed = match[2];
  const listStart = offset - typed.length;
  const comma = typed.lastIndexOf(',');
  let tagStart = listStart + comma + 1;
  // `Iraq,|` and `_Context:|` get the space that the format puts after the comma and the label.
  const needsSpace = (comma >= 0 || match[1] === '') && document.text[tagStart] !== ' ';
  while (tagStart < offset && document.text[tagStart] === ' ') tagStart++;
  const prefix = document.text.slice(tagStart, offset);
  const stop = line.after.search(/[,_]/);
  let tagEnd = stop < 0 ? line.end : offset + stop;
  while (tagEnd > offset && document.text[tagEnd - 1] === ' ') tagEnd--;
  const hasClosing = line.after.includes('_');
  const listed = new Set(
    `${typed.slice(0, comma + 1)}${stop < 0 ? '' : line.after.slice(stop)}`.replace(/_.*$/, '').split(',').map((tag) => tag.trim()).filter(Boolean),
  );

  // The open buffer is indexed as typed, so this item's own tags (the half-typed one included) must not vouch for themselves.
  const typing = document.entry.related?.items.find((item) => item.span.start <= offset && offset <= item.span.end)?.context?.tags.map((tag) => tag.name) ?? [];
  const countOf = (tag: string): number => service.index.tagCount(tag) - typing.filter((name) => name === tag).length;
  const ownTags = withoutUses(service.index.knownTagsOf(document.uri), typing);
  const target = targetOnLine(service, document, line);
  const targetTags = target ? tagsOfLinked(service.index, target, document.uri) : new Map<string, number>();
  const group = (tag: string): number => (ownTags.has(tag) && targetTags.has(tag) ? 0 : targetTags.has(tag) ? 1 : 2);

  // Tier 0: tags that start with the prefix, what was most likely meant; tier 1: tags with a later word that does
  // (`Ira` is Iraq before Islamic State of Iraq…); then fuzzy matches (typos, infixes), best first. The editor keeps
  // this order, since every item filters on the typed prefix. With nothing typed: this entry's and the target's tags and the most used.
  const tiers = new Map<string, number>();
  if (prefix.trim() === '') {
    for (const tag of [...targetTags.keys(), ...ownTags.keys()]) tiers.set(tag, 0);
    for (const [tag] of service.tagSearch.mostUsed(MAX_ITEMS * 2)) tiers.set(tag, 0);
  } else {
    const wanted = prefix.trim().toLowerCase();
    for (const tag of service.tagSearch.startingWith(prefix)) tiers.set(tag, tag.toLowerCase().startsWith(wanted) ? 0 : 1);
    for (const { tag, score } of service.tagSearch.search(prefix, MAX_ITEMS * 4)) if (!tiers.has(tag)) tiers.set(tag, 2 + Math.round(score * 10));
  }
  const ranked = [...tiers]
    .filter(([tag]) => !listed.has(tag))
    .map(([tag, tier]) => ({ tag, tier, group: group(tag), count: countOf(tag) }))
    .filter(({ count }) => count > 0)
    .sort((a, b) => a.tier - b.tier || a.group - b.group || b.count - a.count || a.tag.localeCompare(b.tag));

  const items = ranked.slice(0, MAX_ITEMS).map(({ tag, group: rank, count }, position): CompletionEntry => ({
    label: tag,
    kind: 'tag',
    detail: `${count} use${count === 1 ? '' : 's'}${rank === 0 ? ' · shared with the linked event' : rank === 1 ? ' · tag of the linked event' : ''}`,
    sortText: sortKey(position),
    // Fuzzy matches must survive the editor's own filtering on the typed prefix; with nothing typed, the label filters.
    filterText: prefix || undefined,
    edit: { span: { start: tagStart, end: tagEnd }, newText: `${needsSpace ? ' ' : ''}${escapeSnippet(tag)}${hasClosing ? '' : '$0_'}` },
    snippet: true,
  }));
  return { items, isIncomplete: ranked.length > MAX_ITEMS || prefix.length > 0 };
}

/** Whole related items for a new item line: `N. [Headline](/news/…) _Context: shared tags_`. */
function completeEvents(service: EntriesService, document: OpenDocument, line: CursorLine, token: CancellationToken): CompletionResult {
  const match = ITEM_LINK_OPEN.exec(line.before) ?? ITEM_PLAIN.exec(line.before);
  const query = match ? match[3].trim() : '';
  // Related items are numbered 1., 2., …: the number is the item's place, whatever was typed (often `1.`).
  // Items that start above count, also one that ends on this line by lazy continuation.
  const number = (document.entry.related?.items.filter((item) => item.span.start < line.start).length ?? 0) + 1;
  const linked = new Set((service.index.get(document.uri)?.links ?? []).map((link) => link.target));
  const ownTags = service.index.knownTagsOf(document.uri);
  const ownDate = entryDate(service.index.get(document.uri)) ?? folderDateOf(document.uri);

  // In a large archive a common word matches thousands: the ones nearest in time are ranked.
  const distanceTo = (entry: IndexedEntry): number => {
    const date = entryDate(entry);
    return date && ownDate ? Math.abs(daysBetween(ownDate, date)) : Number.MAX_SAFE_INTEGER;
  };
  const found = query ? searchEvents(service.entrySearch, query, MAX_ITEMS * 2, token, document.uri, ownDate) : neighbours(service, document.uri, ownDate);
  const candidates = found
    .filter(({ entry }) => !linked.has(entry.uri) && entry.headline && linkablePathOf(entry.uri))
    .map(({ entry, score }) => ({ entry, bucket: Math.round(score * 5) }))
    .sort((a, b) => a.bucket - b.bucket);
  // Shared tags cost a walk over each entry's backlinks: buckets after the one that fills the list cannot show, and are left out.
  const lastBucket = candidates[Math.min(candidates.length, MAX_ITEMS) - 1]?.bucket ?? 0;
  const ranked = candidates
    .filter(({ bucket }) => bucket <= lastBucket)
    .map(({ entry, bucket }) => {
      const tags = service.knownTags.of(entry.uri);
      const shared = sortTags([...tags.keys()].filter((tag) => ownTags.has(tag)));
      return { entry, bucket, shared, distance: distanceTo(entry) };
    })
    .sort((a, b) => a.bucket - b.bucket || b.shared.length - a.shared.length || a.distance - b.distance);

  const items = ranked.slice(0, MAX_ITEMS).map(({ entry, shared, distance }, position): CompletionEntry => {
    const path = linkablePathOf(entry.uri)!;
    const context = shared.length ? escapeSnippet(shared.join(', ')) : '$1';
    return {
      label: entry.headline,
      kind: 'event',
      detail: `${entry.date ?? 'no date'}${distanceText(distance)} · ${shared.length} shared tag${shared.length === 1 ? '' : 's'}`,
      documentation: `${escapeMarkdown(path)}${shared.length ? `\n\nShared tags: ${escapeMarkdown(shared.join(', '))}` : ''}`,
      sortText: sortKey(position),
      filterText: line.before,
      edit: { span: { start: line.start, end: line.end }, newText: `${line.before.match(/^\s*/)![0]}${number}. [${escapeSnippet(asLinkText(entry.headline))}](${path}) _Context: ${context}_$0` },
      // With no shared tag the context is left empty: suggestions open there, since Markdown does not suggest while typing.
      command: shared.length ? undefined : TRIGGER_SUGGEST,
      snippet: true,
    };
  });
  return { items, isIncomplete: true };
}

/** Entries near this entry's date, when nothing has been typed yet. */
function neighbours(service: EntriesService, self: string, date: CalendarDate | undefined): { entry: IndexedEntry; score: number }[] {
  if (!date) return [];
  const out: { entry: IndexedEntry; score: number }[] = [];
  for (let step = 0; step <= 60 && out.length < MAX_ITEMS * 4; step++) {
    for (const sign of step === 0 ? [0] : [-1, 1]) {
      for (const uri of service.index.entriesOn(formatIsoDate(addDays(date, sign * step)))) {
        const entry = service.index.get(uri);
        if (entry && uri !== self) out.push({ entry, score: 0 });
      }
    }
  }
  return out;
}

/** Entry paths for a link target being typed, matched on date segments and slug words. */
function completeTargets(service: EntriesService, document: OpenDocument, line: CursorLine, offset: number, token: CancellationToken): CompletionResult {
  const typed = TARGET_OPEN.exec(line.before)![1];
  // The target ends at its `)`, else where no target goes on (a space), so that a missing `)` swallows no context.
  const stop = line.after.search(/[)\s]/);
  const end = stop < 0 ? line.end : offset + stop;
  const closed = document.text[end] === ')';
  const span: Span = { start: offset - typed.length, end };
  // While the date folders are typed the path is a prefix (`/news/2016/07/1` is day 1 or 10–19);
  // in the slug the date folders must match whole and the typed words must occur in the slug.
  const segments = typed.split('/');
  const inSlug = segments.length > 5;
  const datePrefix = inSlug ? `${segments.slice(0, 5).join('/')}/` : typed;
  const words = (inSlug ? segments.slice(5).join('/') : '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const ownDate = entryDate(service.index.get(document.uri)) ?? folderDateOf(document.uri);
  const slugHolds = (path: string): boolean => {
    const slug = path.slice(path.lastIndexOf('/') + 1);
    return words.every((word) => slug.includes(word));
  };
  // Only the nearest in time are proposed: among them, the order is by distance, then path.
  const found = service.entrySearch.nearestUnderPath(datePrefix, words.length ? slugHolds : undefined, document.uri, ownDate, MAX_ITEMS + 1);
  if (token.isCancellationRequested) return EMPTY;
  const matches = found.map((entry) => {
    const date = entryDate(entry);
    return { entry, path: linkablePathOf(entry.uri)!, distance: date && ownDate ? Math.abs(daysBetween(ownDate, date)) : Number.MAX_SAFE_INTEGER };
  });
  matches.sort((a, b) => a.distance - b.distance || a.path.localeCompare(b.path));
  const title = titleSpanOnLine(document.text, line, span.start);
  const items = matches.slice(0, MAX_ITEMS).map(({ entry, path }, position): CompletionEntry => {
    const retitle = title && entry.headline && document.text.slice(title.start, title.end).trim() !== entry.headline;
    return {
      label: path,
      kind: 'path',
      detail: entry.headline,
      documentation: retitle ? 'Also sets the link text to this headline.' : undefined,
      sortText: sortKey(position),
      filterText: typed,
      edit: { span, newText: closed ? path : `${path})` },
      additionalEdits: retitle ? [{ span: title, newText: asLinkText(entry.headline) }] : undefined,
    };
  });
  return { items, isIncomplete: matches.length > MAX_ITEMS };
}

/** Publisher names used in the workspace, most used first. */
function completePublishers(service: EntriesService, document: OpenDocument, line: CursorLine, offset: number): CompletionResult {
  const typed = ITEM_LINK_OPEN.exec(line.before)![3];
  const closing = line.after.indexOf(']');
  const span: Span = { start: offset - typed.length, end: closing < 0 ? offset : offset + closing };
  const hasUrl = closing >= 0 && line.after.slice(closing).startsWith('](');
  const wanted = typed.trim().toLowerCase();
  // The open buffer is indexed as typed: the half-typed name of this item is not a publisher of the workspace.
  const typing = document.entry.sources?.items.find((item) => item.span.start <= offset && offset <= item.span.end)?.link?.text.trim();
  const ranked = [...service.index.publishers()]
    .map(([name, count]): [string, number] => [name, name === typing ? count - 1 : count])
    .filter(([name, count]) => count > 0 && name.toLowerCase().includes(wanted) && name !== COVER_IMAGE_TEXT)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const items = ranked.slice(0, MAX_ITEMS).map(([name, count], position): CompletionEntry => ({
    label: name,
    kind: 'publisher',
    detail: `${count} source${count === 1 ? '' : 's'}`,
    sortText: sortKey(position),
    filterText: typed,
    edit: { span: hasUrl ? span : { start: span.start, end: closing < 0 ? span.end : span.end + 1 }, newText: hasUrl ? escapeSnippet(name) : `${escapeSnippet(name)}](https://$1)$0` },
    snippet: true,
  }));
  return { items, isIncomplete: ranked.length > MAX_ITEMS };
}

/** The date implied by the folder and today's date, each as a whole date line. */
function completeDates(document: OpenDocument, line: CursorLine, today: CalendarDate): CompletionResult {
  const options: { date: CalendarDate; why: string }[] = [];
  const folder = folderDateOf(document.uri);
  if (folder) options.push({ date: folder, why: 'date of the folder' });
  if (!folder || formatIsoDate(folder) !== formatIsoDate(today)) options.push({ date: today, why: 'today' });
  const items = options.map(({ date, why }, position): CompletionEntry => {
    const iso = formatIsoDate(date);
    return {
      label: `### [${iso}](${dayPagePath(date)})`,
      kind: 'date',
      detail: why,
      sortText: sortKey(position),
      filterText: line.before,
      edit: { span: { start: line.start, end: line.end }, newText: `### [${iso}](${dayPagePath(date)})` },
    };
  });
  return { items, isIncomplete: false };
}

function targetOnLine(service: EntriesService, document: OpenDocument, line: CursorLine): string | undefined {
  const target = /\]\((\/news\/[^)\s]+)\)/.exec(line.before + line.after)?.[1];
  return target ? service.index.resolveLink(document.uri, target) : undefined;
}

/** The link text span on a line whose target starts at `targetStart`, for updating it with the headline. */
function titleSpanOnLine(text: string, line: CursorLine, targetStart: number): Span | undefined {
  const close = targetStart - 2;
  if (text.slice(close, targetStart) !== '](') return undefined;
  const open = text.lastIndexOf('[', close);
  return open >= line.start ? { start: open + 1, end: close } : undefined;
}

function distanceText(days: number): string {
  if (days === Number.MAX_SAFE_INTEGER) return '';
  return days === 0 ? ' · the same day' : ` · ${days} day${days === 1 ? '' : 's'} away`;
}

function entryDate(entry: IndexedEntry | undefined): CalendarDate | undefined {
  return dateOfIso(entry?.date);
}

function sortKey(position: number): string {
  return String(position).padStart(4, '0');
}
