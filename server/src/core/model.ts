/**
 * The model of one event entry, as both the full parser and the fast extractor produce it.
 * Every span is a pair of UTF-16 offsets into the document text exactly as given (BOM included).
 */

/** A half-open range `[start, end)` of UTF-16 offsets into a document's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The `### [YYYY-MM-DD](/news/YYYY/MM/D/index.md)` line. */
export interface DateLine {
  /** The whole heading line. */
  readonly span: Span;
  /** The heading's text: the link text when it is a link, else all of its text. */
  readonly text: string;
  readonly textSpan: Span;
  /** The link target, absent when the heading is not a single link. */
  readonly target?: string;
  readonly targetSpan?: Span;
}

/** A level-1 heading. */
export interface Headline {
  readonly text: string;
  readonly span: Span;
}

/** One paragraph of the body. */
export interface BodyParagraph {
  readonly text: string;
  readonly span: Span;
}

/** One item of the `### Source:` list. */
export interface SourceItem {
  readonly span: Span;
  /** The link, absent when the item holds no link. */
  readonly link?: {
    readonly text: string;
    readonly textSpan: Span;
    readonly url: string;
    readonly urlSpan: Span;
  };
  /** True when the link text is `Cover Image`: the entry's picture, not a source. */
  readonly isCoverImage: boolean;
}

/** One context tag of a `_Context: …_` list. */
export interface ContextTag {
  readonly name: string;
  readonly span: Span;
}

/** The `_Context: …_` part of a related item. */
export interface ContextList {
  readonly span: Span;
  /** Where the tag list starts: just after `Context:` and its space. */
  readonly listStart: number;
  readonly tags: readonly ContextTag[];
}

/** One item of the `### Related:` list. */
export interface RelatedItem {
  readonly span: Span;
  readonly link?: {
    /** The link text: the other event's headline when the link was written. */
    readonly title: string;
    readonly titleSpan: Span;
    readonly target: string;
    readonly targetSpan: Span;
  };
  readonly context?: ContextList;
}

/** A section heading of the entry, kept in document order for the order check. */
export interface SectionHeading {
  readonly kind: 'date' | 'headline' | 'source' | 'related' | 'unknown';
  readonly text: string;
  readonly span: Span;
}

/** A list-holding section (`### Source:` or `### Related:`). */
export interface Section<Item> {
  readonly headingSpan: Span;
  readonly items: readonly Item[];
}

/** Everything the diagnostics and features need to know about one entry. */
export interface EventEntry {
  readonly dateLine?: DateLine;
  readonly headlines: readonly Headline[];
  readonly body: readonly BodyParagraph[];
  readonly sources?: Section<SourceItem>;
  readonly related?: Section<RelatedItem>;
  readonly headings: readonly SectionHeading[];
  /** Length of the text the entry was read from. */
  readonly length: number;
}
