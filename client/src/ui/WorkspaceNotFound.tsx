/**
 * The empty state of an address naming a workspace the person cannot see.
 */
import { useTranslation } from 'react-i18next';
import { Link } from './Link.js';

/** "No such workspace", with the way back to the list. */
export function WorkspaceNotFound() {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <p>{t('workspaces.notFound')}</p>
      <Link href="/">{t('workspaces.back')}</Link>
    </div>
  );
}
