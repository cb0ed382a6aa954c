/**
 * "Forgot your password?": asks for a reset link. The answer never says whether the
 * address has an account.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { requestPasswordReset } from '../api/accounts.js';
import { describeError } from '../api/describeError.js';
import { Link } from '../ui/Link.js';

/** The forgotten-password page. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('forgotPassword.title')} · ${t('app.name')}`;
  }, [t]);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(email.trim());
      setSent(true);
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <h1>{t('forgotPassword.title')}</h1>
      <p className="muted">{t('forgotPassword.intro')}</p>
      <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
        <label className="field">
          <span>{t('forgotPassword.email')}</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div role="status" className="success">
          {sent ? t('forgotPassword.sent') : null}
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('forgotPassword.sending') : t('forgotPassword.submit')}
        </button>
      </form>
      <p>
        <Link href="/login">{t('forgotPassword.backToSignIn')}</Link>
      </p>
    </div>
  );
}
