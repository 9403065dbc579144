/**
 * Validate Workspace's check: files on disk in worker threads against a snapshot of the index, so that the
 * server's thread stays free for requests; open documents in process, since their buffers win. A small
 * workspace, or workers that fail, are checked in process altogether.
 */
import { availableParallelism } from 'node:os';
import type { EntriesConfig } from '../core/config';
import { snapshotOf } from '../core/indexSnapshot';
import type { EntriesService } from '../core/service';
import type { CancellationToken, Logger } from '../core/workspace';
import { checkTargets, checkWorkspace, positioned, type PositionedDiagnostic } from '../core/workspaceCheck';
import { checkOnWorkers } from './workerChecker';

/**
 * A core is left to the server's thread: with every core checking, completions while Validate Workspace ran
 * at 100k took up to ~40 ms (p99) and once ~260 ms, against ~6-9 ms with one core left.
 */
const VALIDATION_THREADS = Math.max(1, availableParallelism() - 1);

/** Fewer files on disk than this are checked in process: starting threads costs more than they take. */
export const VALIDATION_WORKER_THRESHOLD = 1000;

/** Where the check runs and what it reports to. */
export interface ValidationOptions {
  readonly workerScript: string;
  /** The folders the workers may read below (the workspace folders). */
  readonly roots: readonly string[];
  readonly logger: Logger;
  readonly token: CancellationToken;
  /** Files on disk from which the workers are used. */
  readonly workerThreshold?: number;
  /** Each file with problems, once (in any order). */
  readonly report: (uri: string, diagnostics: readonly PositionedDiagnostic[]) => void;
  readonly progress?: (done: number, total: number) => void;
}

/** What a validation looked at and found, and whether worker threads checked the files on disk. */
export interface ValidationResult {
  readonly files: number;
  readonly problems: number;
  readonly inWorkers: boolean;
}

/** Checks every indexed entry and skipped file. */
export async function validateWorkspace(service: EntriesService, options: ValidationOptions): Promise<ValidationResult> {
  const targets = checkTargets(service);
  const open = targets.filter((uri) => service.document(uri));
  const onDisk = targets.filter((uri) => !service.document(uri));
  if (onDisk.length < (options.workerThreshold ?? VALIDATION_WORKER_THRESHOLD)) return { ...(await inProcess(service, targets, options)), inWorkers: false };
  let problems = 0;
  try {
    const snapshot = snapshotOf(service.index);
    let done = 0;
    for (const [config, uris] of byConfig(service, onDisk)) {
      if (options.token.isCancellationRequested) break;
      const before = done;
      await checkOnWorkers(options.workerScript, options.roots, snapshot, config, service.today(), uris, (uri, diagnostics) => {
        problems += diagnostics.length;
        options.report(uri, diagnostics);
      }, options.token, (files) => {
        done = before + files;
        options.progress?.(done, targets.length);
      }, VALIDATION_THREADS);
    }
  } catch (error) {
    options.logger.warn(`Validating in worker threads failed, validating in process: ${String(error)}`);
    return { ...(await inProcess(service, targets, options)), inWorkers: false };
  }
  const rest = await inProcess(service, open, options);
  return { files: targets.length, problems: problems + rest.problems, inWorkers: true };
}

function inProcess(service: EntriesService, uris: readonly string[], options: ValidationOptions): Promise<{ files: number; problems: number }> {
  return checkWorkspace(service, options.token, (file) => options.report(file.uri, positioned(file)), uris, options.progress);
}

/** The files grouped by the settings of their workspace folder (one group in a single-folder workspace). */
function byConfig(service: EntriesService, uris: readonly string[]): Map<EntriesConfig, string[]> {
  const groups = new Map<EntriesConfig, string[]>();
  for (const uri of uris) {
    const config = service.configFor(uri);
    const group = groups.get(config);
    if (group) group.push(uri);
    else groups.set(config, [uri]);
  }
  return groups;
}
