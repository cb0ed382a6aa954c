/**
 * The route pages, each loaded on first use (React.lazy): opening a section should not
 * wait for the code of releases, imports, the audit log or the inbox. The sign-in and
 * "not found" pages are small and stay in the entry chunk.
 *
 * The service worker precaches every chunk (client/public/sw.js reads the build manifest),
 * so a page never opened online still opens after an offline reload.
 */
import { lazy } from 'react';
import type { Route } from './navigation.js';

/** Each lazily loaded route's chunk, by route type (one import() per page module). */
const loaders = {
  home: () => import('./WorkspacesPage.js'),
  workspace: () => import('./WorkspacePage.js'),
  section: () => import('./SectionPage.js'),
  members: () => import('./MembersPage.js'),
  audit: () => import('./AuditPage.js'),
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

export const WorkspacesPage = lazy(() => loaders.home().then((m) => ({ default: m.WorkspacesPage })));
export const WorkspacePage = lazy(() => loaders.workspace().then((m) => ({ default: m.WorkspacePage })));
export const SectionPage = lazy(() => loaders.section().then((m) => ({ default: m.SectionPage })));
export const MembersPage = lazy(() => loaders.members().then((m) => ({ default: m.MembersPage })));
export const AuditPage = lazy(() => loaders.audit().then((m) => ({ default: m.AuditPage })));
export const ReviewQueuePage = lazy(() => loaders.reviews().then((m) => ({ default: m.ReviewQueuePage })));
export const ThreadsPage = lazy(() => loaders.threads().then((m) => ({ default: m.ThreadsPage })));
export const InboxPage = lazy(() => loaders.inbox().then((m) => ({ default: m.InboxPage })));
export const ImportPage = lazy(() => loaders.import().then((m) => ({ default: m.ImportPage })));
export const ReleasesPage = lazy(() => loaders.releases().then((m) => ({ default: m.ReleasesPage })));
export const ProfilePage = lazy(() => loaders.profile().then((m) => ({ default: m.ProfilePage })));
export const ForgotPasswordPage = lazy(() => loaders.forgotPassword().then((m) => ({ default: m.ForgotPasswordPage })));
export const InvitePage = lazy(() => loaders.invite().then((m) => ({ default: m.InvitePage })));
export const ResetPasswordPage = lazy(() => loaders.reset().then((m) => ({ default: m.ResetPasswordPage })));

/**
 * Starts loading the chunk of the page at `route` (the one the app opens on), so it
 * downloads while the session is being checked instead of after.
 */
export function preloadPage(route: Route): void {
  const load = (loaders as Partial<Record<Route['type'], () => Promise<unknown>>>)[route.type];
  void load?.().catch(() => undefined); // a failure shows when the page itself loads
}
