/**
 * How a decision is told (issue 17): what a decided suggestion added and removed, from its
 * record's text before and after; and the sentences of the inbox (client i18n) and of the
 * digest (server mail texts), which must say the same thing in Dutch, French and English.
 */
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { describeDecision, excerpt } from '../../server/services/notifications.js';
import { decisionSentences as mailSentences } from '../../server/services/mailTexts.js';
import { decisionSentences as inboxSentences } from '../../client/src/routes/decisionSentences.js';
import { decisionDetails } from '../../server/services/inbox.js';
import type { DecisionDetails } from '../../shared/comments/api.js';
import { en } from '../../client/src/i18n/en.js';
import { fr } from '../../client/src/i18n/fr.js';
import { nl } from '../../client/src/i18n/nl.js';

const row = (kind: string, before: string, after: string, reason: string | null = null) => ({ kind, reason, before_text: before, after_text: after });

async function translator(lng: 'nl' | 'fr' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({ resources: { en: { translation: en }, nl: { translation: nl }, fr: { translation: fr } }, lng, interpolation: { escapeValue: false }, showSupportNotice: false });
  return instance.t;
}

describe('[S2] what a decided suggestion did', () => {
  it('an insertion, a deletion, a replacement in whole words, a formatting change', () => {
    expect(describeDecision('accept', row('insertion', 'De trust beheert de grond.', 'De trust beheert samen de grond.'))).toEqual({ action: 'accept', kind: 'insertion', added: 'samen', removed: '', context: '' });
    expect(describeDecision('reject', row('deletion', 'De grond blijft voor altijd van de trust.', 'De grond blijft van de trust.'))).toMatchObject({ added: '', removed: 'voor altijd' });
    expect(describeDecision('accept', row('insertion', 'Partners werken mee.', 'Partners willen mee.'))).toMatchObject({ added: 'willen', removed: 'werken' });
    expect(describeDecision('accept', row('insertion', 'De CLTB beheert', 'Het CLTB beheert'))).toMatchObject({ added: 'Het', removed: 'De' });
    expect(describeDecision('accept', row('formatChange', 'Vet gedrukt.', 'Vet gedrukt.'))).toMatchObject({ added: '', removed: '', context: 'Vet gedrukt.' });
    expect(describeDecision('accept', undefined)).toEqual({ action: 'accept', kind: null, added: '', removed: '', context: '' });
  });

  it('a long excerpt is cut at a word and ends in “…”', () => {
    const long = 'Partners willen mee beslissen over de verkoopprijs van elke woning die de trust bouwt.';
    expect(excerpt(long)).toBe('Partners willen mee beslissen over de verkoopprijs van elke…');
    expect(excerpt('  kort \n  en  goed ')).toBe('kort en goed');
  });

  it('an old notification that stored action codes is told as sentences, never as codes', () => {
    expect(decisionDetails('decision', null, 'accept, reject')).toEqual({
      reason: null,
      suggestions: [
        { action: 'accept', kind: null, added: '', removed: '', context: '' },
        { action: 'reject', kind: null, added: '', removed: '', context: '' },
      ],
    });
    expect(decisionDetails('mention', null, 'hallo')).toBeNull();
  });
});

const cases: { details: DecisionDetails; en: string[]; nl: string[]; fr: string[] }[] = [
  {
    details: { reason: null, suggestions: [{ action: 'accept', kind: 'insertion', added: 'Partners willen…', removed: '', context: '' }] },
    en: ['Thomas Peeters accepted your insertion “Partners willen…”'],
    nl: ['Thomas Peeters aanvaardde je invoeging “Partners willen…”'],
    fr: ['Thomas Peeters a accepté votre insertion « Partners willen… »'],
  },
  {
    details: { reason: 'Dat blijft zo.', suggestions: [{ action: 'reject', kind: 'deletion', added: '', removed: 'voor altijd', context: '' }] },
    en: ['Thomas Peeters rejected your deletion “voor altijd”: Dat blijft zo.'],
    nl: ['Thomas Peeters weigerde je schrapping “voor altijd”: Dat blijft zo.'],
    fr: ['Thomas Peeters a refusé votre suppression « voor altijd » : Dat blijft zo.'],
  },
  {
    details: {
      reason: 'Goed zo',
      suggestions: [
        { action: 'accept', kind: 'insertion', added: 'Het', removed: 'De', context: '' },
        { action: 'accept', kind: 'formatChange', added: '', removed: '', context: 'Vet gedrukt.' },
        { action: 'accept', kind: 'split', added: '', removed: '', context: '' },
        { action: 'accept', kind: 'someFutureKind', added: 'nieuw punt', removed: '', context: '' },
      ],
    },
    en: [
      'Thomas Peeters accepted your replacement of “De” with “Het”',
      'Thomas Peeters accepted your formatting change in “Vet gedrukt.”',
      'Thomas Peeters accepted your split',
      'Thomas Peeters accepted your insertion “nieuw punt”',
      'Reason: Goed zo',
    ],
    nl: [
      'Thomas Peeters aanvaardde je vervanging van “De” door “Het”',
      'Thomas Peeters aanvaardde je opmaakwijziging in “Vet gedrukt.”',
      'Thomas Peeters aanvaardde je splitsing',
      'Thomas Peeters aanvaardde je invoeging “nieuw punt”',
      'Reden: Goed zo',
    ],
    fr: [
      'Thomas Peeters a accepté votre remplacement de « De » par « Het »',
      'Thomas Peeters a accepté votre modification de mise en forme dans « Vet gedrukt. »',
      'Thomas Peeters a accepté votre scission',
      'Thomas Peeters a accepté votre insertion « nieuw punt »',
      'Motif : Goed zo',
    ],
  },
  {
    details: decisionDetails('decision', null, 'accept, withdraw')!,
    en: ['Thomas Peeters accepted your suggestion', 'Thomas Peeters withdrew your suggestion'],
    nl: ['Thomas Peeters aanvaardde je voorstel', 'Thomas Peeters trok je voorstel in'],
    fr: ['Thomas Peeters a accepté votre suggestion', 'Thomas Peeters a retiré votre suggestion'],
  },
];

describe('[S2] a decision in words: the inbox and the digest say the same, in nl, fr and en', () => {
  for (const lang of ['en', 'nl', 'fr'] as const) {
    it(`${lang}: one sentence per suggestion, the reason after a single one or on its own line`, async () => {
      const t = await translator(lang);
      for (const { details, ...expected } of cases) {
        expect(inboxSentences(t, 'Thomas Peeters', details)).toEqual(expected[lang]);
        expect(mailSentences(lang, 'Thomas Peeters', details)).toEqual(expected[lang]);
      }
    });
  }
});
