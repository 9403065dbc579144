/**
 * The diagnostics catalog: every code the server reports, its default severity and what it means.
 * A test checks that README's catalog table lists every code with its default severity.
 */

/** How serious a problem is; `off` hides it. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';
/** A severity, or `off` to hide the code. */
export type SeveritySetting = Severity | 'off';

/** One catalog row. */
export interface CatalogEntry {
  readonly severity: Severity;
  /** What the diagnostic means, for the README and the hover of the code. */
  readonly summary: string;
}

/** Every diagnostic code, with its default severity. */
export const CATALOG = {
  'date.missing': { severity: 'error', summary: 'No date line `### [YYYY-MM-DD](/news/YYYY/MM/D/index.md)` before the headline.' },
  'date.malformed': { severity: 'error', summary: 'The date text is not `YYYY-MM-DD`.' },
  'date.impossible': { severity: 'error', summary: 'The date is not a calendar date (2016-02-30, 2016-13-01).' },
  'date.noDayLink': { severity: 'warning', summary: 'The date line is not a link to its day page.' },
  'date.dayLinkMismatch': { severity: 'warning', summary: 'The date line links to another page than the day page of its date.' },
  'date.folderMismatch': { severity: 'error', summary: 'The date disagrees with the `news/YYYY/MM/D/` folder the file is in.' },
  'date.future': { severity: 'warning', summary: 'The date lies after today.' },
  'source.missing': { severity: 'warning', summary: 'No `### Source:` section.' },
  'source.empty': { severity: 'warning', summary: 'The `### Source:` section has no items.' },
  'source.noLink': { severity: 'warning', summary: 'A source item holds no link.' },
  'source.invalidUrl': { severity: 'error', summary: 'A source URL is not an absolute http(s) URL.' },
  'source.onlyCoverImage': { severity: 'warning', summary: 'The only source item is the cover image, so the entry has no source.' },
  'source.duplicateUrl': { severity: 'warning', summary: 'The same URL is listed twice under Source.' },
  'related.dangling': { severity: 'error', summary: 'A related link points to no entry of the workspace.' },
  'related.badTarget': { severity: 'error', summary: 'A related link target is not of the form `/news/YYYY/MM/D/slug.md` (or is a day page).' },
  'related.impossibleDate': { severity: 'error', summary: 'A related link path encodes an impossible date.' },
  'related.noLink': { severity: 'warning', summary: 'A related item holds no link.' },
  'related.staleTitle': { severity: 'warning', summary: "The link text differs from the target's current headline." },
  'related.missingContext': { severity: 'warning', summary: 'A related item has no `_Context: …_` tags.' },
  'related.duplicate': { severity: 'warning', summary: 'The same entry is linked twice under Related.' },
  'related.self': { severity: 'warning', summary: 'The entry links to itself.' },
  'context.likelyTypo': { severity: 'warning', summary: 'A context tag used only once in the workspace while a close spelling is common.' },
  'headline.missing': { severity: 'error', summary: 'No level-1 headline.' },
  'headline.multiple': { severity: 'error', summary: 'More than one level-1 headline.' },
  'structure.order': { severity: 'warning', summary: 'Sections out of order (date line, headline, body, Source, Related).' },
  'structure.unknownSection': { severity: 'information', summary: 'A heading that is not part of the entry format.' },
  'file.binary': { severity: 'error', summary: 'The file holds NUL bytes: it is not a text entry.' },
  'file.tooLarge': { severity: 'warning', summary: 'The file is larger than `eventEntries.maxFileSize`; it was not parsed.' },
  'file.encoding': { severity: 'warning', summary: 'The file is not valid UTF-8; invalid bytes read as U+FFFD.' },
} as const satisfies Record<string, CatalogEntry>;

/** A diagnostic code of the catalog. */
export type DiagnosticCode = keyof typeof CATALOG;

/** The source name every diagnostic carries. */
export const DIAGNOSTIC_SOURCE = 'event-entries';

/** The severity a code has under the user's overrides. */
export function severityOf(code: DiagnosticCode, overrides: Readonly<Record<string, SeveritySetting>>): SeveritySetting {
  return overrides[code] ?? CATALOG[code].severity;
}

/** True when a string is a known code, for validating settings. */
export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(CATALOG, code);
}
