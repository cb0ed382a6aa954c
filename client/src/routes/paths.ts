/**
 * The app's route table and the paths of its pages: plain functions, without React, so the
 * boot module (boot.ts) can tell which page opens before the app's code has loaded.
 */

/** The app's routes, as a discriminated union. */
export type Route =
  | { type: 'login' }
  | { type: 'home' }
  | { type: 'workspace'; workspace: string }
  | { type: 'section'; workspace: string; section: string }
  | { type: 'members'; workspace: string }
  | { type: 'audit'; workspace: string }
  | { type: 'activity'; workspace: string }
  | { type: 'reviews'; workspace: string }
  | { type: 'threads'; workspace: string }
  | { type: 'inbox' }
  | { type: 'import'; workspace: string }
  | { type: 'releases'; workspace: string }
  | { type: 'profile' }
  | { type: 'forgotPassword' }
  | { type: 'invite'; token: string }
  | { type: 'reset'; token: string }
  | { type: 'notFound' };

/** Pages a signed-out visitor may see. */
export function isPublicRoute(route: Route): boolean {
  return route.type === 'login' || route.type === 'forgotPassword' || route.type === 'invite' || route.type === 'reset';
}

/** Matches a path against the route table. */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/login') return { type: 'login' };
  if (path === '/') return { type: 'home' };
  if (path === '/profile') return { type: 'profile' };
  if (path === '/inbox') return { type: 'inbox' };
  if (path === '/forgot-password') return { type: 'forgotPassword' };
  const parts = path.split('/').slice(1).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  if (parts[0] === 'w' && parts.length === 2) return { type: 'workspace', workspace: parts[1] };
  if (parts[0] === 'w' && parts.length === 3 && parts[2] === 'members') return { type: 'members', workspace: parts[1] };
  if (parts[0] === 'w' && parts.length === 3 && parts[2] === 'audit') return { type: 'audit', workspace: parts[1] };
  if (parts[0] === 'w' && parts.length === 3 && parts[2] === 'activity') return { type: 'activity', workspace: parts[1] };
  if (parts[0] === 'w' && parts.length === 3 && parts[2] === 'reviews') return { type: 'reviews', workspace: parts[1] };
  if (parts[0] === 'w' && parts.length === 3 && parts[2] === 'threads') return { type: 'threads', workspace: parts[1] };
  if (parts[0] === 'w' && parts.length === 3 && parts[2] === 'import') return { type: 'import', workspace: parts[1] };
  if (parts[0] === 'w' && parts.length === 3 && parts[2] === 'releases') return { type: 'releases', workspace: parts[1] };
  if (parts[0] === 'invite' && parts.length === 2) return { type: 'invite', token: parts[1] };
  if (parts[0] === 'reset' && parts.length === 2) return { type: 'reset', token: parts[1] };
  if (parts[0] === 'w' && parts[2] === 's' && parts.length === 4) return { type: 'section', workspace: parts[1], section: parts[3] };
  return { type: 'notFound' };
}

/** Path of a workspace page. */
export function workspacePath(workspace: string): string {
  return `/w/${encodeURIComponent(workspace)}`;
}

/** Path of a workspace's members page. */
export function membersPath(workspace: string): string {
  return `/w/${encodeURIComponent(workspace)}/members`;
}

/** Path of a workspace's audit log page. */
export function auditPath(workspace: string): string {
  return `/w/${encodeURIComponent(workspace)}/audit`;
}

/** Path of a workspace's activity view, optionally of one section (by id). */
export function activityPath(workspace: string, sectionId?: string): string {
  const path = `/w/${encodeURIComponent(workspace)}/activity`;
  return sectionId ? `${path}?section=${encodeURIComponent(sectionId)}` : path;
}

/** Path of a workspace's review queue. */
export function reviewsPath(workspace: string): string {
  return `/w/${encodeURIComponent(workspace)}/reviews`;
}

/** Path of a workspace's comment threads page. */
export function threadsPath(workspace: string): string {
  return `/w/${encodeURIComponent(workspace)}/threads`;
}

/** Path of a section page with one thread opened. */
export function threadPath(workspace: string, section: string, lang: string, threadId: string): string {
  return `${sectionPath(workspace, section, lang)}&thread=${encodeURIComponent(threadId)}`;
}

/** Path of a workspace's import page. */
export function importPath(workspace: string): string {
  return `/w/${encodeURIComponent(workspace)}/import`;
}

/** Path of a workspace's releases page. */
export function releasesPath(workspace: string): string {
  return `/w/${encodeURIComponent(workspace)}/releases`;
}

/** Path of a section page in one language. */
export function sectionPath(workspace: string, section: string, lang?: string): string {
  const path = `/w/${encodeURIComponent(workspace)}/s/${encodeURIComponent(section)}`;
  return lang ? `${path}?lang=${encodeURIComponent(lang)}` : path;
}

/** Where to go after signing in: only same-site app paths are accepted. */
export function safeReturnPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login') || next.startsWith('/reset/')) return '/';
  return next;
}
