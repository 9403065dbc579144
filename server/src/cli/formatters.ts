/** Writes check results as compiler-style text, JSON or SARIF 2.1.0. */
import { CATALOG, DIAGNOSTIC_SOURCE, type Severity } from '../core/diagnostics/catalog';
import type { OutputFormat } from './args';

/** One problem with 1-based positions and a path relative to the current folder. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

const SARIF_LEVELS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** The whole output for a list of problems. */
export function formatProblems(problems: readonly Problem[], format: OutputFormat, version: string): string {
  if (format === 'json') return `${JSON.stringify(problems, null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(sarif(problems, version), null, 2)}\n`;
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code} ${p.message}\n`).join('');
}

function sarif(problems: readonly Problem[], version: string): unknown {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: DIAGNOSTIC_SOURCE,
          version,
          rules: Object.entries(CATALOG).map(([id, rule]) => ({
            id, shortDescription: { text: rule.summary.replace(/`/g, '') }, defaultConfiguration: { level: SARIF_LEVELS[rule.severity] },
          })),
        },
      },
      results: problems.map((p) => ({
        ruleId: p.code,
        level: SARIF_LEVELS[p.severity],
        message: { text: p.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: p.file.split('\\').join('/') },
            region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
          },
        }],
      })),
    }],
  };
}
