/** Fuzzy search over the tag vocabulary; the fuse index is rebuilt only when the vocabulary changes. */
import Fuse from 'fuse.js';
import type { WorkspaceIndex } from '../workspaceIndex';

/** Keeps a fuse index of the tag vocabulary in step with the workspace index. */
export class TagSearch {
  private fuse: Fuse<string> | undefined;
  private builtFor = -1;

  constructor(private readonly index: WorkspaceIndex) {}

  /** Tags matching what was typed, best first, with fuse's score (0 best). */
  search(query: string, limit: number): { tag: string; score: number }[] {
    const version = this.index.vocabularyVersion;
    if (!this.fuse || this.builtFor !== version) {
      this.fuse = new Fuse([...this.index.tags().keys()], { includeScore: true, ignoreLocation: true, threshold: 0.4 });
      this.builtFor = version;
    }
    return this.fuse.search(query, { limit }).map((result) => ({ tag: result.item, score: result.score ?? 1 }));
  }
}
