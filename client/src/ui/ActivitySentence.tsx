/**
 * One thing that happened, said as a sentence in the reader's language ("Thomas Peeters
 * (CLTB) edited *Grond en woning* — 12 words added, 3 removed"), with the section or
 * release linked. Used by the activity view; the audit log says its entries the same way.
 */
import { Trans, useTranslation } from 'react-i18next';
import type { ActivityEntry } from '../../../shared/activity.js';
import { sectionPath } from '../routes/navigation.js';
import { Link } from './Link.js';

/** The i18n key of an action: `revision.approve` → `activitySentences.revision_approve`. */
export function sentenceKey(action: string): string {
  return `activitySentences.${action.replace(/\./g, '_')}`;
}

/** The sentence of one entry. */
export function ActivitySentence({ entry, workspaceSlug }: { entry: ActivityEntry; workspaceSlug: string }) {
  const { t, i18n } = useTranslation();
  const { details, section } = entry;
  // No actor: the server itself (the demo seed, an automatic repair).
  const who = entry.actor ? t('header.person', { name: entry.actor.name, organisation: entry.actor.organisation }) : t('activity.system');
  const sectionTitle = section?.title ?? t('activity.goneSection');
  const sectionLink = section ? <Link className="activity-title" href={sectionPath(workspaceSlug, section.slug, section.lang ?? undefined)} /> : <em />;
  const releaseLink = details.version ? <a href={`/p/${encodeURIComponent(workspaceSlug)}/${encodeURIComponent(details.version)}/`} /> : <span />;
  const role = (name: string | undefined) => (name ? t(`roles.${name}`, { defaultValue: name }) : '');
  const values = {
    who,
    section: sectionTitle,
    version: details.version ?? '',
    number: details.number ?? '',
    count: details.count ?? 0,
    person: details.person ?? t('activity.someone'),
    before: details.before ?? '',
    role: role(details.after),
    suggestions: t(details.authors?.length ? 'activity.suggestionsBy' : 'activity.suggestions', { count: details.count ?? 1, authors: details.authors?.join(', ') ?? '' }),
  };
  const known = sentenceKey(entry.action);
  const key = i18n.exists(known) ? known : 'activitySentences.other';
  const sentence = (
    <Trans
      i18nKey={key}
      values={{ ...values, action: entry.action }}
      components={{ who: <strong />, section: sectionLink, release: releaseLink }}
      shouldUnescape
    />
  );
  const words =
    details.added !== undefined && details.removed !== undefined
      ? details.added === 0 && details.removed === 0
        ? t('activity.noWords')
        : [t('activity.wordsAdded', { count: details.added }), t('activity.wordsRemoved', { count: details.removed })].join(', ')
      : null;
  return (
    <>
      {sentence}
      {words && <> — {words}</>}
      {details.note && <q className="activity-note">{details.note}</q>}
    </>
  );
}
