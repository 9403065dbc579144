/** The CLI's whole-workspace check in worker threads: each checks a share of the files against a snapshot of the index. */
import type { EntriesConfig } from '../core/config';
import { formatIsoDate, type CalendarDate } from '../core/format';
import type { IndexSnapshot } from '../core/indexSnapshot';
import type { PositionedDiagnostic } from '../core/workspaceCheck';
import type { CancellationToken } from '../core/workspace';
import { runOnWorkers } from './workerPool';
import type { CheckJob, CheckJobResult, CheckSetup } from './workerProtocol';

const JOB_SIZE = 500;

/** Checks `uris`, reporting each file that has problems (in any order). */
export function checkOnWorkers(
  script: string, roots: readonly string[], snapshot: IndexSnapshot, config: EntriesConfig, today: CalendarDate, uris: readonly string[],
  report: (uri: string, diagnostics: readonly PositionedDiagnostic[]) => void, token: CancellationToken,
): Promise<void> {
  const setup: CheckSetup = { roots, snapshot, config, today: formatIsoDate(today) };
  return runOnWorkers<CheckJob, CheckJobResult>(script, {
    setup,
    jobCount: Math.ceil(uris.length / JOB_SIZE),
    job: (index) => ({ kind: 'check', uris: uris.slice(index * JOB_SIZE, (index + 1) * JOB_SIZE) }),
    take: (files) => files.forEach((file) => report(file.uri, file.diagnostics)),
  }, token);
}
