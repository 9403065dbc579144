/**
 * Proofs that files are clean, so that a whole-workspace check (the CLI) diagnoses only the others instead
 * of reading every file a second time. While an index worker scans a file, `ProofWriter` checks what the
 * rules read of that file alone (date line, headline, sections, sources, the form of each related target).
 * What they read of other files it writes down: each target's position in the load, a fingerprint of each
 * link text and of the file's own headline. Once the whole workspace is loaded, `CleanProofs` checks those
 * against every file's record (targets exist and are not the file itself or repeated, link texts match the
 * headlines, tags are used more than once; `cleanProofs.ts`). A proof may fail for a clean file, which is then
 * diagnosed; it never holds for a file with a problem, which a differential test against `diagnoseEntry` holds it to.
 *
 * Link texts are compared by a 64-bit fingerprint (`continueBothHashes`, keyed for the load, of their UTF-8
 * bytes): a stale title goes unreported only when both hashes of a different text collide, about once
 * in 2^64 stale links, however the text was written.
 */
import { isAbsoluteHttpUrl } from './diagnostics/sourceRules';
import { compareDates, dayPagePath, entryPathDate, folderDateOf, isCalendarDate, isDayPage, parseIsoDate, type CalendarDate } from './format';
import { portableReader, trimmedEnd, trimmedStart } from './byteText';
import { continueBothHashes, FNV_OFFSET_BASIS } from './intern';
import type { SummaryScanner } from './summaryScanner';

/** Flags of a proof record: the file passed the rules that read it alone; it has no headline. */
export const CANDIDATE = 1;
export const EMPTY_HEADLINE = 2;
/** A proof record's header: the file's position, its headline's fingerprint, flags, link count. */
export const HEADER = 5;
/** Per link: target position, the link text's fingerprint. */
export const PER_LINK = 3;
/** The position of a target not listed when its file was read (a walk still under way): found by its URI once the load is complete. */
export const UNLISTED = -2;

/**
 * Writes a load job's proof records, one per index record and in the same order:
 * `position, headline fingerprint (2), flags, link count`, then per link `target position, title fingerprint (2)`.
 * Positions are those of the load's files, -1 for a file outside it.
 */
export class ProofWriter {
  private readonly numbers: number[] = [];
  private recordStart = -1;
  private readonly authorities = new Map<string, boolean>();
  private readonly hashes = new Int32Array(2);

  /**
   * @param today the day the date rules judge future dates by.
   * @param key the load's hash key (`randomHashKey`; every job of a load fingerprints with the same).
   */
  constructor(private readonly today: CalendarDate, private readonly key: number) {}

  /**
   * Starts the record of a file the scanner read; true when the file passes every rule that reads it alone,
   * so that its links are to be written with `link`.
   */
  scanned(scanner: SummaryScanner, uri: string, position: number): boolean {
    this.recordStart = this.numbers.length;
    this.numbers.push(position);
    const empty = scanner.headlineEnd <= scanner.headlineStart;
    this.fingerprintBytes(scanner.bytes, scanner.headlineStart, empty ? scanner.headlineStart : scanner.headlineEnd);
    const candidate = position >= 0 && this.passesFileRules(scanner, uri);
    this.numbers.push((candidate ? CANDIDATE : 0) | (empty ? EMPTY_HEADLINE : 0), 0);
    return candidate;
  }

  /**
   * Adds the scanner's link number `link` to the record being written: its `target` as written, resolved (an entry
   * path under an archive root) or not, at `position` in the load (-1 when it names no file of the load listed so
   * far: `CleanProofs` then looks for it in the whole load). False, and the record is no longer a candidate, when
   * the related rules would find fault with the target's form.
   */
  link(scanner: SummaryScanner, link: number, target: string, resolved: boolean, position: number): boolean {
    const { bytes, titles } = scanner;
    if (!resolved || isDayPage(target) || !isCalendarDate(entryPathDate(target))) {
      this.numbers.length = this.recordStart + HEADER;
      this.numbers[this.recordStart + 3] &= ~CANDIDATE;
      this.numbers[this.recordStart + 4] = 0;
      return false;
    }
    const titleStart = trimmedStart(bytes, titles[link * 2], titles[link * 2 + 1]);
    this.numbers.push(position < 0 ? UNLISTED : position);
    this.fingerprintBytes(bytes, titleStart, trimmedEnd(bytes, titleStart, titles[link * 2 + 1]));
    this.numbers[this.recordStart + 4]++;
    return true;
  }

  /** Adds the record of a file the scanner declined: its headline only, since it is diagnosed whatever it holds. */
  other(position: number, headline: string): void {
    this.numbers.push(position);
    this.fingerprint(headline);
    this.numbers.push(headline === '' ? EMPTY_HEADLINE : 0, 0);
  }

  /** The records written. */
  finish(): Int32Array<ArrayBuffer> {
    return Int32Array.from(this.numbers);
  }

  /** The date, structure and source rules, and whether every related item has a link and a closed context. */
  private passesFileRules(scanner: SummaryScanner, uri: string): boolean {
    return !isDayPage(uri) && this.passesDateRules(scanner, uri) && scanner.headlineCount === 1 && scanner.headlineEnd > scanner.headlineStart
      && !scanner.outOfOrder && scanner.relatedHeadings <= 1 && scanner.incompleteItems === 0 && passesSourceRules(scanner, this.authorities);
  }

  private passesDateRules(scanner: SummaryScanner, uri: string): boolean {
    const { bytes, dateStart, dateEnd, dateUrlStart, dateUrlEnd } = scanner;
    if (dateStart < 0) return false;
    const date = parseIsoDate(bytes.slice(dateStart, dateEnd));
    if (typeof date !== 'object') return false;
    const dayPage = dayPagePath(date);
    if (dateUrlEnd - dateUrlStart !== dayPage.length || !bytes.startsWith(dayPage, dateUrlStart)) return false;
    const folderDate = folderDateOf(uri);
    return (!folderDate || compareDates(folderDate, date) === 0) && compareDates(date, this.today) <= 0;
  }

  /** The fingerprint of a text: that of its UTF-8 bytes, as `fingerprintBytes` takes them from a byte string. */
  private fingerprint(text: string): void {
    const bytes = portableReader.latin1(new TextEncoder().encode(text));
    this.fingerprintBytes(bytes, 0, bytes.length);
  }

  /** The two hashes of `[start, end)` of a byte string: hashing bytes where they stand spares decoding a million link texts. */
  private fingerprintBytes(bytes: string, start: number, end: number): void {
    const { hashes } = this;
    hashes[0] = FNV_OFFSET_BASIS;
    hashes[1] = this.key;
    continueBothHashes(hashes, bytes, start, end);
    this.numbers.push(hashes[0], hashes[1]);
  }
}

/**
 * One Source section whose items are all links to distinct absolute http(s) URLs, not all of them the cover image.
 * `authorities` remembers whether each `scheme://authority` makes a valid URL.
 */
function passesSourceRules(scanner: SummaryScanner, authorities: Map<string, boolean>): boolean {
  const { bytes, sourceUrls } = scanner;
  const items = sourceUrls.length / 2;
  if (scanner.sourceHeadings !== 1 || items === 0 || scanner.coverItems === items) return false;
  const urls: string[] = [];
  for (let at = 0; at < sourceUrls.length; at += 2) {
    // Destinations the scanner reads are ASCII without white space or backslashes: the byte string is the URL.
    const url = bytes.slice(sourceUrls[at], sourceUrls[at + 1]);
    if (urls.includes(url) || !isValidHttpUrl(url, authorities)) return false;
    urls.push(url);
  }
  return true;
}

/** Where the authority of a URL starts and ends: after `http(s)://`, up to the path, query or fragment. */
const AUTHORITY = /^https?:\/\/[^/?#]*/i;

/**
 * `isAbsoluteHttpUrl` of a URL without white space or backslashes, by its `scheme://authority` part: the URL
 * parser fails only on the scheme, the host or the port, never on a path, query or fragment, so that the part
 * followed by `/` is valid exactly when the whole URL is. Sources name a few hundred sites a thousand times.
 */
function isValidHttpUrl(url: string, authorities: Map<string, boolean>): boolean {
  const authority = AUTHORITY.exec(url)?.[0];
  if (authority === undefined) return false;
  let valid = authorities.get(authority);
  if (valid === undefined) {
    valid = isAbsoluteHttpUrl(`${authority}/`);
    authorities.set(authority, valid);
  }
  return valid;
}
