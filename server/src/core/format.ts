/**
 * The rules of the entry format in one place: slugs, day pages, dates and entry paths.
 * See EVENT_FORMAT.md; every other module asks these functions instead of re-deriving them.
 */

/** A calendar date, month and day counted from 1. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The parts of a root-relative entry path `/news/YYYY/MM/D/slug.md`. */
export interface EntryPathParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly slug: string;
}

const SLUG_SOURCE_LENGTH = 140;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The day is not zero-padded. */
const ENTRY_PATH = /^\/news\/(\d{4})\/(\d{2})\/([1-9]\d?)\/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const DAY_FOLDER = /\/news\/(\d{4})\/(\d{2})\/(\d{1,2})\/[^/]+$/;

/** The slug a new entry gets from its headline: first 140 characters, lowercased, non-alphanumeric runs to `-`. */
export function slugFromHeadline(headline: string): string {
  return headline
    .slice(0, SLUG_SOURCE_LENGTH)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** True when the numbers form a real calendar date (leap years included). */
export function isCalendarDate(date: CalendarDate): boolean {
  if (date.month < 1 || date.month > 12 || date.day < 1) return false;
  return date.day <= daysInMonth(date.year, date.month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Milliseconds of a day's UTC midnight; unlike Date.UTC, it does not read years 0–99 as 1900–1999. */
function utcMidnight(date: CalendarDate): number {
  const moment = new Date(0);
  moment.setUTCFullYear(date.year, date.month - 1, date.day);
  return moment.getTime();
}

/** Reads `YYYY-MM-DD`: `malformed` when the shape is wrong, `impossible` when no such day exists. */
export function parseIsoDate(text: string): CalendarDate | 'malformed' | 'impossible' {
  const match = ISO_DATE.exec(text);
  if (!match) return 'malformed';
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isCalendarDate(date) ? date : 'impossible';
}

/** The date of a `YYYY-MM-DD` text, or undefined when it is none. */
export function dateOfIso(text: string | undefined): CalendarDate | undefined {
  const parsed = text ? parseIsoDate(text) : undefined;
  return typeof parsed === 'object' ? parsed : undefined;
}

/** A headline as link text: brackets and backslashes escaped, so that the link stays one link. */
export function asLinkText(headline: string): string {
  return headline.replace(/[\\[\]]/g, (char) => `\\${char}`);
}

/** `YYYY-MM-DD` of a date. */
export function formatIsoDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** The root-relative folder of a day: month padded, day not (`/news/2016/08/5/`). */
export function dayFolder(date: CalendarDate): string {
  return `/news/${pad(date.year, 4)}/${pad(date.month, 2)}/${date.day}/`;
}

/** The root-relative day page of a date, e.g. `/news/2016/07/11/index.md`. */
export function dayPagePath(date: CalendarDate): string {
  return `${dayFolder(date)}index.md`;
}

/** The root-relative path a new entry of that date and headline gets. */
export function entryPathFor(date: CalendarDate, headline: string): string {
  return `${dayFolder(date)}${slugFromHeadline(headline)}.md`;
}

/** Parts of a well-formed entry path, or undefined when the path is not of the form `/news/YYYY/MM/D/slug.md`. */
export function parseEntryPath(path: string): EntryPathParts | undefined {
  const match = ENTRY_PATH.exec(path);
  return match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), slug: match[4] } : undefined;
}

/** True when `parseEntryPath` reads the path, without reading out its parts. */
export function isEntryPath(path: string): boolean {
  return ENTRY_PATH.test(path);
}

/**
 * The date of a path that `isEntryPath` accepts, as `parseEntryPath` reads it, from the digits where they stand
 * (`/news/YYYY/MM/D/…`): the CLI's clean proofs ask for each of an archive's million link targets.
 */
export function entryPathDate(path: string): CalendarDate {
  const dayEnd = path.charCodeAt(15) === SLASH ? 15 : 16;
  return { year: digitsOf(path, 6, 10), month: digitsOf(path, 11, 13), day: digitsOf(path, 14, dayEnd) };
}

const SLASH = 0x2f;

function digitsOf(text: string, start: number, end: number): number {
  let value = 0;
  for (let at = start; at < end; at++) value = value * 10 + text.charCodeAt(at) - 0x30;
  return value;
}

/** The date encoded by the folder of a file path (any prefix before `/news/`), if the folder names one. */
export function folderDateOf(path: string): CalendarDate | undefined {
  const match = DAY_FOLDER.exec(path);
  if (!match || match[3].startsWith('0')) return undefined;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** True for a day page (`index.md`), which is not an entry. */
export function isDayPage(path: string): boolean {
  return /(^|\/)index\.md$/i.test(path);
}

/** A date as a number of days since 1970-01-01, for comparing many dates without objects. */
export function epochDay(date: CalendarDate): number {
  return Math.round(utcMidnight(date) / 86_400_000);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((utcMidnight(b) - utcMidnight(a)) / 86_400_000);
}

/** The date `days` days after (or before, when negative) a date. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const moved = new Date(utcMidnight(date) + days * 86_400_000);
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** Compares two dates like a sort function. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The calendar date of a JavaScript Date in local time. */
export function calendarDateOf(now: Date): CalendarDate {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
