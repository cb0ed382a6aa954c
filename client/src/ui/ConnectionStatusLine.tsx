/**
 * The always-visible connection and saving state (role="status"), with the one action a
 * stopped connection needs next to it (sign in again, reload…).
 */
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

/** Status line of a section. */
export function ConnectionStatusLine({ status, returnTo, onReloadSection }: ConnectionStatusLineProps) {
  const { t } = useTranslation();
  const tone = TONE[status.type];
  return (
    <div className={`connection-status tone-${tone}`}>
      <p role="status" aria-label={t('status.label')} data-state={status.type} className="connection-status-text">
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
