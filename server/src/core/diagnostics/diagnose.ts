/** Runs every rule on one entry and applies the configured severities. */
import { isDayPage } from '../format';
import { severityOf, type Severity } from './catalog';
import { dateRules } from './dateRules';
import type { EntryProblem, Rule, RuleContext } from './problem';
import { relatedRules } from './relatedRules';
import { sourceRules } from './sourceRules';
import { structureRules } from './structureRules';

/** A problem with its effective severity. */
export interface EntryDiagnostic extends EntryProblem {
  readonly severity: Severity;
}

const RULES: readonly Rule[] = [dateRules, structureRules, sourceRules, relatedRules];

/** All problems of an entry, in document order, without the codes the user turned off. Day pages have none. */
export function diagnoseEntry(context: RuleContext): EntryDiagnostic[] {
  if (isDayPage(context.uri)) return [];
  const found: EntryProblem[] = [];
  for (const rule of RULES) rule(context, (problem) => found.push(problem));
  return withSeverities(found, context.config.severity).sort((a, b) => a.span.start - b.span.start);
}

/** Applies severity overrides, dropping the codes set to `off`. */
export function withSeverities(problems: readonly EntryProblem[], overrides: RuleContext['config']['severity']): EntryDiagnostic[] {
  const out: EntryDiagnostic[] = [];
  for (const problem of problems) {
    const severity = severityOf(problem.code, overrides);
    if (severity !== 'off') out.push({ ...problem, severity });
  }
  return out;
}
