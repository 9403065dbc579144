/**
 * A worker thread of the server and the CLI. Load jobs: read files synchronously (no thread-pool hop
 * per file), scan them for their records (extract and summarize those the scanner declines), post the
 * records back. Check jobs (the CLI): diagnose files against a snapshot of the index. It reads only
 * below the roots it is given.
 */
import { parentPort } from 'node:worker_threads';
import { loadBytes, WIDE_CHARACTER, type LoadedFile } from './core/bulkLoader';
import { diagnoseEntry } from './core/diagnostics/diagnose';
import { TypoFinder } from './core/diagnostics/typoFinder';
import { readEntry } from './core/extractor';
import { parseIsoDate, type CalendarDate } from './core/format';
import { SnapshotIndex } from './core/indexSnapshot';
import { RecordWriter } from './core/recordWriter';
import { ScannedRecords } from './core/scannedRecords';
import { checkBytes, positioned } from './core/workspaceCheck';
import { NodeFileSystem } from './lsp/nodeFileSystem';
import { bufferReader } from './node/bufferReader';
import type { CheckJob, CheckJobResult, CheckSetup, LoadJob, LoadJobResult } from './node/workerProtocol';

const fs = new NodeFileSystem(true);
let checking: { setup: CheckSetup; index: SnapshotIndex; typos: TypoFinder; today: CalendarDate } | undefined;

parentPort?.on('message', (message: { setup: CheckSetup } | { index: number; job: LoadJob | CheckJob }) => {
  if ('setup' in message) {
    const index = new SnapshotIndex(message.setup.snapshot);
    const today = parseIsoDate(message.setup.today);
    if (typeof today !== 'object') throw new Error(`bad date ${message.setup.today}`);
    checking = { setup: message.setup, index, typos: new TypoFinder(index), today };
    fs.setRoots(message.setup.roots);
    return;
  }
  const { index, job } = message;
  const result = job.kind === 'load' ? load(job) : check(job);
  const packed = job.kind === 'load' ? (result as LoadJobResult).entries : undefined;
  const transfer = packed ? [packed.numbers.buffer, packed.stamps.buffer, ...(packed.hashes ? [packed.hashes.buffer] : [])] : [];
  parentPort!.postMessage({ index, result }, transfer);
});

function load(job: LoadJob): LoadJobResult {
  fs.setRoots(job.roots);
  const positions = new Map(job.uris.map((uri, position) => [uri, position]));
  const writer = new RecordWriter({ uris: (value) => positions.get(value) }, true);
  const scanned = new ScannedRecords(writer, bufferReader);
  const others: Exclude<LoadedFile, { kind: 'entry' }>[] = [];
  job.uris.forEach((uri, i) => {
    const result = loadFile(uri, job.maxFileSizes[i], scanned);
    if (result?.kind === 'entry') writer.add(result.summary, result.stamp);
    else if (result) others.push(result);
  });
  return { entries: writer.finish(), others };
}

/** Reads one file: its record written by the summary scanner (undefined), or loaded through the extractor when the scanner declines. */
function loadFile(uri: string, maxFileSize: number, scanned: ScannedRecords): LoadedFile | undefined {
  try {
    const file = fs.readFileWithStamp(uri, maxFileSize);
    if (!file) return { uri, kind: 'missing' };
    if (!file.bytes) return { uri, kind: 'skipped', problem: 'file.tooLarge', size: file.stamp.size, stamp: file.stamp };
    if (file.bytes.length <= maxFileSize && scanned.add(uri, file.bytes, file.stamp)) return undefined;
    return loadBytes(readEntry, uri, file.bytes, maxFileSize, file.stamp, 'as-is', toOneByte);
  } catch {
    return { uri, kind: 'missing' };
  }
}

/** A copy in one byte per character of a string whose characters all fit (a slice of a wide text takes two); others as they are. */
function toOneByte(value: string): string {
  return WIDE_CHARACTER.test(value) ? value : Buffer.from(value, 'latin1').toString('latin1');
}

function check(job: CheckJob): CheckJobResult {
  if (!checking) throw new Error('a check job came before the snapshot');
  const { setup: { config }, index, typos, today } = checking;
  const out: { uri: string; diagnostics: ReturnType<typeof positioned> }[] = [];
  for (const uri of job.uris) {
    const bytes = fs.readFileSync(uri);
    if (!bytes) continue;
    const report = checkBytes(uri, bytes, config, (text) => diagnoseEntry({ uri, text, entry: readEntry(text), index, today, config, typos }));
    if (report.diagnostics.length > 0) out.push({ uri, diagnostics: positioned(report) });
  }
  return out;
}
