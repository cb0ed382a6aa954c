/**
 * Workspace, outline and image calls.
 */
import { apiRequest } from './client.js';
import { prefetch, takePrefetched } from './prefetch.js';
import type { Section, Workspace } from './types.js';

/** Every workspace the person can see (with outline); archived sections only when asked. */
export function fetchWorkspaces(options: { archived?: boolean } = {}): Promise<Workspace[]> {
  return apiRequest<Workspace[]>(options.archived ? '/api/workspaces?archived=1' : '/api/workspaces');
}

/**
 * Asks for the workspace list at startup (api/prefetch.ts). A 401 here is not reported as
 * an ended session: the "who am I" answer decides that.
 */
export function prefetchWorkspaces(): Promise<Workspace[]> {
  return prefetch('workspaces', () => apiRequest<Workspace[]>('/api/workspaces', { quiet401: true, preloaded: true }));
}

/** The list asked for at startup if still fresh, else a new request; a failed early answer is asked for again. */
export function fetchWorkspacesOnce(): Promise<Workspace[]> {
  return takePrefetched<Workspace[]>('workspaces')?.catch(() => fetchWorkspaces()) ?? fetchWorkspaces();
}

/** Creates a workspace (site administrators). */
export function createWorkspace(input: { slug: string; name: string; languages: string[] }): Promise<Workspace> {
  return apiRequest<Workspace>('/api/workspaces', { json: input });
}

/** Admins: adds languages (never removes one), chooses the lead language, names the workspace per language. */
export function updateWorkspaceLanguages(workspace: string, input: { languages: string[]; leadLanguage: string; names: Record<string, string> }): Promise<{ workspace: Workspace }> {
  return apiRequest<{ workspace: Workspace }>(`/api/workspaces/${encodeURIComponent(workspace)}`, { method: 'PATCH', json: input });
}

const sectionsPath = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}/sections`;

/** Adds a section at the end of its parent's children (or of the top level). */
export function createSection(workspace: string, input: { title?: string; titles?: Record<string, string>; parentId?: string | null }): Promise<Section> {
  return apiRequest<Section>(sectionsPath(workspace), { json: input });
}

/** Renames a section: a title (the lead language's) or titles per language ('' clears one). */
export function renameSection(workspace: string, sectionId: string, change: string | { titles: Record<string, string> }): Promise<Section> {
  const json = typeof change === 'string' ? { title: change } : change;
  return apiRequest<Section>(`${sectionsPath(workspace)}/${encodeURIComponent(sectionId)}`, { method: 'PATCH', json });
}

/** Moves a section under `parentId` (null: top level) at `position` among its new siblings. */
export function moveSection(workspace: string, sectionId: string, parentId: string | null, position: number): Promise<unknown> {
  return apiRequest<unknown>(`${sectionsPath(workspace)}/${encodeURIComponent(sectionId)}/move`, { json: { parentId, position } });
}

/** Archives or brings back a section (with its subsections, as the server decides). */
export function setSectionArchived(workspace: string, sectionId: string, archived: boolean): Promise<unknown> {
  const action = archived ? 'archive' : 'unarchive';
  return apiRequest<unknown>(`${sectionsPath(workspace)}/${encodeURIComponent(sectionId)}/${action}`, { method: 'POST' });
}

/** Uploads an image (raw body) and resolves with its `/media/…` address. */
export async function uploadImage(workspace: string, file: Blob): Promise<string> {
  const { src } = await apiRequest<{ src: string }>(`/api/workspaces/${encodeURIComponent(workspace)}/images`, {
    method: 'POST',
    body: file,
    contentType: file.type,
  });
  return src;
}

/** URL of the outline's live event stream (Server-Sent Events, `event: outline`). */
export function outlineEventsUrl(workspace: string): string {
  return `/api/workspaces/${encodeURIComponent(workspace)}/events`;
}
