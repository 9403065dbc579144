/**
 * `npm run bench`: the archive-scale benchmark. Generates (once, cached) a deterministic corpus,
 * measures the raw read floor, then drives the real server process over LSP on stdio: cold index,
 * warm start, the first related-event completion sent at once when the index is ready (cold and warm) with the
 * slowest of the small requests sent meanwhile (how long the server's thread was held),
 * completion, hover and diagnostics latencies (each kind after ten unmeasured requests), peak RSS (of the
 * cold server, and of the warm one once its post-index work is done), Validate Workspace with the
 * completion latency while it runs; and times the CLI check.
 *
 *   npm run bench -- [--entries 100000] [--seed 1] [--json] [--samples 200] [--runs 1]
 *
 * With `--runs N` the whole measurement (read floor included) is repeated and each measure is reported as
 * its range and median, with how many runs met its target.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeCorpus } from './corpus/generate';
import { measureReadFloor } from './corpus/readFloor';
import { LspSession } from './lspSession';
import { runTable, summarize, summaryTable, type RunResults } from './report';

/** Pause between "ready" and the request measurements, long enough for the post-index work at 100k entries. */
const SETTLE_MS = 5000;
/**
 * Requests of each kind sent before the measured ones: the first few of a kind run code that the engine has
 * not compiled yet (10–17 ms at 10k for the first two completions), which is once per session, not the
 * latency of typing. Their slowest is reported on its own (`…WarmupMaxMs`), so nothing is hidden.
 */
const WARMUP_REQUESTS = 10;

/**
 * How long after ready small requests (document links, which read no lookup) keep probing whether the server
 * answers: at least this long, and until the first related-event completion has answered.
 */
const PROBE_MS = 4000;
/** Pause between two probes. */
const PROBE_GAP_MS = 20;

/** Bumped when the generator's output changes, so that a cached corpus of an older generator is not reused. */
const CORPUS_VERSION = 2;

interface Options {
  entries: number;
  seed: number;
  json: boolean;
  samples: number;
  runs: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { entries: 100_000, seed: 1, json: false, samples: 200, runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--entries') options.entries = Number(argv[++i]);
    else if (arg === '--seed') options.seed = Number(argv[++i]);
    else if (arg === '--samples') options.samples = Number(argv[++i]);
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else throw new Error(`unknown option ${arg}`);
  }
  if (![options.entries, options.samples, options.runs].every((value) => Number.isInteger(value) && value > 0)) {
    throw new Error('--entries, --samples and --runs take positive whole numbers');
  }
  return options;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function log(options: Options, message: string): void {
  if (!options.json) process.stderr.write(`${message}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cache = join(process.env.EVENT_ENTRIES_CACHE ?? join(homedir(), '.cache', 'event-entries'), `bench-corpus-${CORPUS_VERSION}-${options.entries}-${options.seed}`);
  if (!existsSync(join(cache, 'news'))) {
    log(options, `generating ${options.entries} entries into ${cache} …`);
    mkdirSync(cache, { recursive: true });
    writeCorpus(cache, { entries: options.entries, seed: options.seed, faults: options.entries >= 100 });
  }
  const runs: RunResults[] = [];
  for (let run = 1; run <= options.runs; run++) {
    if (options.runs > 1) log(options, `run ${run} of ${options.runs}`);
    const results = await measureOnce(cache, options);
    if (options.runs > 1 && !options.json) process.stdout.write(`run ${run} of ${options.runs}\n${runTable(results)}\n`);
    runs.push(results);
  }
  if (options.runs === 1) {
    process.stdout.write(options.json ? `${JSON.stringify(runs[0], null, 2)}\n` : runTable(runs[0]));
    return;
  }
  const summary = summarize(runs);
  process.stdout.write(options.json ? `${JSON.stringify({ runs, summary }, null, 2)}\n` : `${options.runs} runs\n${summaryTable(summary, options.runs)}`);
}

/** One whole measurement: the read floor, a cold and a warm server over LSP, and the CLI. */
async function measureOnce(cache: string, options: Options): Promise<RunResults> {
  const server = join(__dirname, '..', 'server.js');
  const cli = join(__dirname, '..', 'cli.js');
  const storage = mkdtempSync(join(tmpdir(), 'event-entries-bench-storage-'));
  const results: RunResults = { entries: options.entries };
  try {
    log(options, 'measuring the read floor …');
    const floor = await measureReadFloor(cache);
    results.floorMs = Math.round(floor.ms);
    results.floorMethod = floor.method;

    log(options, 'cold index over LSP …');
    const cold = await LspSession.start(server, cache, storage);
    results.coldIndexMs = Math.round(await cold.waitReady(options.entries));
    results.coldRatio = round2(Number(results.coldIndexMs) / floor.ms);
    const coldFirst = await firstEventCompletion(cold, cache);
    results.firstEventCompletionMs = coldFirst.completionMs;
    results.slowestProbeAfterReadyMs = coldFirst.slowestProbeMs;
    // Request latencies are measured in the steady state: the one-off work that follows indexing
    // (saving the cache, building the word and tag indexes) runs in the first moments after ready.
    await sleep(SETTLE_MS);
    await measureRequests(cold, cache, options, results);
    results.peakRssMb = Math.round(cold.peakRssKb() / 1024);
    log(options, 'Validate Workspace, with completions while it runs …');
    await measureValidateWorkspace(cold, cache, results);
    results.peakRssWithValidateMb = Math.round(cold.peakRssKb() / 1024);
    await cold.stop();

    log(options, 'warm start over LSP …');
    const warm = await LspSession.start(server, cache, storage);
    results.warmReadyMs = Math.round(await warm.waitReady(options.entries));
    results.warmVerifiedMs = Math.round(await warm.waitVerified());
    results.warmVerifiedRatio = round2(Number(results.warmVerifiedMs) / floor.ms);
    // A warm start builds the word and tag indexes after it is verified, as a cold one does: its peak comes then.
    await sleep(SETTLE_MS);
    results.peakRssWarmMb = Math.round(warm.peakRssKb() / 1024);
    await warm.stop();

    // A person who opens the editor and types at once: a related-event completion the moment a warm start is ready
    // (on a server of its own, since it holds up that server's verification).
    const eager = await LspSession.start(server, cache, storage);
    await eager.waitReady(options.entries);
    const warmFirst = await firstEventCompletion(eager, cache);
    results.firstEventCompletionWarmMs = warmFirst.completionMs;
    results.slowestProbeAfterWarmReadyMs = warmFirst.slowestProbeMs;
    await eager.stop();

    log(options, 'CLI check …');
    const started = performance.now();
    const check = spawnSync(process.execPath, [cli, 'check', cache, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    results.cliCheckMs = Math.round(performance.now() - started);
    results.cliRatio = round2(results.cliCheckMs / floor.ms);
    results.cliProblems = (JSON.parse(check.stdout || '[]') as unknown[]).length;
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
  return results;
}

/**
 * One related-event completion sent the moment the index is ready, as a person typing at once would: it
 * waits for what the server builds once after indexing (the word index, the backlinks). Meanwhile, and for
 * `PROBE_MS` after ready at least, document-link requests probe how long the server takes to answer anything.
 */
async function firstEventCompletion(session: LspSession, root: string): Promise<{ completionMs: number; slowestProbeMs: number }> {
  const started = performance.now();
  const { uri, typed, request } = eventItemBeingTyped(root);
  await session.open(uri, typed);
  let answered = false;
  // Its failure is kept for after the probes: a rejection left unheard while they run would end the process.
  const completion = session.time('textDocument/completion', request).then((ms) => ({ ms }), (error: unknown) => ({ error })).finally(() => {
    answered = true;
  });
  const probes: number[] = [];
  while (!answered || performance.now() - started < PROBE_MS) {
    probes.push(await session.time('textDocument/documentLink', { textDocument: { uri } }));
    await sleep(PROBE_GAP_MS);
  }
  const outcome = await completion;
  if ('error' in outcome) throw outcome.error;
  await session.close(uri);
  return { completionMs: round2(outcome.ms), slowestProbeMs: round2(Math.max(...probes)) };
}

/** The first entry with a new related item being typed at its end, and the completion request at that point. */
function eventItemBeingTyped(root: string): { uri: string; typed: string; request: unknown } {
  const file = firstEntry(root);
  const uri = pathToFileURL(file).toString();
  const typed = `${readFileSync(file, 'utf8').replace(/\n*$/, '\n')}11. [Talks in`;
  const lines = typed.split('\n');
  return { uri, typed, request: { textDocument: { uri }, position: { line: lines.length - 1, character: lines[lines.length - 1].length } } };
}

/**
 * Validate Workspace over the whole archive, and the latency of related-event completions sent every 50 ms
 * while it runs (how responsive the server stays meanwhile).
 */
async function measureValidateWorkspace(session: LspSession, root: string, results: RunResults): Promise<void> {
  const { uri, typed, request } = eventItemBeingTyped(root);
  await session.open(uri, typed);
  const started = performance.now();
  let done = false;
  const validated = session.request('eventEntries/validateWorkspace', {}).finally(() => { done = true; });
  const times: number[] = [];
  while (!done) {
    times.push(await session.time('textDocument/completion', request));
    await sleep(50);
  }
  await validated;
  results.validateWorkspaceMs = Math.round(performance.now() - started);
  results.completionDuringValidateP50Ms = round2(percentile(times, 50));
  results.completionDuringValidateP99Ms = round2(percentile(times, 99));
  await session.close(uri);
}

/** Completion (tags and events), hover and diagnostics-after-edit latencies on one open entry. */
async function measureRequests(session: LspSession, root: string, options: Options, results: Record<string, number | string>): Promise<void> {
  const file = firstEntry(root);
  const uri = pathToFileURL(file).toString();
  const text = readFileSync(file, 'utf8');
  await session.open(uri, text);
  const lines = text.split('\n');
  const relatedLine = lines.findIndex((line) => line.includes('_Context: '));
  const contextColumn = lines[relatedLine].indexOf('_Context: ') + '_Context: '.length;
  const words = [...new Set(text.match(/[A-Z][a-z]{3,}/g) ?? ['Iraq'])];

  const tagTimes: number[] = [];
  for (let i = 0; i < WARMUP_REQUESTS + options.samples; i++) {
    const prefix = words[i % words.length].slice(0, 2 + (i % 3));
    const edited = lines.map((line, n) => (n === relatedLine ? `${line.slice(0, contextColumn)}${prefix}` : line)).join('\n');
    await session.change(uri, edited);
    tagTimes.push(await session.time('textDocument/completion', { textDocument: { uri }, position: { line: relatedLine, character: contextColumn + prefix.length } }));
  }
  const eventTimes: number[] = [];
  const newItemLine = lines.length;
  for (let i = 0; i < WARMUP_REQUESTS + options.samples; i++) {
    const query = words[(i * 7) % words.length].slice(0, 3 + (i % 4));
    const typed = `11. [${query}`;
    await session.change(uri, `${text.replace(/\n*$/, '\n')}${typed}`);
    eventTimes.push(await session.time('textDocument/completion', { textDocument: { uri }, position: { line: newItemLine, character: typed.length } }));
  }
  await session.change(uri, text);
  const targetColumn = lines[relatedLine].indexOf('](') + 4;
  const hoverTimes: number[] = [];
  for (let i = 0; i < WARMUP_REQUESTS + options.samples; i++) {
    hoverTimes.push(await session.time('textDocument/hover', { textDocument: { uri }, position: { line: relatedLine, character: targetColumn } }));
  }
  const diagnosticTimes: number[] = [];
  for (let i = 0; i < WARMUP_REQUESTS + Math.min(options.samples, 100); i++) {
    diagnosticTimes.push(await session.timeDiagnosticsAfterChange(uri, text.replace(/\n\n(?=[A-Z])/, `\n\n${'x'.repeat(i % 5)}`)));
  }
  const measured = (times: number[]): number[] => times.slice(WARMUP_REQUESTS);
  const warmupMax = (times: number[]): number => round2(Math.max(...times.slice(0, WARMUP_REQUESTS)));
  Object.assign(results, {
    tagCompletionP50Ms: round2(percentile(measured(tagTimes), 50)), tagCompletionP99Ms: round2(percentile(measured(tagTimes), 99)),
    eventCompletionP50Ms: round2(percentile(measured(eventTimes), 50)), eventCompletionP99Ms: round2(percentile(measured(eventTimes), 99)),
    hoverP99Ms: round2(percentile(measured(hoverTimes), 99)), diagnosticsAfterEditP99Ms: round2(percentile(measured(diagnosticTimes), 99)),
    tagCompletionWarmupMaxMs: warmupMax(tagTimes), eventCompletionWarmupMaxMs: warmupMax(eventTimes),
    hoverWarmupMaxMs: warmupMax(hoverTimes), diagnosticsWarmupMaxMs: warmupMax(diagnosticTimes),
  });
}

function firstEntry(root: string): string {
  const found = spawnSync('find', [join(root, 'news'), '-name', '*.md', '-path', '*/2016/07/*', '-print', '-quit'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  const any = spawnSync('find', [join(root, 'news'), '-name', '*.md', '-print', '-quit'], { encoding: 'utf8' }).stdout.trim();
  if (!any) throw new Error(`no entry under ${root}`);
  return any;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
