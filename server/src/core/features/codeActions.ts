/**
 * Quick fixes, each matched on a diagnostic's code and reading its `data`, and the fix-all source action.
 * Edits are computed against the document's current model, so a stale diagnostic cannot corrupt text.
 */
import { asLinkText } from '../format';
import { rootRelativePathOf } from '../links';
import type { RelatedItem, Span } from '../model';
import type { EntriesService, OpenDocument } from '../service';
import { LineIndex, lineBreakOf } from '../textLines';
import { closestEntries } from './closest';
import { sortTags, tagsOfLinked } from './contextTags';
import type { TextEdit } from './types';

/** A diagnostic as the editor sends it back: code, data and span. */
export interface DiagnosticRef {
  readonly code: string;
  readonly span: Span;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A code action: edits to apply, or a client command to run. */
export interface CodeActionEntry {
  readonly title: string;
  readonly kind: 'quickfix' | 'source.fixAll.eventEntries';
  readonly diagnostic?: DiagnosticRef;
  readonly edits?: readonly TextEdit[];
  readonly command?: { readonly command: string; readonly arguments: unknown[] };
  readonly isPreferred?: boolean;
}

/** Client command that inserts the source template snippet. */
export const INSERT_SOURCE_TEMPLATE = 'eventEntries.insertSourceTemplate';
/** Client command that inserts a source built from the URL on the clipboard. */
export const INSERT_SOURCE_FROM_CLIPBOARD = 'eventEntries.insertSourceFromClipboard';

/**
 * Codes whose fix is safe to apply without a person choosing (used by fix-all), in order of precedence:
 * the folder's date sets both the date and its link, so it wins over a day-link fix for the written date.
 */
// Tag fixes are left out: a rare tag may be right, and inserted tags are a guess; a person chooses those.
const SAFE_FOR_FIX_ALL: readonly string[] = ['date.folderMismatch', 'date.dayLinkMismatch', 'date.noDayLink', 'related.staleTitle'];

/** Quick fixes for the given diagnostics of a document. */
export function quickFixes(service: EntriesService, document: OpenDocument, diagnostics: readonly DiagnosticRef[]): CodeActionEntry[] {
  return diagnostics.flatMap((diagnostic) => fixesFor(service, document, diagnostic).map((fix) => ({ ...fix, diagnostic })));
}

/** Every safe fix of the document's current diagnostics, as one action (none when nothing to fix). */
export function fixAll(service: EntriesService, document: OpenDocument): CodeActionEntry[] {
  const rank = (code: string): number => SAFE_FOR_FIX_ALL.indexOf(code);
  const diagnostics = service.diagnoseDocument(document.uri).filter((diagnostic) => rank(diagnostic.code) >= 0);
  // A fix is taken whole or not at all, so that half of a two-edit fix never lands; the rest waits for the next run.
  const edits: TextEdit[] = [];
  for (const diagnostic of diagnostics.sort((a, b) => rank(a.code) - rank(b.code))) {
    const fix = fixesFor(service, document, diagnostic)[0]?.edits ?? [];
    if (fix.every((edit) => edits.every((taken) => !conflicts(taken.span, edit.span)))) edits.push(...fix);
  }
  edits.sort((a, b) => a.span.start - b.span.start);
  return edits.length ? [{ title: 'Fix all safe event-entry problems', kind: 'source.fixAll.eventEntries', edits }] : [];
}

type Fix = Omit<CodeActionEntry, 'diagnostic'>;

function fixesFor(service: EntriesService, document: OpenDocument, diagnostic: DiagnosticRef): Fix[] {
  const data = diagnostic.data ?? {};
  const { entry, uri } = document;
  const line = entry.dateLine;
  switch (diagnostic.code) {
    case 'source.missing':
    case 'source.empty':
      return [
        { title: 'Insert source template', kind: 'quickfix', command: { command: INSERT_SOURCE_TEMPLATE, arguments: [uri] }, isPreferred: true },
        { title: 'Insert source from the URL on the clipboard', kind: 'quickfix', command: { command: INSERT_SOURCE_FROM_CLIPBOARD, arguments: [uri] } },
      ];
    case 'date.dayLinkMismatch':
      if (!line?.targetSpan || typeof data.expected !== 'string') return [];
      return [quickFix(`Link to the day page ${data.expected}`, [{ span: line.targetSpan, newText: data.expected }], true)];
    case 'date.noDayLink': {
      if (!line || typeof data.date !== 'string' || typeof data.expected !== 'string') return [];
      return [quickFix('Make the date line a link to its day page', [{ span: line.span, newText: `### [${data.date}](${data.expected})` }], true)];
    }
    case 'date.folderMismatch':
    case 'date.malformed':
    case 'date.impossible':
      return setDateFromFolder(document, data);
    case 'date.missing': {
      if (typeof data.folderDate !== 'string' || typeof data.folderDayPage !== 'string') return [];
      const eol = lineBreakOf(document.text);
      const start = document.text.charCodeAt(0) === 0xfeff ? 1 : 0;
      return [quickFix(`Insert the date line for ${data.folderDate}`, [{ span: { start, end: start }, newText: `### [${data.folderDate}](${data.folderDayPage})${eol}${eol}` }], true)];
    }
    case 'related.staleTitle': {
      const item = itemAt(document, diagnostic.span);
      if (!item?.link || typeof data.headline !== 'string') return [];
      return [quickFix("Update the link text to the target's headline", [{ span: item.link.titleSpan, newText: asLinkText(data.headline) }], true)];
    }
    case 'context.likelyTypo': {
      if (typeof data.suggestion !== 'string' || typeof data.tag !== 'string') return [];
      const tag = entry.related?.items.flatMap((item) => item.context?.tags ?? []).find((t) => overlaps(t.span, diagnostic.span) && t.name === data.tag);
      return tag ? [quickFix(`Replace "${data.tag}" with "${data.suggestion}"`, [{ span: tag.span, newText: data.suggestion }], true)] : [];
    }
    case 'related.missingContext':
      return insertContext(service, document, diagnostic.span);
    case 'related.dangling':
      return danglingFixes(service, document, diagnostic.span, typeof data.target === 'string' ? data.target : '');
    case 'related.duplicate':
    case 'related.self': {
      const item = itemAt(document, diagnostic.span);
      return item ? [quickFix('Remove this related item', removeItem(document, item))] : [];
    }
    default:
      return [];
  }
}

function setDateFromFolder(document: OpenDocument, data: Readonly<Record<string, unknown>>): Fix[] {
  const line = document.entry.dateLine;
  if (!line || typeof data.folderDate !== 'string' || typeof data.folderDayPage !== 'string') return [];
  // A date line that is no link becomes the whole line, so that the fix leaves nothing to fix.
  const edits: TextEdit[] = line.targetSpan
    ? [{ span: line.textSpan, newText: data.folderDate }, { span: line.targetSpan, newText: data.folderDayPage }]
    : [{ span: line.span, newText: `### [${data.folderDate}](${data.folderDayPage})` }];
  return [quickFix(`Set the date from the folder (${data.folderDate})`, edits, true)];
}

function insertContext(service: EntriesService, document: OpenDocument, span: Span): Fix[] {
  const item = itemAt(document, span);
  if (!item?.link) return [];
  const target = service.index.resolveLink(document.uri, item.link.target.trim());
  const theirs = target ? tagsOfLinked(service.index, target, document.uri) : new Map<string, number>();
  const ours = service.index.knownTagsOf(document.uri);
  const shared = [...theirs.keys()].filter((tag) => ours.has(tag));
  // Without a shared tag, the target's most used ones.
  const tags = sortTags(shared.length ? shared : [...theirs.entries()].sort((a, b) => b[1] - a[1]).map(([tag]) => tag).slice(0, 3));
  if (tags.length === 0) return [];
  const end = linkEnd(document.text, item);
  return [quickFix(`Insert the context: ${tags.join(', ')}`, [{ span: { start: end, end }, newText: ` _Context: ${tags.join(', ')}_` }], true)];
}

function danglingFixes(service: EntriesService, document: OpenDocument, span: Span, target: string): Fix[] {
  const item = itemAt(document, span);
  if (!item?.link) return [];
  const link = item.link;
  const fixes = closestEntries(service, document.uri, target, 3).flatMap((candidate): Fix[] => {
    const path = rootRelativePathOf(candidate.uri);
    if (!path) return [];
    const edits: TextEdit[] = [{ span: link.targetSpan, newText: path }];
    if (candidate.headline && link.title.trim() !== candidate.headline) edits.unshift({ span: link.titleSpan, newText: asLinkText(candidate.headline) });
    return [quickFix(`Link to "${shorten(candidate.headline)}" (${candidate.date ?? path})`, edits)];
  });
  fixes.push(quickFix('Remove this related item', removeItem(document, item)));
  return fixes;
}

/** Deletes an item's whole lines, line break included, and moves the numbers of the items below up by one. */
function removeItem(document: OpenDocument, item: RelatedItem): TextEdit[] {
  const { text } = document;
  // LineIndex knows LF, CRLF and lone CR: the item's own lines go, line break included, and nothing else.
  const lines = new LineIndex(text);
  const first = lines.positionAt(item.span.start).line;
  const last = lines.positionAt(item.span.end).line;
  const start = lines.lineStart(first);
  const end = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : text.length;
  const edits: TextEdit[] = [{ span: { start, end }, newText: '' }];
  // Related items are numbered 1., 2., …; a list numbered otherwise (all `1.`) is left as it is.
  const items = document.entry.related?.items ?? [];
  const removed = items.indexOf(item);
  items.slice(removed + 1).forEach((later, i) => {
    const number = /^\d+/.exec(text.slice(later.span.start, later.span.end))?.[0];
    const place = removed + i + 2;
    if (number && Number(number) === place) edits.push({ span: { start: later.span.start, end: later.span.start + number.length }, newText: String(place - 1) });
  });
  return edits;
}

function itemAt(document: OpenDocument, span: Span): RelatedItem | undefined {
  return document.entry.related?.items.find((item) => overlaps(item.span, span));
}

/** Where the link of an item ends: after the `)` that closes its target. */
function linkEnd(text: string, item: RelatedItem): number {
  const close = text.indexOf(')', item.link!.targetSpan.end);
  return close >= 0 && close < item.span.end ? close + 1 : item.link!.targetSpan.end;
}

function quickFix(title: string, edits: TextEdit[], isPreferred = false): Fix {
  return { title, kind: 'quickfix', edits, isPreferred };
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** True when two edits cannot both apply: they overlap, or they start at one offset (their order would be a guess). */
function conflicts(a: Span, b: Span): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
