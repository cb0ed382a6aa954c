/**
 * A password-reset link: choose a new password, then sign in with it (every session of
 * the account has ended).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/limits.js';
import { completePasswordReset } from '../api/accounts.js';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { Link } from '../ui/Link.js';

/** The reset page. */
export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<'done' | 'invalid' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('resetPassword.title')} · ${t('app.name')}`;
  }, [t]);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await completePasswordReset(token, password);
      // Every session of the account ended (this browser's too, if it was theirs): the next
      // API call answers 401 and the app asks to sign in.
      setOutcome('done');
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) setOutcome('invalid');
      else setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

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
        <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
          <label className="field">
            <span>{t('resetPassword.newPassword')}</span>
            <input
              type="password"
              required
              minLength={LIMITS.minPasswordChars}
              maxLength={LIMITS.maxPasswordChars}
              autoComplete="new-password"
              aria-describedby="reset-password-hint"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <p id="reset-password-hint" className="hint">
            {t('resetPassword.passwordHint', { count: LIMITS.minPasswordChars })}
          </p>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('resetPassword.saving') : t('resetPassword.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
