/** The preview of an entry that a hover shows: its first body paragraph, read when asked for (the index does not keep bodies). */
import { decodeFile } from '../fileContent';
import type { EventEntry } from '../model';
import type { EntriesService } from '../service';
import { EVERY_ENTRY, type WorkspaceIndex } from '../workspaceIndex';

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
  const remembered = service.previews.get(uri);
  if (remembered !== undefined) return remembered;
  const record = service.index.get(uri);
  const bytes = await service.readFile(uri);
  const content = bytes && decodeFile(bytes, service.configFor(uri).maxFileSize);
  const entry = content?.kind === 'text' ? service.readWithinLimit(content.text) : undefined;
  const preview = entry ? previewOf(entry) : '';
  // A change to the entry during the read has already cleared the cache: what was read may be older.
  if (service.index.get(uri) === record) service.previews.set(uri, preview);
  return preview;
}

/** Previews read from disk lately: the pointer rests on a link, and the editor asks for its hover again and again. */
export class PreviewCache {
  private readonly previews = new Map<string, string>();

  /** Forgets an entry's preview whenever its record changes. */
  constructor(index: WorkspaceIndex, private readonly capacity = 256) {
    index.onDidChange((changed) => {
      if (changed === EVERY_ENTRY) this.previews.clear();
      // An index of 100,000 records changes them all while nothing is cached: none is looked up (each lookup hashes a URI).
      else if (this.previews.size > 0) changed.forEach((uri) => this.previews.delete(uri));
    });
  }

  get(uri: string): string | undefined {
    const preview = this.previews.get(uri);
    if (preview !== undefined) {
      // Most recently used last: the first key is the one to drop.
      this.previews.delete(uri);
      this.previews.set(uri, preview);
    }
    return preview;
  }

  set(uri: string, preview: string): void {
    this.previews.delete(uri);
    this.previews.set(uri, preview);
    if (this.previews.size > this.capacity) this.previews.delete(this.previews.keys().next().value!);
  }
}
