/**
 * A BulkLoader that spreads files over worker threads, so that cold indexing uses every core and the
 * server's own thread stays free to answer requests. Workers start for a load and end after it.
 */
import { LoadList, type BulkLoader, type GrowingList, type LoadedBatch } from '../core/bulkLoader';
import type { CleanProofs } from '../core/cleanProofs';
import type { EntriesConfig } from '../core/config';
import { RecordUnpacker } from '../core/indexCache';
import { randomHashKey } from '../core/intern';
import type { CancellationToken } from '../core/workspace';
import { availableParallelism } from 'node:os';
import { runOnWorkers } from './workerPool';
import { joinUris, type LoadJob, type LoadJobResult, type LoadSetup } from './workerProtocol';

const JOB_SIZE = 400;

/** Clean proofs to write while loading, the date rules judging by `today` (`YYYY-MM-DD`). */
export interface ProofRequest {
  readonly today: string;
  readonly into: CleanProofs;
}

/** Loads through `workerScript`, one job per JOB_SIZE files. */
export class WorkerLoader implements BulkLoader {
  constructor(private readonly workerScript: string, private readonly roots: () => readonly string[], private readonly proofs?: ProofRequest) {}

  load(uris: readonly string[], configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void> {
    return this.run(uris, undefined, configFor, token, onBatch);
  }

  /**
   * Loads files as the walk lists them. Each job tells its worker the files listed since its last job, so that
   * records name files by position as the list grows; a link to a file not listed yet carries its target's text.
   */
  async loadGrowing(files: GrowingList, configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void> {
    return this.run(files.uris, files, configFor, token, onBatch);
  }

  /** Loads `uris`, which grows until `growing` is complete when it is given. */
  private run(uris: readonly string[], growing: GrowingList | undefined, configFor: (uri: string) => EntriesConfig, token: CancellationToken, onBatch: (batch: LoadedBatch) => void): Promise<void> {
    const roots = this.roots();
    // Records name files (their own, and the targets of links) by position in `uris`: each is taken once, as the string this thread holds.
    const unpacker = new RecordUnpacker(uris, false);
    const list = new LoadList(uris);
    const key = randomHashKey();
    const setup: LoadSetup = { kind: 'load', uris: joinUris(growing ? [] : uris), key };
    /** How much of the list each worker has been told. */
    const told: number[] = [];
    const proofs = this.proofs;
    proofs?.into.start(uris);
    const run = runOnWorkers<LoadJob, LoadJobResult>(this.workerScript, {
      get jobCount() {
        return growing && !growing.complete ? Math.floor(uris.length / JOB_SIZE) : Math.ceil(uris.length / JOB_SIZE);
      },
      ...(growing && {
        growing: {
          done: () => growing.complete,
          more: () => growing.beyond((Math.floor(uris.length / JOB_SIZE) + 1) * JOB_SIZE - 1),
          busyWhileGrowing: Math.max(1, availableParallelism() - 1),
        },
      }),
      setup,
      job: (index, worker) => {
        const from = index * JOB_SIZE;
        const to = Math.min(uris.length, from + JOB_SIZE);
        const maxFileSizes = uris.slice(from, to).map((uri) => configFor(uri).maxFileSize);
        // The worker has the load's list (the setup's, and what jobs told it since): a job names its files by position.
        const job: LoadJob = { kind: 'load', roots, uris: { from, to }, maxFileSizes, ...(proofs && { today: proofs.today }) };
        if (!growing) return job;
        const untold = told[worker] ?? 0;
        told[worker] = uris.length;
        return { ...job, listed: joinUris(uris.slice(untold)) };
      },
      take: (result) => {
        const records = unpacker.check(result.entries);
        if (!records) throw new Error('an index worker sent records that do not unpack');
        // The index decodes the records when first read, but proofs keep the records they cannot confirm alone.
        if (!proofs) {
          onBatch({ entries: [], undecoded: { records, list }, others: result.others });
          return;
        }
        const entries = Array.from({ length: records.count }, (_, record) => records.decode(record));
        if (result.proofs) proofs.into.take(entries, result.proofs);
        onBatch({ entries, others: result.others });
      },
    }, token);
    // The indexer then reads every file in process, without proofs.
    return proofs ? run.catch((error: unknown) => {
      proofs.into.discard();
      throw error;
    }) : run;
  }
}
