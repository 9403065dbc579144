/** Search over the tag vocabulary: by word prefix, and fuzzily; both are rebuilt only when the vocabulary changes. */
import Fuse from 'fuse.js';
import type { WorkspaceIndex } from '../workspaceIndex';

const REBUILD_INTERVAL_MS = 60_000;

/** Keeps a fuse index and the lowercased words of the tag vocabulary in step with the workspace index. */
export class TagSearch {
  private fuse: Fuse<string> | undefined;
  private lowered: { tag: string; text: string; words: string[] }[] = [];
  private builtFor = -1;
  private builtAt = 0;
  private builtSize = 0;

  constructor(private readonly index: WorkspaceIndex) {}

  /** Builds the search structures now (the server calls this after indexing, rather than on the first keystroke). */
  warm(): void {
    this.fresh();
  }

  /** Tags matching what was typed, best first, with fuse's score (0 best). */
  search(query: string, limit: number): { tag: string; score: number }[] {
    return this.fresh().search(query, { limit })
      .filter((result) => this.index.tagCount(result.item) > 0)
      .map((result) => ({ tag: result.item, score: result.score ?? 1 }));
  }

  /** Every tag that starts with the typed text, or has a word that does (case-insensitive): what was most likely meant. */
  startingWith(typed: string): string[] {
    this.fresh();
    const wanted = typed.trim().toLowerCase();
    return this.lowered
      .filter(({ tag, text, words }) => (text.startsWith(wanted) || words.some((word) => word.startsWith(wanted))) && this.index.tagCount(tag) > 0)
      .map(({ tag }) => tag);
  }

  /**
   * The search structures, rebuilt when the vocabulary changed by more than a few tags, or changed at all a
   * minute later: typing a new tag changes the vocabulary on every keystroke, and a rebuild costs milliseconds.
   * Results drop tags whose count fell to zero meanwhile.
   */
  private fresh(): Fuse<string> {
    const version = this.index.vocabularyVersion;
    const now = Date.now();
    const size = this.index.tags().size;
    const grew = Math.abs(size - this.builtSize) > Math.max(10, this.builtSize / 100);
    if (!this.fuse || (this.builtFor !== version && (grew || now - this.builtAt >= REBUILD_INTERVAL_MS))) {
      this.builtAt = now;
      this.builtSize = size;
      const tags = [...this.index.tags().keys()];
      this.fuse = new Fuse(tags, { includeScore: true, ignoreLocation: true, threshold: 0.4 });
      this.lowered = tags.map((tag) => ({ tag, text: tag.toLowerCase(), words: tag.toLowerCase().split(/[\s(]+/) }));
      this.builtFor = version;
    }
    return this.fuse;
  }
}
