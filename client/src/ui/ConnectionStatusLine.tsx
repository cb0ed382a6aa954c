/**
 * The always-visible connection and saving state (role="status"), with the one action a
 * stopped connection needs next to it (sign in again, reload…).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../collab/useConnectionStatus.js';
import { Link } from './Link.js';

const MESSAGE_KEYS: Record<ConnectionStatus['type'], string> = {
  connecting: 'status.connecting',
  saved: 'status.saved',
  saving: 'status.saving',
  upToDate: 'status.upToDate',
  offline: 'status.offline',
  busy: 'status.busy',
  capabilityChanged: 'status.capabilityChanged',
  tooManyUpdates: 'status.tooManyUpdates',
  sessionEnded: 'status.sessionEnded',
  accessRemoved: 'status.accessRemoved',
  tooLarge: 'status.tooLarge',
  refused: 'status.refusedGeneric',
  malformed: 'status.malformed',
  clientTooOld: 'status.clientTooOld',
};

const TONE: Record<ConnectionStatus['type'], 'ok' | 'busy' | 'warn' | 'stop'> = {
  connecting: 'busy',
  saved: 'ok',
  saving: 'busy',
  upToDate: 'ok',
  offline: 'warn',
  busy: 'warn',
  capabilityChanged: 'busy',
  tooManyUpdates: 'warn',
  sessionEnded: 'stop',
  accessRemoved: 'stop',
  tooLarge: 'stop',
  refused: 'warn',
  malformed: 'warn',
  clientTooOld: 'stop',
};

interface ConnectionStatusLineProps {
  status: ConnectionStatus;
  /** Where "Sign in again" returns to. */
  returnTo: string;
  /** Discards this device's copy and loads the section from the server (after 4413). */
  onReloadSection: () => void;
}

/**
 * How long a commit may take before the line says "Saving…" (issue 21): a keystroke's
 * commit takes a few milliseconds, and a line switching to "Saving…" and back on every
 * keystroke is noise. A slower commit (a busy server, a long paste) still shows it.
 */
export const SAVING_SHOWN_AFTER_MS = 700;

/**
 * The status to show: "Saving…" only once it has lasted SAVING_SHOWN_AFTER_MS after "Saved"
 * (or "Up to date"); until then the settled state stays on screen.
 */
function useShownStatus(status: ConnectionStatus): ConnectionStatus {
  const settled = useRef<ConnectionStatus | null>(null);
  const [slow, setSlow] = useState(false);
  const saving = status.type === 'saving';
  useEffect(() => {
    if (!saving) {
      setSlow(false);
      return;
    }
    const timer = setTimeout(() => setSlow(true), SAVING_SHOWN_AFTER_MS);
    return () => clearTimeout(timer);
  }, [saving]);
  if (!saving) {
    settled.current = status.type === 'saved' || status.type === 'upToDate' ? status : null;
    return status;
  }
  return !slow && settled.current ? settled.current : status;
}

/** Status line of a section. */
export function ConnectionStatusLine({ status: actual, returnTo, onReloadSection }: ConnectionStatusLineProps) {
  const { t } = useTranslation();
  const status = useShownStatus(actual);
  const tone = TONE[status.type];
  return (
    <div className={`connection-status tone-${tone}`}>
      <p role="status" aria-label={t('status.label')} data-state={actual.type} data-shown={status.type} className="connection-status-text">
        <span className="status-dot" aria-hidden="true" />
        {t(MESSAGE_KEYS[status.type])}
      </p>
      {status.type === 'sessionEnded' && (
        <Link className="button small primary" href={`/login?next=${encodeURIComponent(returnTo)}`}>
          {t('status.signInAgain')}
        </Link>
      )}
      {(status.type === 'tooLarge' || status.type === 'refused' || status.type === 'malformed') && (
        <button type="button" className="button small secondary" onClick={onReloadSection}>
          {t('status.reloadSection')}
        </button>
      )}
      {status.type === 'clientTooOld' && (
        <button type="button" className="button small primary" onClick={() => window.location.reload()}>
          {t('status.reloadApp')}
        </button>
      )}
    </div>
  );
}
