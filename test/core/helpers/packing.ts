/** Packing and unpacking lists of records at once, as the tests build and read them. */
import type { CompactEntry, FileStamp } from '../../../server/src/core/compactEntry';
import { RecordUnpacker, type KnownStrings, type PackedRecords, type WrittenRecords } from '../../../server/src/core/indexCache';
import { RecordWriter } from '../../../server/src/core/recordWriter';
import type { IndexedEntry } from '../../../server/src/core/summary';

/** A record with the stamp of the file it was read from. */
export interface StampedEntry {
  readonly entry: IndexedEntry;
  readonly stamp: FileStamp;
}

/**
 * Packs records. Strings in `known` travel as positions: the receiver then uses its own strings. With
 * `withHashes`, each repeated string of the table comes with its `stringHash`, for the receiver to intern.
 */
export function packRecords(records: Iterable<StampedEntry>, known: KnownStrings = {}, withHashes = false): WrittenRecords {
  const writer = new RecordWriter(known, withHashes);
  for (const { entry, stamp } of records) writer.add(entry, stamp);
  return writer.finish();
}

/** Unpacks records into the index's compact form; undefined when anything is out of place. */
export function unpackRecords(packed: PackedRecords, known: readonly string[] = [], unique = false): CompactEntry[] | undefined {
  return new RecordUnpacker(known, unique).unpack(packed);
}
