/**
 * Turns any thrown value into a sentence in the interface language.
 */
import type { TFunction } from 'i18next';
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
