/**
 * Opens one section draft (one language) and keeps it open: creates the collaboration
 * session, shows its status and who is here, and reacts to the server's close codes —
 * 4422 and 4400 discard this device's copy and start fresh, 4413 offers to, the others
 * are explained in the status line.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTENT_FIELD } from '../../../shared/protocol.js';
import { CollabSession } from '../collab/CollabSession.js';
import { claimEarlySession, peekEarlySession } from '../collab/earlySession.js';
import { useAwarenessPeers } from '../collab/useAwarenessPeers.js';
import { textReady, useConnectionStatus, useSessionSnapshot } from '../collab/useConnectionStatus.js';
import { userColor } from '../collab/userColor.js';
import { useLocation } from '../routes/navigation.js';
import { ConnectionStatusLine } from '../ui/ConnectionStatusLine.js';
import { PeopleHere } from '../ui/PeopleHere.js';
import { useUser } from '../ui/SessionProvider.js';
import { SectionEditor } from './SectionEditor.js';
import { ReviewPanel, type ReviewPermissions } from './ReviewPanel.js';

interface CollabEditorProps {
  docName: string;
  canEdit: boolean;
  /** The person may suggest (partners always suggest; staff may switch to it). */
  canSuggest: boolean;
  workspaceSlug: string;
  /** The server said the connection's capability changed (4100): refresh the role. */
  onCapabilityChanged: () => void;
  /** Asking for approval, approving and restoring (flows 4–5). */
  review: ReviewPermissions;
  /** On a phone the review box folds into a disclosure, so the text is on the first screen. */
  foldReview?: boolean;
  /** Changes when the outline reports a new review state for this draft. */
  reviewKey: string;
  canComment: boolean;
  canModerate: boolean;
  /** Bumped when this draft's comment threads changed on the server. */
  threadsVersion: number;
  /** A thread to open and highlight (`?thread=`). */
  focusThread: string | null;
}

/** Editor, status line and who-is-here list of one document. */
export function CollabEditor({ docName, canEdit, canSuggest, workspaceSlug, onCapabilityChanged, review, reviewKey, canComment, canModerate, threadsVersion, focusThread, foldReview }: CollabEditorProps) {
  const { t } = useTranslation();
  const user = useUser();
  const { href } = useLocation();
  const [generation, setGeneration] = useState(0);
  // The opening page's session was started early (collab/earlySession.ts): shown from the
  // first render, so the text does not wait for an effect and a second render (P3).
  const [session, setSession] = useState<CollabSession | null>(() => peekEarlySession(docName));
  const [notice, setNotice] = useState<string | null>(null);
  const capabilityChanged = useRef(onCapabilityChanged);
  capabilityChanged.current = onCapabilityChanged;

  useEffect(() => {
    const events = { onCapabilityChanged: () => capabilityChanged.current() };
    // The first session of the opening page was started early by boot.ts (collab/earlySession.ts).
    const early = claimEarlySession(docName);
    early?.setEvents(events);
    const created = early ?? new CollabSession(docName, events);
    setSession(created);
    return () => {
      created.destroy();
      setSession(null);
    };
  }, [docName, generation]);

  const status = useConnectionStatus(session, { canEdit: canEdit || canSuggest, canComment });
  const snapshot = useSessionSnapshot(session);
  // The editor appears once the text is known, and stays through later reconnections.
  const [textShownFor, setTextShownFor] = useState<CollabSession | null>(null);
  if (session && textShownFor !== session && textReady(status, snapshot, session.ydoc.getXmlFragment(CONTENT_FIELD).length > 0)) setTextShownFor(session);
  const showText = session !== null && textShownFor === session;
  const peers = useAwarenessPeers(session?.provider.awareness ?? null, user.organisation.name);

  const recentRestarts = useRef<number[]>([]);
  const startFresh = (current: CollabSession, automatic = true) => {
    // A server that refuses even a fresh copy would make this loop: after three automatic
    // restarts within a minute, wait for the person to ask (the status line offers it).
    const now = Date.now();
    recentRestarts.current = recentRestarts.current.filter((time) => now - time < 60_000);
    if (automatic && recentRestarts.current.length >= 3) return;
    recentRestarts.current.push(now);
    void current.discardLocalCopy().finally(() => setGeneration((n) => n + 1));
  };

  // The server refused this device's copy: throw it away, say so, and connect fresh.
  useEffect(() => {
    if (!session) return;
    if (status.type === 'refused') {
      const reason = status.close.refusal?.message;
      setNotice(reason ? t('status.refused', { reason: reason.endsWith('.') ? reason : `${reason}.` }) : t('status.refusedGeneric'));
      startFresh(session);
    } else if (status.type === 'malformed') {
      setNotice(t('status.malformed'));
      startFresh(session);
    }
    // t is stable per language; reacting to a language change here would discard twice.
  }, [status, session]);

  const reviewPanel = session && <ReviewPanel key={`review:${docName}:${generation}`} session={session} permissions={review} userId={user.id} refreshKey={reviewKey} />;

  return (
    <div className="collab-editor">
      <ConnectionStatusLine status={status} returnTo={href} onReloadSection={() => session && startFresh(session, false)} />
      {notice && (
        <div className="notice" role="alert">
          <p>{notice}</p>
          <button type="button" className="button small secondary" onClick={() => setNotice(null)}>
            {t('editor.dismiss')}
          </button>
        </div>
      )}
      {session && (foldReview ? (
        <details className="section-tools">
          <summary>{t('review.title')}</summary>
          {reviewPanel}
        </details>
      ) : reviewPanel)}
      <div className="editor-layout">
        {!showText && (
          <p className="editor-opening" aria-busy="true">
            {t('editor.opening')}
          </p>
        )}
        {session && showText && <SectionEditor key={`${docName}:${generation}`} session={session} canEdit={canEdit} canSuggest={canSuggest} workspaceSlug={workspaceSlug} user={{ id: user.id, name: user.name, color: userColor(user.id) }} canComment={canComment} canModerate={canModerate} threadsVersion={threadsVersion} focusThread={focusThread} />}
        <PeopleHere peers={peers} />
      </div>
    </div>
  );
}
