import * as assert from 'node:assert/strict';
import type { CompactEntry } from '../../../server/src/core/compactEntry';
import { RecordUnpacker, SharedStrings } from '../../../server/src/core/indexCache';
import { packRecords, type StampedEntry } from './packing';
import type { Indexer } from '../../../server/src/core/indexer';

/** Compact records (which carry their own stamp) as the records with stamps that `restoreInto` and `packRecords` take. */
export function stamped(records: Iterable<CompactEntry>): StampedEntry[] {
  return [...records].map((entry) => ({ entry, stamp: { size: entry.size, mtime: entry.mtime } }));
}

/**
 * Restores records into an indexer as a warm start does: packed in chunks against one table of shared strings,
 * each chunk checked, and every record left to be decoded when first read.
 */
export function restoreInto(indexer: Indexer, records: readonly StampedEntry[], chunkSize = 5000): void {
  const shared = new SharedStrings();
  const position = (value: string): number => shared.positionOf(value);
  const packed = [];
  for (let start = 0; start < records.length; start += chunkSize) packed.push(packRecords(records.slice(start, start + chunkSize), { uris: position, others: position }));
  const unpacker = new RecordUnpacker(shared.values, true);
  const chunks = packed.map((chunk) => unpacker.check(chunk, true) ?? assert.fail('a packed chunk does not check'));
  indexer.restore(chunks, unpacker.uses());
}
