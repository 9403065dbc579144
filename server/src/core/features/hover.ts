/** Hover previews: a related link's target, the day of the date line, a context tag's use. */
import { dateOfIso, daysBetween, parseIsoDate } from '../format';
import type { Span } from '../model';
import type { EntriesService, OpenDocument } from '../service';
import type { IndexedEntry } from '../summary';
import type { CancellationToken } from '../workspace';
import { closestEntries } from './closest';
import { escapeMarkdown } from './markdownEscape';
import { previewOfEntry } from './preview';
import type { HoverResult } from './types';

const RECENT_TAG_USES = 3;
const DAY_LIST_LIMIT = 10;

/** The hover at an offset, or undefined where there is nothing to preview. */
export async function hover(service: EntriesService, document: OpenDocument, offset: number, _token: CancellationToken): Promise<HoverResult | undefined> {
  const { entry } = document;
  for (const item of entry.related?.items ?? []) {
    if (!contains(item.span, offset)) continue;
    const tag = item.context?.tags.find((candidate) => contains(candidate.span, offset));
    if (tag) return { span: tag.span, markdown: tagHover(service, tag.name) };
    if (item.link && (contains(item.link.targetSpan, offset) || contains(item.link.titleSpan, offset))) {
      const span = contains(item.link.targetSpan, offset) ? item.link.targetSpan : item.link.titleSpan;
      return { span, markdown: await linkHover(service, document, item.link.target.trim()) };
    }
  }
  const line = entry.dateLine;
  if (line && contains(line.span, offset)) {
    const date = parseIsoDate(line.text.trim());
    if (typeof date === 'object') return { span: line.span, markdown: dayHover(service, document.uri, line.text.trim()) };
  }
  return undefined;
}

async function linkHover(service: EntriesService, document: OpenDocument, target: string): Promise<string> {
  const uri = service.index.resolveLink(document.uri, target);
  const linked = uri ? service.index.get(uri) : undefined;
  if (!linked) {
    const closest = closestEntries(service, document.uri, target, 3);
    const list = closest.map((entry) => `- ${escapeMarkdown(entry.date ?? '')} ${escapeMarkdown(entry.headline)}`).join('\n');
    return `**Not found:** ${escapeMarkdown(target)}${closest.length ? `\n\nClosest entries:\n\n${list}` : ''}`;
  }
  const parts = [`**${escapeMarkdown(linked.headline || '(no headline)')}**`];
  const own = dateOfIso(service.index.get(document.uri)?.date);
  const theirs = dateOfIso(linked.date);
  if (theirs) {
    const days = own ? daysBetween(own, theirs) : undefined;
    const relation = days === undefined ? '' : days === 0 ? ' · the same day as this entry' : ` · ${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'} ${days < 0 ? 'before' : 'after'} this entry`;
    parts.push(`${escapeMarkdown(linked.date ?? '')}${relation}`);
  }
  const preview = await previewOfEntry(service, linked.uri);
  if (preview) parts.push(escapeMarkdown(preview));
  const facts: string[] = [];
  if (linked.publishers.length) facts.push(`Sources: ${escapeMarkdown(linked.publishers.join(', '))}`);
  const tags = [...service.index.knownTagsOf(linked.uri).keys()];
  if (tags.length) facts.push(`Tags: ${escapeMarkdown(tags.join(', '))}`);
  const backlinks = service.index.backlinksOf(linked.uri).length;
  facts.push(`Linked from ${backlinks} entr${backlinks === 1 ? 'y' : 'ies'}`);
  parts.push(facts.join('  \n'));
  return parts.join('\n\n');
}

function dayHover(service: EntriesService, self: string, date: string): string {
  const others = service.index.entriesOn(date).filter((uri) => uri !== self).map((uri) => service.index.get(uri)).filter((e): e is IndexedEntry => !!e);
  if (others.length === 0) return `**${escapeMarkdown(date)}**: no other entry that day.`;
  const list = others.slice(0, DAY_LIST_LIMIT).map((entry) => `- ${escapeMarkdown(entry.headline || '(no headline)')}`).join('\n');
  const more = others.length > DAY_LIST_LIMIT ? `\n\n…and ${others.length - DAY_LIST_LIMIT} more` : '';
  return `**${escapeMarkdown(date)}**: ${others.length} other entr${others.length === 1 ? 'y' : 'ies'} that day\n\n${list}${more}`;
}

function tagHover(service: EntriesService, tag: string): string {
  const count = service.index.tagCount(tag);
  const recent = mostRecent(service.entrySearch.entriesWithTag(tag), RECENT_TAG_USES);
  const list = recent.map((entry) => `- ${escapeMarkdown(entry.date ?? '')} ${escapeMarkdown(entry.headline)}`).join('\n');
  return `**${escapeMarkdown(tag)}**: used in ${count} related item${count === 1 ? '' : 's'}${recent.length ? `\n\nMost recent:\n\n${list}` : ''}`;
}

/** The `limit` most recent dated entries, newest first. */
function mostRecent(entries: readonly IndexedEntry[], limit: number): IndexedEntry[] {
  return entries.filter((entry) => entry.date).sort((a, b) => (a.date! < b.date! ? 1 : a.date! > b.date! ? -1 : 0)).slice(0, limit);
}


function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
