/**
 * Opens a .docx (a zip) without trusting it (issue 19). jszip, which mammoth uses, inflates
 * every entry as far as its data goes, whatever the file declares: a 1 MiB file can unpack
 * to gigabytes. So the zip's central directory is read here first (a few fixed-size
 * records, see APPNOTE.TXT 4.3.12–4.3.16), the entry count and the declared sizes are
 * checked against the limits before anything is inflated, and every entry is then
 * inflated in small steps with fflate's streaming Inflate, stopping as soon as it outgrows
 * the size its directory record declared. fflate's own unzipSync cannot do the latter (it
 * keeps inflating into a buffer of the declared size, dropping the rest, for as long as
 * the data lasts). The checked entries are handed to mammoth as a stored (uncompressed)
 * zip, so jszip has nothing left to inflate.
 */
import { Inflate, zipSync } from 'fflate';
import { LIMITS } from '../../shared/limits.js';
import { exceeded, ImportLimitError } from './importLimits.js';

/** A zip that cannot be read (not a limit: a damaged or unsupported file). */
export class DamagedZipError extends Error {}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_RECORD = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** Input fed to the inflater per step: at most ~1032× this comes out of one step. */
const STEP_BYTES = 16 * 1024;

/** The central directory's records, checked against the limits. */
export function readZipDirectory(data: Uint8Array): Entry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // The end record is the last 22 bytes, unless a comment (≤ 65535 bytes) follows it.
  let end = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new DamagedZipError('no zip directory');
  const entries = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (entries === 0xffff || directoryOffset === 0xffffffff) exceeded('maxImportUnpackedBytes', 'payload_too_large'); // ZIP64: no Word file is that large
  if (entries > LIMITS.maxImportZipEntries) exceeded('maxImportZipEntries', 'payload_too_large');
  const out: Entry[] = [];
  let declared = 0;
  let at = directoryOffset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > data.length || view.getUint32(at, true) !== DIRECTORY_RECORD) throw new DamagedZipError('damaged zip directory');
    const nameLength = view.getUint16(at + 28, true);
    const entry: Entry = {
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      name: Buffer.from(data.buffer, data.byteOffset + at + 46, Math.min(nameLength, data.length - at - 46)).toString('utf8'),
      localOffset: view.getUint32(at + 42, true),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) exceeded('maxImportUnpackedBytes', 'payload_too_large');
    declared += entry.size;
    if (declared > LIMITS.maxImportUnpackedBytes) exceeded('maxImportUnpackedBytes', 'payload_too_large');
    out.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

/** One entry's bytes, inflated no further than its declared size. */
function inflateEntry(data: Uint8Array, entry: Entry): Uint8Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const at = entry.localOffset;
  if (at + 30 > data.length || view.getUint32(at, true) !== LOCAL_HEADER) throw new DamagedZipError(`damaged entry ${entry.name}`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const compressed = data.subarray(start, start + entry.compressedSize);
  if (compressed.length !== entry.compressedSize) throw new DamagedZipError(`truncated entry ${entry.name}`);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new DamagedZipError(`damaged entry ${entry.name}`);
    return compressed;
  }
  if (entry.method !== 8) throw new DamagedZipError(`unsupported compression in ${entry.name}`);
  const out = new Uint8Array(entry.size);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    // The data says more than the directory declared: stop here, nothing more is inflated.
    if (written + chunk.length > entry.size) exceeded('maxImportUnpackedBytes', 'payload_too_large');
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let offset = 0; offset < compressed.length; offset += STEP_BYTES) {
      inflater.push(compressed.subarray(offset, offset + STEP_BYTES), offset + STEP_BYTES >= compressed.length);
    }
  } catch (error) {
    if (error instanceof DamagedZipError || error instanceof ImportLimitError) throw error;
    throw new DamagedZipError(`damaged entry ${entry.name}`);
  }
  if (written !== entry.size) throw new DamagedZipError(`damaged entry ${entry.name}`);
  return out;
}

/** Every entry of a .docx, checked and inflated; throws ImportLimitError or DamagedZipError. */
export function unpackDocx(data: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const entry of readZipDirectory(data)) {
    if (entry.name.endsWith('/')) continue; // a folder
    files.set(entry.name, inflateEntry(data, entry));
  }
  return files;
}

/** Entries as a stored zip (no compression: cheap to write, nothing to inflate when read). */
export function storedZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(files), { level: 0 });
}
