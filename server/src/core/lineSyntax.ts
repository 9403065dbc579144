/**
 * What the line scanners (the extractor and the summary scanner) hold to be plain Markdown: the
 * character classes and link pattern they read in place, and the character tests they share. Both
 * decline whatever falls outside, so the two can only differ where one of them is stricter.
 */
import { CONTEXT_LABEL } from './sections';

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const HASH = 35;
export const PLUS = 43;
export const COMMA = 44;
export const MINUS = 45;
export const DOT = 46;
export const EQUALS = 61;
export const OPEN_BRACKET = 91;

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

/** The `_Context:` label as it opens a tag list, for a regex. */
export const CONTEXT_OPENING = ` _${escapeRegExp(CONTEXT_LABEL)}`;

export const CHARACTER_REFERENCE = /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

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

export function isSpaceOrTab(code: number): boolean {
  return code === SPACE || code === TAB;
}

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
