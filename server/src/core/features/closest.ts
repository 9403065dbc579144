/** The existing entries closest to a dangling link target: same day first, then by slug words. */
import { isCalendarDate, parseEntryPath } from '../format';
import type { EntriesService } from '../service';
import type { IndexedEntry } from '../summary';
import { NEVER_CANCELLED } from '../workspace';
import { searchEvents } from './eventSearch';

/** Up to `limit` entries a broken target most likely meant. */
export function closestEntries(service: EntriesService, fromUri: string, target: string, limit: number): IndexedEntry[] {
  const parts = parseEntryPath(target);
  const words = (parts?.slug ?? target.slice(target.lastIndexOf('/') + 1).replace(/\.md$/, '')).split('-').filter(Boolean);
  const query = words.join(' ');
  const sameDay = parts
    ? service.index.entriesOn(`${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`)
      .map((uri) => service.index.get(uri)).filter((entry): entry is IndexedEntry => !!entry && entry.uri !== fromUri)
    : [];
  const rankSameDay = (entry: IndexedEntry): number => words.filter((word) => entry.uri.includes(word)).length;
  sameDay.sort((a, b) => rankSameDay(b) - rankSameDay(a));
  const out = sameDay.slice(0, limit);
  if (out.length < limit && query) {
    // Among many entries with the same words, those nearest to the date the link meant.
    const meant = parts && isCalendarDate(parts) ? parts : undefined;
    for (const { entry } of searchEvents(service.entrySearch, query, limit * 2, NEVER_CANCELLED, fromUri, meant)) {
      if (out.length >= limit) break;
      if (!out.includes(entry)) out.push(entry);
    }
  }
  return out;
}
