/**
 * Sentence grammar for headlines, bodies and source lists. Text only has to look like
 * news: the punctuation that matters to slugs and parsers is what the real archive has
 * (`U.S.`, apostrophes, `3,000`, quotes, leading and trailing spaces, a little non-ASCII).
 */
import { chance, pick, randomInt, type Random } from './prng';
import { COUNTRIES, FIRST_NAMES, HUB_TAGS, LAST_NAMES } from './vocabulary';

/** What the grammar needs to know about the entry it writes for. */
export interface TextContext {
  /** The hub country of the entry's story, as a tag (`U.S.`, `Iraq`, …). */
  readonly country: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const CITIES: Readonly<Record<string, readonly string[]>> = {
  'U.S.': ['Washington, D.C.', 'New York City', 'Chicago', 'Los Angeles', 'Houston', 'Miami'],
  Iraq: ['Baghdad', 'Mosul', 'Kirkuk', 'Basra', 'Samarra', 'Fallujah', 'Al Qaim'],
  China: ['Beijing', 'Shanghai', 'Wuhan', 'Guangzhou', 'Chengdu'],
  Russia: ['Moscow', 'Saint Petersburg', 'Kazan', 'Novosibirsk'],
  'United Kingdom': ['London', 'Manchester', 'Birmingham', 'Glasgow', 'Belfast'],
  India: ['New Delhi', 'Mumbai', 'Kolkata', 'Chennai', 'Bengaluru'],
  France: ['Paris', 'Marseille', 'Lyon', 'Nice', 'Toulouse'],
  Syria: ['Damascus', 'Aleppo', 'Homs', 'Al-Raqqah', 'Idlib'],
  Israel: ['Jerusalem', 'Tel Aviv', 'Haifa', "Be'er Sheva"],
  Germany: ['Berlin', 'Munich', 'Hamburg', 'Köln', 'Frankfurt'],
  Iran: ['Tehran', 'Isfahan', 'Mashhad', 'Tabriz'],
  Japan: ['Tokyo', 'Osaka', 'Kyoto', 'Fukushima', 'Sapporo'],
  Afghanistan: ['Kabul', 'Kandahar', 'Herat', 'Mazar-i-Sharif'],
  Ukraine: ['Kyiv', 'Kharkiv', 'Odesa', 'Donetsk', 'Mariupol'],
  Pakistan: ['Islamabad', 'Karachi', 'Lahore', 'Peshawar', 'Quetta'],
  Turkey: ['Ankara', 'Istanbul', 'İzmir', 'Diyarbakır', 'Incirlik'],
  Brazil: ['Brasília', 'São Paulo', 'Rio de Janeiro', 'Manaus'],
  Australia: ['Canberra', 'Sydney', 'Melbourne', 'Perth', 'Brisbane'],
  Mexico: ['Mexico City', 'Guadalajara', 'Monterrey', 'Tijuana'],
  Egypt: ['Cairo', 'Alexandria', 'Giza', 'Sharm El Sheikh'],
};

/** Word lists behind the `{slot}`s of the templates below. */
const WORDS: Readonly<Record<string, readonly string[]>> = {
  title: ['President', 'Prime Minister', 'Foreign Minister', 'Defence Secretary', 'Opposition leader',
    'Interior Minister', 'General', 'Senator', 'Finance Minister', 'Chief Justice'],
  body: ['government', 'parliament', 'central bank', 'supreme court', 'military', 'health ministry',
    'election commission', 'cabinet', 'foreign ministry', 'national security council'],
  org: ['the United Nations', 'the World Health Organization', 'the International Monetary Fund',
    'the European Union', 'the African Union', 'the Red Cross', 'the World Bank', 'NATO', 'Amnesty International',
    'Human Rights Watch'],
  group: ['ISIL', 'the Taliban', 'Al-Qaeda', 'Boko Haram', 'al-Shabaab', 'Hamas', 'Hezbollah', 'the PKK'],
  company: ['Apple Inc.', 'Boeing', 'Toyota', 'Samsung', 'Volkswagen', 'Weatherford International', 'Gazprom',
    'Alibaba', 'BP', 'Nestlé', 'Huawei', 'Petrobras'],
  attack: ['suicide bombers hit a state-run power station', 'a car bomb explodes at a busy market',
    'gunmen open fire on a checkpoint', 'an airstrike hits a hospital', 'a truck bomb detonates outside a hotel',
    'militants storm a police station', 'a roadside bomb strikes a military convoy'],
  plan: ['it will send {n} more troops to {place}', 'a {money} package to rebuild {place}',
    'new sanctions against {country2}', 'plans to close its embassy in {country2}',
    'a ban on single-use plastics from {nextYear}', 'it will withdraw its {few} fighter jets from {place}',
    'a referendum on constitutional reform in {nextYear}', 'a state of emergency in {place}'],
  clause: ['{n} people have been displaced by fighting near {place}',
    'inflation rose to {pct} in the year to {monthName}',
    '{group} appears to have captured up to {n} fleeing villagers near {place}',
    'the deal will cut tariffs on {n} goods by {pct}', 'food and fuel supplies are dwindling in {place}',
    'turnout reached {pct}, the highest since {pastYear}',
    'at least {few} civilians were killed in the first week of the offensive',
    '{org} will send {money} in emergency aid to {country}', 'talks with {country2} will resume in {city} next month',
    'unemployment fell to {pct}, its lowest level since {pastYear}'],
  concern: ['its potential use to develop a dirty bomb weapon', 'the spread of the virus to neighbouring regions',
    'a possible collapse of the ceasefire', 'rising food prices', 'the safety of the remaining hostages'],
  quote: ['added capability', 'a turning point', 'unacceptable', 'a new chapter', 'deeply concerning'],
  disease: ['cholera', 'measles', 'Ebola', 'dengue fever', 'avian influenza', 'COVID-19'],
  vehicle: ['passenger plane', 'bus', 'ferry', 'train', 'military helicopter', 'cargo plane'],
  crash: ['crashes', 'sinks', 'derails', 'goes missing'],
  kind: ['presidential', 'parliamentary', 'snap', 'local'],
  setback: ['a profit warning', 'a data breach', 'a safety recall', 'its chief executive resigns'],
  grievance: ['austerity measures', 'the new security law', 'election fraud', 'fuel price rises'],
  pact: ['trade', 'defence', 'nuclear', 'border'],
  side: ['southern', 'northern', 'main'],
  leader: ['President', 'Prime Minister', 'Chancellor'],
  prelude: ['weeks of negotiations', 'a string of attacks', 'mass protests', 'a disputed vote'],
  period: ['week', 'month', 'year'],
  fate: ['evacuated', 'detained', 'injured', 'rescued'],
  ordinal: ['second', 'third', 'worst', 'largest', 'first'],
  incident: ['incident', 'attack', 'disaster', 'protest'],
  outlet: ['Reuters', 'the BBC', 'Al Jazeera', 'local media', 'state television'],
  demand: ['an immediate ceasefire', 'an independent investigation', 'calm', 'the release of all detainees'],
};
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
const MONTHS_SHORT = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A number as news prints it: `12`, `560`, `3,000`, `800,000`. */
function count(random: Random): string {
  const u = random();
  if (u < 0.55) return String(randomInt(random, 2, 99));
  if (u < 0.8) return String(randomInt(random, 100, 999));
  return withCommas(randomInt(random, 1, 900) * (chance(random, 0.5) ? 1000 : 100));
}

function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A country as it reads inside a sentence. */
function countryName(country: string): string {
  if (country === 'U.S.') return 'the United States';
  return country.startsWith('United ') ? `the ${country}` : country;
}

/** `Turkey's`, `the United States'`, `the U.S.`: the form that precedes a noun. */
function countryOwner(country: string): string {
  if (country === 'U.S.') return 'the U.S.';
  const name = countryName(country);
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

function otherCountry(random: Random, country: string): string {
  const other = chance(random, 0.5) ? pick(random, HUB_TAGS) : pick(random, COUNTRIES);
  return other === country ? 'Canada' : other;
}

/** Templates split once into text and slot names (odd indices), since filling is the hot path. */
const compiled = new Map<string, readonly string[]>();

/** Fills the `{slot}`s of a template, recursively for slots whose words have slots. */
function fill(random: Random, ctx: TextContext, template: string): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  let out = parts[0];
  for (let k = 1; k < parts.length; k += 2) out += slotValue(random, ctx, parts[k]) + parts[k + 1];
  return out;
}

function slotValue(random: Random, ctx: TextContext, slot: string): string {
  switch (slot) {
    case 'n': return count(random);
    case 'few': return String(randomInt(random, 2, 60));
    case 'money': return `${pick(random, ['$', '$', '€', '£'])}${randomInt(random, 1, 99) / 10} ${chance(random, 0.5) ? 'million' : 'billion'}`;
    case 'pct': return `${randomInt(random, 1, 19)}.${randomInt(random, 0, 9)} percent`;
    case 'mag': return String(randomInt(random, 50, 89) / 10);
    case 'person': return `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
    // `Chicago, the United States` reads wrong; U.S. places go without the country.
    case 'place': return ctx.country === 'U.S.' ? pick(random, CITIES[ctx.country]) : `${pick(random, CITIES[ctx.country])}, ${countryName(ctx.country)}`;
    case 'city': return pick(random, CITIES[ctx.country]);
    case 'country': return countryName(ctx.country);
    case 'owner': return countryOwner(ctx.country);
    case 'country2': return countryName(otherCountry(random, ctx.country));
    case 'actor': return fill(random, ctx, pick(random, ACTORS));
    case 'monthName': return MONTHS[ctx.month - 1];
    case 'nextYear': return String(ctx.year + randomInt(random, 1, 3));
    case 'pastYear': return String(ctx.year - randomInt(random, 2, 30));
    case 'sinceYear': return String(ctx.year - randomInt(random, 1, 20));
    default: return fill(random, ctx, pick(random, WORDS[slot]));
  }
}

/** Who does or says something; singular, so verbs agree. */
const ACTORS = ['{title} {person}', '{title} {person}', '{owner} {body}', '{org}', 'the U.S. State Department',
  '{title} {person} of {country}'];

const HEADLINES = [
  '{actor} announces {plan}.',
  '{few} people are killed and {n} are injured after {attack} in {place}.',
  'A magnitude {mag} earthquake strikes near {place}, killing at least {few} people.',
  'Voters in {country} go to the polls in a {kind} election.',
  '{company} shares fall {pct} after {setback}.',
  'Thousands of protesters march in {city} against {grievance}.',
  '{org} reports that {clause}.',
  '{actor} says {clause}.',
  '{group} claims responsibility for an attack in {place} that killed {few} people.',
  '{person} is sworn in as {leader} of {country}.',
  'Health officials in {country} confirm {n} new cases of {disease}.',
  'U.S.-backed forces launch an operation to regain control of {city} from {group} militants.',
  'The U.S. deploys around a dozen A-10 ground-attack planes to a {side} air base in {country}.',
  '{country} and {country2} sign a {pact} agreement in {city}.',
  'A {vehicle} carrying {few} passengers {crash} near {place}.',
];

/** Short wire-style headlines; whole stories use them, which spreads entry sizes. */
const TERSE_HEADLINES = [
  '{country} holds {kind} elections.', 'Earthquake kills {few} in {city}.', '{few} killed in {city} bombing.',
  '{company} shares fall {pct}.', '{person} wins {country} vote.', 'Floods hit {city}.',
  '{group} attack kills {few} in {city}.', '{country} expels {country2} diplomats.', 'Ceasefire agreed in {city}.',
  'Strike halts flights at {city} airport.', '{country} raises interest rates to {pct}.',
  'Protests spread to {city}.', '{person} resigns as {title}.', 'Fire destroys {city} market.',
];

const FOLLOW_UPS = [
  '{group} claims responsibility for the attack.',
  'A senior official said the deployment had "{quote}" to the coalition\'s efforts.',
  'Authorities are concerned about {concern}.',
  'Militants reportedly executed {few} people.',
  '{actor} says {clause}.',
];

const BODY_SENTENCES = [
  '{actor} says {clause}.',
  'The announcement follows {prelude} earlier this {period} in {city}.',
  'Officials said {n} people had been {fate} and that {clause}.',
  'It is the {ordinal} such {incident} in {country} since {sinceYear}.',
  'According to {outlet}, {clause}.',
  'Critics argue that {clause}, while supporters say {clause}.',
  '{org} called for {demand}, citing "{quote}" conditions in {city}.',
  '{title} {person} told reporters in {city} that {clause}.',
];

/**
 * A headline as written in the file and in link texts: one sentence, sometimes two (or a
 * terse wire line), always a trailing space, now and then the stray leading space real
 * entries have.
 */
export function headline(random: Random, ctx: TextContext, terse: boolean): string {
  let text = capitalize(fill(random, ctx, pick(random, terse ? TERSE_HEADLINES : HEADLINES)));
  if (!terse && chance(random, 0.18)) text += ` ${capitalize(fill(random, ctx, pick(random, FOLLOW_UPS)))}`;
  return `${chance(random, 0.04) ? ' ' : ''}${text} `;
}

/** One body sentence. */
export function bodySentence(random: Random, ctx: TextContext): string {
  return capitalize(fill(random, ctx, pick(random, BODY_SENTENCES)));
}

function capitalize(text: string): string {
  const first = text.charCodeAt(0);
  return first >= 97 && first <= 122 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function digits(random: Random, n: number): string {
  let out = String(randomInt(random, 1, 9));
  while (out.length < n) out += String(randomInt(random, 0, 9));
  return out;
}

function hex(random: Random, n: number): string {
  let out = '';
  while (out.length < n) out += randomInt(random, 0, 15).toString(16);
  return out;
}

const BBC_SECTIONS = ['world-middle-east', 'world-europe', 'business', 'world-asia', 'uk-politics',
  'science-environment', 'world-africa', 'world-latin-america', 'technology', 'world-us-canada'];

/** Publisher name and URL builder; `words` is a few slug words of the headline. */
const PUBLISHERS: readonly [string, (r: Random, c: TextContext, words: string, scheme: string) => string][] = [
  ['BBC', (r, _c, _w, s) => `${s}://www.bbc.com/news/${pick(r, BBC_SECTIONS)}-${digits(r, 8)}`],
  ['Reuters', (r, _c, w) => `https://www.reuters.com/article/us-${w}-idUSKBN${hex(r, 6).toUpperCase()}`],
  ['The Guardian', (_r, c, w) => `https://www.theguardian.com/world/${c.year}/${MONTHS_SHORT[c.month - 1]}/${pad2(c.day)}/${w}`],
  ['Al Jazeera', (_r, c, w, s) => `${s}://www.aljazeera.com/news/${c.year}/${c.month}/${c.day}/${w}`],
  ['CNN', (_r, c, w, s) => `${s}://www.cnn.com/${c.year}/${pad2(c.month)}/${pad2(c.day)}/world/${w}/index.html`],
  ['Associated Press', (r) => `https://apnews.com/${hex(r, 32)}`],
  ['The New York Times', (_r, c, w, s) => `${s}://www.nytimes.com/${c.year}/${pad2(c.month)}/${pad2(c.day)}/world/${w}.html`],
  ['Deutsche Welle', (r, _c, w, s) => `${s}://www.dw.com/en/${w}/a-${digits(r, 8)}`],
  ['ABC News (Australia)', (r, c, w) => `https://www.abc.net.au/news/${c.year}-${pad2(c.month)}-${pad2(c.day)}/${w}/${digits(r, 7)}`],
  ['France 24', (_r, c, w, s) => `${s}://www.france24.com/en/${c.year}${pad2(c.month)}${pad2(c.day)}-${w}`],
  ['RTÉ', (r, c, w) => `https://www.rte.ie/news/world/${c.year}/${pad2(c.month)}${pad2(c.day)}/${digits(r, 7)}-${w}/`],
  ['The Times of India', (r, _c, w, s) => `${s}://timesofindia.indiatimes.com/world/${w}/articleshow/${digits(r, 8)}.cms`],
];

/** Two-digit zero padding, as in months of entry paths. */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * The `### Source:` list items: one to three publisher links and often a cover image,
 * every item numbered `1.` as in the real archive. Older entries use `http:` more often.
 */
export function sourceItems(random: Random, ctx: TextContext, slug: string): string {
  const words = slug.split('-').slice(0, randomInt(random, 4, 8)).join('-');
  const scheme = (): string => (chance(random, ctx.year < 2015 ? 0.8 : 0.15) ? 'http' : 'https');
  const n = chance(random, 0.6) ? 1 : chance(random, 0.75) ? 2 : 3;
  let out = '';
  // Distinct publishers: real entries never cite the same story twice (that is the source.duplicateUrl fault).
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const [name, url] = pick(random, PUBLISHERS);
    if (used.has(name)) continue;
    used.add(name);
    out += `1. [${name}](${url(random, ctx, words, scheme())})\n`;
  }
  if (chance(random, 0.65)) {
    const u = random();
    const image = u < 0.5
      ? `${scheme()}://ichef.bbci.co.uk/news/1024/cpsprodpb/${digits(random, 4)}/production/_${digits(random, 8)}_mediaitem${digits(random, 8)}.jpg`
      : u < 0.8
        ? `https://static01.nyt.com/images/${ctx.year}/${pad2(ctx.month)}/${pad2(ctx.day)}/world/${words}/${words}-superJumbo.jpg`
        : `https://i.guim.co.uk/img/media/${hex(random, 40)}/0_0_3500_2100/master/3500.jpg`;
    out += `1. [Cover Image](${image})\n`;
  }
  return out;
}
