/**
 * Comment threads, workspace thread lists and the inbox (flow 3): thin calls to the
 * server's routes (server/http/commentRoutes.ts), typed with the shared schemas.
 */
import type { CreateThreadRequest, DigestInterval, Inbox, Mention, Thread, ThreadQuery } from '../../../shared/comments/api.js';
import type { Member, Organisation } from '../../../shared/api.js';
import { apiRequest } from './client.js';

const threadsPath = (docName: string) => `/api/docs/${encodeURIComponent(docName)}/threads`;
const threadPath = (docName: string, threadId: string) => `${threadsPath(docName)}/${encodeURIComponent(threadId)}`;

/** A section draft's threads, oldest first. */
export function listThreads(docName: string): Promise<Thread[]> {
  return apiRequest<Thread[]>(threadsPath(docName));
}

/** Starts a thread on a passage (the editor marks it afterwards) or on a suggestion. */
export async function createThread(docName: string, input: CreateThreadRequest): Promise<Thread> {
  return (await apiRequest<{ thread: Thread }>(threadsPath(docName), { json: input })).thread;
}

/** Replies in a thread. */
export async function replyToThread(docName: string, threadId: string, body: string, mentions: Mention[]): Promise<Thread> {
  return (await apiRequest<{ thread: Thread }>(`${threadPath(docName, threadId)}/messages`, { json: { body, mentions } })).thread;
}

/** Edits one's own message. */
export async function editMessage(docName: string, threadId: string, messageId: string, body: string, mentions: Mention[]): Promise<Thread> {
  return (await apiRequest<{ thread: Thread }>(`${threadPath(docName, threadId)}/messages/${encodeURIComponent(messageId)}`, { method: 'PATCH', json: { body, mentions } })).thread;
}

/** Deletes one's own message (staff: anyone's); a tombstone stays. */
export async function deleteMessage(docName: string, threadId: string, messageId: string): Promise<Thread> {
  return (await apiRequest<{ thread: Thread }>(`${threadPath(docName, threadId)}/messages/${encodeURIComponent(messageId)}`, { method: 'DELETE' })).thread;
}

/** Resolves or reopens a thread; resolving may name the revision of this section that settled it. */
export async function setThreadStatus(docName: string, threadId: string, verb: 'resolve' | 'reopen', settledByRevision?: number): Promise<Thread> {
  const json = verb === 'resolve' && settledByRevision !== undefined ? { settledBy: { kind: 'revision', id: String(settledByRevision) } } : {};
  return (await apiRequest<{ thread: Thread }>(`${threadPath(docName, threadId)}/${verb}`, { json })).thread;
}

/** Gives a detached thread new text (staff); the editor then marks it. */
export async function reattachThread(docName: string, threadId: string, quote: string, blockId?: string): Promise<Thread> {
  return (await apiRequest<{ thread: Thread }>(`${threadPath(docName, threadId)}/reattach`, { json: { quote, ...(blockId ? { blockId } : {}) } })).thread;
}

/** A workspace's threads, filtered. */
export function listWorkspaceThreads(workspace: string, query: ThreadQuery): Promise<Thread[]> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
  return apiRequest<Thread[]>(`/api/workspaces/${encodeURIComponent(workspace)}/threads?${params.toString()}`);
}

/** A workspace's members (needs members.read: staff and admins). */
export function listMembers(workspace: string): Promise<Member[]> {
  return apiRequest<Member[]>(`/api/workspaces/${encodeURIComponent(workspace)}/members`);
}

/** Every organisation. */
export function listOrganisations(): Promise<Organisation[]> {
  return apiRequest<Organisation[]>('/api/organisations');
}

/** The person's notifications and unread count. */
export function fetchInbox(): Promise<Inbox> {
  return apiRequest<Inbox>('/api/inbox');
}

/** Marks notifications read: some by id, or all. */
export function markInboxRead(request: { ids?: number[]; all?: boolean }): Promise<unknown> {
  return apiRequest('/api/inbox/read', { json: request });
}

/** The person's digest interval. */
export async function fetchInboxSettings(): Promise<{ digest: DigestInterval }> {
  return apiRequest<{ digest: DigestInterval }>('/api/inbox/settings');
}

/** Chooses the digest interval. */
export function saveInboxSettings(digest: DigestInterval): Promise<{ digest: DigestInterval }> {
  return apiRequest<{ digest: DigestInterval }>('/api/inbox/settings', { method: 'PATCH', json: { digest } });
}

/** URL of the inbox's live unread count (Server-Sent Events, `event: inbox`). */
export const INBOX_EVENTS_URL = '/api/inbox/events';
