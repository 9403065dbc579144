/** Rules on the shape of the entry: one headline, sections in order, no unknown headings. */
import type { SectionHeading } from '../model';
import { firstLineSpan, type Rule } from './problem';

const RANK: Record<SectionHeading['kind'], number | undefined> = { date: 0, headline: 1, source: 2, related: 3, unknown: undefined };
const EXPECTED_ORDER = 'date line, headline, body, Source, Related';

/** Checks headlines, section order and unknown section headings. */
export const structureRules: Rule = ({ text, entry }, report) => {
  if (entry.headlines.length === 0) {
    report({ code: 'headline.missing', span: entry.dateLine?.span ?? firstLineSpan(text), message: 'No headline: add one level-1 heading (# …).', data: {} });
  } else if (entry.headlines[0].text.trim() === '') {
    // A lone `#` is a heading without a headline: the index would record the entry with none.
    report({ code: 'headline.missing', span: entry.headlines[0].span, message: 'The headline is empty: write the event as one sentence after "# ".', data: { empty: true } });
  }
  for (const extra of entry.headlines.slice(1)) {
    report({ code: 'headline.multiple', span: extra.span, message: 'More than one headline: an entry has exactly one level-1 heading.', data: {} });
  }
  let highest = -1;
  for (const heading of entry.headings) {
    const rank = RANK[heading.kind];
    if (rank === undefined) {
      report({
        code: 'structure.unknownSection', span: heading.span,
        message: `Unknown section "${heading.text.trim()}": entries have only "### Source:" and "### Related:".`, data: { text: heading.text.trim() },
      });
    } else if (rank < highest) {
      report({ code: 'structure.order', span: heading.span, message: `Section out of order: expected ${EXPECTED_ORDER}.`, data: { kind: heading.kind } });
    } else {
      highest = rank;
    }
  }
};
