/**
 * The chunk of each lazily loaded page (pages.ts wraps them in React.lazy), without React:
 * the boot module (boot.ts) starts the opening page's chunk before the app's code has loaded.
 */
import type { Route } from './paths.js';

/** Each lazily loaded route's chunk, by route type (one import() per page module). */
export const loaders = {
  home: () => import('./WorkspacesPage.js'),
  workspace: () => import('./WorkspacePage.js'),
  section: () => import('./SectionPage.js'),
  members: () => import('./MembersPage.js'),
  audit: () => import('./AuditPage.js'),
  activity: () => import('./ActivityPage.js'),
  reviews: () => import('./ReviewQueuePage.js'),
  threads: () => import('./ThreadsPage.js'),
  inbox: () => import('./InboxPage.js'),
  import: () => import('./ImportPage.js'),
  releases: () => import('./ReleasesPage.js'),
  profile: () => import('./ProfilePage.js'),
  forgotPassword: () => import('./ForgotPasswordPage.js'),
  invite: () => import('./InvitePage.js'),
  reset: () => import('./ResetPasswordPage.js'),
} satisfies Partial<Record<Route['type'], () => Promise<unknown>>>;

/**
 * Starts loading the chunk of the page at `route` (the one the app opens on), so it
 * downloads while the session is being checked instead of after.
 */
export function preloadPage(route: Route): void {
  const load = (loaders as Partial<Record<Route['type'], () => Promise<unknown>>>)[route.type];
  void load?.().catch(() => undefined); // a failure shows when the page itself loads
}
