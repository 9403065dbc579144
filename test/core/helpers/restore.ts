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
 * Restores records into an indexer as a warm start does: sorted by URI as the cache holds them (unless
 * `inGivenOrder`), packed in chunks
 * against one table of shared strings, each chunk checked, and every record left to be decoded when first read.
 */
export function restoreInto(indexer: Indexer, given: readonly StampedEntry[], chunkSize = 5000, inGivenOrder = false): void {
  // In the given order, records stand for a damaged cache (or one written before the cache was sorted).
  const records = inGivenOrder ? given : [...given].sort((a, b) => (a.entry.uri < b.entry.uri ? -1 : a.entry.uri > b.entry.uri ? 1 : 0));
  const shared = new SharedStrings();
  const position = (value: string): number => shared.positionOf(value);
  const packed = [];
  for (let start = 0; start < records.length; start += chunkSize) packed.push(packRecords(records.slice(start, start + chunkSize), { uris: position, others: position }));
  const unpacker = new RecordUnpacker(shared.values, true);
  const chunks = packed.map((chunk) => unpacker.check(chunk, true) ?? assert.fail('a packed chunk does not check'));
  indexer.restore(chunks, unpacker.uses());
}
