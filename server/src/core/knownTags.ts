/**
 * The known tags of entries (`WorkspaceIndex.knownTagsOf`), remembered between requests: event completion asks
 * for those of a hundred entries on every keystroke, and each walks the entry's backlinks. An entry's answer is
 * forgotten when the entry changes or when an entry that links to it, before or after the change, does.
 */
import { targetsOf } from './compactEntry';
import { EVERY_ENTRY, type WorkspaceIndex } from './workspaceIndex';

/** Entries remembered at most; past that the memory starts over. */
const MAX_REMEMBERED = 20_000;

/** Known tags by URI, kept in step with the index's change events. */
export class KnownTags {
  private readonly known = new Map<string, ReadonlyMap<string, number>>();
  /** For each entry that linked to remembered entries, those entries: its change may change their tags. */
  private readonly dependents = new Map<string, Set<string>>();

  constructor(private readonly index: WorkspaceIndex) {
    index.onDidChange((changed) => {
      if (changed === EVERY_ENTRY) this.clear();
      else for (const uri of changed) this.forget(uri);
    });
  }

  /** The tags known for an entry, with how often (see `WorkspaceIndex.knownTagsOf`): the remembered map itself, not a copy. */
  of(uri: string): ReadonlyMap<string, number> {
    let tags = this.known.get(uri);
    if (!tags) {
      if (this.known.size >= MAX_REMEMBERED) this.clear();
      tags = this.index.knownTagsOf(uri);
      this.known.set(uri, tags);
      for (const source of this.index.backlinksOf(uri)) {
        let targets = this.dependents.get(source);
        if (!targets) this.dependents.set(source, (targets = new Set()));
        targets.add(uri);
      }
    }
    return tags;
  }

  private forget(uri: string): void {
    // Nothing remembered (as during indexing, when every record changes): nothing to forget.
    if (this.known.size === 0) return;
    this.known.delete(uri);
    for (const target of this.dependents.get(uri) ?? []) this.known.delete(target);
    this.dependents.delete(uri);
    // A link the change added: its target had not counted this entry among its sources.
    const entry = this.index.get(uri);
    if (entry) for (const target of targetsOf(entry)) this.known.delete(target);
  }

  private clear(): void {
    this.known.clear();
    this.dependents.clear();
  }
}
