/**
 * A workspace's members: "Name (Organisation)", e-mail and role. Admins change roles,
 * remove people and invite new ones; staff see the list.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/api.js';
import { can, ROLES, type Role } from '../../../shared/permissions.js';
import { changeMemberRole, fetchMembers, removeMember } from '../api/accounts.js';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { FormError } from '../ui/FormError.js';
import { InviteForm } from '../ui/InviteForm.js';
import { Link } from '../ui/Link.js';
import { useUser } from '../ui/SessionProvider.js';
import { WorkspaceNotFound } from '../ui/WorkspaceNotFound.js';
import { workspacePath } from './navigation.js';

/** The members page. */
export function MembersPage({ workspaceSlug }: { workspaceSlug: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const { state: workspaces } = useWorkspaces();
  const workspace = workspaces.type === 'ready' ? workspaces.value.find((w) => w.slug === workspaceSlug) : undefined;
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setMembers(await fetchMembers(workspaceSlug));
    } catch (caught) {
      setError(describeError(caught, t));
    }
  }, [workspaceSlug, t]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.title = `${t('members.title', { workspace: workspace?.name ?? workspaceSlug })} · ${t('app.name')}`;
  }, [t, workspace?.name, workspaceSlug]);

  const explain = (caught: unknown) => (caught instanceof ApiError && caught.status === 409 ? t('members.lastAdmin') : describeError(caught, t));

  const handleRole = async (member: Member, role: Role) => {
    setError(null);
    setMessage(null);
    try {
      await changeMemberRole(workspaceSlug, member.user.id, role);
      setMessage(t('members.roleChanged', { name: member.user.name, role: t(`roles.${role}`) }));
    } catch (caught) {
      setError(explain(caught));
    }
    await load();
  };

  const handleRemove = async (member: Member) => {
    setError(null);
    setMessage(null);
    try {
      await removeMember(workspaceSlug, member.user.id);
      setMessage(t('members.removed', { name: member.user.name }));
    } catch (caught) {
      setError(explain(caught));
    }
    await load();
  };

  if (workspaces.type === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (!workspace) return <WorkspaceNotFound />;
  const isAdmin = can(workspace.role, 'members.manage');

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href={workspacePath(workspace.slug)}>{t('members.back', { workspace: workspace.name })}</Link>
      </p>
      <h1>{t('members.title', { workspace: workspace.name })}</h1>
      <p className="muted">{isAdmin ? t('members.intro') : t('members.readOnlyHint')}</p>
      <div aria-live="polite" className="success">
        {message}
      </div>
      <FormError error={error} />
      {members === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('members.name')}</th>
              <th scope="col">{t('members.organisation')}</th>
              <th scope="col">{t('members.email')}</th>
              <th scope="col">{t('members.role')}</th>
              {isAdmin && <th scope="col">{t('members.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.user.id}>
                <th scope="row">
                  {member.user.name} {member.user.id === me.id && <span className="muted">{t('members.you')}</span>}
                </th>
                <td>{member.user.organisation.name}</td>
                <td>{member.user.email}</td>
                <td>
                  {isAdmin ? (
                    <select
                      aria-label={t('members.roleOf', { name: member.user.name })}
                      value={member.role}
                      onChange={(event) => void handleRole(member, event.target.value as Role)}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {t(`roles.${role}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`roles.${member.role}`)
                  )}
                </td>
                {isAdmin && (
                  <td>
                    <button type="button" className="button secondary" onClick={() => void handleRemove(member)}>
                      {t('members.remove', { name: member.user.name })}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can(workspace.role, 'members.invite') && <InviteForm workspaceSlug={workspace.slug} inviterRole={workspace.role} />}
    </div>
  );
}
