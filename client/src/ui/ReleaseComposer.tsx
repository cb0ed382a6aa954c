/**
 * Composing a release (flow 6): a version label, a date and notes; the preview shows the
 * manifest (each section's approved revision per language, and the sections left out), the
 * changelog and the text exactly as it will be published; publishing asks for confirmation.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Workspace } from '../../../shared/api.js';
import { VERSION_PATTERN, type ReleaseDetail, type ReleasePreview } from '../../../shared/releases.js';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { previewRelease, publishRelease } from '../api/releases.js';
import { ChangelogList } from './ChangelogList.js';
import { articleRefLabel } from '../../../shared/legal/words.js';

const today = () => new Date().toISOString().slice(0, 10);

/** The compose form with its preview. */
export function ReleaseComposer({ workspace, onPublished }: { workspace: Workspace; onPublished: (release: ReleaseDetail) => void }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState('');
  const [date, setDate] = useState(today);
  const [notes, setNotes] = useState('');
  // The notes in the workspace's other languages (issue 20); `notes` is the lead language's.
  const [otherNotes, setOtherNotes] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<ReleasePreview | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lang = workspace.languages[0];
  const versionValid = version !== '' && VERSION_PATTERN.test(version) && version.toLowerCase() !== 'latest';

  const handlePreview = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setConfirming(false);
    if (!versionValid) return setError(t('releases.versionInvalid'));
    setBusy(true);
    previewRelease(workspace.slug, { version, date, notes, notesByLanguage: otherNotes })
      .then(setPreview, (caught: unknown) => setError(describeError(caught, t)))
      .finally(() => setBusy(false));
  };

  const handlePublish = () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    publishRelease(workspace.slug, { version, date, notes, notesByLanguage: otherNotes, manifestHash: preview.manifestHash })
      .then(
        (release) => {
          setPreview(null);
          setConfirming(false);
          setVersion('');
          setNotes('');
          setOtherNotes({});
          onPublished(release);
        },
        (caught: unknown) => {
          setConfirming(false);
          if (caught instanceof ApiError && caught.field === 'manifestHash') setError(t('releases.manifestChanged'));
          else if (caught instanceof ApiError && caught.field === 'version') setError(t('releases.versionTaken'));
          else setError(describeError(caught, t));
        },
      )
      .finally(() => setBusy(false));
  };

  // The preview stays valid only for the inputs it was made with.
  const stale = preview !== null && preview.version !== version;

  return (
    <section className="card release-composer" aria-labelledby="compose-title">
      <h2 id="compose-title">{t('releases.compose')}</h2>
      <form onSubmit={handlePreview} className="release-form">
        <label>
          <span>{t('releases.version')}</span>
          <input value={version} onChange={(event) => setVersion(event.target.value.trim())} maxLength={40} required aria-describedby="version-hint" />
        </label>
        <p id="version-hint" className="muted small">
          {t('releases.versionHint')}
        </p>
        <label>
          <span>{t('releases.date')}</span>
          <input type="date" value={date} onChange={(event) => setDate(event.target.value)} required />
        </label>
        <label>
          <span>{workspace.languages.length > 1 ? t('releases.notesIn', { language: t(`languageNames.${lang}`, { defaultValue: lang }) }) : t('releases.notes')}</span>
          <textarea lang={lang} value={notes} onChange={(event) => setNotes(event.target.value)} rows={4} maxLength={20000} />
        </label>
        {workspace.languages.slice(1).map((code) => (
          <label key={code}>
            <span>{t('releases.notesIn', { language: t(`languageNames.${code}`, { defaultValue: code }) })}</span>
            <textarea lang={code} value={otherNotes[code] ?? ''} onChange={(event) => setOtherNotes({ ...otherNotes, [code]: event.target.value })} rows={3} maxLength={20000} />
          </label>
        ))}
        <button type="submit" className="button secondary" disabled={busy}>
          {t('releases.preview')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {preview && !stale && (
        <section className="release-preview" aria-labelledby="preview-title">
          <h3 id="preview-title">{t('releases.previewTitle', { version: preview.version })}</h3>
          {preview.versionTaken && (
            <p className="error" role="alert">
              {t('releases.versionTaken')}
            </p>
          )}
          <table className="manifest">
            <caption>{t('releases.manifest')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('releases.section')}</th>
                {workspace.languages.map((l) => (
                  <th scope="col" key={l}>
                    {l.toUpperCase()}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.manifest.sections.map((section) => (
                <tr key={section.sectionId}>
                  <th scope="row" style={{ paddingLeft: `${0.5 + section.depth}rem` }}>
                    {section.titles[lang]}
                  </th>
                  {workspace.languages.map((l) => (
                    <td key={l}>{section.revisions[l] ? t('releases.revisionN', { number: section.revisions[l].number }) : '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {preview.manifest.leftOut.length > 0 && (
            <div className="notice">
              <p>{t('releases.leftOut')}</p>
              <ul>
                {preview.manifest.leftOut.map((section) => (
                  <li key={section.sectionId}>{section.title}</li>
                ))}
              </ul>
            </div>
          )}
          {(preview.brokenReferences?.length ?? 0) > 0 && (
            <div className="notice broken-references" role="alert">
              <p>{t('legal.brokenTitle')}</p>
              <ul>
                {preview.brokenReferences!.map((ref, index) => (
                  <li key={`${ref.sectionId}-${ref.lang}-${ref.target}-${index}`}>
                    {t('legal.brokenItem', {
                      section: preview.manifest.sections.find((section) => section.sectionId === ref.sectionId)?.titles[lang] ?? '',
                      lang: ref.lang.toUpperCase(),
                      label: articleRefLabel(ref.number, ref.lang),
                    })}
                  </li>
                ))}
              </ul>
              <p className="small">{t('legal.brokenHint')}</p>
            </div>
          )}
          {preview.translations && Object.keys(preview.translations).length > 0 && (
            // Issue 20: translations that lag behind the lead language; publishing anyway is allowed and recorded.
            <div className="notice translation-warnings">
              <p>{t('releases.translationsLag')}</p>
              <ul>
                {preview.manifest.sections
                  .filter((section) => preview.translations?.[section.sectionId])
                  .flatMap((section) =>
                    Object.entries(preview.translations![section.sectionId]).map(([code, states]) => (
                      <li key={`${section.sectionId}:${code}`}>
                        {section.titles[lang] ?? section.slug} · {code.toUpperCase()}:{' '}
                        {t('releases.translationsCounts', { outdated: states.outdated.length, missing: states.missing.length })}
                      </li>
                    )),
                  )}
              </ul>
            </div>
          )}
          <h4>{t('releases.changelog')}</h4>
          <ChangelogList changelog={preview.changelog} />
          <h4>{t('releases.text')}</h4>
          <article className="release-text" lang={lang}>
            {preview.manifest.sections.map((section) => {
              const Heading = `h${Math.min(6, 5 + section.depth)}` as 'h5';
              return (
                <section key={section.sectionId}>
                  <Heading>{section.titles[lang]}</Heading>
                  {/* Rendered and sanitised by the server, exactly as it will be published (R1). */}
                  <div dangerouslySetInnerHTML={{ __html: preview.html[section.sectionId]?.[lang] ?? Object.values(preview.html[section.sectionId] ?? {})[0] ?? '' }} />
                </section>
              );
            })}
          </article>
          {!preview.versionTaken && preview.manifest.sections.length > 0 && !confirming && (
            <button type="button" className="button" onClick={() => setConfirming(true)} disabled={busy}>
              {t('releases.publish', { version: preview.version })}
            </button>
          )}
          {confirming && (
            <div className="notice" role="alertdialog" aria-labelledby="confirm-text">
              <p id="confirm-text">{t('releases.confirm', { version: preview.version })}</p>
              <button type="button" className="button" onClick={handlePublish} disabled={busy}>
                {t('releases.publishNow')}
              </button>{' '}
              <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
                {t('releases.cancel')}
              </button>
            </div>
          )}
        </section>
      )}
    </section>
  );
}
