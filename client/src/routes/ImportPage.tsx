/**
 * Import files into a workspace (issue 9): pick one or many DOCX, Markdown or HTML files,
 * choose the heading level that starts a section and what happens to Word tracked
 * changes, see the outline and each section's text and the list of what cannot be
 * converted, then confirm. Each file has its own progress bar (upload, then import).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportIssue, ImportPreview, StagedFile, TrackedChangesChoice } from '../../../shared/imports/api.js';
import { can } from '../../../shared/permissions.js';
import { describeError, describeImportError } from '../api/describeError.js';
import { getImportJob, previewImport, startImport, uploadImportFile } from '../api/imports.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { LoadError } from '../ui/LoadError.js';
import { WorkspaceNotFound } from '../ui/WorkspaceNotFound.js';
import { navigate, workspacePath } from './navigation.js';
import { WorkspaceBreadcrumb } from '../ui/WorkspaceBreadcrumb.js';

interface FileState {
  file: File;
  progress: number;
  staged: StagedFile | null;
  error: string | null;
}

/** The import page of a workspace. */
export function ImportPage({ workspaceSlug }: { workspaceSlug: string }) {
  const { t, i18n } = useTranslation();
  const { state } = useWorkspaces();
  const [files, setFiles] = useState<FileState[]>([]);
  const [splitLevel, setSplitLevel] = useState(1);
  const [tracked, setTracked] = useState<TrackedChangesChoice>('suggest');
  const [lang, setLang] = useState('');
  const [linkArticles, setLinkArticles] = useState(true);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [phase, setPhase] = useState<'choose' | 'importing' | 'done'>('choose');
  const workspace = state.type === 'ready' ? state.value.find((w) => w.slug === workspaceSlug) : undefined;
  const staged = files.filter((f) => f.staged).map((f) => f.staged!.id);
  const options = { files: staged, splitLevel, trackedChanges: tracked, linkArticles, ...(lang ? { lang } : {}) };

  useEffect(() => {
    document.title = `${t('imports.title')} · ${t('app.name')}`;
  }, [t]);

  // A new preview whenever the files or the choices change (`key` stands for them); nothing is written.
  const key = JSON.stringify(options);
  useEffect(() => {
    if (!staged.length || phase !== 'choose') return setPreview(null);
    let live = true;
    previewImport(workspaceSlug, options).then(
      (value) => live && setPreview(value),
      (reason: unknown) => live && setError(describeError(reason, t)),
    );
    return () => {
      live = false;
    };
  }, [key, workspaceSlug, phase]);

  if (state.type === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (state.type === 'error') return <LoadError error={state.error} onRetry={() => location.reload()} />;
  if (!workspace || !can(workspace.role, 'section.import')) return <WorkspaceNotFound />;

  const update = (index: number, patch: Partial<FileState>) => setFiles((list) => list.map((item, i) => (i === index ? { ...item, ...patch } : item)));

  const choose = (chosen: FileList | null) => {
    if (!chosen) return;
    const offset = files.length;
    const added = Array.from(chosen).map((file) => ({ file, progress: 0, staged: null, error: null }));
    setFiles((list) => [...list, ...added]);
    setError(null);
    added.forEach((entry, i) => {
      uploadImportFile(workspaceSlug, entry.file, (fraction) => update(offset + i, { progress: fraction * 0.5 })).then(
        (value) => update(offset + i, { staged: value, progress: 0.5 }),
        (reason: unknown) => update(offset + i, { error: describeImportError(reason, t, entry.file.name, i18n.language), progress: 0 }),
      );
    });
  };

  const confirm = async () => {
    setPhase('importing');
    setError(null);
    try {
      let job = await startImport(workspaceSlug, options);
      const names = files.filter((f) => f.staged);
      while (job.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 300));
        job = await getImportJob(workspaceSlug, job.id);
        job.files.forEach((f, i) => {
          const index = files.indexOf(names[i]);
          if (index >= 0) update(index, { progress: 0.5 + f.progress / 2 });
        });
      }
      if (job.status === 'failed') {
        setError(job.error?.message ?? t('imports.failed'));
        setPhase('choose');
        return;
      }
      setFiles((list) => list.map((f) => ({ ...f, progress: f.staged ? 1 : f.progress })));
      setPhase('done');
    } catch (reason) {
      setError(describeError(reason, t));
      setPhase('choose');
    }
  };

  const issues: ImportIssue[] = preview?.issues ?? [];
  return (
    <div className="page import-page">
      <WorkspaceBreadcrumb workspace={workspace} />
      <h1>{t('imports.title')}</h1>
      <p className="hint">{t('imports.intro')}</p>
      <div className="import-form">
        <label>
          <span>{t('imports.files')}</span>
          <input type="file" multiple accept=".docx,.md,.markdown,.html,.htm" disabled={phase !== 'choose'} onChange={(event) => choose(event.target.files)} />
        </label>
        <label>
          <span>{t('imports.splitLevel')}</span>
          <select value={splitLevel} onChange={(event) => setSplitLevel(Number(event.target.value))} disabled={phase !== 'choose'}>
            {[1, 2, 3, 4, 5, 6].map((level) => (
              <option key={level} value={level}>
                {t('imports.level', { level })}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('imports.trackedChanges')}</span>
          <select value={tracked} onChange={(event) => setTracked(event.target.value as TrackedChangesChoice)} disabled={phase !== 'choose'}>
            <option value="suggest">{t('imports.trackedSuggest')}</option>
            <option value="accept">{t('imports.trackedAccept')}</option>
            <option value="reject">{t('imports.trackedReject')}</option>
          </select>
        </label>
        {workspace.languages.length > 1 && (
          <label>
            <span>{t('imports.language')}</span>
            <select value={lang || workspace.languages[0]} onChange={(event) => setLang(event.target.value)} disabled={phase !== 'choose'}>
              {workspace.languages.map((code) => (
                <option key={code} value={code}>
                  {t(`languages.${code}`, { defaultValue: code.toUpperCase() })}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {files.length > 0 && (
        <ul className="import-files">
          {files.map((entry, index) => (
            <li key={index}>
              <span>{entry.file.name}</span>{' '}
              <progress max={1} value={entry.progress} aria-label={t('imports.progress', { name: entry.file.name })} />
              {entry.staged && <span className="muted"> {t('imports.converted', { changes: entry.staged.trackedChanges, images: entry.staged.images })}</span>}
              {entry.error && (
                <span className="form-error" role="alert">
                  {' '}
                  {entry.error}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {preview && phase !== 'done' && (
        <section aria-labelledby="import-preview">
          <h2 id="import-preview">{t('imports.preview')}</h2>
          <ol className="import-outline">
            {preview.sections.map((section, index) => (
              <li key={index} style={{ marginLeft: `${section.depth * 1.5}rem` }}>
                <details>
                  <summary>
                    <strong>{section.title}</strong> <span className="muted">{t('imports.sectionInfo', { blocks: section.blocks, images: section.images, suggestions: section.suggestions })}</span>
                  </summary>
                  <pre className="import-text">{section.text}</pre>
                </details>
              </li>
            ))}
          </ol>
          {preview.articles && preview.articles.articles > 0 && <p>{t('imports.articlesFound', { count: preview.articles.articles })}</p>}
          {preview.articles && preview.articles.references > 0 && (
            <label className="checkbox">
              <input type="checkbox" checked={linkArticles} onChange={(event) => setLinkArticles(event.target.checked)} disabled={phase !== 'choose'} />{' '}
              {t('imports.linkArticles', { count: preview.articles.references })}
            </label>
          )}
          {preview.articles && preview.articles.unresolved.length > 0 && <p className="muted">{t('imports.unresolvedArticles', { numbers: preview.articles.unresolved.join(', ') })}</p>}
          {issues.length > 0 && (
            <>
              <h3>{t('imports.notConverted')}</h3>
              <ul className="import-issues">
                {issues.map((issue, index) => (
                  <li key={index}>
                    <strong>{issue.file}</strong>: {issue.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" className="button" onClick={() => void confirm()} disabled={phase !== 'choose' || files.some((f) => !f.staged && !f.error)}>
            {t('imports.confirm', { count: preview.sections.length })}
          </button>
        </section>
      )}
      {phase === 'importing' && <p role="status">{t('imports.importing')}</p>}
      {phase === 'done' && (
        <p role="status">
          {t('imports.done')} <button type="button" className="button secondary" onClick={() => navigate(workspacePath(workspace.slug))}>{t('imports.backToOutline')}</button>
        </p>
      )}
    </div>
  );
}
