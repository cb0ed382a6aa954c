/**
 * The limits an import is held to while it is converted (issue 19), as one error type: the
 * converters throw an ImportLimitError where a file exceeds one, and convertFile answers it
 * as a failure that names the file and the limit (`error.limit` is the LIMITS key, so the
 * client can say it in the reader's language).
 */
import type { ErrorCode } from '../../shared/api.js';
import { LIMITS } from '../../shared/limits.js';

/** The LIMITS keys an import can exceed. */
export type ImportLimit =
  | 'maxImportFileBytes'
  | 'maxImportUnpackedBytes'
  | 'maxImportZipEntries'
  | 'maxImportDepth'
  | 'maxImportBlocks'
  | 'maxImportChars'
  | 'importWorkerHeapMb'
  | 'importTimeLimitMs';

/** A file exceeds one of the import limits. `message` continues the file's name ("report.docx …"). */
export class ImportLimitError extends Error {
  constructor(
    readonly limit: ImportLimit,
    message: string,
    readonly code: Extract<ErrorCode, 'payload_too_large' | 'unprocessable'> = 'unprocessable',
  ) {
    super(message);
    this.name = 'ImportLimitError';
  }
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const count = (n: number) => n.toLocaleString('en-GB');

/** The sentence (after the file's name) for each limit. */
export const LIMIT_MESSAGES: Record<ImportLimit, string> = {
  maxImportFileBytes: `is larger than ${mib(LIMITS.maxImportFileBytes)}`,
  maxImportUnpackedBytes: `would unpack to more than ${mib(LIMITS.maxImportUnpackedBytes)} (a Word file is a zip; this one is far larger inside than it looks)`,
  maxImportZipEntries: `holds more than ${count(LIMITS.maxImportZipEntries)} parts, more than a Word file has`,
  maxImportDepth: `is nested too deeply: more than ${LIMITS.maxImportDepth} levels of elements, lists or quotes inside one another`,
  maxImportBlocks: `has more than ${count(LIMITS.maxImportBlocks)} paragraphs, headings, list items and table cells; split it into several files`,
  maxImportChars: `has more than ${count(LIMITS.maxImportChars)} characters of text; split it into several files`,
  importWorkerHeapMb: `needs more memory to convert than an import may use (${LIMITS.importWorkerHeapMb} MiB); split it into several files`,
  importTimeLimitMs: `took longer to convert than an import may take (${LIMITS.importTimeLimitMs / 1000} s); split it into several files`,
};

/** Throws the error for a limit. */
export function exceeded(limit: ImportLimit, code: 'payload_too_large' | 'unprocessable' = 'unprocessable'): never {
  throw new ImportLimitError(limit, LIMIT_MESSAGES[limit], code);
}
