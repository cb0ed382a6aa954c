/**
 * A section draft's history (flow 5): its revisions, newest first, each with who approved
 * it and who contributed; a diff against the previous revision or the draft; restore.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewInfo, RevisionSummary } from '../../../shared/api.js';
import { describeError } from '../api/describeError.js';
import { listRevisions, restoreRevision } from '../api/revisions.js';
import { useReconnected } from '../collab/useReconnected.js';
import { DiffView } from './DiffView.js';
import { formatDateTime } from '../ui/formatDateTime.js';

interface HistoryPanelProps {
  docName: string;
  canRestore: boolean;
  /** The latest revision's number: the list reloads when it changes. */
  latestNumber: number;
  onRestored: (review: ReviewInfo) => void;
}

/** The list of revisions with their diffs. */
export function HistoryPanel({ docName, canRestore, latestNumber, onRestored }: HistoryPanelProps) {
  const { t, i18n } = useTranslation();
  const [revisions, setRevisions] = useState<RevisionSummary[] | null>(null);
  const [compare, setCompare] = useState<{ from: number; to: number | 'draft' } | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  // Loads again on "Try again" and when the connection comes back.
  const reconnected = useReconnected();
  const [attempt, setAttempt] = useState(0);
  const [loadFailed, setLoadFailed] = useState<string | null>(null);
  useEffect(() => {
    listRevisions(docName).then(
      (list) => {
        setRevisions(list);
        setLoadFailed(null);
      },
      (error: unknown) => setLoadFailed(describeError(error, t)),
    );
  }, [docName, latestNumber, t, reconnected, attempt]);

  const formatTime = (at: number) => formatDateTime(i18n.resolvedLanguage ?? i18n.language, at);
  const names = (people: { name: string; organisation: { name: string } }[]) => people.map((p) => `${p.name} (${p.organisation.name})`).join(', ');

  const restore = async (number: number) => {
    if (!window.confirm(t('review.restoreConfirm', { number }))) return;
    setMessage(null);
    try {
      const result = await restoreRevision(docName, number);
      onRestored(result.review);
      setMessage({ text: t('review.restored', { number }), error: false });
      setCompare({ from: number, to: 'draft' });
    } catch (error) {
      setMessage({ text: error instanceof Error && /pending suggestion/.test(error.message) ? t('review.restorePending') : describeError(error, t), error: true });
    }
  };

  return (
    <div className="history-panel">
      <h2>{t('review.history')}</h2>
      {message && (
        <p className={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {loadFailed && (
        <div className="error" role="alert">
          <p>{loadFailed}</p>
          <button type="button" className="button small secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t('workspaces.retry')}
          </button>
        </div>
      )}
      {compare && <DiffView docName={docName} from={compare.from} to={compare.to} onClose={() => setCompare(null)} />}
      {revisions && revisions.length === 0 && <p className="muted">{t('review.noRevisions')}</p>}
      {revisions && revisions.length > 0 && (
        <ol className="revision-list" reversed>
          {revisions.map((revision) => (
            <li key={revision.number} className="revision-item">
              <p className="revision-title">
                <strong>{t('review.revision', { number: revision.number })}</strong> — {revision.summary}
              </p>
              <p className="muted">{t('review.revisionMeta', { time: formatTime(revision.approvedAt), approvers: names(revision.approvers) })}</p>
              {revision.approvalComment && <p className="muted">{t('review.approvedWithComment', { person: names(revision.approvers), comment: revision.approvalComment })}</p>}
              {revision.contributors.people.length > 0 && <p className="muted">{t('review.contributors', { people: names(revision.contributors.people) })}</p>}
              <div className="review-actions">
                <button type="button" className="button small secondary" onClick={() => setCompare({ from: revision.number, to: 'draft' })}>
                  {t('review.compareWithDraft')}
                </button>
                {revision.number > 1 && (
                  <button type="button" className="button small secondary" onClick={() => setCompare({ from: revision.number - 1, to: revision.number })}>
                    {t('review.compareWithPrevious', { number: revision.number - 1 })}
                  </button>
                )}
                {canRestore && (
                  <button type="button" className="button small secondary" onClick={() => void restore(revision.number)}>
                    {t('review.restore')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
