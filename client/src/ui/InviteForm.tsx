/**
 * "Invite someone": e-mail, role and organisation; shows the single-use link to copy.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvitationCreated, Organisation } from '../../../shared/api.js';
import { mayInviteAs, ROLES, type Role } from '../../../shared/permissions.js';
import { LIMITS } from '../../../shared/limits.js';
import { createInvitation, fetchOrganisations } from '../api/accounts.js';
import { describeError } from '../api/describeError.js';
import { FormError } from './FormError.js';
import { SubmitButton } from './SubmitButton.js';
import { useFormSubmit } from './useFormSubmit.js';

/** The invitation form of the members page (admins; staff invite partners and readers). */
export function InviteForm({ workspaceSlug, inviterRole }: { workspaceSlug: string; inviterRole: Role | null }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('partner');
  const [organisationId, setOrganisationId] = useState('');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<(InvitationCreated & { email: string }) | null>(null);
  const [copied, setCopied] = useState(false);
  const { busy, error, setError, handleSubmit } = useFormSubmit(async () => {
    setCreated(null);
    setCopied(false);
    const result = await createInvitation(workspaceSlug, {
      email: email.trim(),
      role,
      ...(organisationId ? { organisationId } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
    });
    setCreated({ ...result, email: email.trim() });
    setEmail('');
    setName('');
  });

  useEffect(() => {
    fetchOrganisations().then(setOrganisations, (caught: unknown) => setError(describeError(caught, t)));
  }, [t, setError]);

  const handleCopy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      // The link stays selectable in its field.
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('invite.title')}</h2>
      <form className="stack" onSubmit={handleSubmit}>
        <label className="field">
          <span>{t('invite.email')}</span>
          <input type="email" required maxLength={254} autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        {/* A select inside its label would add the chosen option to its accessible name. */}
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('invite.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.filter((r) => mayInviteAs(inviterRole, r)).map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-org`}>{t('invite.organisation')}</label>
          <select id={`${id}-org`} value={organisationId} onChange={(event) => setOrganisationId(event.target.value)} aria-describedby={`${id}-org-hint`}>
            <option value="">{t('invite.chooseOrganisation')}</option>
            {organisations.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        </div>
        <p id={`${id}-org-hint`} className="hint">
          {t('invite.organisationHint')}
        </p>
        <label className="field">
          <span>{t('invite.name')}</span>
          <input maxLength={LIMITS.maxNameChars} autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <FormError error={error} />
        <SubmitButton busy={busy} label={t('invite.submit')} busyLabel={t('invite.creating')} />
      </form>
      {created && (
        <div className="stack invitation-result" role="status">
          <p>{t('invite.created', { email: created.email, date: new Date(created.expiresAt).toLocaleString(i18n.language) })}</p>
          <label className="field">
            <span>{t('invite.link')}</span>
            <input readOnly value={created.url} onFocus={(event) => event.target.select()} />
          </label>
          <button type="button" className="button secondary" onClick={() => void handleCopy()}>
            {t('invite.copy')}
          </button>
          {copied && <p className="success">{t('invite.copied')}</p>}
        </div>
      )}
    </section>
  );
}
