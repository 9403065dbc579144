/**
 * The full parser: any text to an EventEntry, through mdast-util-from-markdown.
 * Used for open documents and for whatever the fast extractor declines. It never throws.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Emphasis, Heading, List, ListItem, Nodes, Paragraph, PhrasingContent, RootContent, Strong } from 'mdast';
import type {
  BodyParagraph, ContextList, ContextTag, DateLine, EventEntry, Headline, RelatedItem,
  SectionHeading, SourceItem, Span,
} from './model';
import { COVER_IMAGE_TEXT, CONTEXT_LABEL, headingKindOf } from './sections';

type Link = Extract<PhrasingContent, { type: 'link' }>;

/** Parses an entry; the returned spans index into `text` itself, BOM included. */
export function parseEntry(text: string): EventEntry {
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let children: RootContent[];
  try {
    children = fromMarkdown(base ? text.slice(1) : text).children;
  } catch {
    // micromark is not known to throw, but a model of nothing beats a crashed server.
    children = [];
  }
  return new EntryBuilder(text, base).build(children);
}

class EntryBuilder {
  private dateLine: DateLine | undefined;
  private readonly headlines: Headline[] = [];
  private readonly body: BodyParagraph[] = [];
  private readonly headings: SectionHeading[] = [];
  private sources: { headingSpan: Span; items: SourceItem[] } | undefined;
  private related: { headingSpan: Span; items: RelatedItem[] } | undefined;
  private current: SectionHeading['kind'] | 'start' = 'start';

  constructor(private readonly text: string, private readonly base: number) {}

  build(children: RootContent[]): EventEntry {
    for (const node of children) {
      if (node.type === 'heading') this.heading(node);
      else if (node.type === 'list') this.list(node);
      else if (node.type === 'paragraph' && this.current === 'headline') this.paragraph(node);
    }
    return {
      dateLine: this.dateLine,
      headlines: this.headlines,
      body: this.body,
      sources: this.sources,
      related: this.related,
      headings: this.headings,
      length: this.text.length,
    };
  }

  private heading(node: Heading): void {
    const span = this.span(node);
    const text = plainText(node);
    let kind = headingKindOf(node.depth, text);
    if (kind === 'unknown' && node.depth === 3 && !this.dateLine && (this.headlines.length === 0 || isSingleLink(node))) kind = 'date';
    this.headings.push({ kind, text, span });
    this.current = kind;
    if (kind === 'date') this.dateLine = this.dateLineOf(node, span, text);
    else if (kind === 'headline') this.headlines.push({ text, span });
    else if (kind === 'source') this.sources ??= { headingSpan: span, items: [] };
    else if (kind === 'related') this.related ??= { headingSpan: span, items: [] };
  }

  private dateLineOf(node: Heading, span: Span, text: string): DateLine {
    const only = node.children.length === 1 ? node.children[0] : undefined;
    if (only?.type === 'link') {
      const link = only;
      return {
        span, text: plainText(link), textSpan: this.labelSpan(link),
        target: link.url, targetSpan: this.urlSpan(link),
      };
    }
    const first = node.children[0];
    const last = node.children[node.children.length - 1];
    const textSpan = first && last ? { start: this.span(first).start, end: this.span(last).end } : span;
    return { span, text, textSpan };
  }

  private paragraph(node: Paragraph): void {
    this.body.push({ text: plainText(node), span: this.span(node) });
  }

  private list(node: List): void {
    if (this.current === 'source' && this.sources) {
      for (const item of node.children) this.sources.items.push(this.sourceItem(item));
    } else if (this.current === 'related' && this.related) {
      for (const item of node.children) this.related.items.push(this.relatedItem(item));
    }
  }

  private sourceItem(item: ListItem): SourceItem {
    const span = this.span(item);
    const link = firstLink(item);
    if (!link) return { span, isCoverImage: false };
    const text = plainText(link);
    return {
      span,
      link: { text, textSpan: this.labelSpan(link), url: link.url, urlSpan: this.urlSpan(link) },
      isCoverImage: text.trim() === COVER_IMAGE_TEXT,
    };
  }

  private relatedItem(item: ListItem): RelatedItem {
    const span = this.span(item);
    const paragraph = item.children.find((child) => child.type === 'paragraph');
    const link = firstLink(item);
    const emphasis = paragraph?.children.find(
      (child): child is Emphasis | Strong => (child.type === 'emphasis' || child.type === 'strong') && plainText(child).trimStart().startsWith(CONTEXT_LABEL),
    );
    return {
      span,
      link: link && {
        title: plainText(link), titleSpan: this.labelSpan(link),
        target: link.url, targetSpan: this.urlSpan(link),
      },
      context: emphasis && this.contextList(emphasis),
    };
  }

  /** Splits `_Context: A, B_` on commas, reading the source text so that spans are exact. */
  private contextList(emphasis: Emphasis | Strong): ContextList {
    const span = this.span(emphasis);
    // The markers are one or two characters (`_`, `*`, `__`, `**`): the content runs from the first child to the last.
    const innerStart = this.span(emphasis.children[0]).start;
    const innerEnd = this.span(emphasis.children[emphasis.children.length - 1]).end;
    const inner = this.text.slice(innerStart, innerEnd);
    // A label spelled with a character reference (`&#67;ontext:`) is not found as written; its colon still ends it.
    const labelAt = inner.indexOf(CONTEXT_LABEL);
    let cursor = innerStart + (labelAt >= 0 ? labelAt + CONTEXT_LABEL.length : inner.indexOf(':') + 1);
    if (this.text[cursor] === ' ') cursor++;
    return { span, listStart: cursor, tags: splitTags(this.text, cursor, innerEnd) };
  }

  /** The span of a link's label text, between `[` and `]`. */
  private labelSpan(link: Link): Span {
    const start = this.span(link).start + 1;
    if (link.children.length === 0) return { start, end: start };
    return { start: this.span(link.children[0]).start, end: this.span(link.children[link.children.length - 1]).end };
  }

  /** The span of a link's destination as written in the source, without `<>` or the title. */
  private urlSpan(link: Link): Span {
    const whole = this.span(link);
    const labelEnd = link.children.length ? this.span(link.children[link.children.length - 1]).end : whole.start + 1;
    const open = this.text.indexOf('](', labelEnd);
    if (open < 0 || open >= whole.end) {
      // An autolink, `<https://…>`: the destination is what the angle brackets hold.
      const bracketed = this.text[whole.start] === '<' && this.text[whole.end - 1] === '>';
      return bracketed ? { start: whole.start + 1, end: whole.end - 1 } : whole;
    }
    let start = open + 2;
    while (start < whole.end && isDestinationBreak(this.text.charCodeAt(start))) start++;
    if (this.text[start] === '<') {
      const close = this.text.indexOf('>', start);
      return close > start && close < whole.end ? { start: start + 1, end: close } : whole;
    }
    let end = start;
    while (end < whole.end - 1 && !isDestinationBreak(this.text.charCodeAt(end))) end++;
    return { start, end };
  }

  private span(node: Nodes): Span {
    const position = node.position;
    if (!position) return { start: this.base, end: this.base };
    return { start: (position.start.offset ?? 0) + this.base, end: (position.end.offset ?? 0) + this.base };
  }
}

/** Splits the tag list `[start, end)` of `text` on commas, trimming each tag (of any Unicode space) and keeping its exact span. */
export function splitTags(text: string, start: number, end: number): ContextTag[] {
  const tags: ContextTag[] = [];
  let partStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 44 /* , */) continue;
    let a = partStart;
    let b = i;
    while (a < b && isSpace(text[a])) a++;
    while (b > a && isSpace(text[b - 1])) b--;
    if (b > a) tags.push({ name: text.slice(a, b), span: { start: a, end: b } });
    partStart = i + 1;
  }
  return tags;
}

/** JavaScript's notion of white space, so that a no-break space or a stray BOM never sticks to a tag. */
function isSpace(char: string): boolean {
  return /\s/.test(char);
}

/**
 * CommonMark ends a bare destination at an ASCII space or control character only: a no-break space belongs to it,
 * and so does NUL, which micromark reads as U+FFFD.
 */
function isDestinationBreak(code: number): boolean {
  return (code <= 0x20 && code !== 0) || code === 0x7f;
}

function isSingleLink(node: Heading): boolean {
  return node.children.length === 1 && node.children[0].type === 'link';
}

function firstLink(item: ListItem): Link | undefined {
  for (const child of item.children) {
    if (child.type !== 'paragraph') continue;
    const link = child.children.find((node): node is Link => node.type === 'link');
    if (link) return link;
  }
  return undefined;
}

/** The text content of a node, like mdast-util-to-string. */
function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.type === 'html' ? '' : node.value;
  if ('children' in node) {
    let out = '';
    for (const child of node.children as Nodes[]) out += plainText(child);
    return out;
  }
  return '';
}
