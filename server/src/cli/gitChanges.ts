/**
 * Files changed since a git revision. git runs with every hook-like setting that could execute code
 * from the repository switched off (fsmonitor, external diff, textconv).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** Absolute paths of files changed (added, modified, deleted, renamed) since `revision`, plus untracked files. */
export function changedFiles(folder: string, revision: string): string[] {
  const git = (args: string[]): string =>
    execFileSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: folder, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const top = git(['rev-parse', '--show-toplevel']).trim();
  const diff = git(['diff', '--name-only', '--no-ext-diff', '--no-textconv', '--no-renames', '-z', '--end-of-options', revision, '--']);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z']);
  const names = new Set([...diff.split('\0'), ...untracked.split('\0').map((name) => path.relative(top, path.join(folder, name)))].filter(Boolean));
  return [...names].map((name) => path.join(top, name));
}
