/** Command-line arguments of `event-entries check`. */

/** Output formats the CLI writes. */
export type OutputFormat = 'text' | 'json' | 'sarif';

/** Parsed arguments. */
export interface CheckArgs {
  readonly folders: readonly string[];
  readonly format: OutputFormat;
  /** A git revision: check only entries changed since it, plus the entries that link to them. */
  readonly changed?: string;
}

/** The usage text. */
export const USAGE = `Usage: event-entries check [folder…] [--format text|json|sarif] [--changed <git-revision>]

Checks every event entry under the folders (default: the current folder) and prints its problems.
  --format text    path:line:col: severity code message (default)
  --format json    one JSON array of problems
  --format sarif   SARIF 2.1.0, for code-scanning tools
  --changed REV    only entries changed since REV (git), plus the entries that link to them
Exit code: 0 no errors, 1 errors found, 2 bad usage or unreadable folder.`;

/** Parses argv (without `node` and the script); throws an Error with a message on bad usage. */
export function parseArgs(argv: readonly string[]): CheckArgs | 'help' {
  const rest = [...argv];
  if (rest[0] === '--help' || rest[0] === '-h' || rest.length === 0) return 'help';
  if (rest.shift() !== 'check') throw new Error(`Unknown command. ${USAGE}`);
  const folders: string[] = [];
  let format: OutputFormat = 'text';
  let changed: string | undefined;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--format') {
      const value = rest.shift();
      if (value !== 'text' && value !== 'json' && value !== 'sarif') throw new Error(`--format takes text, json or sarif, not ${value ?? 'nothing'}.`);
      format = value;
    } else if (arg.startsWith('--format=')) {
      rest.unshift('--format', arg.slice('--format='.length));
    } else if (arg === '--changed') {
      changed = rest.shift();
      if (!changed) throw new Error('--changed takes a git revision, e.g. --changed origin/main.');
    } else if (arg.startsWith('--')) {
      throw new Error(`Unknown option ${arg}.\n${USAGE}`);
    } else {
      folders.push(arg);
    }
  }
  return { folders: folders.length ? folders : ['.'], format, changed };
}
