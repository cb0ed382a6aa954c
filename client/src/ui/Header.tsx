/**
 * The banner: app name, the signed-in person as "Name (Organisation)", the inbox with its
 * live unread count, the interface language switcher (signed in, it also sets the profile's
 * language, which digests use) and the sign-out button.
 */
import { useTranslation } from 'react-i18next';
import { useInboxUnread } from '../api/useInboxUnread.js';
import { updateProfile } from '../api/accounts.js';
import { chooseLanguage, UI_LANGUAGES, type UiLanguage } from '../i18n/index.js';
import { navigate } from '../routes/navigation.js';
import { Link } from './Link.js';
import { useSession } from './SessionProvider.js';

/** The page header. */
export function Header() {
  const { t, i18n } = useTranslation();
  const { state, signOut, replaceUser } = useSession();
  const user = state.type === 'signedIn' ? state.user : null;
  const unread = useInboxUnread(Boolean(user));

  /**
   * Switches the interface; signed in, the choice is also the profile's language, which the
   * e-mail digests are written in (so the inbox and its digest speak the same language).
   */
  const handleLanguage = (language: UiLanguage) => {
    chooseLanguage(i18n, language);
    if (user && user.locale !== language) updateProfile({ locale: language }).then(replaceUser, () => undefined);
  };

  const handleSignOut = async () => {
    await signOut().catch(() => undefined);
    navigate('/login', { replace: true });
  };

  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Link href="/" className="brand">
        {t('app.name')}
      </Link>
      <div className="header-tools">
        {user && (
          <p className="signed-in" data-testid="signed-in-person">
            <span className="visually-hidden">{t('header.signedInAs')} </span>
            {t('header.person', { name: user.name, organisation: user.organisation.name })}
          </p>
        )}
        <label className="language-switch">
          <span>{t('header.interfaceLanguage')}</span>
          <select value={i18n.resolvedLanguage ?? i18n.language} onChange={(event) => handleLanguage(event.target.value as UiLanguage)}>
            {UI_LANGUAGES.map((lng) => (
              <option key={lng} value={lng} lang={lng}>
                {t(`languages.${lng}`)}
              </option>
            ))}
          </select>
        </label>
        {user && (
          <Link href="/inbox" className="header-link" data-testid="inbox-link">
            {t('header.inbox')}
            {unread !== null && unread > 0 && (
              <span className="inbox-badge" data-testid="inbox-unread">
                <span aria-hidden="true">{unread}</span>
                <span className="visually-hidden">{t('header.unreadBadge', { count: unread })}</span>
              </span>
            )}
          </Link>
        )}
        {user && (
          <Link href="/profile" className="header-link">
            {t('header.profile')}
          </Link>
        )}
        {user && (
          <button type="button" className="button secondary" onClick={() => void handleSignOut()}>
            {t('header.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
