/**
 * An index worker's load job: read each file, write its record with the summary scanner straight into the
 * packed form, or, where the scanner declines, extract and summarize it. Records keep the order of the files.
 */
import { Buffer } from 'node:buffer';
import { loadBytes, WIDE_CHARACTER, type LoadedFile } from '../core/bulkLoader';
import { ProofWriter } from '../core/proofWriter';
import { readEntry } from '../core/extractor';
import { parseIsoDate, type CalendarDate } from '../core/format';
import { RecordWriter } from '../core/recordWriter';
import { randomHashKey } from '../core/intern';
import { KnownUris } from '../core/knownUris';
import { ScannedRecords } from '../core/scannedRecords';
import type { NodeFileSystem, ReadBuffer } from '../lsp/nodeFileSystem';
import { bufferReader } from './bufferReader';
import type { ListRange, LoadJob, LoadJobResult } from './workerProtocol';

/**
 * Loads a job's files through `fs` (synchronous reads), which it confines to the job's roots. Files, and link
 * targets that are files, are written as their positions in `known` (the whole load's list, which a job may name
 * its files by a range of; by default the job's own files). A job with `today` also gets the records' clean proofs.
 */
export function loadJob(job: LoadJob, fs: NodeFileSystem, known?: KnownUris): LoadJobResult {
  const uris = 'from' in job.uris ? rangeOf(job.uris, known) : job.uris;
  known ??= new KnownUris(uris, randomHashKey());
  fs.setRoots(job.roots);
  const writer = new RecordWriter({ uris: (value) => known.positionOf(value) }, true);
  const proofs = job.today === undefined ? undefined : new ProofWriter(dayOf(job.today), known.key);
  const scanned = new ScannedRecords(writer, bufferReader, known, proofs);
  const others: Exclude<LoadedFile, { kind: 'entry' }>[] = [];
  uris.forEach((uri, i) => {
    const result = loadFile(fs, uri, job.maxFileSizes[i], scanned);
    if (result?.kind === 'entry') {
      writer.add(result.summary, result.stamp);
      proofs?.other(known.positionOf(uri) ?? -1, result.summary.headline);
    } else if (result) {
      others.push(result);
    }
  });
  return { entries: writer.finish(), others, ...(proofs && { proofs: proofs.finish() }) };
}

function rangeOf(range: ListRange, known: KnownUris | undefined): readonly string[] {
  if (!known || range.to > known.size) throw new Error(`a load job names files ${range.from}–${range.to} of a list of ${known?.size ?? 0}`);
  return known.slice(range.from, range.to);
}

function dayOf(text: string): CalendarDate {
  const day = parseIsoDate(text);
  if (typeof day !== 'object') throw new Error(`a load job came with a bad date: ${text}`);
  return day;
}

/** The worker's read buffer: each file is scanned, or decoded, before the next is read into it. */
const readBuffer: ReadBuffer = { bytes: Buffer.allocUnsafe(1 << 16) };

/** Reads one file: undefined when the scanner wrote its record, else what the extractor made of it. */
function loadFile(fs: NodeFileSystem, uri: string, maxFileSize: number, scanned: ScannedRecords): LoadedFile | undefined {
  try {
    const file = fs.readFileWithStamp(uri, maxFileSize, readBuffer);
    if (!file) return { uri, kind: 'missing' };
    if (!file.bytes) return { uri, kind: 'skipped', problem: 'file.tooLarge', stamp: file.stamp };
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
