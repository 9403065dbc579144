/** Turns a file's bytes into text, or says why it is not an entry's text (binary, too large). */
import type { DiagnosticCode } from './diagnostics/catalog';

/** The decoded text, or the reason there is none; `encoding` still comes with text. */
export type FileContent =
  | { readonly kind: 'text'; readonly text: string; readonly problem?: Extract<DiagnosticCode, 'file.encoding'> }
  | { readonly kind: 'skipped'; readonly problem: Extract<DiagnosticCode, 'file.binary' | 'file.tooLarge'>; readonly size: number };

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** Decodes UTF-8 (dropping a BOM); a NUL byte marks a binary file, a size over the limit a skipped one. */
export function decodeFile(bytes: Uint8Array, maxFileSize: number): FileContent {
  if (bytes.length > maxFileSize) return { kind: 'skipped', problem: 'file.tooLarge', size: bytes.length };
  if (bytes.indexOf(0) >= 0) return { kind: 'skipped', problem: 'file.binary', size: bytes.length };
  try {
    return { kind: 'text', text: strict.decode(bytes) };
  } catch {
    return { kind: 'text', text: lenient.decode(bytes), problem: 'file.encoding' };
  }
}

/** The number of bytes a text takes in UTF-8, as TextEncoder would write it (a lone surrogate as U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** The message shown for a file-level problem. */
export function fileProblemMessage(problem: FileContent['problem'], size: number, maxFileSize: number): string {
  switch (problem) {
    case 'file.binary':
      return 'This file holds NUL bytes: it looks binary, not like an entry, and was not read.';
    case 'file.tooLarge':
      return `This file is ${formatMegabytes(size)} MB, over the ${formatMegabytes(maxFileSize)} MB limit (eventEntries.maxFileSize): it was not parsed.`;
    case 'file.encoding':
      return 'This file is not valid UTF-8: invalid bytes were read as U+FFFD.';
    default:
      return '';
  }
}

function formatMegabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
