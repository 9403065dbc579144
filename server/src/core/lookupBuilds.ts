/**
 * Builds what completion, hover and code actions read besides the records (the undecoded records decoded, the
 * backlinks, days and roots, the word index) a slice at a time, with requests between slices, and
 * lets a request wait for them without holding the server's thread. At 100,000 entries the builds take seconds.
 */
import type { EntrySearch } from './entrySearch';
import type { CancellationToken } from './workspace';
import type { WorkspaceIndex } from './workspaceIndex';
import { yieldToRequests } from './yieldToRequests';

/** How long one slice of the builds may hold the thread. */
const SLICE_MS = 8;
/** Entries looked at between two looks at the clock. */
const STEP = 256;

interface Waiter {
  readonly token: CancellationToken;
  readonly settle: (built: boolean) => void;
  readonly fail: (error: unknown) => void;
}

/** Runs the builds a slice at a time for whoever waits for them. */
export class LookupBuilds {
  private running = false;
  private readonly waiters = new Set<Waiter>();

  /** @param sliceMs how long one slice may hold the thread (tests set 0: one step of each build per slice) */
  constructor(
    private readonly index: WorkspaceIndex, private readonly entrySearch: EntrySearch,
    private readonly sliceMs = SLICE_MS,
  ) {}

  /** True when nothing is left to build: a request reads the lookups at once. */
  get isBuilt(): boolean {
    return this.index.undecodedCount === 0 && this.index.lookupsBuilt && this.entrySearch.isBuilt;
  }

  /**
   * Resolves to true once everything is built, building it a slice at a time meanwhile; to false as soon as the token
   * is cancelled (looked at between slices), while the builds go on for others.
   */
  whenBuilt(token: CancellationToken): Promise<boolean> {
    if (this.isBuilt) return Promise.resolve(true);
    const waited = new Promise<boolean>((settle, fail) => this.waiters.add({ token, settle, fail }));
    if (!this.running) void this.run();
    return waited;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.slice()) {
        this.releaseCancelled();
        await yieldToRequests();
      }
      this.settleAll((waiter) => waiter.settle(true));
    } catch (error) {
      // A failed build's half-built state is not trusted: the next waiter starts it over.
      this.index.dropLookupsBuild();
      this.entrySearch.drop();
      this.settleAll((waiter) => waiter.fail(error));
    } finally {
      this.running = false;
    }
  }

  /** Builds for one slice of time; true while some work remains. */
  private slice(): boolean {
    const deadline = Date.now() + this.sliceMs;
    for (;;) {
      // Decoding in the records' own order first: the builds after it then find each record by URI in the map.
      const more = this.index.decodePending(STEP) || this.index.buildLookups(STEP) || this.entrySearch.buildSlice(STEP);
      if (!more || Date.now() >= deadline) return more;
    }
  }

  private releaseCancelled(): void {
    for (const waiter of this.waiters) {
      if (!waiter.token.isCancellationRequested) continue;
      this.waiters.delete(waiter);
      waiter.settle(false);
    }
  }

  private settleAll(settle: (waiter: Waiter) => void): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) settle(waiter);
  }
}
