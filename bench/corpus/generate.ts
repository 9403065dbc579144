/**
 * Deterministic synthetic corpus of event entries for benchmarks and differential tests.
 *
 * Two passes keep it linear and light: `plan` fixes every entry's date, story, tags,
 * headline and path in compact arrays; rendering then writes one entry at a time, so
 * related links can point at any entry (earlier or later) by its real path and headline.
 * Entries belong to "stories" (a topic running for a while, e.g. the war against ISIL):
 * related links mostly stay inside the story, the rest go to entries sharing its hub tag.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chance, deriveSeed, mulberry32, randomInt, ZipfSampler, type Random } from './prng';
import { bodySentence, headline, pad2, sourceItems, type TextContext } from './text';
import { buildVocabulary, HUB_TAGS, TYPO_MISSPELLING, TYPO_TAG } from './vocabulary';

/** What to generate. The same options always give the same files, byte for byte. */
export interface CorpusOptions {
  /** Number of entries (day pages are not generated). */
  readonly entries: number;
  readonly seed: number;
  /** First year of the archive; it always runs to the end of {@link END_YEAR}. Default 1995. */
  readonly startYear?: number;
  /** Plant the faults listed by {@link plantedFaults}; needs at least {@link MIN_ENTRIES_WITH_FAULTS} entries. */
  readonly faults?: boolean;
}

/** One generated file: `path` is relative and posix, e.g. `news/2016/07/11/<slug>.md`. */
export interface CorpusFile {
  readonly path: string;
  readonly text: string;
}

/** The diagnostic codes of the faults the generator can plant. */
export type FaultCode =
  | 'related.dangling'
  | 'date.impossible'
  | 'source.missing'
  | 'related.staleTitle'
  | 'context.likelyTypo'
  | 'date.folderMismatch';

/** A planted fault: the entry that holds it and the diagnostic code that should report it. */
export interface PlantedFault {
  readonly path: string;
  readonly code: FaultCode;
}

/** Last year of every corpus. */
export const END_YEAR = 2025;
/** Related items per entry (fewer only when the corpus has fewer than eleven entries). */
export const RELATED_PER_ENTRY = 10;
/** Below this size a planted typo could not be told from a rare tag, so faults are refused. */
export const MIN_ENTRIES_WITH_FAULTS = 100;

/** Fault codes in planting order; the k-th is planted near entry `k/7` of the corpus. */
const FAULT_CODES: readonly FaultCode[] = [
  'related.dangling', 'date.impossible', 'source.missing', 'related.staleTitle', 'context.likelyTypo', 'date.folderMismatch',
];
const MAX_TAGS_PER_ENTRY = 8;
const DAY_MS = 86_400_000;
/** Stories running at the same time; with ~15 entries a day a story of 40 entries spans about two years. */
const MAX_ACTIVE_STORIES = 300;
const MEAN_STORY_SIZE = 40;

/** Tag names sorted by name, and each popularity rank's index in that order; built once per process. */
let vocabulary: { readonly names: readonly string[]; readonly rankToName: Int32Array } | undefined;

function sortedVocabulary(): { readonly names: readonly string[]; readonly rankToName: Int32Array } {
  if (!vocabulary) {
    const byRank = buildVocabulary();
    const order = byRank.map((_tag, rank) => rank).sort((a, b) => (byRank[a] < byRank[b] ? -1 : 1));
    const rankToName = new Int32Array(byRank.length);
    order.forEach((rank, nameIndex) => (rankToName[rank] = nameIndex));
    vocabulary = { names: order.map((rank) => byRank[rank]), rankToName };
  }
  return vocabulary;
}

/** Everything decided before rendering; arrays are indexed by entry, in date order. */
interface Plan {
  readonly entries: number;
  readonly tagNames: readonly string[];
  /** Index into the day arrays below. */
  readonly dayOf: Int32Array;
  readonly dayYear: Int32Array;
  readonly dayMonth: Int32Array;
  readonly dayDate: Int32Array;
  /** `news/YYYY/MM/D/` of each day. */
  readonly dayFolder: readonly string[];
  readonly headlines: readonly string[];
  /** Relative path of each entry, `news/YYYY/MM/D/slug.md`; kept whole because every entry is linked ten times. */
  readonly paths: readonly string[];
  readonly hubOf: Int32Array;
  /** CSR lists: entries of each story, entries of each hub, tag ids (name order, sorted) of each entry. */
  readonly storyOf: Int32Array;
  readonly storyStart: Int32Array;
  readonly storyMembers: Int32Array;
  readonly hubStart: Int32Array;
  readonly hubMembers: Int32Array;
  readonly tagStart: Int32Array;
  readonly tags: Int32Array;
  /** 0, or 1 + index into FAULT_CODES. */
  readonly faultOf: Uint8Array;
}

/** The slug rule of EVENT_FORMAT.md: first 140 characters, lowercased, non-`[a-z0-9]` runs to `-`, trimmed. */
export function slugOf(headlineText: string): string {
  return headlineText.slice(0, 140).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

function validate(options: CorpusOptions): number {
  const startYear = options.startYear ?? 1995;
  if (!Number.isInteger(options.entries) || options.entries < 0) throw new RangeError('entries must be a whole number');
  if (!Number.isInteger(options.seed)) throw new RangeError('seed must be an integer');
  if (!Number.isInteger(startYear) || startYear < 1900 || startYear > END_YEAR) {
    throw new RangeError(`startYear must be between 1900 and ${END_YEAR}`);
  }
  if (options.faults && options.entries < MIN_ENTRIES_WITH_FAULTS) {
    throw new RangeError(`faults need at least ${MIN_ENTRIES_WITH_FAULTS} entries`);
  }
  return startYear;
}

/** Turns per-key counts into CSR starts and fills members in entry order. */
function bucket(keys: Int32Array, keyCount: number): { start: Int32Array; members: Int32Array } {
  const start = new Int32Array(keyCount + 1);
  for (const key of keys) start[key + 1]++;
  for (let k = 0; k < keyCount; k++) start[k + 1] += start[k];
  const fill = start.slice(0, keyCount);
  const members = new Int32Array(keys.length);
  keys.forEach((key, entry) => (members[fill[key]++] = entry));
  return { start, members };
}

function plan(options: CorpusOptions): Plan {
  const startYear = validate(options);
  const n = options.entries;
  const random = mulberry32(deriveSeed(options.seed, 1));
  const { names, rankToName } = sortedVocabulary();

  // Days: 10–20 entries on each active day, active days spread evenly at random over the years.
  const firstDay = Date.UTC(startYear, 0, 1) / DAY_MS;
  const dayCount = Date.UTC(END_YEAR, 11, 31) / DAY_MS - firstDay + 1;
  let perDay: number[] = [];
  for (let placed = 0; placed < n; ) {
    const c = Math.min(randomInt(random, 10, 20), n - placed);
    perDay.push(c);
    placed += c;
  }
  if (perDay.length > dayCount) {
    // More than 20 a day on average: use every day, evenly.
    perDay = Array.from({ length: dayCount }, (_v, d) => Math.floor((n * (d + 1)) / dayCount) - Math.floor((n * d) / dayCount));
  }
  const active = perDay.length;
  const dayYear = new Int32Array(active);
  const dayMonth = new Int32Array(active);
  const dayDate = new Int32Array(active);
  const dayFolder: string[] = [];
  // Selection sampling (Knuth's algorithm S): `active` of `dayCount` days, in order, in one pass.
  for (let d = 0, chosen = 0; chosen < active; d++) {
    if (random() * (dayCount - d) < active - chosen) {
      const date = new Date((firstDay + d) * DAY_MS);
      dayYear[chosen] = date.getUTCFullYear();
      dayMonth[chosen] = date.getUTCMonth() + 1;
      dayDate[chosen] = date.getUTCDate();
      dayFolder.push(`news/${dayYear[chosen]}/${pad2(dayMonth[chosen])}/${dayDate[chosen]}/`);
      chosen++;
    }
  }
  const dayOf = new Int32Array(n);
  for (let d = 0, i = 0; d < active; d++) for (let k = 0; k < perDay[d]; k++) dayOf[i++] = d;

  // Stories: a pool of running stories; an entry joins one at random, a full story is replaced by a new one.
  const hubs = Math.max(2, Math.min(HUB_TAGS.length, Math.floor(n / 60)));
  const hubSampler = new ZipfSampler(hubs, 1);
  const tagSampler = new ZipfSampler(names.length, 1);
  const storyHub: number[] = [];
  const storyTags: number[][] = [];
  const storyTerse: boolean[] = [];
  const newStory = (hub = hubSampler.sample(random)): number => {
    const tags = [hub];
    const wanted = randomInt(random, 3, MAX_TAGS_PER_ENTRY);
    for (let attempt = 0; tags.length < wanted && attempt < 50; attempt++) {
      const rank = tagSampler.sample(random);
      if (!tags.includes(rank)) tags.push(rank);
    }
    storyHub.push(hub);
    storyTags.push(tags);
    // Some stories are told in short wire headlines; their entries and links are small.
    storyTerse.push(chance(random, 0.3));
    return storyHub.length - 1;
  };
  // Heavy-tailed story sizes (Pareto-like, at least 12 so most related links stay in the story).
  const storySize = (): number => Math.min(3000, 12 + Math.floor(12 * (Math.pow(1 - random(), -0.7) - 1)));
  const poolSize = Math.max(1, Math.min(MAX_ACTIVE_STORIES, Math.ceil(n / MEAN_STORY_SIZE)));
  const slotStory = new Int32Array(poolSize);
  const slotLeft = new Int32Array(poolSize);
  // The first story is about Iraq, so that even a small corpus can hold the planted `Irak` typo.
  const typoHub = HUB_TAGS.indexOf(TYPO_TAG);
  for (let s = 0; s < poolSize; s++) {
    slotStory[s] = s === 0 ? newStory(typoHub) : newStory();
    slotLeft[s] = storySize();
  }
  const storyOf = new Int32Array(n);
  const hubOf = new Int32Array(n);
  const tagStart = new Int32Array(n + 1);
  const tags = new Int32Array(n * MAX_TAGS_PER_ENTRY);
  const headlines: string[] = new Array<string>(n);
  const paths: string[] = new Array<string>(n);
  let tagCount = 0;
  let daySlugs = new Set<string>();
  for (let i = 0; i < n; i++) {
    const slot = Math.floor(random() * poolSize);
    const story = slotStory[slot];
    if (--slotLeft[slot] === 0) {
      slotStory[slot] = newStory();
      slotLeft[slot] = storySize();
    }
    storyOf[i] = story;
    hubOf[i] = storyHub[story];
    // The hub and two more story tags always, the rest often: contexts then share 3+ tags within a story.
    const own = storyTags[story];
    const first = tagCount;
    for (let t = 0; t < own.length; t++) {
      if (t < 3 || chance(random, 0.7)) {
        // Insertion sort by name order: at most eight tags.
        let at = tagCount++;
        const id = rankToName[own[t]];
        while (at > first && tags[at - 1] > id) tags[at] = tags[--at];
        tags[at] = id;
      }
    }
    tagStart[i + 1] = tagCount;

    if (i > 0 && dayOf[i] !== dayOf[i - 1]) daySlugs = new Set();
    const d = dayOf[i];
    const ctx: TextContext = { country: HUB_TAGS[hubOf[i]], year: dayYear[d], month: dayMonth[d], day: dayDate[d] };
    // Paths must be unique and slugs must follow the rule, so a clash redraws the headline
    // (in the long form after a few tries: terse lines are few, however crowded the day).
    let text: string;
    let slug: string;
    let tries = 0;
    do {
      text = headline(random, ctx, storyTerse[story] && tries++ < 5);
      slug = slugOf(text);
    } while (daySlugs.has(slug));
    daySlugs.add(slug);
    headlines[i] = text;
    paths[i] = `${dayFolder[d]}${slug}.md`;
  }
  const stories = bucket(storyOf, storyHub.length);
  const hubLists = bucket(hubOf, hubs);

  const faultOf = new Uint8Array(n);
  if (options.faults) {
    FAULT_CODES.forEach((code, k) => {
      let at = Math.floor((n * (k + 1)) / (FAULT_CODES.length + 1));
      // The typo needs an entry whose links all share `Iraq`, i.e. one of an Iraq story.
      const fits = (e: number): boolean => faultOf[e] === 0 && (code !== 'context.likelyTypo' || hubOf[e] === typoHub);
      for (let tries = 0; !fits(at); tries++) {
        if (tries === n) throw new Error(`no entry can hold ${code}`);
        at = (at + 1) % n;
      }
      faultOf[at] = k + 1;
    });
  }

  return {
    entries: n, tagNames: names, dayOf, dayYear, dayMonth, dayDate, dayFolder, headlines, paths, hubOf, storyOf,
    storyStart: stories.start, storyMembers: stories.members, hubStart: hubLists.start, hubMembers: hubLists.members,
    tagStart, tags: tags.slice(0, tagCount), faultOf,
  };
}

function slugOfEntry(p: Plan, entry: number): string {
  return p.paths[entry].slice(p.dayFolder[p.dayOf[entry]].length, -'.md'.length);
}

/** Names of the tags two entries share, in name order (both tag lists are sorted). */
function sharedTags(p: Plan, a: number, b: number): string[] {
  const out: string[] = [];
  let i = p.tagStart[a];
  let j = p.tagStart[b];
  const iEnd = p.tagStart[a + 1];
  const jEnd = p.tagStart[b + 1];
  while (i < iEnd && j < jEnd) {
    if (p.tags[i] === p.tags[j]) {
      out.push(p.tagNames[p.tags[i]]);
      i++;
      j++;
    } else if (p.tags[i] < p.tags[j]) i++;
    else j++;
  }
  return out;
}

/** Picks the related entries: mostly from the entry's story, some from its hub, never itself or twice. */
function relatedOf(p: Plan, entry: number, random: Random): number[] {
  const want = Math.min(RELATED_PER_ENTRY, p.entries - 1);
  const chosen: number[] = [];
  const add = (e: number): void => {
    if (e !== entry && !chosen.includes(e)) chosen.push(e);
  };
  const u = random();
  const cross = want < RELATED_PER_ENTRY ? 0 : u < 0.35 ? 0 : u < 0.65 ? 1 : u < 0.85 ? 2 : 3;
  const story = p.storyOf[entry];
  const sFrom = p.storyStart[story];
  const sSize = p.storyStart[story + 1] - sFrom;
  const fromStory = Math.min(sSize - 1, want - cross);
  if (fromStory === sSize - 1) {
    for (let k = 0; k < sSize; k++) add(p.storyMembers[sFrom + k]);
  } else {
    while (chosen.length < fromStory) add(p.storyMembers[sFrom + Math.floor(random() * sSize)]);
  }
  const hub = p.hubOf[entry];
  const hFrom = p.hubStart[hub];
  const hSize = p.hubStart[hub + 1] - hFrom;
  for (let attempt = 0; chosen.length < want && attempt < 40; attempt++) {
    add(p.hubMembers[hFrom + Math.floor(random() * hSize)]);
  }
  // Only tiny corpora get here: scan for any entry sharing a tag, then for any entry at all.
  for (let pass = 0; pass < 2 && chosen.length < want; pass++) {
    const offset = Math.floor(random() * p.entries);
    for (let k = 0; k < p.entries && chosen.length < want; k++) {
      const e = (offset + k) % p.entries;
      if (pass === 1 || sharedTags(p, entry, e).length > 0) add(e);
    }
  }
  for (let k = chosen.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    const t = chosen[k];
    chosen[k] = chosen[j];
    chosen[j] = t;
  }
  return chosen;
}

/** A path in the target's folder that no entry has: its slug cut to three words, as after a rename. */
function danglingPath(p: Plan, target: number): string {
  const day = p.dayOf[target];
  let slug = slugOfEntry(p, target).split('-').slice(0, 3).join('-');
  // Entries of a day are contiguous, so only the neighbours can clash.
  const taken = (s: string): boolean => {
    for (let e = target; e >= 0 && p.dayOf[e] === day; e--) if (slugOfEntry(p, e) === s) return true;
    for (let e = target + 1; e < p.entries && p.dayOf[e] === day; e++) if (slugOfEntry(p, e) === s) return true;
    return false;
  };
  while (taken(slug)) slug += '-old';
  return `/${p.dayFolder[day]}${slug}.md`;
}

/** The `### [date](/news/…/index.md)` line, possibly with a planted date fault. */
function dateLine(p: Plan, entry: number, fault: FaultCode | undefined): string {
  const d = p.dayOf[entry];
  let year = p.dayYear[d];
  let month = p.dayMonth[d];
  let day = p.dayDate[d];
  if (fault === 'date.impossible') {
    // The day after the month's last day: `2016-02-30`, `2017-07-32`. Shape valid, date impossible.
    day = new Date(Date.UTC(year, month, 0)).getUTCDate() + 1;
  } else if (fault === 'date.folderMismatch') {
    // A real date, one day after the folder's: the entry was filed under the wrong day.
    const next = new Date(Date.UTC(year, month - 1, day) + DAY_MS);
    year = next.getUTCFullYear();
    month = next.getUTCMonth() + 1;
    day = next.getUTCDate();
  }
  return `### [${year}-${pad2(month)}-${pad2(day)}](/news/${year}/${pad2(month)}/${day}/index.md)\n`;
}

/** Target size of an entry in characters: log-normal around 3 KB (mean ~3.5 KB once bodies overshoot), clamped to 1.5–8 KB. */
function targetSize(random: Random): number {
  // Box–Muller from two uniforms; 1 - u keeps log() away from 0.
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(8000, Math.max(1500, Math.round(3000 * Math.exp(0.35 * z))));
}

function renderEntry(p: Plan, entry: number, random: Random): string {
  const fault = p.faultOf[entry] === 0 ? undefined : FAULT_CODES[p.faultOf[entry] - 1];
  const d = p.dayOf[entry];
  const ctx: TextContext = { country: HUB_TAGS[p.hubOf[entry]], year: p.dayYear[d], month: p.dayMonth[d], day: p.dayDate[d] };
  const head = `${dateLine(p, entry, fault)}\n# ${p.headlines[entry]}\n`;
  const sources = fault === 'source.missing' ? '' : `### Source:\n\n${sourceItems(random, ctx, slugOfEntry(p, entry))}\n`;

  let related = '';
  let typoPlanted = false;
  relatedOf(p, entry, random).forEach((target, k) => {
    let text = p.headlines[target];
    let path = `/${p.paths[target]}`;
    const shared = sharedTags(p, entry, target);
    if (k === 0 && fault === 'related.dangling') path = danglingPath(p, target);
    // An older wording of the target's headline, as if it was edited after the link was written.
    if (k === 0 && fault === 'related.staleTitle') text = `${text.trimEnd().replace(/\.$/, '')}, officials say. `;
    if (fault === 'context.likelyTypo' && !typoPlanted && shared.includes(TYPO_TAG)) {
      shared[shared.indexOf(TYPO_TAG)] = TYPO_MISSPELLING;
      shared.sort(); // `Irak` sorts before `Iran`, which `Iraq` does not
      typoPlanted = true;
    }
    related += `${k + 1}. [${text}](${path})${shared.length > 0 ? ` _Context: ${shared.join(', ')}_` : ''}\n`;
  });
  if (fault === 'context.likelyTypo' && !typoPlanted) throw new Error('typo fault found no Iraq context');

  // The body fills the entry up to its target size; a few entries have none, as real ones do
  // (only big enough ones, to keep the 1.5 KB floor).
  const fixed = head.length + sources.length + related.length + 20;
  const budget = targetSize(random) - fixed;
  let body = '';
  if (fixed < 1500 || !chance(random, 0.03)) {
    let inParagraph = 0;
    let paragraphLength = randomInt(random, 2, 5);
    do {
      if (inParagraph === paragraphLength) {
        body += '\n\n';
        inParagraph = 0;
        paragraphLength = randomInt(random, 2, 5);
      } else if (inParagraph > 0) {
        body += ' ';
      }
      body += bodySentence(random, ctx);
      inParagraph++;
    } while (body.length < budget);
  }
  return `${head}${body ? `\n${body}\n` : ''}\n\n${sources}### Related:\n\n${related}`;
}

/**
 * The corpus, one entry at a time in date order. Planning (dates, stories, tags,
 * headlines, paths) happens when iteration starts; memory stays at a few hundred bytes
 * per entry plus the entry being rendered.
 */
export function* generateCorpus(options: CorpusOptions): Generator<CorpusFile, void, undefined> {
  const p = plan(options);
  const random = mulberry32(deriveSeed(options.seed, 2));
  for (let entry = 0; entry < p.entries; entry++) {
    yield { path: p.paths[entry], text: renderEntry(p, entry, random) };
  }
}

/** The faults `generateCorpus` plants with the same options (none unless `faults` is set), in planting order. */
export function plantedFaults(options: CorpusOptions): PlantedFault[] {
  if (!options.faults) {
    validate(options);
    return [];
  }
  const p = plan(options);
  const out: PlantedFault[] = [];
  FAULT_CODES.forEach((code, k) => {
    const entry = p.faultOf.indexOf(k + 1);
    out.push({ path: p.paths[entry], code });
  });
  return out;
}

/** What {@link writeCorpus} wrote. */
export interface WriteSummary {
  readonly files: number;
  readonly bytes: number;
}

/**
 * Writes the corpus under `root` (creating `root/news/…`) and returns what it wrote.
 * Refuses to write into an existing `root/news` so that stale files never mix with a new
 * corpus. Folders are created once each (entries come in date order). Writes are
 * synchronous on purpose: measured on a 2-core machine, a 64-deep `fs.promises` pool took
 * twice the wall time and CPU of plain `writeFileSync` (thread-pool hops cost more than
 * the overlap with rendering gains).
 */
export function writeCorpus(root: string, options: CorpusOptions): WriteSummary {
  if (existsSync(join(root, 'news'))) throw new Error(`${join(root, 'news')} already exists`);
  let files = 0;
  let bytes = 0;
  let folder = '';
  for (const file of generateCorpus(options)) {
    const slash = file.path.lastIndexOf('/');
    if (file.path.slice(0, slash) !== folder) {
      folder = file.path.slice(0, slash);
      mkdirSync(join(root, folder), { recursive: true });
    }
    const data = Buffer.from(file.text, 'utf8');
    writeFileSync(join(root, file.path), data);
    files++;
    bytes += data.length;
  }
  return { files, bytes };
}
