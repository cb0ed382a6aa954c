/**
 * "Home / <workspace>" above a workspace's pages (the section, its threads, reviews,
 * releases and imports).
 */
import { useTranslation } from 'react-i18next';
import { workspacePath } from '../routes/navigation.js';
import { Link } from './Link.js';

export function WorkspaceBreadcrumb({ workspace }: { workspace: { slug: string; name: string } }) {
  const { t } = useTranslation();
  return (
    <p className="breadcrumb">
      <Link href="/">{t('app.home')}</Link>
      <span aria-hidden="true"> / </span>
      <Link href={workspacePath(workspace.slug)}>{workspace.name}</Link>
    </p>
  );
}
