/**
 * An invitation link: shows what it is for; a new person chooses a name and password, an
 * existing account accepts once signed in. Accepting lands on the workspace.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvitationInfo } from '../../../shared/api.js';
import { acceptInvitation, fetchInvitation } from '../api/accounts.js';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { FormError } from '../ui/FormError.js';
import { Link } from '../ui/Link.js';
import { NameField } from '../ui/NameField.js';
import { NewPasswordField } from '../ui/NewPasswordField.js';
import { useSession } from '../ui/SessionProvider.js';
import { SubmitButton } from '../ui/SubmitButton.js';
import { useFormSubmit } from '../ui/useFormSubmit.js';
import { navigate, workspacePath } from './navigation.js';

/** The invitation page. */
export function InvitePage({ token }: { token: string }) {
  const { t } = useTranslation();
  const { state, replaceUser } = useSession();
  const [info, setInfo] = useState<InvitationInfo | 'invalid' | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, handleSubmit } = useFormSubmit(
    async () => {
      if (!info || info === 'invalid') return;
      const accepted = await acceptInvitation(token, info.needsAccount ? { name: name.trim(), password } : {});
      replaceUser(accepted.user);
      navigate(workspacePath(accepted.workspace.slug), { replace: true });
    },
    (caught) => {
      if (!(caught instanceof ApiError && caught.status === 404)) return describeError(caught, t);
      setInfo('invalid');
      return null;
    },
  );

  useEffect(() => {
    fetchInvitation(token).then(
      (value) => {
        setInfo(value);
        setName(value.name ?? '');
      },
      (caught: unknown) => (caught instanceof ApiError && caught.status === 404 ? setInfo('invalid') : setError(describeError(caught, t))),
    );
  }, [token, t, setError]);

  useEffect(() => {
    const workspace = info && info !== 'invalid' ? info.workspace.name : '';
    document.title = `${t('acceptInvite.title', { workspace })} · ${t('app.name')}`;
  }, [info, t]);

  if (info === null && !error) return <p className="muted">{t('app.loading')}</p>;
  if (info === 'invalid' || info === null) {
    return (
      <div className="login-page">
        <h1>{t('acceptInvite.title', { workspace: 'Atelier' })}</h1>
        <p className="error" role="alert">
          {error ?? t('acceptInvite.invalid')}
        </p>
      </div>
    );
  }

  const current = state.type === 'signedIn' ? state.user : null;
  const signedInAsInvitee = current !== null && current.email.toLowerCase() === info.email.toLowerCase();
  const here = `/invite/${encodeURIComponent(token)}`;

  return (
    <div className="login-page">
      <h1>{t('acceptInvite.title', { workspace: info.workspace.name })}</h1>
      <p>{t('acceptInvite.summary', { role: t(`roles.${info.role}`), email: info.email })}</p>
      {info.organisation && <p className="muted">{t('acceptInvite.organisation', { organisation: info.organisation.name })}</p>}
      {!info.needsAccount && !current && (
        <>
          <p>{t('acceptInvite.signInFirst', { email: info.email })}</p>
          <Link className="button primary" href={`/login?next=${encodeURIComponent(here)}`}>
            {t('acceptInvite.signIn')}
          </Link>
        </>
      )}
      {!info.needsAccount && current && !signedInAsInvitee && (
        <p className="notice" role="alert">
          {t('acceptInvite.wrongAccount', { current: current.email, email: info.email })}
        </p>
      )}
      {(info.needsAccount || signedInAsInvitee) && (
        <form className="stack" onSubmit={handleSubmit}>
          {info.needsAccount && (
            <>
              <NameField label={t('acceptInvite.yourName')} value={name} onChange={setName} />
              <NewPasswordField label={t('acceptInvite.choosePassword')} hintKey="acceptInvite.passwordHint" hintId="invite-password-hint" value={password} onChange={setPassword} />
            </>
          )}
          <FormError error={error} />
          <SubmitButton busy={busy} label={t('acceptInvite.submit')} busyLabel={t('acceptInvite.accepting')} />
        </form>
      )}
    </div>
  );
}
