import * as assert from 'node:assert/strict';
import { generateCorpus } from '../../bench/corpus/generate';
import { mulberry32 } from '../../bench/corpus/prng';
import { CleanProofs } from '../../server/src/core/cleanProofs';
import { ProofWriter } from '../../server/src/core/proofWriter';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { diagnoseEntry } from '../../server/src/core/diagnostics/diagnose';
import { TypoFinder } from '../../server/src/core/diagnostics/typoFinder';
import { readEntry } from '../../server/src/core/extractor';
import { decodeFile } from '../../server/src/core/fileContent';
import { KnownUris } from '../../server/src/core/knownUris';
import { RecordWriter } from '../../server/src/core/recordWriter';
import { ScannedRecords } from '../../server/src/core/scannedRecords';
import { summarize } from '../../server/src/core/summary';
import { checkBytes } from '../../server/src/core/workspaceCheck';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { bufferReader } from '../../server/src/node/bufferReader';
import { mutate } from './helpers/entryTexts';
import { dated, entry, relatedItem, TODAY } from './helpers/fixture';
import { unpackRecords } from './helpers/packing';

const ROOT = 'file:///ws';
/** The load's hash key: any will do, one keeps the runs alike. */
const KEY = 0x2545f491;

interface File {
  readonly uri: string;
  readonly bytes: Uint8Array;
}

interface Proved {
  /** Every file's problems, as the full check reports them. */
  readonly problems: Map<string, string[]>;
  /** The files the proofs left to the full check. */
  readonly unproven: Set<string>;
}

/**
 * Loads files as the index workers do, in jobs of `jobSize`, with proofs (the scanner where it reads a file, the
 * extractor where it declines), then fully checks every file against the index the records make. With `lead`, the
 * list grows as a walk would list it, `lead` files ahead of the job being read: links to files further on are
 * not listed when their file is read.
 */
function prove(files: readonly File[], jobSize = 7, lead = Infinity): Proved {
  const uris = files.map((file) => file.uri);
  const listed = lead === Infinity ? uris : [];
  const known = new KnownUris(listed, KEY);
  const proofs = new CleanProofs();
  proofs.start(listed);
  const index = new WorkspaceIndex();
  for (let start = 0; start < files.length; start += jobSize) {
    if (listed !== uris) {
      const more = uris.slice(listed.length, Math.min(uris.length, start + jobSize + lead));
      listed.push(...more);
      known.add(more);
    }
    const writer = new RecordWriter({ uris: (value) => known.positionOf(value) }, true);
    const proofWriter = new ProofWriter(TODAY, KEY);
    const scanned = new ScannedRecords(writer, bufferReader, known, proofWriter);
    files.slice(start, start + jobSize).forEach(({ uri, bytes }, n) => {
      const stamp = { size: bytes.length, mtime: n };
      if (scanned.add(uri, bytes, stamp)) return;
      const content = decodeFile(bytes, DEFAULT_CONFIG.maxFileSize);
      if (content.kind === 'skipped') return;
      const summary = summarize(uri, readEntry(content.text), 'as-is');
      writer.add(summary, stamp);
      proofWriter.other(known.positionOf(uri) ?? -1, summary.headline);
    });
    const entries = unpackRecords(writer.finish(), uris) ?? assert.fail('the records do not unpack');
    proofs.take(entries, proofWriter.finish());
    index.addDisk(entries);
  }
  const typos = new TypoFinder(index);
  const problems = new Map<string, string[]>();
  for (const { uri, bytes } of files) {
    const report = checkBytes(uri, bytes, DEFAULT_CONFIG, (text) => diagnoseEntry({ uri, text, entry: readEntry(text), index, today: TODAY, config: DEFAULT_CONFIG, typos }));
    problems.set(uri, report.diagnostics.map((diagnostic) => diagnostic.code));
  }
  const unproven = proofs.unproven(uris, index, DEFAULT_CONFIG);
  // Without a list, the same files among those the index holds (a file listed twice, once).
  assert.deepEqual(proofs.unprovenOfLoad(index, DEFAULT_CONFIG), [...new Set(unproven.filter((uri) => index.has(uri)))]);
  return { problems, unproven: new Set(unproven) };
}

/** No file that the proofs call clean has a problem; returns how many clean files they proved, of how many. */
function assertSound({ problems, unproven }: Proved, label: string): { proven: number; clean: number } {
  let proven = 0;
  let clean = 0;
  for (const [uri, codes] of problems) {
    if (codes.length === 0) clean++;
    if (unproven.has(uri)) continue;
    proven++;
    assert.deepEqual(codes, [], `${label}: ${uri} was proven clean but has problems`);
  }
  return { proven, clean };
}

function file(path: string, text: string | Uint8Array): File {
  return { uri: `${ROOT}/${path}`, bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text };
}

function corpus(options: Parameters<typeof generateCorpus>[0]): File[] {
  return [...generateCorpus(options)].map((generated) => file(generated.path, generated.text));
}

suite('clean proofs: never a file with a problem', () => {
  test('a generated corpus with planted faults: every faulty file is left to the check, nearly every clean one is proven', () => {
    const files = corpus({ entries: 800, seed: 21, faults: true });
    const proved = prove(files);
    const { proven, clean } = assertSound(proved, 'corpus');
    const faulty = [...proved.problems.values()].filter((codes) => codes.length > 0).length;
    assert.ok(faulty >= 6, `the planted faults (${faulty})`);
    assert.ok(proven / clean > 0.95, `only ${proven} of ${clean} clean files proven`);
  });

  test('a load whose list grows while it is read (a walk under way) proves exactly the files a whole list proves', () => {
    const files = corpus({ entries: 600, seed: 33, faults: true });
    const whole = prove(files);
    for (const lead of [0, 5, 40]) {
      const growing = prove(files, 7, lead);
      assertSound(growing, `lead ${lead}`);
      assert.deepEqual([...growing.unproven].sort(), [...whole.unproven].sort(), `lead ${lead}`);
    }
    const random = mulberry32(5);
    const mutated = files.slice(0, 400).map((seed, i) => file(seed.uri.slice(ROOT.length + 1).replace(/\.md$/, `-m${i}.md`), mutate(Buffer.from(seed.bytes).toString('utf8'), random)));
    const mixed = [...mutated, ...files];
    const growing = prove(mixed, 9, 2);
    assertSound(growing, 'mutations, growing');
    assert.deepEqual([...growing.unproven].sort(), [...prove(mixed, 9).unproven].sort(), 'mutations');
  });

  test('with the target listed only after the files that link to it, a stale title, a duplicate and a dangling link are left to the check', () => {
    const [targetPath, targetText] = dated('2016-07-10', 'Another event.');
    const link = (title = 'Another event.', target = '/news/2016/07/10/another-event.md'): string => relatedItem(1, title, target);
    const cases: Record<string, string> = {
      'related.staleTitle': entry({ related: link('Another event, officials say.') }),
      'related.duplicate': entry({ related: `${link()}\n${relatedItem(2, 'Another event.', '/news/2016/07/10/another-event.md')}` }),
      'related.dangling': entry({ related: link('Gone.', '/news/2016/07/9/gone.md') }),
    };
    const faulty = Object.entries(cases).map(([code, text]) => ({ code, file: file(`news/2016/07/11/${code.replace(/\W+/g, '-')}.md`, text) }));
    const clean = file('news/2016/07/11/clean.md', entry({ related: link() }));
    const all = [clean, ...faulty.map(({ file: faultyFile }) => faultyFile), file(targetPath, targetText)];
    for (const [jobSize, lead] of [[1, 0], [2, 0], [1, 1]]) {
      const proved = prove(all, jobSize, lead);
      assertSound(proved, `jobs of ${jobSize}, listed ${lead} ahead`);
      assert.ok(!proved.unproven.has(clean.uri), 'the clean file is proven');
      for (const { code, file: { uri } } of faulty) assert.ok(proved.unproven.has(uri), `${code} is left to the check`);
    }
    // Nested folders: every file listed twice, the target's copies after the files that link to it.
    const twice = prove([...all, ...all], 1, 0);
    assertSound(twice, 'listed twice');
    assert.ok(!twice.unproven.has(clean.uri), 'the clean file is proven when listed twice');
  });

  test('each rule’s problem, in a file otherwise like a proven one, is left to the check', () => {
    const [targetPath, targetText] = dated('2016-07-10', 'Another event.');
    const link = (title = 'Another event.', target = '/news/2016/07/10/another-event.md', tags = 'Iraq, U.S.'): string => relatedItem(1, title, target, tags);
    const cases: Record<string, string> = {
      clean: entry({ related: link() }),
      'date.missing': entry({ dateLine: null, related: link() }),
      'date.malformed': entry({ date: '2016-7-11', related: link() }),
      'date.impossible': entry({ date: '2016-02-30', dayLink: '/news/2016/02/30/index.md', related: link() }),
      'date.noDayLink': entry({ dateLine: '### 2016-07-11', related: link() }),
      'date.dayLinkMismatch': entry({ dayLink: '/news/2016/07/12/index.md', related: link() }),
      'date.folderMismatch': entry({ date: '2016-07-12', dayLink: '/news/2016/07/12/index.md', related: link() }),
      'date.future': entry({ date: '2027-01-01', dayLink: '/news/2027/01/1/index.md', related: link() }),
      'headline.missing': entry({ headline: null, related: link() }),
      'headline.multiple': entry({ body: '# A second headline.', related: link() }),
      'structure.order': `${entry({ sources: null, related: link() })}\n### Source:\n\n1. [BBC](https://www.bbc.com/news/1)\n`,
      'structure.unknownSection': entry({ body: '### Background', related: link() }),
      'source.missing': entry({ sources: null, related: link() }),
      'source.empty': entry({ sources: '', related: link() }),
      'source.noLink': entry({ sources: '1. BBC', related: link() }),
      'source.invalidUrl': entry({ sources: '1. [BBC](ftp://www.bbc.com/news/1)', related: link() }),
      'source.invalidUrl (port)': entry({ sources: '1. [BBC](https://www.bbc.com:99999/news/1)', related: link() }),
      'source.invalidUrl (host)': entry({ sources: '1. [BBC](https://1.2.3.4.5/news/1)', related: link() }),
      'source.onlyCoverImage': entry({ sources: '1. [Cover Image](https://x.com/i.jpg)', related: link() }),
      'source.duplicateUrl': entry({ sources: '1. [BBC](https://www.bbc.com/news/1)\n1. [BBC](https://www.bbc.com/news/1)', related: link() }),
      'related.dangling': entry({ related: link('Gone.', '/news/2016/07/9/gone.md') }),
      'related.badTarget': entry({ related: link('Day.', '/news/2016/07/10/index.md') }),
      'related.badTarget (form)': entry({ related: link('X.', 'https://example.com/x') }),
      'related.impossibleDate': entry({ related: link('X.', '/news/2016/02/30/x.md') }),
      'related.noLink': entry({ related: '1. [Half' }),
      'related.staleTitle': entry({ related: link('Another event, officials say.') }),
      'related.staleTitle (trimmed)': entry({ related: link('Another event') }),
      'related.missingContext': entry({ related: '1. [Another event.](/news/2016/07/10/another-event.md) _Context:' }),
      'related.duplicate': entry({ related: `${link()}\n${relatedItem(2, 'Another event.', '/news/2016/07/10/another-event.md')}` }),
      'related.self': entry({ related: link('A test event happens.', '/news/2016/07/11/a-test-event-happens.md') }),
      'related.dangling (binary target)': entry({ related: link('Binary.', '/news/2016/07/10/binary.md') }),
      'source.invalidUrl (empty host)': entry({ sources: '1. [BBC](http:///www.bbc.com/news/1)', related: link() }),
      'source.invalidUrl (empty host after user)': entry({ sources: '1. [BBC](http://user@/news/1)', related: link() }),
      'source.invalidUrl (open bracket)': entry({ sources: '1. [BBC](http://[::1/news/1)', related: link() }),
      'source.invalidUrl (percent)': entry({ sources: '1. [BBC](http://b%zzc.com/news/1)', related: link() }),
      'source.invalidUrl (second of one site)': entry({ sources: '1. [BBC](https://www.bbc.com/news/1)\n1. [BBC](https://www.bbc.com:x/news/2)', related: link() }),
    };
    const own = 'news/2016/07/11/a-test-event-happens.md';
    const target = file(targetPath, targetText);
    const { clean, 'related.self': self, ...faulty } = cases;
    const faultyFiles = Object.entries(faulty).map(([code, text]) => ({ code: code.split(' ')[0], file: file(`news/2016/07/11/${code.replace(/\W+/g, '-')}.md`, text) }));
    const binary = file('news/2016/07/10/binary.md', Buffer.from([0x23, 0x20, 0x00, 0x01]));
    const proved = prove([target, binary, file(own, clean), ...faultyFiles.map((faultyFile) => faultyFile.file)]);
    assertSound(proved, 'rules');
    assert.ok(!proved.unproven.has(`${ROOT}/${own}`), 'the clean file is proven');
    for (const { code, file: { uri } } of faultyFiles) {
      assert.ok(proved.problems.get(uri)?.includes(code), `${uri} has ${code}: ${proved.problems.get(uri)?.join(', ')}`);
      assert.ok(proved.unproven.has(uri), `${uri} is left to the check`);
    }
    // A file that links to itself needs its own path: a workspace of its own.
    const selfProved = prove([target, file(own, self)]);
    assert.deepEqual(selfProved.problems.get(`${ROOT}/${own}`), ['related.self']);
    assert.ok(selfProved.unproven.has(`${ROOT}/${own}`));
  });

  test('clean shapes at the edges of the rules are proven: dated today, URLs with a user, a port or an IPv6 host, a title with odd white space', () => {
    const [targetPath, targetText] = dated('2016-07-10', 'Another event.');
    const [blankPath, blankText] = dated('2016-07-9', 'Blank.');
    const link = (title: string, target = `/${targetPath}`): string => relatedItem(1, title, target);
    const clean: Record<string, string> = {
      // TODAY is 2026-11-24: a date of today is not in the future.
      'news/2026/11/24/today.md': entry({ date: '2026-11-24', dayLink: '/news/2026/11/24/index.md', related: link('Another event.') }),
      'news/2016/07/11/urls.md': entry({
        sources: '1. [A](http://user:pass@www.a.com/x)\n1. [B](http://www.a.com:8080/y?q=1#f)\n1. [C](http://[::1]/z)\n1. [D](HTTPS://www.a.com/x)',
        related: link('Another event.'),
      }),
      'news/2016/07/11/spaces.md': entry({ related: link('\u3000Another event.\u00a0\ufeff') }),
      'news/2016/07/11/repeated-tag.md': entry({ related: relatedItem(1, 'Another event.', `/${targetPath}`, 'Iraq, Iraq') }),
      'news/2016/07/11/crlf-bom.md': `\ufeff${entry({ related: link('Another event.') }).replace(/\n/g, '\r\n')}`,
    };
    const files = [file(targetPath, targetText), file(blankPath, blankText.replace('# Blank. ', '# \u3000')), ...Object.entries(clean).map(([path, text]) => file(path, text))];
    files.push(file('news/2016/07/11/blank-target.md', entry({ related: link('Any title at all.', `/${blankPath}`) })));
    const proved = prove(files);
    assertSound(proved, 'edges');
    for (const path of [...Object.keys(clean), 'news/2016/07/11/blank-target.md']) {
      assert.deepEqual(proved.problems.get(`${ROOT}/${path}`), [], `${path} is clean`);
      assert.ok(!proved.unproven.has(`${ROOT}/${path}`), `${path} is proven`);
    }
  });

  test('the proofs of a job that do not match its records are refused whole, and discarded proofs prove nothing', () => {
    const files = corpus({ entries: 30, seed: 4 });
    const uris = files.map((f) => f.uri);
    const known = new KnownUris(uris, KEY);
    const writer = new RecordWriter({ uris: (value) => known.positionOf(value) }, true);
    const proofWriter = new ProofWriter(TODAY, KEY);
    const scanned = new ScannedRecords(writer, bufferReader, known, proofWriter);
    files.forEach(({ uri, bytes }) => assert.ok(scanned.add(uri, bytes, { size: bytes.length, mtime: 1 })));
    const entries = unpackRecords(writer.finish(), uris) ?? assert.fail('the records do not unpack');
    const proofs = proofWriter.finish();
    const index = new WorkspaceIndex();
    index.addDisk(entries);
    const clean = new CleanProofs();
    clean.start(uris);
    assert.throws(() => clean.take(entries.slice(1), proofs), /do not match/);
    assert.throws(() => clean.take(entries, proofs.subarray(0, proofs.length - 1)), /do not match/);
    assert.equal(clean.unproven(uris, index, DEFAULT_CONFIG).length, uris.length, 'nothing was taken');
    clean.take(entries, proofs);
    assert.ok(clean.unproven(uris, index, DEFAULT_CONFIG).length < uris.length / 2, 'most are proven');
    // A file gone from the index is no target: the files linking to it are left to the check.
    const linked = entries.find((entry) => entries.some((other) => other.targets.includes(entry.uri)))!;
    index.setDisk(linked.uri, undefined);
    const linking = entries.filter((entry) => entry.targets.includes(linked.uri)).map((entry) => entry.uri);
    const left = clean.unproven(uris, index, DEFAULT_CONFIG);
    for (const uri of linking) assert.ok(left.includes(uri), `${uri} links to a file gone from the index`);
    assert.equal(clean.unprovenOfLoad(index, DEFAULT_CONFIG)?.length, left.length - 1, 'the file gone is not among them');
    index.setDisk('file:///elsewhere/news/2016/07/1/x.md', entries[0]);
    assert.equal(clean.unprovenOfLoad(index, DEFAULT_CONFIG), undefined, 'a record from elsewhere: the files must be listed');
    clean.discard();
    assert.equal(clean.unproven(uris, index, DEFAULT_CONFIG).length, uris.length);
  });

  test('a tag used once is left to the check in a workspace large enough for typos; a repeated one is not', () => {
    const files = corpus({ entries: 120, seed: 5 });
    const [targetPath, targetText] = dated('2016-07-10', 'Another event.');
    const tagged = (name: string, tags: string): File => file(`news/2016/07/11/${name}.md`, entry({ headline: name, related: relatedItem(1, 'Another event.', `/${targetPath}`, tags) }));
    const proved = prove([...files, file(targetPath, targetText), tagged('once', 'Lonely Tag'), tagged('twice', 'Shared Tag'), tagged('again', 'Shared Tag')]);
    assertSound(proved, 'tags');
    assert.ok(proved.unproven.has(`${ROOT}/news/2016/07/11/once.md`));
    assert.ok(!proved.unproven.has(`${ROOT}/news/2016/07/11/twice.md`) && !proved.unproven.has(`${ROOT}/news/2016/07/11/again.md`));
    const small = prove([file(targetPath, targetText), tagged('once', 'Lonely Tag')]);
    assert.ok(!small.unproven.has(`${ROOT}/news/2016/07/11/once.md`), `below ${DEFAULT_CONFIG.typoMinEntries} entries no tag is checked for typos`);
  });

  test('link texts beyond ASCII match the headlines of scanned and of declined targets', () => {
    const headline = 'Émeute à Montréal — “quotes” 😀.';
    const [scannedPath, scannedText] = dated('2016-07-10', headline);
    // Emphasis in the body makes the scanner decline the file: its headline comes from the extractor.
    const [declinedPath, declinedText] = dated('2016-07-9', headline, { body: 'Some *emphasis* here.' });
    const linking = (title: string): string => entry({ related: `${relatedItem(1, title, `/${scannedPath}`)}\n${relatedItem(2, title, `/${declinedPath}`)}` });
    const proved = prove([file(scannedPath, scannedText), file(declinedPath, declinedText), file('news/2016/07/11/same.md', linking(` ${headline}\u00a0`)), file('news/2016/07/11/other.md', linking('Emeute a Montreal.'))]);
    assertSound(proved, 'non-ASCII');
    assert.ok(!proved.unproven.has(`${ROOT}/news/2016/07/11/same.md`), 'the same text, trimmed, is proven');
    assert.ok(proved.unproven.has(`${ROOT}/news/2016/07/11/other.md`));
    assert.ok(proved.unproven.has(`${ROOT}/${declinedPath}`), 'a declined file is always checked');
  });

  test('thousands of mutated entries, linking into a corpus, are never proven with a problem', () => {
    const random = mulberry32(77);
    const base = corpus({ entries: 300, seed: 17 });
    const mutated = Array.from({ length: 1500 }, (_, i) => {
      const seed = base[i % base.length];
      return file(seed.uri.slice(ROOT.length + 1).replace(/\.md$/, `-m${i}.md`), mutate(Buffer.from(seed.bytes).toString('utf8'), random));
    });
    const { proven, clean } = assertSound(prove([...base, ...mutated], 13), 'mutations');
    assert.ok(proven > 300 && clean > proven * 0.5, `mutations should often stay clean and be proven (${proven} of ${clean})`);
  });

  test('entries with random bytes flipped are never proven with a problem', () => {
    const random = mulberry32(31);
    const base = corpus({ entries: 100, seed: 3 });
    const flipped = Array.from({ length: 1000 }, (_, i) => {
      const bytes = Buffer.from(base[i % base.length].bytes);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      return file(base[i % base.length].uri.slice(ROOT.length + 1).replace(/\.md$/, `-f${i}.md`), bytes);
    });
    assertSound(prove([...base, ...flipped]), 'flipped');
  });
});
