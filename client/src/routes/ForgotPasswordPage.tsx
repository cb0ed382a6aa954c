/**
 * "Forgot your password?": asks for a reset link. The answer never says whether the
 * address has an account.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestPasswordReset } from '../api/accounts.js';
import { FormError } from '../ui/FormError.js';
import { Link } from '../ui/Link.js';
import { SubmitButton } from '../ui/SubmitButton.js';
import { useFormSubmit } from '../ui/useFormSubmit.js';

/** The forgotten-password page. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);

  useEffect(() => {
    document.title = `${t('forgotPassword.title')} · ${t('app.name')}`;
  }, [t]);

  const { busy, error, handleSubmit } = useFormSubmit(async () => {
    await requestPasswordReset(email.trim());
    setSent(true);
  });

  return (
    <div className="login-page">
      <h1>{t('forgotPassword.title')}</h1>
      <p className="muted">{t('forgotPassword.intro')}</p>
      <form className="stack" onSubmit={handleSubmit}>
        <label className="field">
          <span>{t('forgotPassword.email')}</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <FormError error={error} />
        <div role="status" className="success">
          {sent ? t('forgotPassword.sent') : null}
        </div>
        <SubmitButton busy={busy} label={t('forgotPassword.submit')} busyLabel={t('forgotPassword.sending')} />
      </form>
      <p>
        <Link href="/login">{t('forgotPassword.backToSignIn')}</Link>
      </p>
    </div>
  );
}
