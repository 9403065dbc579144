/**
 * What the diagnostic rules need of the index, as plain data that another thread can take: entry
 * URIs with headlines, the tag vocabulary with counts and the archive roots. The CLI checks files in
 * worker threads against it.
 */
import type { DiagnosticIndex } from './diagnostics/diagnosticIndex';
import { resolveLinkAmong } from './links';
import type { WorkspaceIndex } from './workspaceIndex';

/** The plain data. */
export interface IndexSnapshot {
  readonly uris: readonly string[];
  readonly headlines: readonly string[];
  readonly tags: readonly (readonly [string, number])[];
  readonly roots: readonly string[];
}

/** A snapshot of an index as it is now. */
export function snapshotOf(index: WorkspaceIndex): IndexSnapshot {
  const uris: string[] = [];
  const headlines: string[] = [];
  for (const entry of index.entries()) {
    uris.push(entry.uri);
    headlines.push(entry.headline);
  }
  return { uris, headlines, tags: [...index.tags()], roots: [...index.archiveRoots()] };
}

/** A read-only index over a snapshot; it never changes. */
export class SnapshotIndex implements DiagnosticIndex {
  private readonly headlines: Map<string, string>;
  private readonly tagCounts: Map<string, number>;

  constructor(private readonly snapshot: IndexSnapshot) {
    this.headlines = new Map(snapshot.uris.map((uri, position) => [uri, snapshot.headlines[position]]));
    this.tagCounts = new Map(snapshot.tags);
  }

  get size(): number {
    return this.headlines.size;
  }

  has(uri: string): boolean {
    return this.headlines.has(uri);
  }

  headlineOf(uri: string): string | undefined {
    return this.headlines.get(uri);
  }

  resolveLink(fromUri: string, target: string): string | undefined {
    return resolveLinkAmong(fromUri, target, this.snapshot.roots, (uri) => this.has(uri));
  }

  tagCount(tag: string): number {
    return this.tagCounts.get(tag) ?? 0;
  }

  tags(): ReadonlyMap<string, number> {
    return this.tagCounts;
  }

  onDidChange(): () => void {
    return () => undefined;
  }
}
