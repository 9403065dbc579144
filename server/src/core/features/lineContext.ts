/** Where in an entry a cursor is, read from the line text so that half-typed items are understood. */
import type { EventEntry, SectionHeading } from '../model';

/** The line around an offset. */
export interface CursorLine {
  readonly start: number;
  readonly end: number;
  /** Text of the line before the cursor. */
  readonly before: string;
  /** Text of the line after the cursor. */
  readonly after: string;
  /** Zero-based line number. */
  readonly number: number;
}

/** The line holding an offset, without its line break. */
export function cursorLine(text: string, offset: number): CursorLine {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  let number = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) number++;
  return { start, end, before: text.slice(start, offset), after: text.slice(offset, end), number };
}

/** The section the offset lies in: the kind of the last heading that starts before it ('body' after the headline). */
export function sectionAt(entry: EventEntry, offset: number): SectionHeading['kind'] | 'body' | 'start' {
  let kind: SectionHeading['kind'] | 'body' | 'start' = 'start';
  for (const heading of entry.headings) {
    if (heading.span.start > offset) break;
    kind = heading.kind === 'headline' && heading.span.end < offset ? 'body' : heading.kind;
  }
  return kind;
}
