/**
 * The fast extractor: reads an entry of the regular shape line by line, without a Markdown parse,
 * and builds the same EventEntry the full parser would. Anything it is not sure to read exactly as
 * mdast-util-from-markdown does (markup characters, escapes, entities, multi-line paragraphs, nested
 * blocks, headings it does not know) makes it decline, and the caller falls back to the full parser.
 * A differential test holds the two to identical output.
 *
 * It runs once per file when a workspace is indexed, so it scans the text in place (indexOf, sticky
 * regexes, character codes) and slices only the strings the model keeps.
 */
import type { BodyParagraph, ContextList, ContextTag, DateLine, EventEntry, Headline, RelatedItem, SectionHeading, SourceItem, Span } from './model';
import {
  atxHeading, CHARACTER_REFERENCE, COMMA, CONTEXT_OPENING, everyLine, hasInlineMarkup, HASH, isBlank, isDigit, isPlainLine, isWhiteSpace, itemStart,
  linkPattern, PLAIN_CHAR, SPACE, TAB, trimEndSpaces,
} from './lineSyntax';
import { parseEntry } from './parser';
import { COVER_IMAGE_TEXT, RELATED_HEADING, SOURCE_HEADING } from './sections';

const LINK = linkPattern();
// The scanning regexes are sticky: they match at `lastIndex`, reading the text in place as fast as the regex engine does.
const PLAIN_LINK = new RegExp(LINK, 'y');
/** A related item: the link, then the plain tag list in `_Context: …_`. */
const RELATED_ITEM = new RegExp(`${LINK}${CONTEXT_OPENING} (${PLAIN_CHAR}+)_`, 'y');
/**
 * Items as they stand while being typed, which the parser reads as plain text: a link followed by an
 * unclosed `_Context: …` (no context), or a `[` whose link is not written yet (no link). Read fast,
 * they spare the full parse on the keystrokes where completion is asked for.
 */
const UNCLOSED_CONTEXT = new RegExp(`${LINK}${CONTEXT_OPENING}(?: ${PLAIN_CHAR}*)?`, 'y');
const UNCLOSED_LINK = new RegExp(String.raw`\[${PLAIN_CHAR}*`, 'y');
/** Headings holding these have always been left to the parser (JavaScript regexes end a line at them). */
const LINE_SEPARATOR = /[\u2028\u2029]/;

type Section = 'start' | SectionHeading['kind'];

/** The entry model of a regular entry, or undefined when the full parser must read it. */
export function extractEntry(text: string): EventEntry | undefined {
  return new LineScanner(text).scan();
}

/** Reads an entry with the fast extractor, falling back to the full parser when it declines. */
export function readEntry(text: string): EventEntry {
  return extractEntry(text) ?? parseEntry(text);
}

/** A link as a source item holds it; the other readers copy its parts. */
type PlainLink = NonNullable<SourceItem['link']>;

/** One pass over the lines of an entry; every reader returns false when the extractor must decline. */
class LineScanner {
  private dateLine: DateLine | undefined;
  private readonly headlines: Headline[] = [];
  private readonly body: BodyParagraph[] = [];
  private readonly headings: SectionHeading[] = [];
  private sources: { headingSpan: Span; items: SourceItem[] } | undefined;
  private related: { headingSpan: Span; items: RelatedItem[] } | undefined;
  private section: Section = 'start';
  private previousBlank = true;
  private previousItem = false;

  constructor(private readonly text: string) {}

  /** The model, or undefined as soon as a line is not of the regular shape. */
  scan(): EventEntry | undefined {
    const text = this.text;
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (!everyLine(text, start, (lineStart, end, next) => this.line(lineStart, end, next))) return undefined;
    return {
      dateLine: this.dateLine, headlines: this.headlines, body: this.body,
      sources: this.sources, related: this.related, headings: this.headings, length: text.length,
    };
  }

  /** Reads the line `[start, end)`, without its line break; the next line starts at `next`. */
  private line(start: number, end: number, next: number): boolean {
    if (start === end) {
      this.previousBlank = true;
      this.previousItem = false;
      return true;
    }
    const first = this.text.charCodeAt(start);
    // Indented lines, blank or not, may be code, list continuations or lazy text: the parser reads them.
    if (first === SPACE || first === TAB) return false;
    if (first === HASH) return this.heading(start, end);
    if (isDigit(first)) return this.listItem(start, end);
    return this.paragraph(start, end, next);
  }

  /** An ATX heading: the headline, a known section heading, or the date line before the headline. */
  private heading(start: number, end: number): boolean {
    const text = this.text;
    const heading = atxHeading(text, start, end);
    if (!heading) return false;
    const { depth, contentStart, contentEnd } = heading;
    const content = text.slice(contentStart, contentEnd);
    if (LINE_SEPARATOR.test(content)) return false;
    const span = { start, end };
    if (depth === 1) {
      if (content.length === 0 || hasInlineMarkup(text, contentStart, contentEnd)) return false;
      this.headlines.push({ text: content, span });
      this.headings.push({ kind: 'headline', text: content, span });
      this.section = 'headline';
    } else if (depth === 3 && (content === SOURCE_HEADING || content === RELATED_HEADING)) {
      const kind = content === SOURCE_HEADING ? 'source' : 'related';
      this.headings.push({ kind, text: content, span });
      if (kind === 'source') this.sources ??= { headingSpan: span, items: [] };
      else this.related ??= { headingSpan: span, items: [] };
      this.section = kind;
    } else if (depth === 3 && !this.dateLine && this.headlines.length === 0) {
      const link = this.readLink(contentStart);
      if (!link || linkEnd(link) !== contentEnd) return false;
      this.dateLine = { span, text: link.text, textSpan: link.textSpan, target: link.url, targetSpan: link.urlSpan };
      this.headings.push({ kind: 'date', text: link.text, span });
      this.section = 'date';
    } else {
      return false;
    }
    this.previousBlank = false;
    this.previousItem = false;
    return true;
  }

  /** `N. ` and an item of the current section's list, on one line. */
  private listItem(start: number, end: number): boolean {
    const text = this.text;
    const contentStart = itemStart(text, start, end);
    if (contentStart < 0 || isWhiteSpace(text.charCodeAt(contentStart))) return false;
    // An item right after a paragraph or heading line would be read differently (or not at all) by the parser.
    if (!this.previousBlank && !this.previousItem) return false;
    const contentEnd = trimEndSpaces(text, contentStart, end);
    const span = { start, end };
    if (this.section === 'source' && this.sources) {
      const item = this.sourceItem(contentStart, contentEnd, span);
      if (!item) return false;
      this.sources.items.push(item);
    } else if (this.section === 'related' && this.related) {
      const item = this.relatedItem(contentStart, contentEnd, span);
      if (!item) return false;
      this.related.items.push(item);
    } else {
      return false;
    }
    this.previousBlank = false;
    this.previousItem = true;
    return true;
  }

  /** A body paragraph: only a single plain line between blank lines, after the headline, is read. */
  private paragraph(start: number, end: number, next: number): boolean {
    const text = this.text;
    if (!this.previousBlank || isWhiteSpace(text.charCodeAt(start)) || !isPlainLine(text, start, end, next)) return false;
    if (this.section === 'headline') this.body.push({ text: text.slice(start, end), span: { start, end } });
    else if (this.section !== 'start') return false;
    this.previousBlank = false;
    this.previousItem = false;
    return true;
  }

  /** `[Publisher](url)`, with nothing else in the item. */
  private sourceItem(start: number, end: number, span: Span): SourceItem | undefined {
    const link = this.readLink(start);
    if (!link || linkEnd(link) !== end) return undefined;
    return {
      span,
      link,
      isCoverImage: link.text.trim() === COVER_IMAGE_TEXT,
    };
  }

  /** `[Title](/news/…) _Context: A, B_`, with nothing else in the item, or one of the half-typed shapes. */
  private relatedItem(start: number, end: number, span: Span): RelatedItem | undefined {
    RELATED_ITEM.lastIndex = start;
    const match = RELATED_ITEM.exec(this.text);
    if (!match || RELATED_ITEM.lastIndex !== end) return this.halfTypedItem(start, end, span);
    const link = linkOf(match, start);
    const list = match[3];
    // Spaces or commas at either end of the list would be trimmed or flank the emphasis differently.
    if (!link || isTagEdge(list.charCodeAt(0)) || isTagEdge(list.charCodeAt(list.length - 1))) return undefined;
    const listStart = end - 1 - list.length;
    const context: ContextList = { span: { start: linkEnd(link) + 1, end }, listStart, tags: splitPlainTags(list, listStart) };
    return {
      span,
      link: { title: link.text, titleSpan: link.textSpan, target: link.url, targetSpan: link.urlSpan },
      context,
    };
  }

  /** A related item being typed (see UNCLOSED_CONTEXT), or undefined. */
  private halfTypedItem(start: number, end: number, span: Span): RelatedItem | undefined {
    UNCLOSED_CONTEXT.lastIndex = start;
    const match = UNCLOSED_CONTEXT.exec(this.text);
    if (match && UNCLOSED_CONTEXT.lastIndex === end) {
      const link = linkOf(match, start);
      return link && { span, link: { title: link.text, titleSpan: link.textSpan, target: link.url, targetSpan: link.urlSpan }, context: undefined };
    }
    UNCLOSED_LINK.lastIndex = start;
    return UNCLOSED_LINK.test(this.text) && UNCLOSED_LINK.lastIndex === end ? { span, link: undefined, context: undefined } : undefined;
  }

  /** A `[text](url)` at `start`, read only when both parts are plain; it cannot reach past the line. */
  private readLink(start: number): PlainLink | undefined {
    PLAIN_LINK.lastIndex = start;
    const match = PLAIN_LINK.exec(this.text);
    return match ? linkOf(match, start) : undefined;
  }
}

/** The link a match of LINK at `start` holds, unless its text is blank or its destination empty or encoded. */
function linkOf(match: RegExpExecArray, start: number): PlainLink | undefined {
  const label = match[1];
  const url = match[2];
  if (isBlank(label) || url.length === 0) return undefined;
  if (url.includes('&') && CHARACTER_REFERENCE.test(url)) return undefined;
  const textStart = start + 1;
  const urlStart = textStart + label.length + 2;
  return {
    text: label, textSpan: { start: textStart, end: textStart + label.length },
    url, urlSpan: { start: urlStart, end: urlStart + url.length },
  };
}

/** The offset just after a link's closing `)`. */
function linkEnd(link: PlainLink): number {
  return link.urlSpan.end + 1;
}

/**
 * Splits a tag list that starts at `offset` on commas like the parser's splitTags does: each tag trimmed of
 * JavaScript white space, with its exact span.
 */
function splitPlainTags(list: string, offset: number): ContextTag[] {
  const tags: ContextTag[] = [];
  let partStart = 0;
  while (partStart <= list.length) {
    let partEnd = list.indexOf(',', partStart);
    if (partEnd < 0) partEnd = list.length;
    let a = partStart;
    let b = partEnd;
    while (a < b && isWhiteSpace(list.charCodeAt(a))) a++;
    while (b > a && isWhiteSpace(list.charCodeAt(b - 1))) b--;
    if (b > a) tags.push({ name: list.slice(a, b), span: { start: offset + a, end: offset + b } });
    partStart = partEnd + 1;
  }
  return tags;
}

function isTagEdge(code: number): boolean {
  return code === COMMA || isWhiteSpace(code);
}
