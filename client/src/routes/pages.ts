/**
 * The route pages, each loaded on first use (React.lazy): opening a section should not
 * wait for the code of releases, imports, the audit log or the inbox. The sign-in and
 * "not found" pages are small and stay in the app's chunk.
 *
 * The service worker precaches every chunk (client/public/sw.js reads the build manifest),
 * so a page never opened online still opens after an offline reload.
 */
import { lazy } from 'react';
import { loaders } from './pageLoaders.js';

export const WorkspacesPage = lazy(() => loaders.home().then((m) => ({ default: m.WorkspacesPage })));
export const WorkspacePage = lazy(() => loaders.workspace().then((m) => ({ default: m.WorkspacePage })));
export const SectionPage = lazy(() => loaders.section().then((m) => ({ default: m.SectionPage })));
export const MembersPage = lazy(() => loaders.members().then((m) => ({ default: m.MembersPage })));
export const AuditPage = lazy(() => loaders.audit().then((m) => ({ default: m.AuditPage })));
export const ActivityPage = lazy(() => loaders.activity().then((m) => ({ default: m.ActivityPage })));
export const ReviewQueuePage = lazy(() => loaders.reviews().then((m) => ({ default: m.ReviewQueuePage })));
export const ThreadsPage = lazy(() => loaders.threads().then((m) => ({ default: m.ThreadsPage })));
export const InboxPage = lazy(() => loaders.inbox().then((m) => ({ default: m.InboxPage })));
export const ImportPage = lazy(() => loaders.import().then((m) => ({ default: m.ImportPage })));
export const ReleasesPage = lazy(() => loaders.releases().then((m) => ({ default: m.ReleasesPage })));
export const ProfilePage = lazy(() => loaders.profile().then((m) => ({ default: m.ProfilePage })));
export const ForgotPasswordPage = lazy(() => loaders.forgotPassword().then((m) => ({ default: m.ForgotPasswordPage })));
export const InvitePage = lazy(() => loaders.invite().then((m) => ({ default: m.InvitePage })));
export const ResetPasswordPage = lazy(() => loaders.reset().then((m) => ({ default: m.ResetPasswordPage })));
