/**
 * What the line scanners (the extractor and the summary scanner) hold to be plain Markdown: the
 * character classes and link pattern they read in place, and the character tests they share. Both
 * decline whatever falls outside, so the two can only differ where one of them is stricter.
 */
import { CONTEXT_LABEL } from './sections';

/** Character codes the scanners test. */
export const TAB = 9;
export const SPACE = 32;
export const HASH = 35;
export const COMMA = 44;
export const OPEN_BRACKET = 91;
const LF = 10;
const CR = 13;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const EQUALS = 61;

/** A character that cannot start inline markup, escapes, entities or HTML, does not end the line, and is no NUL (which the parser replaces). */
export const PLAIN_CHAR = /[^\\`*_[\]<>&!~|\n\r\0]/.source;

/**
 * A `[text](url)` whose text is plain and whose destination is read literally: no spaces, brackets, escapes,
 * backticks (`\x60`) or ASCII control characters (which end a destination in CommonMark), nor the characters
 * of `alsoExcluded` (a regex class body).
 */
export function linkPattern(alsoExcluded = ''): string {
  return String.raw`\[(${PLAIN_CHAR}*)\]\(([^\s()<>\\\x60\x00-\x1f\x7f${alsoExcluded}]*)\)`;
}

const PLAIN_RUN = new RegExp(`${PLAIN_CHAR}*`, 'y');

/** The `_Context:` label as it opens a tag list, for a regex. */
export const CONTEXT_OPENING = ` _${escapeRegExp(CONTEXT_LABEL)}`;

/** A character reference (`&amp;`, `&#35;`), which the parser would decode. */
export const CHARACTER_REFERENCE = /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * Calls `line` on each line of `text` from `start` (at least one), with the line's end before its line break
 * (LF, CR LF, or a last CR) and where the next line starts. False as soon as `line` is, or when a CR does not
 * end its line (the scanners decline those).
 */
export function everyLine(text: string, start: number, line: (start: number, end: number, next: number) => boolean): boolean {
  // The first CR at or after the current line.
  let cr = text.indexOf('\r', start);
  do {
    const newline = text.indexOf('\n', start);
    const next = newline < 0 ? text.length : newline + 1;
    let end = newline < 0 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    if (cr >= 0 && cr < end) return false;
    if (!line(start, end, next)) return false;
    start = next;
  } while (start < text.length);
  return true;
}

/** An ATX heading line as the scanners read it: its depth, and its content with spaces and tabs trimmed. */
export interface AtxHeading {
  readonly depth: number;
  readonly contentStart: number;
  readonly contentEnd: number;
}

/** The ATX heading on the line `[start, end)` (which starts with `#`), or undefined where the scanners decline it. */
export function atxHeading(text: string, start: number, end: number): AtxHeading | undefined {
  let cursor = start;
  while (cursor < end && text.charCodeAt(cursor) === HASH) cursor++;
  const depth = cursor - start;
  if (depth > 6 || cursor === end || !isSpaceOrTab(text.charCodeAt(cursor))) return undefined;
  while (cursor < end && isSpaceOrTab(text.charCodeAt(cursor))) cursor++;
  const contentEnd = trimEndSpaces(text, cursor, end);
  // A trailing `#` may be a closing sequence, which the parser drops from the text.
  if (contentEnd > cursor && text.charCodeAt(contentEnd - 1) === HASH) return undefined;
  return { depth, contentStart: cursor, contentEnd };
}

/** Where the item of an ordered list item line `N. …` starts, or -1 where the scanners decline its marker. */
export function itemStart(text: string, start: number, end: number): number {
  let cursor = start;
  while (cursor < end && isDigit(text.charCodeAt(cursor))) cursor++;
  // CommonMark takes up to nine digits; the item's text must follow the one space at once.
  if (cursor - start > 9 || cursor + 2 >= end || text.charCodeAt(cursor) !== DOT || text.charCodeAt(cursor + 1) !== SPACE) return -1;
  return cursor + 2;
}

/**
 * True when the line `[start, end)` reads as a paragraph of one plain line, as far as its characters and the
 * next line (at `next`) say; white space at its start is for each scanner to test.
 */
export function isPlainLine(text: string, start: number, end: number, next: number): boolean {
  const first = text.charCodeAt(start);
  // Besides `#`, digits, indentation and markup, these may start a list, a thematic break or an underline.
  if (first === PLUS || first === MINUS || first === EQUALS) return false;
  // Trailing spaces may make a hard break, and the parser trims them.
  return !isSpaceOrTab(text.charCodeAt(end - 1)) && !hasInlineMarkup(text, start, end) && isEmptyLine(text, next);
}

/** True when `[start, end)` of a line holds a character that may start inline markup. */
export function hasInlineMarkup(text: string, start: number, end: number): boolean {
  PLAIN_RUN.lastIndex = start;
  PLAIN_RUN.test(text);
  return PLAIN_RUN.lastIndex < end;
}

/** True when the line at `start` is empty: the end of the text, or only a line break (LF, CR LF, or a last CR). */
function isEmptyLine(text: string, start: number): boolean {
  if (start >= text.length) return true;
  const code = text.charCodeAt(start);
  if (code === LF) return true;
  return code === CR && (start + 1 === text.length || text.charCodeAt(start + 1) === LF);
}

/** True for spaces and tabs only (or nothing): CommonMark's blank, narrower than JavaScript's trim. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpaceOrTab(text.charCodeAt(i))) return false;
  return true;
}

/** The end of `[start, end)` with trailing spaces and tabs left out. */
export function trimEndSpaces(text: string, start: number, end: number): number {
  while (end > start && isSpaceOrTab(text.charCodeAt(end - 1))) end--;
  return end;
}

/** A space or a tab, the white space Markdown's line rules know. */
export function isSpaceOrTab(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** An ASCII digit. */
export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** JavaScript's `\s` (white space and line terminators), on a UTF-16 code unit. */
export function isWhiteSpace(code: number): boolean {
  if (code < 128) return code === SPACE || (code >= TAB && code <= CR);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029
    || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
