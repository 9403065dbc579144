/** The preview of an entry that a hover shows: its first body paragraph, read when asked for (the index does not keep bodies). */
import { decodeFile } from '../fileContent';
import type { EventEntry } from '../model';
import type { EntriesService } from '../service';

const PREVIEW_LENGTH = 400;

/** The first body paragraph of an entry, trimmed and cut to a preview length. */
export function previewOf(entry: EventEntry): string {
  const paragraph = entry.body[0]?.text.trim() ?? '';
  return paragraph.length > PREVIEW_LENGTH ? `${paragraph.slice(0, PREVIEW_LENGTH)}…` : paragraph;
}

/** The preview of an indexed entry: from its open buffer, else read from disk through the guarded file system; empty when unreadable. */
export async function previewOfEntry(service: EntriesService, uri: string): Promise<string> {
  const open = service.document(uri);
  if (open) return previewOf(open.entry);
  const bytes = await service.readFile(uri);
  if (!bytes) return '';
  const content = decodeFile(bytes, service.configFor(uri).maxFileSize);
  return content.kind === 'text' ? previewOf(service.read(content.text)) : '';
}
