/**
 * The whole-workspace check: reads every entry (or a chosen set) from disk and diagnoses it against
 * the index. Shared by the Validate Workspace command and the CLI. It works in chunks and yields
 * between them, so that the server keeps answering, and it stops when cancelled.
 */
import { yieldToRequests } from './yieldToRequests';
import { decodeFile, fileProblemMessage, type FileContent } from './fileContent';
import type { EntryProblem } from './diagnostics/problem';
import type { EntryDiagnostic } from './diagnostics/diagnose';
import { withSeverities } from './diagnostics/diagnose';
import type { EntriesConfig } from './config';
import type { EntriesService } from './service';
import { LineIndex, type Position } from './textLines';
import type { CancellationToken } from './workspace';

/** The problems of one file, with the text they index into (absent for unreadable files). */
export interface FileReport {
  readonly uri: string;
  readonly text: string | undefined;
  readonly diagnostics: readonly EntryDiagnostic[];
}

/** Files read and checked together (their reads overlap). */
const GROUP = 10;
/**
 * The check gives way to requests after this long: a keystroke's completion during Validate Workspace
 * waits at most about that much (fixed chunks of 200 files held the thread ~20-60 ms at 100k).
 */
const SLICE_MS = 5;

/** What a whole-workspace check looks at: every indexed entry and every skipped file. */
function checkTargets(service: EntriesService): string[] {
  return [...service.index.entries()].map((entry) => entry.uri).concat(service.indexer.skippedFiles().map((file) => file.uri));
}

/** Diagnoses the given entries (every indexed entry and skipped file when omitted), reporting each file with problems. */
export async function checkWorkspace(
  service: EntriesService, token: CancellationToken, report: (file: FileReport) => void, uris?: readonly string[],
  progress?: (done: number, total: number) => void,
): Promise<{ files: number; problems: number }> {
  const targets = uris ?? checkTargets(service);
  let problems = 0;
  let sliceStart = Date.now();
  for (let start = 0; start < targets.length; start += GROUP) {
    if (token.isCancellationRequested) break;
    const group = targets.slice(start, start + GROUP);
    const reports = await Promise.all(group.map((uri) => checkFile(service, uri)));
    for (const file of reports) {
      if (!file || file.diagnostics.length === 0) continue;
      problems += file.diagnostics.length;
      report(file);
    }
    progress?.(Math.min(start + GROUP, targets.length), targets.length);
    if (Date.now() - sliceStart >= SLICE_MS) {
      await yieldToRequests();
      sliceStart = Date.now();
    }
  }
  return { files: targets.length, problems };
}

/** One file's report: an open document's buffer wins over the disk. */
async function checkFile(service: EntriesService, uri: string): Promise<FileReport | undefined> {
  const open = service.document(uri);
  if (open) return { uri, text: open.text, diagnostics: service.diagnoseDocument(uri) };
  const bytes = await service.readFile(uri);
  if (!bytes) return undefined;
  return checkBytes(uri, bytes, service.configFor(uri), (text) => service.diagnose(uri, text, service.read(text)));
}

/** One file's report from its bytes: whole-file problems (binary, too large, not UTF-8), then what `diagnose` finds in the text. */
export function checkBytes(uri: string, bytes: Uint8Array, config: EntriesConfig, diagnose: (text: string) => EntryDiagnostic[]): FileReport {
  const content = decodeFile(bytes, config.maxFileSize);
  const severity = config.severity;
  if (content.kind === 'skipped') {
    const diagnostics = withSeverities([fileProblem(content.problem, content.size, config.maxFileSize)], severity);
    return { uri, text: undefined, diagnostics };
  }
  const diagnostics = diagnose(content.text);
  if (content.problem) {
    diagnostics.unshift(...withSeverities([fileProblem(content.problem, bytes.length, config.maxFileSize)], severity));
  }
  return { uri, text: content.text, diagnostics };
}

/** A diagnostic with zero-based line and character positions (UTF-16), for reports outside the editor. */
export interface PositionedDiagnostic {
  readonly start: Position;
  readonly end: Position;
  readonly severity: EntryDiagnostic['severity'];
  readonly code: EntryDiagnostic['code'];
  readonly message: string;
}

/** A report's diagnostics with positions; a file without text has them at its start. */
export function positioned(report: FileReport): PositionedDiagnostic[] {
  const lines = report.text === undefined ? undefined : new LineIndex(report.text);
  return report.diagnostics.map(({ span, severity, code, message }) => {
    const start = lines?.positionAt(span.start) ?? { line: 0, character: 0 };
    return { start, end: lines?.positionAt(span.end) ?? start, severity, code, message };
  });
}

/** A whole-file problem at the start of the file; `data` tells the size and the limit. */
function fileProblem(code: NonNullable<FileContent['problem']>, size: number, maxFileSize: number): EntryProblem {
  return { code, span: { start: 0, end: 0 }, message: fileProblemMessage(code, size, maxFileSize), data: { size, maxFileSize } };
}
