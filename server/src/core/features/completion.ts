/**
 * Completion in an entry: context tags, related events, link targets, the date line and publishers.
 * The context is read from the cursor's line, so that half-typed items (no closing `_`, no `]`) work;
 * body text gets nothing.
 */
import { addDays, daysBetween, dayPagePath, folderDateOf, formatIsoDate, parseIsoDate, type CalendarDate } from '../format';
import { rootRelativePathOf } from '../links';
import type { Span } from '../model';
import type { EntriesService, OpenDocument } from '../service';
import type { IndexedEntry } from '../summary';
import type { CancellationToken } from '../workspace';
import { searchEvents } from './eventSearch';
import { cursorLine, sectionAt, type CursorLine } from './lineContext';
import { escapeMarkdown } from './markdownEscape';
import { escapeSnippet } from './snippetText';
import type { CompletionEntry, CompletionResult } from './types';

/** Most items returned at once; the result is marked incomplete when more matched. */
export const MAX_ITEMS = 50;

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
    if (ITEM_LINK_OPEN.test(line.before) || ITEM_PLAIN.test(line.before) || line.before.trim() === '') {
      if (line.after.includes('](')) return EMPTY;
      return completeEvents(service, document, line, token);
    }
    return EMPTY;
  }
  if (section === 'source' && ITEM_LINK_OPEN.test(line.before)) return completePublishers(service, line, offset);
  if ((section === 'start' || section === 'date') && /^(#{0,3}\s*\[?[\d-]*)$/.test(line.before) && !document.entry.headlines.some((h) => h.span.end <= line.start)) {
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
  let tagStart = listStart + typed.lastIndexOf(',') + 1;
  const needsSpace = tagStart > listStart && document.text[tagStart - 1] === ',' && document.text[tagStart] !== ' ';
  while (tagStart < offset && document.text[tagStart] === ' ') tagStart++;
  const prefix = document.text.slice(tagStart, offset);
  const stop = line.after.search(/[,_]/);
  let tagEnd = stop < 0 ? line.end : offset + stop;
  while (tagEnd > offset && document.text[tagEnd - 1] === ' ') tagEnd--;
  const hasClosing = line.after.includes('_');
  const listed = new Set(
    `${typed.slice(0, typed.lastIndexOf(',') + 1)}${stop < 0 ? '' : line.after.slice(stop)}`.replace(/_.*$/, '').split(',').map((tag) => tag.trim()).filter(Boolean),
  );

  const ownTags = service.index.knownTagsOf(document.uri);
  const target = targetOnLine(service, document, line);
  const targetTags = target ? service.index.knownTagsOf(target) : new Map<string, number>();
  const group = (tag: string): number => (ownTags.has(tag) && targetTags.has(tag) ? 0 : targetTags.has(tag) ? 1 : 2);

  let scored: { tag: string; score: number }[];
  if (prefix.trim() === '') {
    const pool = new Set([...targetTags.keys(), ...ownTags.keys()]);
    for (const [tag] of [...service.index.tags()].sort((a, b) => b[1] - a[1]).slice(0, MAX_ITEMS * 2)) pool.add(tag);
    scored = [...pool].map((tag) => ({ tag, score: 0 }));
  } else {
    scored = service.tagSearch.search(prefix, MAX_ITEMS * 4);
  }
  const ranked = scored
    .filter(({ tag }) => !listed.has(tag))
    .map(({ tag, score }) => ({ tag, score, group: group(tag), count: service.index.tagCount(tag) }))
    .sort((a, b) => a.group - b.group || Math.round(a.score * 10) - Math.round(b.score * 10) || b.count - a.count || a.tag.localeCompare(b.tag));

  const span: Span = { start: tagStart, end: tagEnd };
  const items = ranked.slice(0, MAX_ITEMS).map(({ tag, group: rank, count }, position): CompletionEntry => ({
    label: tag,
    kind: 'tag',
    detail: `${count} use${count === 1 ? '' : 's'}${rank === 0 ? ' · shared with the linked event' : rank === 1 ? ' · tag of the linked event' : ''}`,
    sortText: sortKey(position),
    filterText: prefix,
    edit: { span: needsSpace ? { start: span.start, end: span.end } : span, newText: `${needsSpace ? ' ' : ''}${escapeSnippet(tag)}${hasClosing ? '' : '$0_'}` },
    snippet: true,
  }));
  return { items, isIncomplete: ranked.length > MAX_ITEMS || prefix.length > 0 };
}

/** Whole related items for a new item line: `N. [Headline](/news/…) _Context: shared tags_`. */
function completeEvents(service: EntriesService, document: OpenDocument, line: CursorLine, token: CancellationToken): CompletionResult {
  const match = ITEM_LINK_OPEN.exec(line.before) ?? ITEM_PLAIN.exec(line.before);
  const query = match ? match[3].trim() : '';
  const written = match?.[2] ? Number.parseInt(match[2], 10) : NaN;
  const number = Number.isFinite(written) ? written : (document.entry.related?.items.filter((item) => item.span.end <= line.start).length ?? 0) + 1;
  const linked = new Set((service.index.get(document.uri)?.links ?? []).map((link) => link.target));
  const ownTags = service.index.knownTagsOf(document.uri);
  const ownDate = entryDate(service.index.get(document.uri)) ?? folderDateOf(document.uri);

  const found = query ? searchEvents(service.index, query, MAX_ITEMS * 2, token, document.uri) : neighbours(service, document.uri, ownDate);
  const ranked = found
    .filter(({ entry }) => !linked.has(entry.uri) && entry.headline)
    .map(({ entry, score }) => {
      const tags = service.index.knownTagsOf(entry.uri);
      const shared = [...tags.keys()].filter((tag) => ownTags.has(tag));
      const date = entryDate(entry);
      const distance = date && ownDate ? Math.abs(daysBetween(ownDate, date)) : Number.MAX_SAFE_INTEGER;
      return { entry, score, shared, distance };
    })
    .sort((a, b) => Math.round(a.score * 5) - Math.round(b.score * 5) || b.shared.length - a.shared.length || a.distance - b.distance);

  const items = ranked.slice(0, MAX_ITEMS).map(({ entry, shared, distance }, position): CompletionEntry => {
    const path = rootRelativePathOf(entry.uri) ?? entry.uri;
    const context = shared.length ? escapeSnippet(shared.join(', ')) : '$1';
    return {
      label: entry.headline,
      kind: 'event',
      detail: `${entry.date ?? 'no date'}${distance < Number.MAX_SAFE_INTEGER ? ` · ${distance} days away` : ''} · ${shared.length} shared tag${shared.length === 1 ? '' : 's'}`,
      documentation: `${escapeMarkdown(path)}${shared.length ? `\n\nShared tags: ${escapeMarkdown(shared.join(', '))}` : ''}`,
      sortText: sortKey(position),
      filterText: line.before,
      edit: { span: { start: line.start, end: line.end }, newText: `${line.before.match(/^\s*/)![0]}${number}. [${escapeSnippet(entry.headline)}](${path}) _Context: ${context}_$0` },
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
  const close = line.after.indexOf(')');
  const span: Span = { start: offset - typed.length, end: close < 0 ? line.end : offset + close };
  const segments = typed.split('/');
  const datePrefix = segments.slice(0, Math.min(segments.length - 1, 5)).join('/');
  const words = (segments.length > 5 ? segments[5] : '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const ownDate = entryDate(service.index.get(document.uri)) ?? folderDateOf(document.uri);
  const matches: { entry: IndexedEntry; path: string; distance: number }[] = [];
  let seen = 0;
  for (const entry of service.index.entries()) {
    if ((++seen & 4095) === 0 && token.isCancellationRequested) return EMPTY;
    const path = rootRelativePathOf(entry.uri);
    if (!path || entry.uri === document.uri || !path.startsWith(datePrefix)) continue;
    const slug = path.slice(path.lastIndexOf('/') + 1);
    if (!words.every((word) => slug.includes(word))) continue;
    const date = entryDate(entry);
    matches.push({ entry, path, distance: date && ownDate ? Math.abs(daysBetween(ownDate, date)) : Number.MAX_SAFE_INTEGER });
  }
  matches.sort((a, b) => a.distance - b.distance || a.path.localeCompare(b.path));
  const title = titleSpanOnLine(document.text, line, span.start);
  const items = matches.slice(0, MAX_ITEMS).map(({ entry, path }, position): CompletionEntry => ({
    label: path,
    kind: 'path',
    detail: entry.headline,
    documentation: title && document.text.slice(title.start, title.end).trim() !== entry.headline ? 'Also sets the link text to this headline.' : undefined,
    sortText: sortKey(position),
    filterText: typed,
    edit: { span, newText: path },
    additionalEdits: title && document.text.slice(title.start, title.end).trim() !== entry.headline ? [{ span: title, newText: entry.headline }] : undefined,
  }));
  return { items, isIncomplete: matches.length > MAX_ITEMS };
}

/** Publisher names used in the workspace, most used first. */
function completePublishers(service: EntriesService, line: CursorLine, offset: number): CompletionResult {
  const typed = ITEM_LINK_OPEN.exec(line.before)![3];
  const closing = line.after.indexOf(']');
  const span: Span = { start: offset - typed.length, end: closing < 0 ? offset : offset + closing };
  const hasUrl = closing >= 0 && line.after.slice(closing).startsWith('](');
  const wanted = typed.trim().toLowerCase();
  const ranked = [...service.index.publishers()]
    .filter(([name]) => name.toLowerCase().includes(wanted) && name !== 'Cover Image')
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

function entryDate(entry: IndexedEntry | undefined): CalendarDate | undefined {
  const parsed = entry?.date ? parseIsoDate(entry.date) : undefined;
  return typeof parsed === 'object' ? parsed : undefined;
}


function sortKey(position: number): string {
  return String(position).padStart(4, '0');
}
