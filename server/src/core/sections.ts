/** The fixed words of the entry format: section headings, the cover-image marker, the context label. */
import type { SectionHeading } from './model';

/** Heading text of the sources section. */
export const SOURCE_HEADING = 'Source:';
/** Heading text of the related-events section. */
export const RELATED_HEADING = 'Related:';
/** Link text that marks the entry's picture rather than a source. */
export const COVER_IMAGE_TEXT = 'Cover Image';
/** Label that opens the tag list of a related item. */
export const CONTEXT_LABEL = 'Context:';

/** Classifies a heading by depth and text; date lines are recognised by the parser, which knows the position. */
export function headingKindOf(depth: number, text: string): SectionHeading['kind'] {
  if (depth === 1) return 'headline';
  if (depth !== 3) return 'unknown';
  const trimmed = text.trim();
  if (trimmed === SOURCE_HEADING) return 'source';
  if (trimmed === RELATED_HEADING) return 'related';
  return 'unknown';
}
