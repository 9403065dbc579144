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
import { DEFAULT_CONFIG } from './core/config';
import { EntriesService } from './core/service';
import { LineIndex } from './core/textLines';
import { checkWorkspace } from './core/workspaceCheck';
import { NEVER_CANCELLED, type Logger } from './core/workspace';
import { NodeFileSystem } from './lsp/nodeFileSystem';
import { WorkerLoader } from './node/workerLoader';

const VERSION = '0.1.0';

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
  const bulkLoader = new WorkerLoader(path.join(__dirname, 'index-worker.js'), () => folderUris);
  const service = new EntriesService({ fs, logger, bulkLoader });
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
  const problems: Problem[] = [];
  const cwd = process.cwd();
  const { files } = await checkWorkspace(service, NEVER_CANCELLED, (report) => {
    const lines = report.text === undefined ? undefined : new LineIndex(report.text);
    const file = path.relative(cwd, URI.parse(report.uri).fsPath) || '.';
    for (const d of report.diagnostics) {
      const start = lines?.positionAt(d.span.start) ?? { line: 0, character: 0 };
      const end = lines?.positionAt(d.span.end) ?? start;
      problems.push({ file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: d.severity, code: d.code, message: d.message });
    }
  }, targets);
  process.stdout.write(formatProblems(problems, args.format, VERSION));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  process.stderr.write(`event-entries: ${files} file${files === 1 ? '' : 's'} checked (${entries} entries indexed), ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${problems.length - errors - warnings} other, in ${Date.now() - started} ms\n`);
  return errors > 0 ? 1 : 0;
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
