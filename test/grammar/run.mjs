#!/usr/bin/env node
// Grammar and snippet tests for the Event Entries injection grammar.
//   node test/grammar/run.mjs              run everything, end with "N passed, N failed"
//   node test/grammar/run.mjs --dump FILE  print the scopes of every token of a Markdown file
// Each assertion line of cases/*.md counts as one test; its syntax is vscode-tmgrammar-test's.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandSnippet } from './snippet-body.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
let tm, oniguruma, requireTool, parseGrammarTestCase, runGrammarTestCase;

// vscode-textmate and vscode-oniguruma are taken from vscode-tmgrammar-test so that
// the tests use exactly the engine that the assertions were written against.
function loadTools() {
  const toolPackage = createRequire(import.meta.url).resolve('vscode-tmgrammar-test/package.json');
  requireTool = createRequire(toolPackage);
  tm = requireTool('vscode-textmate');
  oniguruma = requireTool('vscode-oniguruma');
  ({ parseGrammarTestCase, runGrammarTestCase } = requireTool('./dist/unit/index.js'));
}

function createRegistry() {
  const config = JSON.parse(readFileSync(join(here, 'grammars.json'), 'utf8'));
  const paths = new Map();
  const injections = new Map();
  for (const grammar of config.contributes.grammars) {
    paths.set(grammar.scopeName, join(here, grammar.path));
    for (const target of grammar.injectTo ?? []) {
      injections.set(target, [...(injections.get(target) ?? []), grammar.scopeName]);
    }
  }
  const wasm = readFileSync(requireTool.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  const onigLib = oniguruma.loadWASM(wasm).then(() => ({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text) => new oniguruma.OnigString(text),
  }));
  return new tm.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const path = paths.get(scopeName);
      if (path) return tm.parseRawGrammar(readFileSync(path, 'utf8'), path);
      // Languages embedded in Markdown (HTML, fenced code) are not needed: stub them.
      return tm.parseRawGrammar(JSON.stringify({ scopeName, patterns: [] }), `${scopeName}.json`);
    },
    // Same lookup as VS Code: injections into a scope apply to all scopes below it.
    getInjections: (scopeName) => {
      const parts = scopeName.split('.');
      return parts.flatMap((_, i) => injections.get(parts.slice(0, i + 1).join('.')) ?? []);
    },
  });
}

async function tokenize(registry, text) {
  const grammar = await registry.loadGrammar('text.html.markdown');
  let state = tm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    return tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

// Runs every assertion on its own so that each one passes or fails separately.
async function runCases(registry, results) {
  const dir = join(here, 'cases');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const file = join(dir, name);
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    const testCase = parseGrammarTestCase(lines.join('\n'));
    for (const lineAssertion of testCase.assertions) {
      for (const assertion of lineAssertion.scopeAssertions) {
        const single = { ...testCase, assertions: [{ ...lineAssertion, scopeAssertions: [assertion] }] };
        const failures = await runGrammarTestCase(registry, single);
        const where = `${relative(root, file)}:${lineAssertion.testCaseLineNumber + 1}`;
        const source = testCase.source[lineAssertion.sourceLineNumber];
        const details = failures.map((f) => [
          `  ${source}`,
          `  ${' '.repeat(f.start)}${'^'.repeat(Math.max(1, f.end - f.start))}`,
          f.missing.length ? `  missing: ${f.missing.join(' ')}` : '',
          f.unexpected.length ? `  unexpected: ${f.unexpected.join(' ')}` : '',
          `  actual: ${f.actual.join(' ')}`,
        ].filter(Boolean).join('\n'));
        const want = [...assertion.scopes, ...assertion.exclude.map((s) => `-${s}`)].join(' ');
        results.push({ name: `${where} [${assertion.from},${assertion.to}) ${want}`, ok: failures.length === 0, detail: details.join('\n') });
      }
    }
  }
}

// Folders as VS Code's TM_DIRECTORY gives them, and the date line each must produce.
const FOLDER_CASES = [
  ['/home/ann/archive/news/2016/08/5', '### [2016-08-05](/news/2016/08/5/index.md)'],
  ['/home/ann/archive/news/2016/07/11', '### [2016-07-11](/news/2016/07/11/index.md)'],
  ['/home/ann/archive/news/2017/09/2', '### [2017-09-02](/news/2017/09/2/index.md)'],
  ['C:\\Users\\ann\\archive\\news\\2016\\08\\5', '### [2016-08-05](/news/2016/08/5/index.md)'],
  ['c:\\Users\\ann\\archive\\news\\2016\\12\\31', '### [2016-12-31](/news/2016/12/31/index.md)'],
  ['\\\\server\\share\\news\\2016\\10\\1', '### [2016-10-01](/news/2016/10/1/index.md)'],
  ['news/2016/08/5', '### [2016-08-05](/news/2016/08/5/index.md)'],
  ['/home/ann/news/2016/news/2017/01/9', '### [2017-01-09](/news/2017/01/9/index.md)'],
  // A padded day folder is wrong, but the link keeps the real folder so the server can say so.
  ['/home/ann/archive/news/2016/08/05', '### [2016-08-05](/news/2016/08/05/index.md)'],
  // Outside a day folder: placeholders instead of a path.
  ['/home/ann/notes', '### [YYYY-MM-DD](/news/YYYY/MM/D/index.md)'],
  ['', '### [YYYY-MM-DD](/news/YYYY/MM/D/index.md)'],
  ['/home/ann/archive/news/2016/8/5', '### [YYYY-MM-DD](/news/YYYY/MM/D/index.md)'],
  ['/home/ann/archive/news/2016/08/123', '### [YYYY-MM-DD](/news/YYYY/MM/D/index.md)'],
  ['/home/ann/archive/news/2016/08/5/drafts', '### [YYYY-MM-DD](/news/YYYY/MM/D/index.md)'],
  ['/home/ann/archive/oldnews/2016/08/5', '### [YYYY-MM-DD](/news/YYYY/MM/D/index.md)'],
];

function checkSnippets(results) {
  const snippets = JSON.parse(readFileSync(join(root, 'snippets', 'event-entries.code-snippets'), 'utf8'));
  const check = (name, fn) => {
    try {
      const problem = fn();
      results.push({ name: `snippet: ${name}`, ok: !problem, detail: problem ? `  ${problem}` : '' });
    } catch (error) {
      results.push({ name: `snippet: ${name}`, ok: false, detail: `  ${error.stack}` });
    }
  };
  const expand = (key, variables = {}) => expandSnippet(snippets[key].body, variables);
  const same = (actual, expected) => (actual === expected ? '' : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);

  check('prefixes are entry, entry-today, source, related', () => same(
    Object.values(snippets).map((s) => s.prefix).join(' '), 'entry entry-today source related'));

  for (const [folder, expected] of FOLDER_CASES) {
    check(`entry in ${JSON.stringify(folder)}`, () => same(expand('Event entry', { TM_DIRECTORY: folder }).text.split('\n')[0], expected));
  }
  check('entry: every day of every month, / and \\ separators', () => {
    for (const sep of ['/', '\\']) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const mm = String(month).padStart(2, '0');
          const dd = String(day).padStart(2, '0');
          const folder = ['', 'srv', 'news', '2016', mm, String(day)].join(sep);
          const problem = same(expand('Event entry', { TM_DIRECTORY: folder }).text.split('\n')[0],
            `### [2016-${mm}-${dd}](/news/2016/${mm}/${day}/index.md)`);
          if (problem) return problem;
        }
      }
    }
    return '';
  });
  check('entry: whole text', () => same(expand('Event entry', { TM_DIRECTORY: '/a/news/2016/08/5' }).text, [
    '### [2016-08-05](/news/2016/08/5/index.md)', '', '# Headline', '', 'What happened, in a few sentences.', '', '',
    '### Source:', '', '1. [Publisher](https://)', '', '### Related:', '', ''].join('\n')));
  for (const [date, expected] of [['05', '2016-08-05](/news/2016/08/5/'], ['10', '2016-08-10](/news/2016/08/10/'], ['31', '2016-08-31](/news/2016/08/31/']]) {
    check(`entry-today on day ${date}`, () => same(
      expand('Event entry for today', { CURRENT_YEAR: '2016', CURRENT_MONTH: '08', CURRENT_DATE: date }).text.split('\n')[0],
      `### [${expected}index.md)`));
  }
  check('source: text', () => same(expand('Source item').text, '1. [Publisher](https://)'));
  check('related: text', () => same(expand('Related item').text, '1. [Headline](/news/YYYY/MM/D/slug.md) _Context: Tag_'));

  // Tab stops run 1, 2, … down the text and $0 comes last.
  for (const key of Object.keys(snippets)) {
    check(`${key}: tab stops in order`, () => {
      const { text, tabstops } = expand(key, { TM_DIRECTORY: '/a/news/2016/08/5', CURRENT_YEAR: '2016', CURRENT_MONTH: '08', CURRENT_DATE: '05' });
      const order = tabstops.map((t) => t.index);
      const expected = [...order.filter((i) => i > 0).map((_, i) => i + 1), 0];
      if (text.includes('${') || /\$[A-Z_]/.test(text)) return `unexpanded syntax in ${JSON.stringify(text)}`;
      return same(order.join(','), expected.join(','));
    });
  }
}

// The expanded entry must tokenize as an entry, which ties the snippets to the grammar.
async function checkSnippetTokens(registry, results) {
  const snippets = JSON.parse(readFileSync(join(root, 'snippets', 'event-entries.code-snippets'), 'utf8'));
  const text = [
    expandSnippet(snippets['Event entry'].body, { TM_DIRECTORY: '/a/news/2016/08/5' }).text,
    expandSnippet(snippets['Related item'].body, {}).text,
  ].join('');
  const lines = await tokenize(registry, text);
  const has = (line, tokenText, scope) => lines[line].some((t) => t.text === tokenText && t.scopes.includes(scope));
  const expectations = [
    [0, '2016-08-05', 'constant.numeric.date.event-entries'],
    [0, '/news/2016/08/5/index.md', 'markup.underline.link.day-page.event-entries'],
    [7, 'Source:', 'entity.name.section.source.event-entries'],
    [11, 'Related:', 'entity.name.section.related.event-entries'],
    [13, 'Context:', 'keyword.other.context.event-entries'],
    [13, 'Tag', 'entity.name.tag.context.event-entries'],
  ];
  for (const [line, tokenText, scope] of expectations) {
    results.push({ name: `snippet tokens: line ${line + 1} ${JSON.stringify(tokenText)} ${scope}`, ok: has(line, tokenText, scope), detail: `  ${JSON.stringify(lines[line])}` });
  }
}

async function main() {
  loadTools();
  const registry = createRegistry();
  const dumpAt = process.argv.indexOf('--dump');
  if (dumpAt > 0) {
    // A test case is dumped without its header and assertion lines, as the tests see it.
    let text = readFileSync(process.argv[dumpAt + 1], 'utf8');
    if (/^\S+\s+SYNTAX\s+TEST\s/.test(text)) text = parseGrammarTestCase(text).source.join('\n');
    const lines = await tokenize(registry, text);
    lines.forEach((tokens, n) => {
      for (const t of tokens) console.log(`${n + 1}\t${JSON.stringify(t.text)}\t${t.scopes.slice(1).join(' ')}`);
    });
    return;
  }
  const results = [];
  await runCases(registry, results);
  checkSnippets(results);
  await checkSnippetTokens(registry, results);
  const failed = results.filter((r) => !r.ok);
  const verbose = process.argv.includes('--verbose');
  for (const r of results) {
    if (!r.ok || verbose) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : `\n${r.detail}`}`);
  }
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
