/**
 * The summary scanner: reads the bytes of an entry of the regular shape and finds what the index keeps
 * of it (date, headline, publishers, related links and their tags) as byte offsets, without decoding the
 * file or building the entry model. Indexing workers run it on every file, so it works on the byte string
 * (`byteText.ts`) with the extractor's sticky regexes and line rules, and declines wherever the extractor
 * would, and on link destinations beyond ASCII. The caller then falls back to readEntry; a differential
 * test holds its summary equal to the one the full parser's model gives.
 */
import { BYTE_ORDER_MARK, hasLineSeparator, isAsciiRange, portableReader, spaceAt, spaceBefore, trimmedEnd, trimmedStart, type ByteReader } from './byteText';
import { isEntryPath, parseIsoDate } from './format';
import {
  atxHeading, CHARACTER_REFERENCE, COMMA, CONTEXT_OPENING, everyLine, hasInlineMarkup, HASH, isDigit, isPlainLine, isSpaceOrTab, itemStart, linkPattern,
  OPEN_BRACKET, PLAIN_CHAR, trimEndSpaces,
} from './lineSyntax';
import { archiveRootOf } from './links';
import { CONTEXT_LABEL, COVER_IMAGE_TEXT, RELATED_HEADING, SOURCE_HEADING } from './sections';
import type { IndexedEntry, IndexedLink } from './summary';

/** The extractor's link, its destination also kept to ASCII: trimming it and reading it as an entry path then need no decoding. */
const LINK = linkPattern('\\x80-\\xff');
const PLAIN_LINK = new RegExp(LINK, 'y');
const RELATED_ITEM = new RegExp(`${LINK}${CONTEXT_OPENING} (${PLAIN_CHAR}+)_`, 'y');
const UNCLOSED_CONTEXT = new RegExp(`${LINK}${CONTEXT_OPENING}(?: ${PLAIN_CHAR}*)?`, 'y');
const UNCLOSED_LINK = new RegExp(String.raw`\[${PLAIN_CHAR}*`, 'y');
/** From a related link's end to its tag list: ` _Context: `. */
const CONTEXT_PREFIX_LENGTH = ` _${CONTEXT_LABEL} `.length;

type Section = 'start' | 'date' | 'headline' | 'source' | 'related';

/** The order of the sections whose headings the scanner reads, as the structure rules rank them. */
const SECTION_RANK: Record<Section, number> = { start: -1, date: 0, headline: 1, source: 2, related: 3 };

/** The summary of an entry's bytes, equal to `summarize(uri, parseEntry(text), 'as-is')`; undefined when the scanner declines. */
export function summarizeBytes(uri: string, bytes: Uint8Array, reader: ByteReader = portableReader): IndexedEntry | undefined {
  const scanner = new SummaryScanner();
  if (!scanner.scanBytes(bytes, reader)) return undefined;
  const { publishers, links } = scanner;
  const root = archiveRootOf(uri);
  const date = scanner.dateStart < 0 ? undefined : scanner.string(scanner.dateStart, scanner.dateEnd);
  const summary = {
    uri,
    date: date !== undefined && typeof parseIsoDate(date) === 'object' ? date : undefined,
    headline: scanner.headlineStart < 0 ? '' : scanner.string(scanner.headlineStart, scanner.headlineEnd),
    publishers: [] as string[],
    links: [] as IndexedLink[],
  };
  for (let at = 0; at < publishers.length; at += 2) summary.publishers.push(scanner.string(publishers[at], publishers[at + 1]));
  const tags: number[] = [];
  for (let at = 0; at < links.length; at += 4) {
    const target = scanner.string(links[at], links[at + 1]);
    const resolved = root !== undefined && isEntryPath(target);
    scanner.tagsOf(links[at + 2], links[at + 3], tags);
    const names: string[] = [];
    for (let tag = 0; tag < tags.length; tag += 2) names.push(scanner.string(tags[tag], tags[tag + 1]));
    summary.links.push({ target: resolved ? root + target : target, resolved, tags: names });
  }
  return summary;
}

/**
 * Scans one byte string after another; after a scan that did not decline, its fields say where the
 * summary's strings are. Offsets are trimmed as the summary trims its strings.
 */
export class SummaryScanner {
  /** The byte string last scanned. */
  bytes = '';
  private raw: Uint8Array = new Uint8Array(0);
  private reader = portableReader;
  /** The date line's text, or -1 when there is no date line. */
  dateStart = -1;
  dateEnd = -1;
  /** The first headline, or -1 when there is none. */
  headlineStart = -1;
  headlineEnd = -1;
  /** Start and end of each publisher name (cover images and blank names left out). */
  readonly publishers: number[] = [];
  /** Per related link: start and end of its target and of its tag list (`tagsOf`), the list's -1 when it has none. */
  readonly links: number[] = [];

  /*
   * What the rules that read only the file need besides the summary (`proofWriter.ts`): noted on every scan,
   * since a few assignments per line cost less than a second kind of scan.
   */
  /** The date line's link destination, or -1. */
  dateUrlStart = -1;
  dateUrlEnd = -1;
  /** How many level-1 headings the file has. */
  headlineCount = 0;
  /** True when a section heading comes before one that ranks lower (date line, headline, Source, Related). */
  outOfOrder = false;
  /** How many `### Source:` and `### Related:` headings the file has. */
  sourceHeadings = 0;
  relatedHeadings = 0;
  /** Start and end of each source item's link destination. */
  readonly sourceUrls: number[] = [];
  /** How many source items are the cover image. */
  coverItems = 0;
  /** Per related link (as `links`): start and end of its link text, untrimmed. */
  readonly titles: number[] = [];
  /** How many related items lack a link or a closed `_Context: …_`. */
  incompleteItems = 0;

  private section: Section = 'start';
  private highestRank = -1;
  private hasDateLine = false;
  private hasHeadline = false;
  private previousBlank = true;
  private previousItem = false;
  /** Set by `linkAt`: where the link text ends and where its destination starts and ends. */
  private textEnd = 0;
  private urlStart = 0;
  private urlEnd = 0;
  /** The first `&` at or after the last destination read (the length when none, -1 before the first): searched again only once passed, so that a file is searched once. */
  private ampersand = -1;

  /** Scans a file's bytes; false when they are not UTF-8 or when the caller must read them with the extractor or the parser. */
  scanBytes(raw: Uint8Array, reader: ByteReader): boolean {
    this.raw = raw;
    this.reader = reader;
    return reader.isUtf8(raw) && this.scan(reader.latin1(raw));
  }

  /** The text of `[start, end)` of the bytes last scanned. */
  string(start: number, end: number): string {
    return isAsciiRange(this.bytes, start, end) ? this.bytes.slice(start, end) : this.reader.utf8(this.raw, start, end);
  }

  /** Scans a byte string of valid UTF-8; false when the caller must read it with the extractor or the parser. */
  private scan(bytes: string): boolean {
    this.reset(bytes);
    const start = bytes.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK.length : 0;
    // A NUL makes the file binary; a second BOM would be text that the extractor skips.
    if (bytes.startsWith(BYTE_ORDER_MARK, start) || bytes.includes('\0')) return false;
    return everyLine(bytes, start, this.readLine);
  }

  private reset(bytes: string): void {
    this.bytes = bytes;
    this.dateStart = this.dateEnd = this.headlineStart = this.headlineEnd = -1;
    this.publishers.length = 0;
    this.links.length = 0;
    this.dateUrlStart = this.dateUrlEnd = this.highestRank = -1;
    this.headlineCount = this.sourceHeadings = this.relatedHeadings = this.coverItems = this.incompleteItems = 0;
    this.outOfOrder = false;
    this.sourceUrls.length = 0;
    this.titles.length = 0;
    this.ampersand = -1;
    this.section = 'start';
    this.hasDateLine = this.hasHeadline = this.previousItem = false;
    this.previousBlank = true;
  }

  /** Reads the line `[start, end)` as the extractor does; the next line starts at `next`. */
  private readonly readLine = (start: number, end: number, next: number): boolean => {
    if (start === end) {
      this.previousBlank = true;
      this.previousItem = false;
      return true;
    }
    const first = this.bytes.charCodeAt(start);
    if (isSpaceOrTab(first)) return false;
    if (first === HASH) return this.heading(start, end);
    if (isDigit(first)) return this.listItem(start, end);
    return this.paragraph(start, end, next);
  };

  private heading(start: number, end: number): boolean {
    const bytes = this.bytes;
    const heading = atxHeading(bytes, start, end);
    if (!heading) return false;
    const { depth, contentStart, contentEnd } = heading;
    if (hasLineSeparator(bytes, contentStart, contentEnd)) return false;
    if (depth === 1) {
      if (contentEnd === contentStart || hasInlineMarkup(bytes, contentStart, contentEnd)) return false;
      if (!this.hasHeadline) {
        this.headlineStart = trimmedStart(bytes, contentStart, contentEnd);
        this.headlineEnd = trimmedEnd(bytes, this.headlineStart, contentEnd);
      }
      this.hasHeadline = true;
      this.headlineCount++;
      this.section = 'headline';
    } else if (depth === 3 && this.isWord(SOURCE_HEADING, contentStart, contentEnd)) {
      this.sourceHeadings++;
      this.section = 'source';
    } else if (depth === 3 && this.isWord(RELATED_HEADING, contentStart, contentEnd)) {
      this.relatedHeadings++;
      this.section = 'related';
    } else if (depth === 3 && !this.hasDateLine && !this.hasHeadline) {
      if (this.plainLinkAt(contentStart) !== contentEnd) return false;
      this.dateStart = trimmedStart(bytes, contentStart + 1, this.textEnd);
      this.dateEnd = trimmedEnd(bytes, this.dateStart, this.textEnd);
      this.dateUrlStart = this.urlStart;
      this.dateUrlEnd = this.urlEnd;
      this.hasDateLine = true;
      this.section = 'date';
    } else {
      return false;
    }
    const rank = SECTION_RANK[this.section];
    if (rank < this.highestRank) this.outOfOrder = true;
    else this.highestRank = rank;
    this.previousBlank = false;
    this.previousItem = false;
    return true;
  }

  private listItem(start: number, end: number): boolean {
    const bytes = this.bytes;
    const contentStart = itemStart(bytes, start, end);
    // Every item the extractor reads opens with `[`, which also rules out the white space it declines there.
    if (contentStart < 0 || bytes.charCodeAt(contentStart) !== OPEN_BRACKET) return false;
    if (!this.previousBlank && !this.previousItem) return false;
    const contentEnd = trimEndSpaces(bytes, contentStart, end);
    if (this.section === 'source') {
      if (!this.sourceItem(contentStart, contentEnd)) return false;
    } else if (this.section === 'related') {
      if (!this.relatedItem(contentStart, contentEnd)) return false;
    } else {
      return false;
    }
    this.previousBlank = false;
    this.previousItem = true;
    return true;
  }

  private paragraph(start: number, end: number, next: number): boolean {
    const bytes = this.bytes;
    if (!this.previousBlank || spaceAt(bytes, start) > 0 || !isPlainLine(bytes, start, end, next)) return false;
    if (this.section !== 'headline' && this.section !== 'start') return false;
    this.previousBlank = false;
    this.previousItem = false;
    return true;
  }

  /** `[Publisher](url)`, with nothing else in the item. */
  private sourceItem(start: number, end: number): boolean {
    if (this.plainLinkAt(start) !== end) return false;
    const bytes = this.bytes;
    const nameStart = trimmedStart(bytes, start + 1, this.textEnd);
    const nameEnd = trimmedEnd(bytes, nameStart, this.textEnd);
    const isCoverImage = nameEnd - nameStart === COVER_IMAGE_TEXT.length && bytes.startsWith(COVER_IMAGE_TEXT, nameStart);
    if (!isCoverImage && nameEnd > nameStart) this.publishers.push(nameStart, nameEnd);
    if (isCoverImage) this.coverItems++;
    this.sourceUrls.push(this.urlStart, this.urlEnd);
    return true;
  }

  /** `[Title](/news/…) _Context: A, B_`, or one of the extractor's half-typed shapes. */
  private relatedItem(start: number, end: number): boolean {
    RELATED_ITEM.lastIndex = start;
    if (!RELATED_ITEM.test(this.bytes) || RELATED_ITEM.lastIndex !== end) return this.halfTypedItem(start, end);
    const linkEnd = this.linkAt(start);
    if (linkEnd < 0) return false;
    const listStart = linkEnd + CONTEXT_PREFIX_LENGTH;
    const listEnd = end - 1;
    if (this.isTagEdge(listStart, spaceAt(this.bytes, listStart)) || this.isTagEdge(listEnd - 1, spaceBefore(this.bytes, listEnd))) return false;
    this.links.push(this.urlStart, this.urlEnd, listStart, listEnd);
    this.titles.push(start + 1, this.textEnd);
    return true;
  }

  private halfTypedItem(start: number, end: number): boolean {
    UNCLOSED_CONTEXT.lastIndex = start;
    if (UNCLOSED_CONTEXT.test(this.bytes) && UNCLOSED_CONTEXT.lastIndex === end) {
      if (this.linkAt(start) < 0) return false;
      this.links.push(this.urlStart, this.urlEnd, -1, -1);
      this.titles.push(start + 1, this.textEnd);
      this.incompleteItems++;
      return true;
    }
    // A `[` whose link is not written yet: an item without a link, which the summary leaves out.
    UNCLOSED_LINK.lastIndex = start;
    this.incompleteItems++;
    return UNCLOSED_LINK.test(this.bytes) && UNCLOSED_LINK.lastIndex === end;
  }

  /** The end of the plain link at `start`, or -1. */
  private plainLinkAt(start: number): number {
    PLAIN_LINK.lastIndex = start;
    return PLAIN_LINK.test(this.bytes) ? this.linkAt(start) : -1;
  }

  /**
   * The end of the link that LINK matched at `start`, its parts noted, or -1 when the extractor would not
   * take it: a blank text, an empty destination or one with a character reference.
   */
  private linkAt(start: number): number {
    const bytes = this.bytes;
    // Neither part can hold its closing character.
    this.textEnd = bytes.indexOf(']', start + 1);
    this.urlStart = this.textEnd + 2;
    this.urlEnd = bytes.indexOf(')', this.urlStart);
    if (this.urlEnd === this.urlStart || trimEndSpaces(bytes, start + 1, this.textEnd) === start + 1) return -1;
    if (this.ampersand < this.urlStart) {
      const next = bytes.indexOf('&', this.urlStart);
      this.ampersand = next < 0 ? bytes.length : next;
    }
    if (this.ampersand < this.urlEnd && CHARACTER_REFERENCE.test(bytes.slice(this.urlStart, this.urlEnd))) return -1;
    return this.urlEnd + 1;
  }

  /**
   * The tags of a tag list that `links` holds, split on commas as the extractor does, each trimmed of
   * JavaScript white space: start and end of each into `out`, emptied first. A list of -1 has none.
   */
  tagsOf(start: number, end: number, out: number[]): void {
    out.length = 0;
    if (start < 0) return;
    const bytes = this.bytes;
    for (let partStart = start; partStart <= end;) {
      // The search for a comma stops at the list's end: a file may hold no other comma for megabytes.
      let partEnd = partStart;
      while (partEnd < end && bytes.charCodeAt(partEnd) !== COMMA) partEnd++;
      const tagStart = trimmedStart(bytes, partStart, partEnd);
      const tagEnd = trimmedEnd(bytes, tagStart, partEnd);
      if (tagEnd > tagStart) out.push(tagStart, tagEnd);
      partStart = partEnd + 1;
    }
  }

  /** A comma or white space (`spaceLength` bytes of it) at either end of a tag list. */
  private isTagEdge(at: number, spaceLength: number): boolean {
    return spaceLength > 0 || this.bytes.charCodeAt(at) === COMMA;
  }

  private isWord(word: string, start: number, end: number): boolean {
    return end - start === word.length && this.bytes.startsWith(word, start);
  }
}
