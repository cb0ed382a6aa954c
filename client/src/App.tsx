/**
 * The app shell: header, main landmark and the route table. Signed-out visitors on any
 * app page are sent to /login with the page to come back to; sign-in, password reset and
 * invitation pages are open to them. Pages other than sign-in load on first use (routes/pages.ts).
 */
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './api/describeError.js';
import { LoginPage } from './routes/LoginPage.js';
import { isPublicRoute, matchRoute, navigate, useLocation, type Route } from './routes/navigation.js';
import { NotFoundPage } from './routes/NotFoundPage.js';
import {
  ActivityPage,
  AuditPage,
  ForgotPasswordPage,
  ImportPage,
  InboxPage,
  InvitePage,
  MembersPage,
  ProfilePage,
  ReleasesPage,
  ResetPasswordPage,
  ReviewQueuePage,
  SectionPage,
  ThreadsPage,
  WorkspacePage,
  WorkspacesPage,
} from './routes/pages.js';
import { Header } from './ui/Header.js';
import { useSession } from './ui/SessionProvider.js';

function RoutePage({ route }: { route: Route }) {
  switch (route.type) {
    case 'login':
      return <LoginPage />;
    case 'home':
      return <WorkspacesPage />;
    case 'workspace':
      return <WorkspacePage key={route.workspace} workspaceSlug={route.workspace} />;
    case 'section':
      return <SectionPage key={`${route.workspace}/${route.section}`} workspaceSlug={route.workspace} sectionSlug={route.section} />;
    case 'members':
      return <MembersPage key={route.workspace} workspaceSlug={route.workspace} />;
    case 'audit':
      return <AuditPage key={route.workspace} workspaceSlug={route.workspace} />;
    case 'activity':
      return <ActivityPage key={route.workspace} workspaceSlug={route.workspace} />;
    case 'reviews':
      return <ReviewQueuePage key={route.workspace} workspaceSlug={route.workspace} />;
    case 'threads':
      return <ThreadsPage key={route.workspace} workspaceSlug={route.workspace} />;
    case 'inbox':
      return <InboxPage />;
    case 'import':
      return <ImportPage key={route.workspace} workspaceSlug={route.workspace} />;
    case 'releases':
      return <ReleasesPage key={route.workspace} workspaceSlug={route.workspace} />;
    case 'profile':
      return <ProfilePage />;
    case 'forgotPassword':
      return <ForgotPasswordPage />;
    case 'invite':
      return <InvitePage key={route.token} token={route.token} />;
    case 'reset':
      return <ResetPasswordPage key={route.token} token={route.token} />;
    case 'notFound':
      return <NotFoundPage />;
  }
}

/** The whole app. */
export function App() {
  const { t } = useTranslation();
  const { state, reload } = useSession();
  const { pathname, href } = useLocation();
  const route = matchRoute(pathname);
  const needsSignIn = !isPublicRoute(route) && state.type === 'signedOut';

  useEffect(() => {
    if (needsSignIn) navigate(`/login?next=${encodeURIComponent(href)}`, { replace: true });
  }, [needsSignIn, href]);

  let content;
  if (state.type === 'loading' || needsSignIn) {
    content = <p className="muted">{t('app.loading')}</p>;
  } else if (state.type === 'error') {
    content = (
      <div className="notice" role="alert">
        <p>{describeError(state.error, t)}</p>
        <button type="button" className="button secondary" onClick={reload}>
          {t('workspaces.retry')}
        </button>
      </div>
    );
  } else {
    // Pages load on first use: until a page's chunk is here, the same "Loading…" as the session's.
    content = (
      <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
        <RoutePage route={route} />
      </Suspense>
    );
  }

  return (
    <div className="app">
      <Header />
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </div>
  );
}
