/**
 * Word lists and the tag vocabulary of the synthetic corpus. The vocabulary is the
 * same for every seed (built from a fixed stream) so that well-known tags such as
 * `Iraq` always exist and always rank high; seeds only change how entries use it.
 */
import { deriveSeed, mulberry32, pick, type Random } from './prng';

/** The most popular tags, in rank order. Every story is anchored on one of them, so they are countries. */
export const HUB_TAGS: readonly string[] = [
  'U.S.', 'Iraq', 'China', 'Russia', 'United Kingdom', 'India', 'France', 'Syria', 'Israel', 'Germany',
  'Iran', 'Japan', 'Afghanistan', 'Ukraine', 'Pakistan', 'Turkey', 'Brazil', 'Australia', 'Mexico', 'Egypt',
];

/** The tag the typo fault misspells, and its misspelling: `Irak` must never be a real tag. */
export const TYPO_TAG = 'Iraq';
/** The misspelled tag planted once by the `context.likelyTypo` fault. */
export const TYPO_MISSPELLING = 'Irak';

/** Well-known topic tags, right after the hubs in popularity. Spaces, periods, dashes, parentheses, non-ASCII on purpose. */
const NOTABLE_TAGS: readonly string[] = [
  'Islamic State of Iraq and the Levant', 'Military intervention against ISIL', 'United States military personnel',
  'Iraqi Civil War', 'Syrian civil war', 'United Nations', 'European Union', 'NATO', 'COVID-19 pandemic',
  'Climate change', 'Al-Qaeda', 'Taliban', 'Hamas', 'Hezbollah', 'World Health Organization',
  'International Monetary Fund', 'World Bank', 'Olympic Games', 'FIFA World Cup', 'Earthquakes',
  'Tropical cyclones', 'Aviation accidents and incidents', 'Terrorism', 'Refugees', 'Nuclear weapons',
  'Stock market', 'Oil prices', 'Brexit', 'Arab Spring', 'War in Afghanistan (2001–2021)', 'Russo-Ukrainian War',
  'Israeli–Palestinian conflict', 'Donald Trump', 'Barack Obama', 'Vladimir Putin', 'Xi Jinping', 'Angela Merkel',
  'Boris Johnson', 'Narendra Modi', 'Recep Tayyip Erdoğan', 'Emmanuel Macron', 'Benjamin Netanyahu',
  'Bashar al-Assad', 'Kim Jong-un', 'Apple Inc.', 'Google', 'Boeing', 'Microsoft', 'Amazon (company)',
  'Federal Reserve', 'Supreme Court of the United States', 'United States Congress', 'U.S. Senate',
  'Mosul', 'Baghdad', 'Kirkuk', 'Hong Kong', 'Gaza Strip', 'West Bank', 'Crimea', 'Kashmir', 'Catalonia',
  'Georgia (country)', 'Punjab (India)', 'Human rights', 'Freedom of the press', 'Cybercrime', 'Wildfires',
  'Floods', 'Droughts', 'Famine', 'Piracy', 'Drug trafficking', 'Mass shootings', 'Hurricane season',
  'Space exploration', 'NASA', 'SpaceX', 'Cryptocurrency', 'Bitcoin', 'Artificial intelligence',
  'Same-sex marriage', 'Capital punishment', 'Migrant crisis', 'Ebola virus disease', 'Zika virus',
  'Avian influenza', 'Polio', 'Measles', 'Cholera', 'OPEC', 'G20', 'African Union', 'ASEAN',
];

/** Countries that are not hubs; they feed generated tags and text. */
export const COUNTRIES: readonly string[] = [
  'Albania', 'Algeria', 'Angola', 'Argentina', 'Armenia', 'Austria', 'Azerbaijan', 'Bahrain', 'Bangladesh',
  'Belarus', 'Belgium', 'Bolivia', 'Bosnia and Herzegovina', 'Botswana', 'Bulgaria', 'Burkina Faso', 'Burundi',
  'Cambodia', 'Cameroon', 'Canada', 'Chad', 'Chile', 'Colombia', 'Costa Rica', 'Croatia', 'Cuba', 'Cyprus',
  'Czech Republic', 'Denmark', 'Djibouti', 'Dominican Republic', 'Ecuador', 'El Salvador', 'Eritrea', 'Estonia',
  'Ethiopia', 'Fiji', 'Finland', 'Gabon', 'Gambia', 'Ghana', 'Greece', 'Guatemala', 'Guinea', 'Haiti',
  'Honduras', 'Hungary', 'Iceland', 'Indonesia', 'Ireland', 'Italy', 'Ivory Coast', 'Jamaica', 'Jordan',
  'Kazakhstan', 'Kenya', 'Kosovo', 'Kuwait', 'Kyrgyzstan', 'Laos', 'Latvia', 'Lebanon', 'Liberia', 'Libya',
  'Lithuania', 'Luxembourg', 'Madagascar', 'Malawi', 'Malaysia', 'Maldives', 'Mali', 'Malta', 'Mauritania',
  'Moldova', 'Mongolia', 'Montenegro', 'Morocco', 'Mozambique', 'Myanmar', 'Namibia', 'Nepal', 'Netherlands',
  'New Zealand', 'Nicaragua', 'Niger', 'Nigeria', 'North Korea', 'North Macedonia', 'Norway', 'Oman',
  'Panama', 'Papua New Guinea', 'Paraguay', 'Peru', 'Philippines', 'Poland', 'Portugal', 'Qatar', 'Romania',
  'Rwanda', 'Saudi Arabia', 'Senegal', 'Serbia', 'Sierra Leone', 'Singapore', 'Slovakia', 'Slovenia',
  'Somalia', 'South Africa', 'South Korea', 'South Sudan', 'Spain', 'Sri Lanka', 'Sudan', 'Sweden',
  'Switzerland', 'Taiwan', 'Tajikistan', 'Tanzania', 'Thailand', 'Togo', 'Tunisia', 'Turkmenistan', 'Uganda',
  'United Arab Emirates', 'Uruguay', 'Uzbekistan', 'Venezuela', 'Vietnam', 'Yemen', 'Zambia', 'Zimbabwe',
];

/** Patterns turning a country into a topic tag, as in real archives. */
const COUNTRY_TAG_PATTERNS: readonly ((country: string) => string)[] = [
  (c) => `Politics of ${c}`, (c) => `Economy of ${c}`, (c) => `Elections in ${c}`, (c) => `Human rights in ${c}`,
  (c) => `Crime in ${c}`, (c) => `Terrorism in ${c}`, (c) => `${c} national football team`,
  (c) => `Foreign relations of ${c}`, (c) => `COVID-19 pandemic in ${c}`, (c) => `Protests in ${c}`,
  (c) => `Military of ${c}`, (c) => `Government of ${c}`, (c) => `Tourism in ${c}`, (c) => `Transport in ${c}`,
  (c) => `Health in ${c}`, (c) => `Energy in ${c}`, (c) => `Education in ${c}`, (c) => `Religion in ${c}`,
];

/** Given names for people in tags and text. */
export const FIRST_NAMES: readonly string[] = [
  'Ahmed', 'Maria', 'John', 'Fatima', 'Wei', 'Olga', 'Carlos', 'Aisha', 'David', 'Yuki', 'Ibrahim', 'Elena',
  'Michael', 'Priya', 'Jean', 'Sofia', 'Mohammed', 'Anna', 'James', 'Li', 'Pedro', 'Nadia', 'Robert', 'Amara',
  'Hassan', 'Ingrid', 'Luis', 'Mei', 'Omar', 'Sarah', 'Viktor', 'Zainab', 'Thomas', 'Leila', 'Kenji', 'Ana',
  'Haider', 'Joseph', 'Ash', 'Ayad', 'Rania', 'Jacinda', 'Shinzo', 'Dilma', 'Jair', 'Cyril', 'Abiy', 'Imran',
  'Justin', 'Theresa', 'Nicolás', 'Evo', 'Mahmoud', 'Tayyip', 'Volodymyr', 'Sergei', 'Hamid', 'Nouri', 'Ali',
  'Petro',
];

/** Family names; some carry apostrophes and hyphens like real ones. */
export const LAST_NAMES: readonly string[] = [
  'al-Abadi', 'Carter', 'Dunford', 'al-Jumaili', 'Okafor', 'Ivanova', 'Garcia', 'Chen', "O'Brien", 'Müller',
  'Tanaka', 'Haddad', 'Kowalski', 'Singh', 'Dubois', 'Rossi', 'Nakamura', 'Petrov', 'Santos', 'Mensah',
  'Khan', 'Johansson', 'Fernández', 'Park', 'Nguyen', 'Abdullah', 'Schmidt', 'Moreau', 'Kim', 'Hussein',
  'Al-Maliki', "D'Souza", 'Van der Berg', 'Ortega', 'Mwangi', 'Yilmaz', 'Kaur', 'Sato', 'Novak', 'Horvat',
  'Banda', 'Costa', 'Popescu', 'Nielsen', 'Ali', 'Rahman', 'Cohen', 'Levi', 'Mahmoud', 'Karimi', 'Ahmadi',
  'Zhang', 'Wang', 'Liu', 'Kumar', 'Patel', 'Sharma', 'Silva', 'Pereira', 'Lopez', 'Martinez', 'Hernández',
  'Morales', 'Castillo', 'Herrera', 'Medina', 'Reyes', 'Kovalenko', 'Shevchenko', 'Bondarenko', 'Sokolov',
  'Lebedev', 'Kuznetsov', 'Öztürk', 'Demir', 'Çelik', 'Şahin', 'Kaya', 'Arslan', "M'Bala",
];

/** Size of the tag vocabulary. */
export const VOCABULARY_SIZE = 5000;

/**
 * All tags in popularity order (rank 0 = most used): hubs, then well-known topics, then
 * generated country topics, relations and people in a fixed shuffled order.
 */
export function buildVocabulary(): string[] {
  const random = mulberry32(deriveSeed(0x7a95, 0));
  const seen = new Set<string>([...HUB_TAGS, ...NOTABLE_TAGS, TYPO_MISSPELLING]);
  const generated: string[] = [];
  const add = (tag: string): void => {
    if (!seen.has(tag)) {
      seen.add(tag);
      generated.push(tag);
    }
  };
  const countries = [...HUB_TAGS.filter((c) => c !== 'U.S.'), 'United States', ...COUNTRIES];
  for (const country of countries) for (const pattern of COUNTRY_TAG_PATTERNS) add(pattern(country));
  // Relations and people fill the rest; a cap on attempts keeps this finite whatever the lists hold.
  const wanted = VOCABULARY_SIZE - HUB_TAGS.length - NOTABLE_TAGS.length;
  for (let attempt = 0; generated.length < wanted && attempt < wanted * 20; attempt++) {
    if (random() < 0.5) {
      const a = pick(random, countries);
      const b = pick(random, countries);
      if (a !== b) add(a < b ? `${a}–${b} relations` : `${b}–${a} relations`);
    } else {
      add(`${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`);
    }
  }
  shuffle(random, generated);
  // Notable tags are popular, but not in list order.
  const notable = [...NOTABLE_TAGS];
  shuffle(random, notable);
  return [...HUB_TAGS, ...notable, ...generated].slice(0, VOCABULARY_SIZE);
}

function shuffle<T>(random: Random, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}
