/**
 * A password-reset link: choose a new password, then sign in with it (every session of
 * the account has ended).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { completePasswordReset } from '../api/accounts.js';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { FormError } from '../ui/FormError.js';
import { Link } from '../ui/Link.js';
import { NewPasswordField } from '../ui/NewPasswordField.js';
import { SubmitButton } from '../ui/SubmitButton.js';
import { useFormSubmit } from '../ui/useFormSubmit.js';

/** The reset page. */
export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<'done' | 'invalid' | null>(null);

  useEffect(() => {
    document.title = `${t('resetPassword.title')} · ${t('app.name')}`;
  }, [t]);

  const { busy, error, handleSubmit } = useFormSubmit(
    async () => {
      await completePasswordReset(token, password);
      // Every session of the account ended (this browser's too, if it was theirs): the next
      // API call answers 401 and the app asks to sign in.
      setOutcome('done');
    },
    (caught) => {
      if (!(caught instanceof ApiError && caught.status === 404)) return describeError(caught, t);
      setOutcome('invalid');
      return null;
    },
  );

  return (
    <div className="login-page">
      <h1>{t('resetPassword.title')}</h1>
      {outcome === 'done' && (
        <>
          <p className="success" role="status">
            {t('resetPassword.done')}
          </p>
          <Link className="button primary" href="/login">
            {t('resetPassword.signIn')}
          </Link>
        </>
      )}
      {outcome === 'invalid' && (
        <>
          <p className="error" role="alert">
            {t('resetPassword.invalid')}
          </p>
          <Link href="/forgot-password">{t('resetPassword.askAgain')}</Link>
        </>
      )}
      {outcome === null && (
        <form className="stack" onSubmit={handleSubmit}>
          <NewPasswordField label={t('resetPassword.newPassword')} hintKey="resetPassword.passwordHint" hintId="reset-password-hint" value={password} onChange={setPassword} />
          <FormError error={error} />
          <SubmitButton busy={busy} label={t('resetPassword.submit')} busyLabel={t('resetPassword.saving')} />
        </form>
      )}
    </div>
  );
}
