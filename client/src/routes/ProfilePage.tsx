/**
 * The person's profile: name, preferred interface language, password, and how often the
 * inbox is mailed as a digest.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DIGEST_INTERVALS, type DigestInterval } from '../../../shared/comments/api.js';
import { changePassword, updateProfile } from '../api/accounts.js';
import { fetchInboxSettings, saveInboxSettings } from '../api/comments.js';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describeError.js';
import { chooseLanguage, UI_LANGUAGES, type UiLanguage } from '../i18n/index.js';
import { FormError } from '../ui/FormError.js';
import { NameField } from '../ui/NameField.js';
import { NewPasswordField } from '../ui/NewPasswordField.js';
import { useSession, useUser } from '../ui/SessionProvider.js';
import { SubmitButton } from '../ui/SubmitButton.js';
import { useFormSubmit } from '../ui/useFormSubmit.js';

/** The profile page. */
export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { replaceUser } = useSession();
  const [name, setName] = useState(user.name);
  const [locale, setLocale] = useState<UiLanguage>(
    (UI_LANGUAGES as readonly string[]).includes(user.locale ?? '') ? (user.locale as UiLanguage) : ((i18n.resolvedLanguage ?? 'en') as UiLanguage),
  );
  const [profileMessage, setProfileMessage] = useState<string | null>(null);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [passwordMessage, setPasswordMessage] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('profile.title')} · ${t('app.name')}`;
  }, [t]);

  const profileForm = useFormSubmit(async () => {
    setProfileMessage(null);
    const updated = await updateProfile({ name: name.trim(), locale });
    replaceUser(updated);
    chooseLanguage(i18n, locale);
    setProfileMessage(t('profile.saved', { lng: locale }));
  });

  const passwordForm = useFormSubmit(
    async () => {
      setPasswordMessage(null);
      await changePassword({ currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setPasswordMessage(t('profile.passwordChanged'));
    },
    (caught) => (caught instanceof ApiError && caught.field === 'currentPassword' ? t('profile.wrongPassword') : describeError(caught, t)),
  );

  return (
    <div className="page narrow-page">
      <h1>{t('profile.title')}</h1>
      <section className="card" aria-labelledby="profile-details">
        <h2 id="profile-details">{t('profile.details')}</h2>
        <p className="muted">{t('profile.email', { email: user.email })}</p>
        <p className="muted">{t('profile.organisation', { organisation: user.organisation.name })}</p>
        <form className="stack" onSubmit={profileForm.handleSubmit}>
          <NameField label={t('profile.name')} value={name} onChange={setName} />
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
          <FormError error={profileForm.error} />
          <div aria-live="polite" className="success">
            {profileMessage}
          </div>
          <SubmitButton busy={profileForm.busy} label={t('profile.save')} busyLabel={t('profile.saving')} />
        </form>
      </section>
      <DigestSettings />
      <section className="card" aria-labelledby="profile-password">
        <h2 id="profile-password">{t('profile.changePassword')}</h2>
        <form className="stack" onSubmit={passwordForm.handleSubmit}>
          <label className="field">
            <span>{t('profile.currentPassword')}</span>
            <input type="password" required autoComplete="current-password" value={currentPassword} onChange={(event) => setCurrentPassword(event.target.value)} />
          </label>
          <NewPasswordField label={t('profile.newPassword')} hintKey="profile.passwordHint" hintId="profile-password-hint" value={newPassword} onChange={setNewPassword} />
          <FormError error={passwordForm.error} />
          <div aria-live="polite" className="success">
            {passwordMessage}
          </div>
          <SubmitButton busy={passwordForm.busy} label={t('profile.changePassword')} busyLabel={t('profile.changing')} />
        </form>
      </section>
    </div>
  );
}

/** The e-mail digest interval (GET/PATCH /api/inbox/settings). */
function DigestSettings() {
  const { t } = useTranslation();
  const [digest, setDigest] = useState<DigestInterval | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchInboxSettings().then(
      (settings) => live && setDigest(settings.digest),
      (caught) => live && setLoadError(t('digest.loadFailed', { reason: describeError(caught, t) })),
    );
    return () => {
      live = false;
    };
  }, [t]);
  const form = useFormSubmit(async () => {
    if (!digest) return;
    setMessage(null);
    const saved = await saveInboxSettings(digest);
    setDigest(saved.digest);
    setMessage(t('digest.saved'));
  });
  return (
    <section className="card" aria-labelledby="profile-digest">
      <h2 id="profile-digest">{t('digest.title')}</h2>
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      {digest && (
        <form className="stack" onSubmit={form.handleSubmit}>
          <div className="field">
            <label htmlFor="profile-digest-interval">{t('digest.label')}</label>
            <select id="profile-digest-interval" aria-describedby="profile-digest-hint" value={digest} onChange={(event) => setDigest(event.target.value as DigestInterval)}>
              {DIGEST_INTERVALS.map((interval) => (
                <option key={interval} value={interval}>
                  {t(`digest.${interval}`)}
                </option>
              ))}
            </select>
            <p id="profile-digest-hint" className="muted small">
              {t('digest.hint')}
            </p>
          </div>
          <FormError error={form.error} />
          <div aria-live="polite" className="success">
            {message}
          </div>
          <SubmitButton busy={form.busy} label={t('digest.save')} busyLabel={t('profile.saving')} />
        </form>
      )}
    </section>
  );
}
