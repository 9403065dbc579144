/** Rules on the `### Source:` section. */
import { firstLineSpan, type Rule } from './problem';

/** Checks that sources exist and that each is one absolute http(s) link, listed once. */
export const sourceRules: Rule = ({ text, entry }, report) => {
  const sources = entry.sources;
  if (!sources) {
    report({
      code: 'source.missing', span: entry.headlines[0]?.span ?? entry.dateLine?.span ?? firstLineSpan(text),
      message: 'No sources: add a "### Source:" section with at least one link.', data: {},
    });
    return;
  }
  if (sources.items.length === 0) {
    report({ code: 'source.empty', span: sources.headingSpan, message: 'The Source section has no items.', data: {} });
    return;
  }
  const seen = new Map<string, number>();
  let realSources = 0;
  sources.items.forEach((item, position) => {
    if (!item.link) {
      report({ code: 'source.noLink', span: item.span, message: 'Source item has no link: write it as [Publisher](https://…).', data: {} });
      return;
    }
    if (!item.isCoverImage) realSources++;
    const url = item.link.url.trim();
    if (!isAbsoluteHttpUrl(url)) {
      report({ code: 'source.invalidUrl', span: item.link.urlSpan, message: `Source URL is not an absolute http(s) URL: "${url}".`, data: { url } });
      return;
    }
    const first = seen.get(url);
    if (first !== undefined) {
      report({ code: 'source.duplicateUrl', span: item.link.urlSpan, message: `Duplicate source URL (also item ${first + 1}): ${url}`, data: { url, firstItem: first + 1 } });
    } else {
      seen.set(url, position);
    }
  });
  if (realSources === 0 && sources.items.some((item) => item.isCoverImage)) {
    report({ code: 'source.onlyCoverImage', span: sources.headingSpan, message: 'The only source is the cover image: the entry has no source.', data: {} });
  }
};

/** True for `http://host…` or `https://host…` that the URL parser accepts. */
export function isAbsoluteHttpUrl(url: string): boolean {
  if (!/^https?:\/\/[^\s/?#]+/i.test(url) || /\s/.test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}
