/** Where a source template goes in an entry, and the snippet to insert there. */
import { asLinkText } from '../format';
import { lineBreakOf } from '../textLines';
import type { OpenDocument } from '../service';
import { publisherOf } from './publishers';
import { escapeSnippet } from './snippetText';

/** A snippet and the offset to insert it at. */
export interface SourceTemplate {
  readonly offset: number;
  readonly snippet: string;
}

/**
 * The template for a document: a new item under an existing `### Source:` heading, else a new
 * section after the body and before `### Related:`. With a URL, the publisher comes from its domain.
 */
export function sourceTemplate(document: OpenDocument, url?: string): SourceTemplate | undefined {
  const eol = lineBreakOf(document.text);
  let item = '1. [${1:Publisher}](${2:https://})$0';
  if (url !== undefined) {
    const publisher = publisherOf(url);
    if (!publisher) return undefined;
    // The parsed URL's own form: spaces, parentheses and angle brackets come out percent-encoded, so the link holds.
    const href = new URL(url.trim()).href.replace(/[()<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
    item = `1. [\${1:${escapeSnippet(asLinkText(publisher))}}](${escapeSnippet(href)})$0`;
  }
  const { entry, text } = document;
  if (entry.sources) {
    const last = entry.sources.items[entry.sources.items.length - 1];
    if (last) return { offset: last.span.end, snippet: `${eol}${item}` };
    return { offset: entry.sources.headingSpan.end, snippet: `${eol}${eol}${item}` };
  }
  const section = `### Source:${eol}${eol}${item}`;
  if (entry.related) return { offset: entry.related.headingSpan.start, snippet: `${section}${eol}${eol}` };
  const trimmedEnd = text.replace(/\s+$/, '').length;
  const lead = trimmedEnd === 0 ? '' : `${eol}${eol}${eol}`;
  // The text's own final line break follows the section; add one only where there is none.
  const tail = /[\r\n]/.test(text.slice(trimmedEnd)) ? '' : eol;
  return { offset: trimmedEnd, snippet: `${lead}${section}${tail}` };
}
