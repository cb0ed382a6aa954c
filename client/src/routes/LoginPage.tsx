/**
 * The sign-in page. After signing in, the person lands on the page they asked for
 * (`?next=`), or on the list of workspaces.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { FormError } from '../ui/FormError.js';
import { Link } from '../ui/Link.js';
import { useSession } from '../ui/SessionProvider.js';
import { SubmitButton } from '../ui/SubmitButton.js';
import { useFormSubmit } from '../ui/useFormSubmit.js';
import { navigate, safeReturnPath, useLocation } from './navigation.js';

/** Sign-in form. */
export function LoginPage() {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const { search } = useLocation();
  const next = safeReturnPath(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (state.type === 'signedIn') navigate(next, { replace: true });
  }, [state.type, next]);

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  const { busy, error, handleSubmit } = useFormSubmit(
    async () => {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    },
    (caught) => {
      if (caught instanceof ApiError && caught.status === 401) return t('login.wrongCredentials');
      if (caught instanceof ApiError && caught.status === 429) return t('login.rateLimited');
      return describeError(caught, t);
    },
  );

  const ended = state.type === 'signedOut' && state.ended;

  return (
    <div className="login-page">
      <h1 ref={headingRef}>{t('login.title')}</h1>
      <p className="muted">{t('login.intro')}</p>
      {ended && (
        <p className="notice" role="alert">
          {t('login.sessionEnded')}
        </p>
      )}
      <form className="stack" onSubmit={handleSubmit} noValidate={false}>
        <label className="field">
          <span>{t('login.email')}</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} aria-invalid={error ? true : undefined} />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} aria-invalid={error ? true : undefined} />
        </label>
        <FormError error={error} />
        <SubmitButton busy={busy} label={t('login.submit')} />
        {busy && (
          <p className="muted" aria-live="polite">
            {t('login.submitting')}
          </p>
        )}
      </form>
      <p>
        <Link href="/forgot-password">{t('login.forgotPassword')}</Link>
      </p>
    </div>
  );
}
