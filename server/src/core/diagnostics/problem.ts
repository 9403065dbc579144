/** What a rule reports, before severity is applied and before spans become LSP ranges. */
import type { CalendarDate } from '../format';
import type { EntriesConfig } from '../config';
import type { EventEntry, Span } from '../model';
import type { DiagnosticCode } from './catalog';
import type { DiagnosticIndex } from './diagnosticIndex';
import type { TypoFinder } from './typoFinder';

/** One problem found in an entry; `data` is what the matching code action reads. */
export interface EntryProblem {
  readonly code: DiagnosticCode;
  readonly span: Span;
  readonly message: string;
  readonly data: Readonly<Record<string, string | number | boolean>>;
}

/** Everything a rule may look at. */
export interface RuleContext {
  readonly uri: string;
  readonly text: string;
  readonly entry: EventEntry;
  readonly index: DiagnosticIndex;
  readonly today: CalendarDate;
  readonly config: EntriesConfig;
  readonly typos: TypoFinder;
}

/** A rule: reads the context, reports problems. */
export type Rule = (context: RuleContext, report: (problem: EntryProblem) => void) => void;

/** The span of the first line (after a BOM, before an LF, CRLF or lone CR), where whole-file problems are shown. */
export function firstLineSpan(text: string): Span {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.slice(start).search(/[\r\n]/);
  return { start, end: end < 0 ? text.length : start + end };
}
