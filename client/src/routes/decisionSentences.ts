/**
 * A decision notification in words, in the interface language: one sentence per decided
 * suggestion ("Thomas Peeters accepted your insertion “Partners willen…”"), the reason after
 * a single one, or on a line of its own after several. The server stores only the structured
 * details, so switching languages re-tells old notifications too. (The digest e-mail has
 * the same words in server/services/mailTexts.ts.)
 */
import type { TFunction } from 'i18next';
import type { DecisionDetails } from '../../../shared/comments/api.js';

const NOUNS = ['insertion', 'deletion', 'formatChange', 'insert', 'delete', 'split', 'join', 'retype'] as const;

/** The sentences of a decision by `actor`. */
export function decisionSentences(t: TFunction, actor: string, details: DecisionDetails): string[] {
  const sentences = details.suggestions.map((s) => {
    const known = (NOUNS as readonly string[]).includes(s.kind ?? '') ? (s.kind as (typeof NOUNS)[number]) : null;
    const noun = t(`inboxDecision.${known ?? (s.added ? 'insertion' : s.removed ? 'deletion' : 'suggestion')}`);
    const text = s.added || s.removed;
    const what = s.added && s.removed
      ? t('inboxDecision.replaced', { removed: s.removed, added: s.added })
      : text
        ? t('inboxDecision.quoted', { noun, text })
        : s.context
          ? t('inboxDecision.within', { noun, text: s.context })
          : noun;
    return t(`inboxDecision.${s.action}`, { actor, what });
  });
  if (!details.reason) return sentences;
  if (sentences.length === 1) return [t('inboxDecision.withReason', { sentence: sentences[0], reason: details.reason })];
  return [...sentences, t('inboxDecision.reasonLine', { reason: details.reason })];
}
