/** Search over the tag vocabulary: by word prefix, and fuzzily; both are rebuilt only when the vocabulary changes. */
import Fuse from 'fuse.js';
import type { WorkspaceIndex } from '../workspaceIndex';

/** Keeps a fuse index and the lowercased words of the tag vocabulary in step with the workspace index. */
export class TagSearch {
  private fuse: Fuse<string> | undefined;
  private lowered: { tag: string; text: string; words: string[] }[] = [];
  private builtFor = -1;

  constructor(private readonly index: WorkspaceIndex) {}

  /** Tags matching what was typed, best first, with fuse's score (0 best). */
  search(query: string, limit: number): { tag: string; score: number }[] {
    return this.fresh().search(query, { limit }).map((result) => ({ tag: result.item, score: result.score ?? 1 }));
  }

  /** Every tag that starts with the typed text, or has a word that does (case-insensitive): what was most likely meant. */
  startingWith(typed: string): string[] {
    this.fresh();
    const wanted = typed.trim().toLowerCase();
    return this.lowered.filter(({ text, words }) => text.startsWith(wanted) || words.some((word) => word.startsWith(wanted))).map(({ tag }) => tag);
  }

  private fresh(): Fuse<string> {
    const version = this.index.vocabularyVersion;
    if (!this.fuse || this.builtFor !== version) {
      const tags = [...this.index.tags().keys()];
      this.fuse = new Fuse(tags, { includeScore: true, ignoreLocation: true, threshold: 0.4 });
      this.lowered = tags.map((tag) => ({ tag, text: tag.toLowerCase(), words: tag.toLowerCase().split(/[\s(]+/) }));
      this.builtFor = version;
    }
    return this.fuse;
  }
}
