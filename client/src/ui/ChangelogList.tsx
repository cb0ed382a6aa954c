/** A release's generated changelog: changed sections with their summaries, suggestions and organisations. */
import { useTranslation } from 'react-i18next';
import type { Changelog } from '../../../shared/releases.js';

/** The changelog as a list. */
export function ChangelogList({ changelog }: { changelog: Changelog }) {
  const { t } = useTranslation();
  return (
    <div className="changelog">
      <p className="muted">
        {changelog.previous ? t('releases.since', { version: changelog.previous }) : t('releases.first')}
        {' · '}
        {t('releases.suggestionsAccepted', { count: changelog.suggestionsAccepted })}
        {changelog.threadsAddressed !== null && <> · {t('releases.threadsAddressed', { count: changelog.threadsAddressed })}</>}
      </p>
      {changelog.entries.length === 0 ? (
        <p>{t('releases.noChanges')}</p>
      ) : (
        <ul>
          {changelog.entries.map((entry) => (
            <li key={entry.sectionId}>
              <span className={`badge change-${entry.change}`}>{t(`releases.change_${entry.change}`)}</span> {entry.title}{' '}
              <span className="muted">({entry.languages.map((l) => l.toUpperCase()).join(', ')})</span>
              {entry.summaries.length > 0 && (
                <ul>
                  {entry.summaries.map((summary) => (
                    <li key={`${summary.lang}-${summary.number}`}>
                      {summary.lang.toUpperCase()} {t('releases.revisionN', { number: summary.number })}: {summary.summary}
                    </li>
                  ))}
                </ul>
              )}
              {entry.organisations.length > 0 && <p className="muted small">{t('releases.contributors', { organisations: entry.organisations.join(', ') })}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
