/** Publisher names of common news sites, for filling in a source from a URL. */

const PUBLISHERS: Record<string, string> = {
  'bbc.com': 'BBC', 'bbc.co.uk': 'BBC', 'reuters.com': 'Reuters', 'apnews.com': 'Associated Press',
  'nytimes.com': 'The New York Times', 'washingtonpost.com': 'The Washington Post', 'wsj.com': 'The Wall Street Journal',
  'theguardian.com': 'The Guardian', 'cnn.com': 'CNN', 'aljazeera.com': 'Al Jazeera', 'ft.com': 'Financial Times',
  'bloomberg.com': 'Bloomberg', 'npr.org': 'NPR', 'france24.com': 'France 24', 'dw.com': 'Deutsche Welle',
  'abc.net.au': 'ABC News (Australia)', 'cbc.ca': 'CBC News', 'nbcnews.com': 'NBC News', 'cbsnews.com': 'CBS News',
  'abcnews.go.com': 'ABC News', 'foxnews.com': 'Fox News', 'usatoday.com': 'USA Today', 'latimes.com': 'Los Angeles Times',
  'independent.co.uk': 'The Independent', 'telegraph.co.uk': 'The Telegraph', 'economist.com': 'The Economist',
  'politico.com': 'Politico', 'politico.eu': 'Politico Europe', 'axios.com': 'Axios', 'thehill.com': 'The Hill', 'time.com': 'Time',
  'afp.com': 'AFP', 'news.sky.com': 'Sky News', 'euronews.com': 'Euronews', 'voanews.com': 'Voice of America',
  'rferl.org': 'Radio Free Europe/Radio Liberty', 'xinhuanet.com': 'Xinhua', 'tass.com': 'TASS', 'japantimes.co.jp': 'The Japan Times',
  'scmp.com': 'South China Morning Post', 'hindustantimes.com': 'Hindustan Times', 'timesofindia.indiatimes.com': 'The Times of India',
  'thehindu.com': 'The Hindu', 'haaretz.com': 'Haaretz', 'timesofisrael.com': 'The Times of Israel', 'lemonde.fr': 'Le Monde',
  'spiegel.de': 'Der Spiegel', 'elpais.com': 'El País', 'news.yahoo.com': 'Yahoo News', 'theatlantic.com': 'The Atlantic',
  'vox.com': 'Vox', 'nature.com': 'Nature', 'sciencemag.org': 'Science', 'kyivindependent.com': 'The Kyiv Independent',
  'straitstimes.com': 'The Straits Times', 'smh.com.au': 'The Sydney Morning Herald', 'globalnews.ca': 'Global News',
};

/** The publisher of a URL: a known site's name, else its host without `www.`; undefined for a non-http(s) URL. */
export function publisherOf(url: string): string | undefined {
  let host: string;
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
  for (let domain = host; domain.includes('.'); domain = domain.slice(domain.indexOf('.') + 1)) {
    const known = PUBLISHERS[domain];
    if (known) return known;
  }
  return host;
}
