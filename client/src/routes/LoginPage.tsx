/**
 * The sign-in page. After signing in, the person lands on the page they asked for
 * (`?next=`), or on the list of workspaces.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { Link } from '../ui/Link.js';
import { useSession } from '../ui/SessionProvider.js';
import { navigate, safeReturnPath, useLocation } from './navigation.js';

/** Sign-in form. */
export function LoginPage() {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const { search } = useLocation();
  const next = safeReturnPath(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (state.type === 'signedIn') navigate(next, { replace: true });
  }, [state.type, next]);

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) setError(t('login.wrongCredentials'));
      else if (caught instanceof ApiError && caught.status === 429) setError(t('login.rateLimited'));
      else setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

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
      <form className="stack" onSubmit={(event) => void handleSubmit(event)} noValidate={false}>
        <label className="field">
          <span>{t('login.email')}</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} aria-invalid={error ? true : undefined} />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} aria-invalid={error ? true : undefined} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {t('login.submit')}
        </button>
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
