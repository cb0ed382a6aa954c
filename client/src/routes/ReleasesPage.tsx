/**
 * A workspace's releases (flows 6–7): the published releases with their site, changelog and
 * exports; staff compose and publish new ones, open feedback on a release, and moderate the
 * public's remarks; everyone compares two releases.
 */
import { Fragment, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedbackItem, FeedbackMode, ReleaseDiff, ReleaseSummary } from '../../../shared/releases.js';
import { FEEDBACK_MODES } from '../../../shared/releases.js';
import type { InlinePart } from '../../../shared/revisions/diff.js';
import type { PmJson } from '../../../shared/editor/json.js';
import { can } from '../../../shared/permissions.js';
import { describeError } from '../api/describeError.js';
import { decideFeedback, fetchReleaseDiff, listFeedback, listReleases, setReleaseFeedback } from '../api/releases.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { LoadError } from '../ui/LoadError.js';
import { ReleaseComposer } from '../ui/ReleaseComposer.js';
import { AdoptRelease } from '../ui/AdoptRelease.js';
import { listAdoptions } from '../api/legal.js';
import type { Adoption } from '../../../shared/legal/api.js';
import { WorkspaceNotFound } from '../ui/WorkspaceNotFound.js';
import { formatDateTime } from '../ui/formatDateTime.js';
import { WorkspaceBreadcrumb } from '../ui/WorkspaceBreadcrumb.js';

function plain(node: PmJson): string {
  if (node.type === 'text') return node.text ?? '';
  return (node.content ?? []).map(plain).join(node.type === 'paragraph' || node.type === 'heading' ? '' : '\n');
}

function Parts({ parts }: { parts: InlinePart[] }) {
  return (
    <>
      {parts.map((part, index) => {
        if (part.boundary) return <br key={index} />;
        if (part.op === 'insert') return <ins key={index}>{part.text}</ins>;
        if (part.op === 'delete') return <del key={index}>{part.text}</del>;
        return <Fragment key={index}>{part.text}</Fragment>;
      })}
    </>
  );
}

/** The difference between two releases, section by section. */
function ReleaseDiffView({ diff }: { diff: ReleaseDiff }) {
  const { t } = useTranslation();
  if (!diff.sections.length) return <p>{t('releases.noDifference')}</p>;
  return (
    <div className="release-diff">
      {diff.sections.map((section) => (
        <section key={`${section.sectionId}-${section.lang}`} className="card" aria-label={`${section.title} (${section.lang.toUpperCase()})`}>
          <h3>
            <span className={`badge change-${section.change}`}>{t(`releases.change_${section.change}`)}</span> {section.title}{' '}
            <span className="muted">{section.lang.toUpperCase()}</span>
          </h3>
          {section.diff.blocks.map((block) => {
            if (block.kind === 'unchanged' || (block.kind === 'moved' && !block.changed)) return null;
            if (block.kind === 'inserted') return <p key={block.id} className="diff-text"><ins>{plain(block.block)}</ins></p>;
            if (block.kind === 'deleted') return <p key={block.id} className="diff-text"><del>{plain(block.block)}</del></p>;
            return (
              <p key={block.id} className="diff-text">
                {block.parts ? <Parts parts={block.parts} /> : <><del>{plain(block.before)}</del> <ins>{plain(block.after)}</ins></>}
              </p>
            );
          })}
        </section>
      ))}
      <p className="muted">{t('releases.unchangedSections', { count: diff.unchanged })}</p>
    </div>
  );
}

/** The releases page. */
export function ReleasesPage({ workspaceSlug }: { workspaceSlug: string }) {
  const { t, i18n } = useTranslation();
  const { state, reload } = useWorkspaces();
  const [releases, setReleases] = useState<ReleaseSummary[] | null>(null);
  const [pending, setPending] = useState<FeedbackItem[]>([]);
  const [accepted, setAccepted] = useState<FeedbackItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<ReleaseDiff | null>(null);
  const [adoptions, setAdoptions] = useState<Adoption[]>([]);
  const workspace = state.type === 'ready' ? state.value.find((w) => w.slug === workspaceSlug) : undefined;
  const mayManage = workspace ? can(workspace.role, 'release.manage') : false;

  const load = useCallback(() => {
    listReleases(workspaceSlug).then(
      (list) => {
        setReleases(list);
        setTo((current) => current || list[0]?.version || '');
        setFrom((current) => current || list[1]?.version || list[0]?.version || '');
      },
      (caught: unknown) => setError(describeError(caught, t)),
    );
    listAdoptions(workspaceSlug).then(setAdoptions, () => undefined);
    if (mayManage) {
      listFeedback(workspaceSlug, 'pending').then(setPending, (caught: unknown) => setError(describeError(caught, t)));
      listFeedback(workspaceSlug, 'accepted').then(setAccepted, () => undefined);
    }
  }, [workspaceSlug, mayManage, t]);
  useEffect(() => {
    if (workspace) load();
  }, [load, workspace]);

  useEffect(() => {
    document.title = `${t('releases.title')} · ${workspace?.name ?? workspaceSlug} · ${t('app.name')}`;
  }, [workspace?.name, workspaceSlug, t]);

  if (state.type === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (state.type === 'error') return <LoadError error={state.error} onRetry={() => void reload()} />;
  if (!workspace) return <WorkspaceNotFound />;

  const formatTime = (at: number) => formatDateTime(i18n.resolvedLanguage ?? i18n.language, at);
  const fail = (caught: unknown) => setError(describeError(caught, t));

  const changeFeedback = (release: ReleaseSummary, mode: FeedbackMode) => {
    setReleaseFeedback(workspace.slug, release.version, mode).then(load, fail);
  };
  const decide = (item: FeedbackItem, action: 'accept' | 'reject') => {
    decideFeedback(workspace.slug, item.id, action).then(() => {
      setStatus(action === 'accept' ? t('releases.feedbackAccepted') : t('releases.feedbackRejected'));
      load();
    }, fail);
  };
  const compare = () => {
    if (!from || !to) return;
    setDiff(null);
    fetchReleaseDiff(workspace.slug, from, to).then(setDiff, fail);
  };

  return (
    <div className="page">
      <WorkspaceBreadcrumb workspace={workspace} />
      <h1>{t('releases.title')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="status-line" role="status">
        {status}
      </p>
      {mayManage && (
        <ReleaseComposer
          workspace={workspace}
          onPublished={(release) => {
            setStatus(t('releases.published', { version: release.version }));
            setTo(release.version);
            load();
          }}
        />
      )}

      <section aria-labelledby="published-title">
        <h2 id="published-title">{t('releases.list')}</h2>
        {adoptions.length > 0 && (
          <p>
            <a href={`/p/${encodeURIComponent(workspace.slug)}/@today/`}>{t('legal.inForceToday')}</a>
          </p>
        )}
        {releases && releases.length === 0 && <p className="muted">{t('releases.none')}</p>}
        {releases && releases.length > 0 && (
          <ul className="release-list">
            {releases.map((release) => {
              const file = `${workspace.slug}-${release.version}`;
              return (
                <li key={release.id} className="card">
                  <h3>
                    <a href={release.url}>{t('releases.versionN', { version: release.version })}</a> <span className="muted">{release.date}</span>
                  </h3>
                  <p className="muted small">{t('releases.publishedBy', { person: release.publishedBy.name, time: formatTime(release.publishedAt) })}</p>
                  {release.notes && <p className="release-notes">{release.notes}</p>}
                  <AdoptRelease workspaceSlug={workspace.slug} version={release.version} adoption={adoptions.find((a) => a.version === release.version)} mayManage={mayManage} onAdopted={load} />
                  <p className="workspace-links">
                    <a href={release.url}>{t('releases.read')}</a>
                    <a href={`${release.url}_changes/`}>{t('releases.changelog')}</a>
                    <a href={`${release.url}_export/${file}.html`} download>
                      {t('releases.exportHtml')}
                    </a>
                    <a href={`${release.url}_export/${file}.zip`} download>
                      {t('releases.exportMarkdown')}
                    </a>
                    <a href={`${release.url}_export/${file}.docx`} download>
                      {t('releases.exportDocx')}
                    </a>
                    {workspace.languages
                      .filter((target) => target !== workspace.leadLanguage)
                      .map((target) => {
                        // The bilingual booklet (issue 20): the lead language and this one in facing columns.
                        const pair = `${workspace.leadLanguage.toUpperCase()}–${target.toUpperCase()}`;
                        const booklet = `${release.url}_export/${file}-${workspace.leadLanguage}-${target}`;
                        return [
                          <a key={`${target}-html`} href={`${booklet}.html`} download>
                            {t('releases.exportBooklet', { pair })}
                          </a>,
                          <a key={`${target}-docx`} href={`${booklet}.docx`} download>
                            {t('releases.exportBookletDocx', { pair })}
                          </a>,
                        ];
                      })}
                  </p>
                  {mayManage ? (
                    <label className="inline-field">
                      <span>{t('releases.feedback')}</span>{' '}
                      <select value={release.feedback} onChange={(event) => changeFeedback(release, event.target.value as FeedbackMode)}>
                        {FEEDBACK_MODES.map((mode) => (
                          <option key={mode} value={mode}>
                            {t(`releases.feedback_${mode}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                  ) : (
                    <p className="muted small">
                      {t('releases.feedback')}: {t(`releases.feedback_${release.feedback}`)}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {releases && releases.length > 1 && (
        <section aria-labelledby="compare-title">
          <h2 id="compare-title">{t('releases.compare')}</h2>
          <p className="inline-form">
            <VersionSelect label={t('releases.from')} versions={releases.map((r) => r.version)} value={from} onChange={setFrom} />{' '}
            <VersionSelect label={t('releases.to')} versions={releases.map((r) => r.version)} value={to} onChange={setTo} />{' '}
            <button type="button" className="button secondary" onClick={compare}>
              {t('releases.showDiff')}
            </button>
          </p>
          {diff && <ReleaseDiffView diff={diff} />}
        </section>
      )}

      {mayManage && (
        <section aria-labelledby="moderation-title">
          <h2 id="moderation-title">{t('releases.moderation')}</h2>
          {pending.length === 0 && <p className="muted">{t('releases.moderationEmpty')}</p>}
          <ul className="feedback-list">
            {pending.map((item) => (
              <li key={item.id} className="card">
                <blockquote>{item.quote}</blockquote>
                <p>{item.body}</p>
                <p className="muted small">
                  {t('releases.feedbackFrom', { name: item.name, section: item.sectionTitle, version: item.version, time: formatTime(item.createdAt) })}
                </p>
                <button type="button" className="button" onClick={() => decide(item, 'accept')}>
                  {t('releases.accept')}
                </button>{' '}
                <button type="button" className="button secondary" onClick={() => decide(item, 'reject')}>
                  {t('releases.reject')}
                </button>
              </li>
            ))}
          </ul>
          {accepted.length > 0 && (
            <>
              <h3>{t('releases.inDraft')}</h3>
              <ul className="feedback-list">
                {accepted.map((item) => (
                  <li key={item.id}>
                    <q>{item.quote}</q> — {item.body} <span className="muted small">({t('releases.feedbackFrom', { name: item.name, section: item.sectionTitle, version: item.version, time: formatTime(item.createdAt) })})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </div>
  );
}

/** One end of the comparison: a labelled select over the published versions. */
function VersionSelect({ label, versions, value, onChange }: { label: string; versions: string[]; value: string; onChange: (version: string) => void }) {
  return (
    <label>
      <span>{label}</span>{' '}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {versions.map((version) => (
          <option key={version} value={version}>
            {version}
          </option>
        ))}
      </select>
    </label>
  );
}
