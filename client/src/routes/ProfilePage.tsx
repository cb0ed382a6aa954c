/**
 * The person's profile: name, preferred interface language and password.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/limits.js';
import { changePassword, updateProfile } from '../api/accounts.js';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { chooseLanguage, UI_LANGUAGES, type UiLanguage } from '../i18n/index.js';
import { useSession, useUser } from '../ui/SessionProvider.js';

/** The profile page. */
export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { replaceUser } = useSession();
  const [name, setName] = useState(user.name);
  const [locale, setLocale] = useState<UiLanguage>(
    (UI_LANGUAGES as readonly string[]).includes(user.locale ?? '') ? (user.locale as UiLanguage) : ((i18n.resolvedLanguage ?? 'en') as UiLanguage),
  );
  const [profileBusy, setProfileBusy] = useState(false);
  const [profileMessage, setProfileMessage] = useState<string | null>(null);
  const [profileError, setProfileError] = useState<string | null>(null);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [passwordBusy, setPasswordBusy] = useState(false);
  const [passwordMessage, setPasswordMessage] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('profile.title')} · ${t('app.name')}`;
  }, [t]);

  const handleProfile = async (event: FormEvent) => {
    event.preventDefault();
    setProfileBusy(true);
    setProfileError(null);
    setProfileMessage(null);
    try {
      const updated = await updateProfile({ name: name.trim(), locale });
      replaceUser(updated);
      chooseLanguage(i18n, locale);
      setProfileMessage(t('profile.saved', { lng: locale }));
    } catch (caught) {
      setProfileError(describeError(caught, t));
    } finally {
      setProfileBusy(false);
    }
  };

  const handlePassword = async (event: FormEvent) => {
    event.preventDefault();
    setPasswordBusy(true);
    setPasswordError(null);
    setPasswordMessage(null);
    try {
      await changePassword({ currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setPasswordMessage(t('profile.passwordChanged'));
    } catch (caught) {
      if (caught instanceof ApiError && caught.field === 'currentPassword') setPasswordError(t('profile.wrongPassword'));
      else setPasswordError(describeError(caught, t));
    } finally {
      setPasswordBusy(false);
    }
  };

  return (
    <div className="page narrow-page">
      <h1>{t('profile.title')}</h1>
      <section className="card" aria-labelledby="profile-details">
        <h2 id="profile-details">{t('profile.details')}</h2>
        <p className="muted">{t('profile.email', { email: user.email })}</p>
        <p className="muted">{t('profile.organisation', { organisation: user.organisation.name })}</p>
        <form className="stack" onSubmit={(event) => void handleProfile(event)}>
          <label className="field">
            <span>{t('profile.name')}</span>
            <input required maxLength={LIMITS.maxNameChars} autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
          </label>
          <div className="field">
            <label htmlFor="profile-language">{t('profile.language')}</label>
            <select id="profile-language" value={locale} onChange={(event) => setLocale(event.target.value as UiLanguage)}>
              {UI_LANGUAGES.map((lng) => (
                <option key={lng} value={lng} lang={lng}>
                  {t(`languages.${lng}`)}
                </option>
              ))}
            </select>
          </div>
          {profileError && (
            <p className="error" role="alert">
              {profileError}
            </p>
          )}
          <div aria-live="polite" className="success">
            {profileMessage}
          </div>
          <button type="submit" className="button primary" disabled={profileBusy}>
            {profileBusy ? t('profile.saving') : t('profile.save')}
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="profile-password">
        <h2 id="profile-password">{t('profile.changePassword')}</h2>
        <form className="stack" onSubmit={(event) => void handlePassword(event)}>
          <label className="field">
            <span>{t('profile.currentPassword')}</span>
            <input type="password" required autoComplete="current-password" value={currentPassword} onChange={(event) => setCurrentPassword(event.target.value)} />
          </label>
          <label className="field">
            <span>{t('profile.newPassword')}</span>
            <input
              type="password"
              required
              minLength={LIMITS.minPasswordChars}
              maxLength={LIMITS.maxPasswordChars}
              autoComplete="new-password"
              aria-describedby="profile-password-hint"
              value={newPassword}
              onChange={(event) => setNewPassword(event.target.value)}
            />
          </label>
          <p id="profile-password-hint" className="hint">
            {t('profile.passwordHint', { count: LIMITS.minPasswordChars })}
          </p>
          {passwordError && (
            <p className="error" role="alert">
              {passwordError}
            </p>
          )}
          <div aria-live="polite" className="success">
            {passwordMessage}
          </div>
          <button type="submit" className="button primary" disabled={passwordBusy}>
            {passwordBusy ? t('profile.changing') : t('profile.changePassword')}
          </button>
        </form>
      </section>
    </div>
  );
}
