/**
 * Feedback on published releases that reached this draft (flow 7): each remark with the
 * passage it quotes, who left it and on which release. Shown until comment threads (another
 * branch) carry it in the text itself.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftFeedback } from '../../../shared/releases.js';
import { listDraftFeedback } from '../api/releases.js';

/** The panel; renders nothing while there is no feedback. */
export function ReleaseFeedbackPanel({ docName }: { docName: string }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<DraftFeedback[]>([]);
  useEffect(() => {
    listDraftFeedback(docName).then(setItems, () => setItems([]));
  }, [docName]);
  if (!items.length) return null;
  const formatTime = (at: number) => new Intl.DateTimeFormat(i18n.resolvedLanguage ?? i18n.language, { dateStyle: 'medium' }).format(new Date(at));
  return (
    <section className="card release-feedback" aria-labelledby="release-feedback-title">
      <h2 id="release-feedback-title">{t('releases.draftFeedback')}</h2>
      <ul className="feedback-list">
        {items.map((item) => (
          <li key={item.id}>
            <blockquote>{item.quote}</blockquote>
            <p>{item.body}</p>
            <p className="muted small">
              {t('releases.draftFeedbackMeta', { name: item.name, version: item.version, time: formatTime(item.createdAt) })}
              {item.anchor !== 'found' && <> · {t('releases.passageGone')}</>}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
