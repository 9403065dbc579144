/** The ByteReader over node's Buffer: native UTF-8 validation and Latin-1 and UTF-8 slices, no copy of the bytes. */
import { Buffer, isUtf8 } from 'node:buffer';
import type { ByteReader } from '../core/byteText';

/** Reads bytes through Buffer, which a file read in node already is. */
export const bufferReader: ByteReader = {
  isUtf8: (bytes) => isUtf8(bytes),
  latin1: (bytes) => asBuffer(bytes).toString('latin1'),
  utf8: (bytes, start, end) => asBuffer(bytes).toString('utf8', start, end),
};

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
