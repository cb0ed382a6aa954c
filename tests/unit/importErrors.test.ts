/**
 * The import dialog says which limit a refused file exceeded, in the reader's language
 * (issue 19): every limit the server can name in `error.limit` has a sentence in Dutch,
 * French and English with the file's name and the limit's number.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api/client.js';
import { describeImportError } from '../../client/src/api/describeError.js';
import { en } from '../../client/src/i18n/en.js';
import { fr } from '../../client/src/i18n/fr.js';
import { nl } from '../../client/src/i18n/nl.js';
import { LIMIT_MESSAGES } from '../../server/imports/importLimits.js';

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, nl: { translation: nl }, fr: { translation: fr } }, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false, showSupportNotice: false });

describe('[issue 19] import limits in words', () => {
  for (const language of ['nl', 'fr', 'en'] as const) {
    it(`[issue 19] every limit the server names has a sentence in ${language}, with the file and the number`, () => {
      const t = i18n.getFixedT(language);
      for (const limit of Object.keys(LIMIT_MESSAGES)) {
        const text = describeImportError(new ApiError(422, 'unprocessable', 'server text', 'file', limit), t, 'verslag.docx', language);
        expect(text, limit).toContain('verslag.docx');
        expect(text, limit).not.toContain('imports.');
        expect(text, limit).not.toMatch(/\{\{|\}\}/);
        if (limit === 'maxImportBlocks') expect(text).toMatch(/50[.,\u202f\u00a0]?000/);
      }
      // Without a limit: the error code's sentence.
      expect(describeImportError(new ApiError(422, 'unprocessable', 'x'), t, 'a.md', language)).toBe(t('errors.unprocessable'));
    });
  }
});
