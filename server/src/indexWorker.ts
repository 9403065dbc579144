/**
 * An index worker thread: reads files synchronously (no thread-pool hop per file), extracts and
 * summarizes them, and posts the records back. It reads only below the roots it is given.
 */
import { parentPort } from 'node:worker_threads';
import { loadBytes, type LoadedFile } from './core/bulkLoader';
import { readEntry } from './core/extractor';
import { packRecords } from './core/indexCache';
import { NodeFileSystem } from './lsp/nodeFileSystem';
import type { LoadJob, LoadJobResult } from './node/workerProtocol';

const fs = new NodeFileSystem();

parentPort?.on('message', (job: LoadJob) => {
  fs.setRoots(job.roots);
  const results: LoadedFile[] = job.uris.map((uri, i) => {
    try {
      const file = fs.readFileWithStamp(uri, job.maxFileSizes[i]);
      if (!file) return { uri, kind: 'missing' };
      if (!file.bytes) return { uri, kind: 'skipped', problem: 'file.tooLarge', size: file.stamp.size, stamp: file.stamp };
      return loadBytes(readEntry, uri, file.bytes, job.maxFileSizes[i], file.stamp, 'as-is');
    } catch {
      return { uri, kind: 'missing' };
    }
  });
  const entries = results.flatMap((result) => (result.kind === 'entry' ? [{ entry: result.summary, stamp: result.stamp }] : []));
  const others = results.filter((result): result is Exclude<LoadedFile, { kind: 'entry' }> => result.kind !== 'entry');
  const positions = new Map(job.uris.map((uri, position) => [uri, position]));
  const result: LoadJobResult = { id: job.id, entries: packRecords(entries, (value) => positions.get(value)), others };
  parentPort!.postMessage(result, [result.entries.numbers.buffer, result.entries.stamps.buffer]);
});
