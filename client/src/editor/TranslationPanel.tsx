/**
 * The translation panel of a target-language draft (issue 20): its progress against the lead
 * language's approved revision, "Start the French text from the Dutch" for an empty text, and
 * the translation view — one row per passage, aligned by block id: the source (approved
 * revision) with a word diff of what changed since the passage was last marked up to date,
 * the translation, a status chip, and "Mark up to date" for staff. The live editor stays
 * below it; the states are the server's (T1: computed, never a stored flag).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranslationStatus, TranslationUnit } from '../../../shared/api.js';
import { diffInline, type InlinePart } from '../../../shared/revisions/diff.js';
import { describeError } from '../api/describeError.js';
import { confirmTranslation, fetchTranslation, reorderTranslation, resolveOrphan, startTranslation } from '../api/translations.js';
import { TranslationProgressLine } from '../ui/TranslationBadges.js';

interface TranslationPanelProps {
  docName: string;
  lang: string;
  sourceLang: string;
  /** Staff: may start the translation and mark passages up to date. */
  canManage: boolean;
  /** Changes whenever the server's progress for this draft may have changed (the outline's live stream). */
  refreshKey: string;
}

const paragraphOf = (text: string) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] });

/** The source text with what changed since the last "up to date" decision marked inline. */
function SourceText({ unit }: { unit: TranslationUnit }) {
  const parts: InlinePart[] | null = unit.state === 'outdated' && unit.confirmed ? diffInline(paragraphOf(unit.confirmed.sourceText), paragraphOf(unit.sourceText)) : null;
  if (!parts) return <span>{unit.sourceText}</span>;
  return (
    <span className="translation-diff">
      {parts.map((part, index) =>
        part.op === 'insert' ? <ins key={index}>{part.text}</ins> : part.op === 'delete' ? <del key={index}>{part.text}</del> : <span key={index}>{part.text}</span>,
      )}
    </span>
  );
}

/** The panel above a target-language editor. */
export function TranslationPanel({ docName, lang, sourceLang, canManage, refreshKey }: TranslationPanelProps) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<TranslationStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const language = (code: string) => t(`languageNames.${code}`, { defaultValue: code.toUpperCase() });
  const source = language(sourceLang);

  const load = useCallback(async () => {
    try {
      setStatus(await fetchTranslation(docName));
      setError(null);
    } catch (caught) {
      setError(describeError(caught, t));
    }
  }, [docName, t]);
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const act = async (work: () => Promise<TranslationStatus>, done: string) => {
    setBusy(true);
    try {
      setStatus(await work());
      setError(null);
      setAnnouncement(done);
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  if (!status) return error ? <p className="error" role="alert">{error}</p> : null;
  const empty = status.units.every((unit) => unit.targetText === null);
  const confirmable = (unit: TranslationUnit) => canManage && unit.targetText !== null && (unit.state === 'outdated' || unit.state === 'missing');
  const rows = onlyOpen ? status.units.filter((unit) => unit.state !== 'up-to-date') : status.units;

  return (
    <section className="translation-panel card" aria-label={t('translation.title')}>
      <div className="translation-summary">
        <TranslationProgressLine lang={lang} progress={status.progress} />
        {status.sourceRevision === null && <span className="hint">{t('translation.noRevision', { source })}</span>}
        {status.orderDiffers && <span className="hint">{t('translation.orderDiffers', { source })}</span>}
        {status.orderDiffers && canManage && (
          <button type="button" className="button small secondary" disabled={busy} onClick={() => void act(() => reorderTranslation(docName), t('translation.reordered'))}>
            {t('translation.reorder')}
          </button>
        )}
        {status.units.length > 0 && (
          <button type="button" className="button small secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? t('translation.hide') : t('translation.show')}
          </button>
        )}
      </div>
      {empty && (
        <p className="hint">
          {t('translation.emptyTarget')}{' '}
          {canManage && status.units.length > 0 && (
            <>
              <button
                type="button"
                className="button small primary"
                disabled={busy}
                title={t('translation.startHint', { source })}
                onClick={() => void act(async () => (await startTranslation(docName)).status, t('translation.started', { source }))}
              >
                {busy ? t('translation.starting') : t('translation.start', { target: language(lang), source })}
              </button>
            </>
          )}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      {open && (
        <>
          <div className="translation-tools">
            <label>
              <input type="checkbox" checked={onlyOpen} onChange={(event) => setOnlyOpen(event.target.checked)} /> {t('translation.onlyOpen')}
            </label>{' '}
            {canManage && rows.some(confirmable) && (
              <button
                type="button"
                className="button small secondary"
                disabled={busy}
                onClick={() => void act(() => confirmTranslation(docName, rows.filter(confirmable).map((unit) => unit.blockId)), t('translation.marked'))}
              >
                {t('translation.markAll')}
              </button>
            )}
          </div>
          {rows.length === 0 ? (
            <p className="hint">{t('translation.nothingOpen')}</p>
          ) : (
            <table className="translation-rows">
              <thead>
                <tr>
                  <th scope="col">{t('translation.sourceColumn', { language: source, number: status.sourceRevision ?? '–' })}</th>
                  <th scope="col">{t('translation.targetColumn', { language: language(lang) })}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('translation.title')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((unit) => (
                  <tr key={unit.blockId} data-block-id={unit.blockId} data-state={unit.state}>
                    <td className="source" lang={sourceLang}>
                      {unit.state === 'outdated' && unit.confirmed && <span className="hint">{t('translation.changedSince')}</span>}
                      <SourceText unit={unit} />
                      {unit.sourceDraftDiffers && unit.state !== 'orphaned' && <span className="hint">{t('translation.sourceDraftDiffers')}</span>}
                      {unit.sourcePending && <span className="hint">{t('translation.sourcePending')}</span>}
                      {unit.splitFrom && <span className="hint">{t('translation.splitFrom')}</span>}
                    </td>
                    <td className="target" lang={lang}>
                      {unit.targetText ?? <span className="muted">{t('translation.noTargetText')}</span>}
                      {unit.state === 'orphaned' && <span className="hint">{unit.joinedInto ? t('translation.joinedInto') : t('translation.orphanHint')}</span>}
                    </td>
                    <td>
                      <span className={`translation-chip state-${unit.state}`}>{t(`translation.state_${unit.state}`)}</span>
                      {canManage && unit.state === 'orphaned' && unit.joinedInto && (
                        <button type="button" className="button small secondary" disabled={busy} onClick={() => void act(() => resolveOrphan(docName, unit.blockId, 'merge'), t('translation.merged'))}>
                          {t('translation.merge')}
                        </button>
                      )}
                      {canManage && unit.state === 'orphaned' && (
                        <button type="button" className="button small secondary" disabled={busy} onClick={() => void act(() => resolveOrphan(docName, unit.blockId, 'delete'), t('translation.deleted'))}>
                          {t('translation.deleteOrphan')}
                        </button>
                      )}
                      {confirmable(unit) && (
                        <button
                          type="button"
                          className="button small secondary"
                          disabled={busy}
                          aria-label={t('translation.markUpToDateLabel', { text: (unit.targetText ?? '').slice(0, 60) })}
                          onClick={() => void act(() => confirmTranslation(docName, [unit.blockId]), t('translation.marked'))}
                        >
                          {t('translation.markUpToDate')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
