/**
 * Members, invitations, organisations, profile, password and audit calls. Shapes come from
 * shared/api.ts, the same schemas the server validates with.
 */
import type { AuditPage, InvitationAccepted, InvitationCreated, InvitationInfo, Member, Organisation, User } from '../../../shared/api.js';
import type { Role } from '../../../shared/permissions.js';
import { apiRequest } from './client.js';

const workspacePath = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}`;

/** The members of a workspace (admins and staff). */
export function fetchMembers(workspace: string): Promise<Member[]> {
  return apiRequest<Member[]>(`${workspacePath(workspace)}/members`);
}

/** Changes a member's role (admins). */
export async function changeMemberRole(workspace: string, userId: string, role: Role): Promise<Member> {
  const { member } = await apiRequest<{ member: Member }>(`${workspacePath(workspace)}/members/${encodeURIComponent(userId)}`, { method: 'PATCH', json: { role } });
  return member;
}

/** Removes a member (admins). */
export async function removeMember(workspace: string, userId: string): Promise<void> {
  await apiRequest<unknown>(`${workspacePath(workspace)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' });
}

/** Creates an invitation link (admins). */
export function createInvitation(workspace: string, input: { email: string; role: Role; organisationId?: string; name?: string }): Promise<InvitationCreated> {
  return apiRequest<InvitationCreated>(`${workspacePath(workspace)}/invitations`, { json: input });
}

/** What an invitation link is for (404 when used, expired or unknown). */
export function fetchInvitation(token: string): Promise<InvitationInfo> {
  return apiRequest<InvitationInfo>(`/api/auth/invitations/${encodeURIComponent(token)}`, { quiet401: true });
}

/** Accepts an invitation; the server starts a session. */
export function acceptInvitation(token: string, input: { name?: string; password?: string }): Promise<InvitationAccepted> {
  return apiRequest<InvitationAccepted>(`/api/auth/invitations/${encodeURIComponent(token)}/accept`, { json: input, quiet401: true });
}

/** Every organisation. */
export function fetchOrganisations(): Promise<Organisation[]> {
  return apiRequest<Organisation[]>('/api/organisations');
}

/** Changes the own name or interface language. */
export async function updateProfile(input: { name?: string; locale?: 'nl' | 'fr' | 'en' }): Promise<User> {
  const { user } = await apiRequest<{ user: User }>('/api/auth/me', { method: 'PATCH', json: input });
  return user;
}

/** Changes the own password (other sessions end; this one gets a new cookie). */
export async function changePassword(input: { currentPassword: string; newPassword: string }): Promise<User> {
  const { user } = await apiRequest<{ user: User }>('/api/auth/password', { json: input });
  return user;
}

/** Asks for a reset link; the answer is the same for every address. */
export async function requestPasswordReset(email: string): Promise<void> {
  await apiRequest<unknown>('/api/auth/password-reset', { json: { email }, quiet401: true });
}

/** Sets a new password with a reset link. */
export async function completePasswordReset(token: string, newPassword: string): Promise<void> {
  await apiRequest<unknown>(`/api/auth/password-reset/${encodeURIComponent(token)}`, { json: { newPassword }, quiet401: true });
}

/** A page of a workspace's audit log (admins). */
export function fetchAudit(workspace: string, filter: { action?: string; before?: number; limit?: number } = {}): Promise<AuditPage> {
  const query = new URLSearchParams();
  if (filter.action) query.set('action', filter.action);
  if (filter.before) query.set('before', String(filter.before));
  if (filter.limit) query.set('limit', String(filter.limit));
  const suffix = query.size > 0 ? `?${query}` : '';
  return apiRequest<AuditPage>(`${workspacePath(workspace)}/audit${suffix}`);
}
