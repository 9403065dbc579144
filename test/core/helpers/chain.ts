import type { IndexedEntry } from '../../../server/src/core/summary';
import type { WorkspaceIndex } from '../../../server/src/core/workspaceIndex';

/** The URI of entry `n` of a chain. */
export function chainUri(n: number): string {
  return `file:///w/news/2016/07/${1 + (n % 28)}/event-${n}.md`;
}

/** Entry `n` of a chain of `count` entries: "Talks number n", linking to the next entry (the last to the first). */
export function chainEntry(n: number, count: number): IndexedEntry {
  const target = chainUri((n + 1) % count);
  return {
    uri: chainUri(n), date: `2016-07-${String(1 + (n % 28)).padStart(2, '0')}`, headline: `Talks number ${n}`, publishers: [],
    links: [{ target, resolved: true, tags: [`tag ${n % 50}`] }],
  };
}

/** Puts a chain of `count` entries on an index's disk, in one batch. */
export function addChain(index: WorkspaceIndex, count: number): void {
  index.batch(() => {
    for (let n = 0; n < count; n++) index.setDisk(chainUri(n), chainEntry(n, count));
  });
}

/** Counts the turns of the event loop taken (requests answered, in the server) until `done` settles. */
export async function turnsUntil(done: Promise<unknown>): Promise<number> {
  let turns = 0;
  let settled = false;
  const tick = (): void => {
    if (settled) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await done;
  } finally {
    settled = true;
  }
  return turns;
}
