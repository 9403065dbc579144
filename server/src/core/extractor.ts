/**
 * The fast extractor: reads an entry of the regular shape line by line, without a Markdown parse,
 * and builds the same EventEntry the full parser would. Anything it is not sure to read exactly as
 * mdast-util-from-markdown does (markup characters, escapes, entities, multi-line paragraphs, nested
 * blocks, headings it does not know) makes it decline, and the caller falls back to the full parser.
 * A differential test holds the two to identical output.
 */
import type { BodyParagraph, ContextList, DateLine, EventEntry, Headline, RelatedItem, SectionHeading, SourceItem, Span } from './model';
import { parseEntry, splitTags } from './parser';
import { COVER_IMAGE_TEXT, CONTEXT_LABEL, RELATED_HEADING, SOURCE_HEADING } from './sections';

/** Characters that may start inline markup, escapes, entities or HTML anywhere in text. */
const INLINE_MARKUP = /[\\`*_[\]<>&!~|]/;
/** A link destination the extractor reads literally: no spaces, brackets, escapes or character references. */
const PLAIN_URL = /^[^\s()<>\\`]*$/;
const CHARACTER_REFERENCE = /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;
/** Lines that start a block of their own in CommonMark (or might): the extractor does not read them as text. */
const BLOCK_START = /^( {0,3}([#>+\-*=_~`|]|\d+[.)])| {4}|\t)/;
const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*$/;
const LINK_LINE = /^\[([^\]]*)\]\(([^)]*)\)/;
const LIST_ITEM = /^(\d{1,9})\. (?=\S)/;

type Section = 'start' | SectionHeading['kind'];

/** The entry model of a regular entry, or undefined when the full parser must read it. */
export function extractEntry(text: string): EventEntry | undefined {
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let dateLine: DateLine | undefined;
  const headlines: Headline[] = [];
  const body: BodyParagraph[] = [];
  const headings: SectionHeading[] = [];
  let sources: { headingSpan: Span; items: SourceItem[] } | undefined;
  let related: { headingSpan: Span; items: RelatedItem[] } | undefined;
  let section: Section = 'start';
  let previousBlank = true;
  let previousItem = false;

  let start = base;
  while (start < text.length || (start === text.length && start === base)) {
    let end = text.indexOf('\n', start);
    const next = end < 0 ? text.length : end + 1;
    if (end < 0) end = text.length;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    const line = text.slice(start, end);
    if (line.includes('\r')) return undefined;
    const contentEnd = end;

    if (line.length === 0 || isSpaces(line)) {
      if (line.length > 0) return undefined;
      previousBlank = true;
      previousItem = false;
    } else if (line.startsWith('#')) {
      const heading = HEADING.exec(line);
      if (!heading || line.endsWith('#')) return undefined;
      const span = { start, end: contentEnd };
      const content = heading[2];
      const contentStart = start + line.indexOf(content, heading[1].length);
      if (heading[1].length === 1) {
        if (INLINE_MARKUP.test(content) || content.length === 0) return undefined;
        headlines.push({ text: content, span });
        headings.push({ kind: 'headline', text: content, span });
        section = 'headline';
      } else if (heading[1].length === 3 && (content === SOURCE_HEADING || content === RELATED_HEADING)) {
        const kind = content === SOURCE_HEADING ? 'source' : 'related';
        headings.push({ kind, text: content, span });
        if (kind === 'source') sources ??= { headingSpan: span, items: [] };
        else related ??= { headingSpan: span, items: [] };
        section = kind;
      } else if (heading[1].length === 3 && !dateLine && headlines.length === 0) {
        const link = readLink(content, contentStart);
        if (!link || link.end !== contentStart + content.length) return undefined;
        dateLine = { span, text: link.text, textSpan: link.textSpan, target: link.url, targetSpan: link.urlSpan };
        headings.push({ kind: 'date', text: link.text, span });
        section = 'date';
      } else {
        return undefined;
      }
      previousBlank = false;
      previousItem = false;
    } else if (LIST_ITEM.test(line)) {
      if (!previousBlank && !previousItem) return undefined;
      const marker = LIST_ITEM.exec(line)![0].length;
      const span = { start, end: contentEnd };
      if (section === 'source' && sources) {
        const item = readSourceItem(trimEndSpaces(line.slice(marker)), start + marker, span);
        if (!item) return undefined;
        sources.items.push(item);
      } else if (section === 'related' && related) {
        const item = readRelatedItem(text, trimEndSpaces(line.slice(marker)), start + marker, span);
        if (!item) return undefined;
        related.items.push(item);
      } else {
        return undefined;
      }
      previousBlank = false;
      previousItem = true;
    } else {
      // A paragraph: only a single unindented line between blank lines, after the headline, is read.
      if (!previousBlank || BLOCK_START.test(line) || INLINE_MARKUP.test(line) || /^[\s\d]/.test(line) || /[ \t]$/.test(line)) return undefined;
      if (lineAt(text, next).length > 0) return undefined;
      if (section === 'headline') body.push({ text: line, span: { start, end: contentEnd } });
      else if (section !== 'start') return undefined;
      previousBlank = false;
      previousItem = false;
    }
    if (next >= text.length && end === text.length) break;
    start = next;
  }
  return { dateLine, headlines, body, sources, related, headings, length: text.length };
}

/** Reads an entry with the fast extractor, falling back to the full parser when it declines. */
export function readEntry(text: string): EventEntry {
  return extractEntry(text) ?? parseEntry(text);
}

interface PlainLink {
  readonly text: string;
  readonly textSpan: Span;
  readonly url: string;
  readonly urlSpan: Span;
  /** Offset just after the closing `)`. */
  readonly end: number;
}

/** A `[text](url)` at the start of `content` (which starts at `offset`), read only when both parts are plain. */
function readLink(content: string, offset: number): PlainLink | undefined {
  const match = LINK_LINE.exec(content);
  if (!match) return undefined;
  const [whole, label, url] = match;
  if (INLINE_MARKUP.test(label) || /^[ \t]*$/.test(label)) return undefined;
  if (!PLAIN_URL.test(url) || CHARACTER_REFERENCE.test(url) || url.length === 0) return undefined;
  const textStart = offset + 1;
  const urlStart = textStart + label.length + 2;
  return {
    text: label, textSpan: { start: textStart, end: textStart + label.length },
    url, urlSpan: { start: urlStart, end: urlStart + url.length }, end: offset + whole.length,
  };
}

function readSourceItem(content: string, offset: number, span: Span): SourceItem | undefined {
  const link = readLink(content, offset);
  if (!link || link.end !== offset + content.length) return undefined;
  return {
    span,
    link: { text: link.text, textSpan: link.textSpan, url: link.url, urlSpan: link.urlSpan },
    isCoverImage: link.text.trim() === COVER_IMAGE_TEXT,
  };
}

/** `[Title](/news/…) _Context: A, B_`, with nothing else on the line. */
function readRelatedItem(text: string, content: string, offset: number, span: Span): RelatedItem | undefined {
  const link = readLink(content, offset);
  if (!link) return undefined;
  const rest = content.slice(link.end - offset);
  const prefix = ` _${CONTEXT_LABEL} `;
  if (!rest.startsWith(prefix) || !rest.endsWith('_') || rest.length <= prefix.length + 1) return undefined;
  const inner = rest.slice(prefix.length, -1);
  if (INLINE_MARKUP.test(inner) || /^[\s,]|[\s,]$/.test(inner)) return undefined;
  const contextStart = link.end + 1;
  const contextEnd = offset + content.length;
  const listStart = contextStart + 1 + CONTEXT_LABEL.length + 1;
  const context: ContextList = { span: { start: contextStart, end: contextEnd }, listStart, tags: splitTags(text, listStart, contextEnd - 1) };
  return {
    span,
    link: { title: link.text, titleSpan: link.textSpan, target: link.url, targetSpan: link.urlSpan },
    context,
  };
}

/** The text of the line starting at an offset, without its line break (LF or CRLF). */
function lineAt(text: string, start: number): string {
  if (start >= text.length) return '';
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return text.slice(start, end);
}

/** True for a line of spaces and tabs only: CommonMark's blank, narrower than JavaScript's trim. */
function isSpaces(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

function trimEndSpaces(text: string): string {
  return text.replace(/[ \t]+$/, '');
}
