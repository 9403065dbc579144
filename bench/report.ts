/**
 * How `npm run bench` reports: one run as a table of measures against the targets, several runs
 * as each measure's range and median with how many runs met its target (the machine is shared and
 * noisy, so one run proves little).
 */

/** One run's measures by name. */
export type RunResults = Record<string, number | string>;

/** The targets at 100,000 entries, by measure: the largest value that meets each. */
export const TARGETS: Readonly<Record<string, number>> = {
  coldRatio: 1.7, warmReadyMs: 500, warmVerifiedRatio: 1, tagCompletionP99Ms: 10, eventCompletionP99Ms: 10,
  hoverP99Ms: 5, diagnosticsAfterEditP99Ms: 10, peakRssMb: 400, peakRssWarmMb: 400, cliRatio: 3,
};

/** A measure over several runs. */
export interface MeasureSummary {
  readonly min: number;
  /** The middle value (the lower of the two middle ones for an even number of runs). */
  readonly median: number;
  readonly max: number;
  /** Runs whose value met the measure's target, when it has one. */
  readonly met?: number;
}

/** Each numeric measure's range, median and runs that met its target. */
export function summarize(runs: readonly RunResults[]): Record<string, MeasureSummary> {
  const summary: Record<string, MeasureSummary> = {};
  for (const key of Object.keys(runs[0] ?? {})) {
    const values = runs.map((run) => run[key]).filter((value): value is number => typeof value === 'number');
    if (values.length !== runs.length) continue;
    const sorted = [...values].sort((a, b) => a - b);
    const target = TARGETS[key];
    summary[key] = {
      min: sorted[0],
      median: sorted[Math.floor((sorted.length - 1) / 2)],
      max: sorted[sorted.length - 1],
      ...(target === undefined ? {} : { met: values.filter((value) => value <= target).length }),
    };
  }
  return summary;
}

/** One run's table: measure, value, target. */
export function runTable(results: RunResults): string {
  return table(['measure', 'value', 'target'], Object.entries(results).map(([key, value]) => [key, String(value), targetText(key)]));
}

/** Several runs' table: measure, min, median, max, target, runs that met it. */
export function summaryTable(summary: Record<string, MeasureSummary>, runs: number): string {
  return table(['measure', 'min', 'median', 'max', 'target', 'met'], Object.entries(summary).map(([key, { min, median, max, met }]) => [
    key, String(min), String(median), String(max), targetText(key), met === undefined ? '' : `${met}/${runs}`,
  ]));
}

function targetText(key: string): string {
  return TARGETS[key] === undefined ? '' : `≤ ${TARGETS[key]}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
