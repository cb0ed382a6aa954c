/**
 * What a page shows when the data it needs failed to load: the reason and a retry.
 */
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describeError.js';

/** The load-failure notice; `onRetry` loads again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice" role="alert">
      <p>{describeError(error, t)}</p>
      <button type="button" className="button secondary" onClick={onRetry}>
        {t('workspaces.retry')}
      </button>
    </div>
  );
}
