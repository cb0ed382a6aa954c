/**
 * Shown for an address the app does not know.
 */
import { useTranslation } from 'react-i18next';
import { Link } from '../ui/Link.js';

/** "Page not found". */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link href="/">{t('notFound.home')}</Link>
    </div>
  );
}
