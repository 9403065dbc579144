#!/usr/bin/env node
/**
 * `event-entries check [folder…]`: the whole-workspace check on the language server's engine,
 * for an archive's CI. Prints problems like a compiler and exits 1 when there are errors.
 */
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { statSync } from 'node:fs';
import { parseArgs, USAGE, type CheckArgs } from './cli/args';
import { formatProblems, type Problem } from './cli/formatters';
import { changedFiles } from './cli/gitChanges';
import { CleanProofs } from './core/cleanProofs';
import { DEFAULT_CONFIG } from './core/config';
import { calendarDateOf, formatIsoDate } from './core/format';
import { EntriesService } from './core/service';
import { snapshotOf } from './core/indexSnapshot';
import { checkWorkspace, positioned, type PositionedDiagnostic } from './core/workspaceCheck';
import { NEVER_CANCELLED, type Logger } from './core/workspace';
import { NodeFileSystem } from './lsp/nodeFileSystem';
import { checkOnWorkers } from './node/workerChecker';
import { WorkerLoader } from './node/workerLoader';

const VERSION = '0.1.0';
const WORKER_SCRIPT = path.join(__dirname, 'index-worker.js');
/** Fewer files than this are checked in process; the CLI test of the workers lowers it through the environment. */
const WORKER_THRESHOLD = thresholdFrom(process.env.EVENT_ENTRIES_WORKER_THRESHOLD, 1000);

async function main(argv: readonly string[]): Promise<number> {
  let args: CheckArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`event-entries: ${(error as Error).message}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const folders = args.folders.map((folder) => path.resolve(folder));
  for (const folder of folders) {
    if (!isDirectory(folder)) {
      process.stderr.write(`event-entries: not a folder: ${folder}\n`);
      return 2;
    }
  }
  const logger: Logger = { info: () => undefined, warn: (m) => process.stderr.write(`warning: ${m}\n`), error: (m) => process.stderr.write(`error: ${m}\n`) };
  const fs = new NodeFileSystem(true);
  // vscode-uri forms every URI, the folders' and the files' alike, so that one is always a prefix of the other.
  const folderUris = folders.map((folder) => URI.file(folder).toString());
  fs.setRoots(folderUris);
  // One day for every rule and every thread, should the check run past midnight.
  const today = calendarDateOf(new Date());
  // While the workers index, they prove most files clean, so that only the others are read a second time.
  const proofs = new CleanProofs();
  const bulkLoader = new WorkerLoader(WORKER_SCRIPT, () => folderUris, { today: formatIsoDate(today), into: proofs });
  // Loading in workers (which prove files clean) pays off where checking in workers does.
  const service = new EntriesService({ fs, logger, bulkLoader, bulkThreshold: WORKER_THRESHOLD, today: () => today });
  service.indexer.setFolders(folderUris.map((uri) => ({ uri, config: DEFAULT_CONFIG })));
  const started = Date.now();
  const entries = await service.indexer.indexAll(NEVER_CANCELLED);

  let targets: string[] | undefined;
  if (args.changed) {
    try {
      targets = selectChanged(service, folders, args.changed);
    } catch (error) {
      process.stderr.write(`event-entries: git could not list changes since ${args.changed}: ${(error as Error).message.split('\n')[0]}\n`);
      return 2;
    }
  }
  const { fileCount, unproven } = filesToDiagnose(service, proofs, targets);
  const problems: Problem[] = [];
  const cwd = process.cwd();
  const collect = (uri: string, diagnostics: readonly PositionedDiagnostic[]): void => {
    const file = path.relative(cwd, URI.parse(uri).fsPath) || '.';
    for (const { start, end, severity, code, message } of diagnostics) {
      problems.push({ file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity, code, message });
    }
  };
  await checkFiles(service, folderUris, unproven, collect, logger);
  // Workers report in any order: files, then positions, make the output the same on every run.
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  process.stdout.write(formatProblems(problems, args.format, VERSION));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  const proven = fileCount - unproven.length;
  process.stderr.write(`event-entries: ${fileCount} file${fileCount === 1 ? '' : 's'} checked (${entries} entries indexed, ${proven} proven clean while indexed), ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${problems.length - errors - warnings} other, in ${Date.now() - started} ms\n`);
  return errors > 0 ? 1 : 0;
}

/**
 * How many files the check covers (the changed ones, or every indexed entry and skipped file), and those of them
 * that the proofs leave to be diagnosed.
 */
function filesToDiagnose(service: EntriesService, proofs: CleanProofs, targets: readonly string[] | undefined): { fileCount: number; unproven: string[] } {
  const skipped = service.indexer.skippedFiles().map((file) => file.uri);
  // The whole workspace loaded through the workers: the proofs know its files, without a list of them.
  const ofLoad = targets ? undefined : proofs.unprovenOfLoad(service.index, DEFAULT_CONFIG);
  if (ofLoad) return { fileCount: service.index.size + skipped.length, unproven: ofLoad.concat(skipped) };
  const files = targets ?? [...service.index.entries()].map((entry) => entry.uri).concat(skipped);
  return { fileCount: files.length, unproven: proofs.unproven(files, service.index, DEFAULT_CONFIG) };
}

/** Checks the files in worker threads against a snapshot of the index; in process if the workers fail. */
async function checkFiles(
  service: EntriesService, roots: readonly string[], files: readonly string[], collect: (uri: string, diagnostics: readonly PositionedDiagnostic[]) => void, logger: Logger,
): Promise<void> {
  const found = new Map<string, readonly PositionedDiagnostic[]>();
  const inProcess = (): Promise<unknown> => checkWorkspace(service, NEVER_CANCELLED, (report) => found.set(report.uri, positioned(report)), files);
  // Starting threads costs more than a few hundred files take.
  if (files.length < WORKER_THRESHOLD) {
    await inProcess();
  } else {
    try {
      await checkOnWorkers(WORKER_SCRIPT, roots, snapshotOf(service.index), DEFAULT_CONFIG, service.today(), files, (uri, diagnostics) => found.set(uri, diagnostics), NEVER_CANCELLED);
    } catch (error) {
      logger.warn(`Checking in worker threads failed, checking in process: ${String(error)}`);
      found.clear();
      await inProcess();
    }
  }
  found.forEach((diagnostics, uri) => collect(uri, diagnostics));
}

/** Changed entries plus the entries that link to them (including links to deleted ones). */
function selectChanged(service: EntriesService, folders: readonly string[], revision: string): string[] {
  const selected = new Set<string>();
  for (const folder of folders) {
    for (const file of changedFiles(folder, revision)) {
      const uri = URI.file(file).toString();
      if (!service.indexer.isEntryUri(uri)) continue;
      if (service.index.has(uri)) selected.add(uri);
      for (const source of service.index.backlinksOf(uri)) selected.add(source);
    }
  }
  return [...selected];
}

/** A positive whole number from the environment, or the default when it is absent or not one. */
function thresholdFrom(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`event-entries: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 2;
});
