/**
 * The review bar of one section draft (flows 4–5): its state badge, asking for approval,
 * approving or asking for changes, and the history with diffs and restore.
 *
 * The state is derived live: this page hashes its own copy of the draft (without pending
 * suggestions, shared/revisions/content.ts) as it changes and compares it with the hashes
 * the server gave for the latest revision and the open request, so "draft differs" and
 * "stale" appear as soon as the text changes — and a new pending suggestion changes nothing.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewInfo } from '../../../shared/api.js';
import { fragmentToBlocks } from '../../../shared/editor/yjsJson.js';
import { CONTENT_FIELD } from '../../../shared/protocol.js';
import { draftHash, reviewStateOf } from '../../../shared/revisions/content.js';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { approveRequest, askForChanges, fetchReview, requestApproval } from '../api/revisions.js';
import type { CollabSession } from '../collab/CollabSession.js';
import { useReconnected } from '../collab/useReconnected.js';
import { HistoryPanel } from './HistoryPanel.js';
import { MinorChanges } from './MinorChanges.js';
import { formatDateTime } from '../ui/formatDateTime.js';

/** What the person may do here (the permission matrix; the server checks again). */
export interface ReviewPermissions {
  canRequest: boolean;
  canApprove: boolean;
  canRestore: boolean;
  /** The lead language of a workspace with translations: approving may mark changes minor (issue 20). */
  minorChanges?: boolean;
}

interface ReviewPanelProps {
  session: CollabSession;
  permissions: ReviewPermissions;
  userId: string;
  /** Changes whenever the outline says the review state may have changed (someone else approved). */
  refreshKey: string;
}

const DEBOUNCE_MS = 300;
const MAX_WAIT_MS = 2_000;

/** Hash of this copy of the draft, recomputed (debounced) as it changes; null until synced. */
function useLiveDraftHash(session: CollabSession): string | null {
  const [hash, setHash] = useState<string | null>(null);
  useEffect(() => {
    const fragment = session.ydoc.getXmlFragment(CONTENT_FIELD);
    let timer: ReturnType<typeof setTimeout> | null = null;
    let firstPending = 0;
    const compute = () => {
      timer = null;
      firstPending = 0;
      // Before the first sync the copy may be empty or old: the server's answer stands until then.
      if (!session.provider.synced) return;
      try {
        setHash(draftHash(fragmentToBlocks(fragment)));
      } catch {
        // content mid-repair: the next update computes again
      }
    };
    // Debounced (the whole draft is read and hashed), but never later than MAX_WAIT_MS into a typing run.
    const schedule = () => {
      const now = Date.now();
      firstPending ||= now;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(compute, now - firstPending >= MAX_WAIT_MS ? 0 : DEBOUNCE_MS);
    };
    session.ydoc.on('update', schedule);
    session.provider.on('sync', schedule);
    schedule();
    return () => {
      if (timer !== null) clearTimeout(timer);
      session.ydoc.off('update', schedule);
      session.provider.off('sync', schedule);
    };
  }, [session]);
  return hash;
}

/** The review bar. */
export function ReviewPanel({ session, permissions, userId, refreshKey }: ReviewPanelProps) {
  const { t, i18n } = useTranslation();
  const docName = session.docName;
  const [info, setInfo] = useState<ReviewInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<'request' | 'changes' | 'approve' | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [minor, setMinor] = useState<string[]>([]);
  const liveHash = useLiveDraftHash(session);

  // Loads again when the connection comes back (a load that failed offline is not left stuck).
  const reconnected = useReconnected();
  const load = useCallback(() => {
    fetchReview(docName).then(
      (value) => {
        setInfo(value);
        setError(null);
      },
      () => setError(t('review.loadFailed')),
    );
  }, [docName, t]);
  useEffect(load, [load, refreshKey, reconnected]);

  if (!info) {
    return error ? (
      <div className="error review-load-error" role="alert">
        <p>{error}</p>
        <button type="button" className="button small secondary" onClick={load}>
          {t('workspaces.retry')}
        </button>
      </div>
    ) : null;
  }

  const current = liveHash ?? info.draftHash;
  const request = info.request;
  const state = reviewStateOf({
    approvedHash: info.latest?.contentHash ?? null,
    requestOpen: request?.status === 'open',
    changesAsked: request?.status === 'changes-requested',
    draftHash: current,
  });
  const stale = request?.status === 'open' && request.contentHash !== current;
  const ownRequest = request?.requestedBy.id === userId;
  const mayReview = permissions.canApprove && request?.status === 'open' && !(info.fourEyes && ownRequest);
  const formatTime = (at: number) => formatDateTime(i18n.resolvedLanguage ?? i18n.language, at);
  const names = (people: { name: string; organisation: { name: string } }[]) => people.map((p) => `${p.name} (${p.organisation.name})`).join(', ');

  const run = async (action: () => Promise<{ review: ReviewInfo }>) => {
    setBusy(true);
    setError(null);
    try {
      setInfo((await action()).review);
      setForm(null);
      setText('');
      setMinor([]);
    } catch (caught) {
      const conflict = caught instanceof ApiError && caught.status === 409 ? caught.message : '';
      setError(/stale/i.test(conflict) ? t('review.stale') : /nothing to approve/i.test(conflict) ? t('review.nothingToApprove') : describeError(caught, t));
      load();
    } finally {
      setBusy(false);
    }
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    // Approving takes an optional comment; the other two forms need their text.
    if (form === 'approve' && request) return void run(() => approveRequest(docName, request.id, value || undefined, minor));
    if (!value) return;
    if (form === 'request') void run(() => requestApproval(docName, value));
    else if (form === 'changes' && request) void run(() => askForChanges(docName, request.id, value));
  };

  return (
    <section className="review-panel" aria-label={t('review.title')}>
      <div className="review-bar">
        <p className="review-state" role="status" aria-live="polite">
          <span className={`badge review-badge review-${state}`}>{t(`review.state_${state}`)}</span>
          {stale && <span className="badge review-badge review-stale">{t('review.stale').split(':')[0]}</span>}
        </p>
        <p className="muted review-latest">
          {info.latest
            ? t('review.latest', { number: info.latest.number, approvers: names(info.latest.approvers), time: formatTime(info.latest.approvedAt) })
            : t('review.neverApprovedHint')}
          {info.latest?.approvalComment && <> {t('review.approvedWithComment', { person: names(info.latest.approvers), comment: info.latest.approvalComment })}</>}
        </p>
        {info.fourEyes && (
          <p className="badge four-eyes-badge" title={t('review.fourEyesHint')}>
            {t('review.fourEyesOn')}
          </p>
        )}
        <div className="review-actions">
          {permissions.canRequest && form !== 'request' && (
            <button type="button" className="button small secondary" onClick={() => { setForm('request'); setText(''); }}>
              {t('review.requestApproval')}
            </button>
          )}
          <button type="button" className="button small secondary" aria-expanded={showHistory} onClick={() => setShowHistory((open) => !open)}>
            {showHistory ? t('review.hideHistory') : t('review.history')}
          </button>
        </div>
      </div>

      {request?.status === 'open' && (
        <div className={`review-request${stale ? ' stale' : ''}`}>
          <p>{t('review.requestedBy', { person: names([request.requestedBy]), time: formatTime(request.requestedAt), summary: request.summary })}</p>
          {stale && <p className="notice">{t('review.stale')}</p>}
          {permissions.canApprove && info.fourEyes && ownRequest && <p className="hint">{t('review.ownRequest')}</p>}
          {mayReview && form !== 'changes' && form !== 'approve' && (
            <div className="review-actions">
              <button type="button" className="button small primary" disabled={busy || stale} onClick={() => void run(() => approveRequest(docName, request.id))}>
                {t('review.approve')}
              </button>
              <button type="button" className="button small secondary" disabled={busy || stale} onClick={() => { setForm('approve'); setText(''); }}>
                {t('review.approveWithComment')}
              </button>
              <button type="button" className="button small secondary" disabled={busy} onClick={() => { setForm('changes'); setText(''); }}>
                {t('review.askChanges')}
              </button>
            </div>
          )}
        </div>
      )}
      {request?.status === 'changes-requested' && (
        <p className="review-request">{t('review.changesAsked', { person: names(request.reviewedBy ? [request.reviewedBy] : []), comment: request.comment ?? '' })}</p>
      )}

      {form && (
        <form className="review-form" onSubmit={handleSubmit}>
          <label className="field">
            <span>{form === 'request' ? t('review.summary') : form === 'approve' ? t('review.approvalComment') : t('review.comment')}</span>
            <textarea value={text} rows={2} maxLength={2000} required={form !== 'approve'} onChange={(event) => setText(event.target.value)} aria-describedby={form === 'request' ? 'review-summary-hint' : undefined} />
          </label>
          {form === 'approve' && permissions.minorChanges && info.latest && (
            <MinorChanges docName={docName} from={info.latest.number} selected={minor} onChange={setMinor} />
          )}
          {form === 'request' && (
            <p id="review-summary-hint" className="hint">
              {t('review.summaryHint')}
            </p>
          )}
          <div className="review-actions">
            <button type="submit" className="button small primary" disabled={busy}>
              {form === 'request' ? t('review.sendRequest') : form === 'approve' ? t('review.approve') : t('review.sendChanges')}
            </button>
            <button type="button" className="button small secondary" onClick={() => setForm(null)}>
              {t('review.cancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {showHistory && <HistoryPanel docName={docName} canRestore={permissions.canRestore} latestNumber={info.latest?.number ?? 0} onRestored={(review) => setInfo(review)} />}
    </section>
  );
}
