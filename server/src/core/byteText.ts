/**
 * UTF-8 bytes held as a byte string: one character per byte (Latin-1), so that offsets are byte offsets
 * and regexes read the bytes in place. UTF-8 writes ASCII as itself and uses no ASCII byte inside another
 * character, so every test on ASCII characters means the same on the byte string as on the text; the
 * few tests on characters beyond ASCII (white space, line separators) decode them where they stand.
 */
import { isWhiteSpace } from './lineSyntax';

/** Reads a file's bytes; the node host passes one over Buffer, faster than the portable one. */
export interface ByteReader {
  /** True when the bytes are valid UTF-8. */
  isUtf8(bytes: Uint8Array): boolean;
  /** The byte string of the bytes. */
  latin1(bytes: Uint8Array): string;
  /** The text of `bytes[start, end)`, valid UTF-8, a leading BOM kept. */
  utf8(bytes: Uint8Array, start: number, end: number): string;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CHUNK = 8192;

/** A ByteReader on the web platform's TextDecoder alone. */
export const portableReader: ByteReader = {
  isUtf8(bytes) {
    try {
      strict.decode(bytes);
      return true;
    } catch {
      return false;
    }
  },
  latin1(bytes) {
    let text = '';
    for (let at = 0; at < bytes.length; at += CHUNK) text += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
    return text;
  },
  utf8: (bytes, start, end) => strict.decode(bytes.subarray(start, end)),
};

/** The byte string of a UTF-8 byte order mark. */
export const BYTE_ORDER_MARK = '\u00ef\u00bb\u00bf';

/** True when `[start, end)` of a byte string holds U+2028 or U+2029 (E2 80 A8 or A9). */
export function hasLineSeparator(bytes: string, start: number, end: number): boolean {
  for (let at = start; at + 2 < end; at++) {
    if (bytes.charCodeAt(at) === 0xe2 && bytes.charCodeAt(at + 1) === 0x80 && (bytes.charCodeAt(at + 2) & 0xfe) === 0xa8) return true;
  }
  return false;
}

/** True when `[start, end)` of a byte string is ASCII. */
export function isAsciiRange(bytes: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) if (bytes.charCodeAt(at) >= 0x80) return false;
  return true;
}

/** The byte length of the JavaScript white-space character that starts at `at`, or 0. */
export function spaceAt(bytes: string, at: number): number {
  const lead = bytes.charCodeAt(at);
  if (lead < 0x80) return isWhiteSpace(lead) ? 1 : 0;
  const length = sequenceLength(lead);
  return length < 4 && isWhiteSpace(codePointOf(bytes, at, length)) ? length : 0;
}

/** The byte length of the JavaScript white-space character that ends at `end`, or 0. */
export function spaceBefore(bytes: string, end: number): number {
  let lead = end - 1;
  // Continuation bytes are 10xxxxxx; a valid character has at most three.
  while (lead > end - 4 && (bytes.charCodeAt(lead) & 0xc0) === 0x80) lead--;
  return spaceAt(bytes, lead) === end - lead ? end - lead : 0;
}

/** The start of `[start, end)` without the JavaScript white space at its start (as `trim` removes it). */
export function trimmedStart(bytes: string, start: number, end: number): number {
  for (let length = 0; start < end && (length = spaceAt(bytes, start)) > 0;) start += length;
  return start;
}

/** The end of `[start, end)` without the JavaScript white space at its end. */
export function trimmedEnd(bytes: string, start: number, end: number): number {
  for (let length = 0; end > start && (length = spaceBefore(bytes, end)) > 0;) end -= length;
  return end;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  return lead >= 0xe0 ? 3 : 2;
}

/** The code point of the two- or three-byte sequence at `at`. */
function codePointOf(bytes: string, at: number, length: number): number {
  const second = bytes.charCodeAt(at + 1) & 0x3f;
  if (length === 2) return ((bytes.charCodeAt(at) & 0x1f) << 6) | second;
  return ((bytes.charCodeAt(at) & 0x0f) << 12) | (second << 6) | (bytes.charCodeAt(at + 2) & 0x3f);
}
