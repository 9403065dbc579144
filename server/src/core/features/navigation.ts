/**
 * Go to definition and document links for related links and the day link. Only well-formed
 * entry paths under the entry's own archive root resolve, so nothing outside the workspace is offered.
 */
import { resolveRootRelative } from '../links';
import type { Span } from '../model';
import type { EntriesService, OpenDocument } from '../service';

/** A link from a span of the document to a URI. */
export interface EntryLink {
  readonly span: Span;
  readonly target: string;
}

/** Links of a document: related targets that exist in the index, and the day page when it exists on disk. */
export async function documentLinks(service: EntriesService, document: OpenDocument): Promise<EntryLink[]> {
  const links: EntryLink[] = [];
  for (const item of document.entry.related?.items ?? []) {
    if (!item.link) continue;
    const target = service.index.resolveLink(document.uri, item.link.target.trim());
    if (target && service.index.has(target)) links.push({ span: item.link.targetSpan, target });
  }
  const dayLink = await dayPageLink(service, document);
  if (dayLink) links.unshift(dayLink);
  return links;
}

/** Where the link under the cursor goes: the related entry, or the day page. */
export async function definition(service: EntriesService, document: OpenDocument, offset: number): Promise<EntryLink | undefined> {
  for (const item of document.entry.related?.items ?? []) {
    if (!item.link || offset < item.link.titleSpan.start - 1 || offset > item.link.targetSpan.end) continue;
    const target = service.index.resolveLink(document.uri, item.link.target.trim());
    return target && service.index.has(target) ? { span: item.link.targetSpan, target } : undefined;
  }
  const line = document.entry.dateLine;
  if (line && offset >= line.span.start && offset <= line.span.end) return dayPageLink(service, document);
  return undefined;
}

async function dayPageLink(service: EntriesService, document: OpenDocument): Promise<EntryLink | undefined> {
  const line = document.entry.dateLine;
  if (!line?.target || !line.targetSpan) return undefined;
  const target = resolveRootRelative(document.uri, line.target.trim());
  if (!target) return undefined;
  const stat = await service.stat(target);
  return stat?.type === 'file' ? { span: line.targetSpan, target } : undefined;
}
