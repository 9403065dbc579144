/**
 * What the diagnostic rules read from the workspace index. The server's WorkspaceIndex provides it;
 * so does a snapshot of it that the CLI hands to its worker threads.
 */
import type { IndexListener } from '../workspaceIndex';

/** The index as the rules see it. */
export interface DiagnosticIndex {
  /** Number of entries. */
  readonly size: number;
  /** The headline of an entry (empty when it has none), or undefined when there is no such entry. */
  headlineOf(uri: string): string | undefined;
  /** The URI a link target means from a document; see WorkspaceIndex.resolveLink. */
  resolveLink(fromUri: string, target: string): string | undefined;
  /** How many related items in the workspace carry a tag. */
  tagCount(tag: string): number;
  /** The whole tag vocabulary with counts. */
  tags(): ReadonlyMap<string, number>;
  /** Subscribes to changes; returns the unsubscribe function. */
  onDidChange(listener: IndexListener): () => void;
}
