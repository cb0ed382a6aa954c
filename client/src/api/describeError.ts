/**
 * Turns any thrown value into a sentence in the interface language.
 */
import type { TFunction } from 'i18next';
import { LIMITS } from '../../../shared/limits.js';
import { ApiError } from './client.js';

const KNOWN_CODES = new Set([
  'network',
  'unauthenticated',
  'forbidden',
  'not_found',
  'validation_failed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unprocessable',
  'server_error',
]);

/** A translated, volunteer-friendly message for an error. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (KNOWN_CODES.has(error.code)) return t(`errors.${error.code}`);
    return t('errors.unknown');
  }
  return t('errors.unknown');
}

/** The import limits the server names in `error.limit` (issue 19), and the number each one's sentence shows. */
const IMPORT_LIMIT_VALUES: Record<string, { mib?: number; number?: number; seconds?: number }> = {
  maxImportFileBytes: { mib: LIMITS.maxImportFileBytes / 1024 / 1024 },
  maxImportUnpackedBytes: { mib: LIMITS.maxImportUnpackedBytes / 1024 / 1024 },
  maxImportZipEntries: { number: LIMITS.maxImportZipEntries },
  maxImportDepth: { number: LIMITS.maxImportDepth },
  maxImportBlocks: { number: LIMITS.maxImportBlocks },
  maxImportChars: { number: LIMITS.maxImportChars },
  importWorkerHeapMb: {},
  importTimeLimitMs: { seconds: LIMITS.importTimeLimitMs / 1000 },
};

/** Why an imported file was refused, in words: the limit it exceeded when the server names one. */
export function describeImportError(error: unknown, t: TFunction, fileName: string, language: string): string {
  if (error instanceof ApiError && error.limit && IMPORT_LIMIT_VALUES[error.limit]) {
    const values = IMPORT_LIMIT_VALUES[error.limit];
    const format = (n: number | undefined) => (n === undefined ? '' : new Intl.NumberFormat(language).format(n));
    return t(`imports.limit_${error.limit}`, { file: fileName, mib: format(values.mib), number: format(values.number), seconds: format(values.seconds) });
  }
  return describeError(error, t);
}
