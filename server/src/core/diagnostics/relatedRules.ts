/** Rules on the `### Related:` section: targets, titles, contexts and tags. */
import { isCalendarDate, isDayPage, parseEntryPath } from '../format';
import type { RelatedItem } from '../model';
import type { EntryProblem, Rule, RuleContext } from './problem';

const LOOSE_DATED_PATH = /^\/news\/(\d{4})\/(\d{2})\/(\d{1,2})\//;

/** Checks every related item; a context tag is checked for likely typos in large enough workspaces. */
export const relatedRules: Rule = (context, report) => {
  const seen = new Map<string, number>();
  context.entry.related?.items.forEach((item, position) => {
    checkItem(context, item, position, seen, report);
  });
};

function checkItem(
  context: RuleContext, item: RelatedItem, position: number, seen: Map<string, number>, report: (problem: EntryProblem) => void,
): void {
  const { uri, index } = context;
  if (!item.link) {
    report({ code: 'related.noLink', span: item.span, message: 'Related item has no link: write it as [Headline](/news/YYYY/MM/D/slug.md).', data: {} });
  } else {
    const target = item.link.target.trim();
    const span = item.link.targetSpan;
    const resolved = targetProblem(target, (problem) => report({ ...problem, span })) ? undefined : index.resolveLink(uri, target);
    if (resolved !== undefined) {
      const first = seen.get(resolved);
      if (resolved === uri) {
        report({ code: 'related.self', span, message: 'The entry links to itself.', data: { target } });
      } else if (first !== undefined) {
        report({ code: 'related.duplicate', span, message: `Duplicate related link (also item ${first + 1}).`, data: { target, firstItem: first + 1 } });
      } else {
        // One lookup says both whether the target exists and what it is called (every link of the archive asks).
        const headline = index.headlineOf(resolved);
        if (headline === undefined) {
          report({ code: 'related.dangling', span, message: `Related link target not found in the workspace: ${target}`, data: { target } });
        } else if (headline && item.link.title.trim() !== headline) {
          report({
            code: 'related.staleTitle', span: item.link.titleSpan,
            message: `Link text differs from the target's headline: "${headline}".`, data: { headline, target },
          });
        }
      }
      seen.set(resolved, seen.get(resolved) ?? position);
    }
  }
  if (!item.context) {
    const end = item.link ? item.span.end : item.span.start;
    report({ code: 'related.missingContext', span: { start: item.span.start, end }, message: 'Related item has no "_Context: …_" tags.', data: { target: item.link?.target.trim() ?? '' } });
  } else {
    checkTags(context, item, report);
  }
}

/** Reports a malformed target; true when there was one, so that it is not resolved. */
function targetProblem(target: string, report: (problem: Omit<EntryProblem, 'span'>) => void): boolean {
  if (isDayPage(target)) {
    report({ code: 'related.badTarget', message: `Related link points to a day page, not an entry: ${target}`, data: { target, reason: 'dayPage' } });
    return true;
  }
  const parts = parseEntryPath(target);
  const loose = parts ? undefined : LOOSE_DATED_PATH.exec(target);
  const date = parts ?? (loose ? { year: Number(loose[1]), month: Number(loose[2]), day: Number(loose[3]) } : undefined);
  if (date && !isCalendarDate(date)) {
    report({ code: 'related.impossibleDate', message: `Related link path encodes an impossible date: ${target}`, data: { target } });
    return true;
  }
  if (!parts) {
    report({ code: 'related.badTarget', message: `Related link target is not of the form /news/YYYY/MM/D/slug.md: ${target}`, data: { target, reason: 'form' } });
    return true;
  }
  return false;
}

function checkTags(context: RuleContext, item: RelatedItem, report: (problem: EntryProblem) => void): void {
  const { index, config, typos } = context;
  if (index.size < config.typoMinEntries) return;
  for (const tag of item.context?.tags ?? []) {
    if (index.tagCount(tag.name) > 1) continue;
    const suggestion = typos.suggest(tag.name);
    if (!suggestion) continue;
    report({
      code: 'context.likelyTypo', span: tag.span,
      message: `Context tag "${tag.name}" occurs only here; did you mean "${suggestion.tag}" (used ${suggestion.count} times)?`,
      data: { tag: tag.name, suggestion: suggestion.tag },
    });
  }
}
