/**
 * A section's translation progress per target language (issue 20), as the outline and the
 * section page show it: "FR: 82% up to date · 9% outdated · 9% missing", plus passages whose
 * source is gone. Computed by the server against the lead language's approved revision.
 */
import { useTranslation } from 'react-i18next';
import type { Section, TranslationProgress } from '../../../shared/api.js';
import { progressPercentages } from './translationProgress.js';

/** One language's progress line. */
export function TranslationProgressLine({ lang, progress }: { lang: string; progress: TranslationProgress }) {
  const { t } = useTranslation();
  const pct = progressPercentages(progress);
  if (pct.total === 0 && progress.orphaned === 0) return null;
  const state = progress.outdated || progress.orphaned ? 'outdated' : progress.missing ? 'missing' : 'up-to-date';
  return (
    <span
      className={`badge translation-badge translation-${state}`}
      title={t('translation.progressLabel', { language: t(`languageNames.${lang}`, { defaultValue: lang }), ...progress, total: pct.total })}
      data-lang={lang}
    >
      {t('translation.progress', { lang: lang.toUpperCase(), ...pct })}
      {progress.orphaned > 0 && ` · ${t('translation.progressOrphaned', { count: progress.orphaned })}`}
    </span>
  );
}

/** Every target language's progress of a section. */
export function TranslationBadges({ section }: { section: Section }) {
  return (
    <>
      {Object.entries(section.translation ?? {}).map(([lang, progress]) => (
        <TranslationProgressLine key={lang} lang={lang} progress={progress} />
      ))}
    </>
  );
}
