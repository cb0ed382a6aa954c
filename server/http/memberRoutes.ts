/** A workspace's members, invitations and audit log (admins; staff may list members and invite partners and readers). */
import {
  AuditPageSchema,
  AuditQuerySchema,
  CreateInvitationRequestSchema,
  InvitationCreatedSchema,
  MemberListSchema,
  MemberResponseSchema,
  UpdateMemberRequestSchema,
  type AuditEntry,
} from '../../shared/api.js';
import { LIMITS } from '../../shared/limits.js';
import type { Config } from '../config.js';
import type { Services } from '../services/index.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';
import { sendResult } from './sendResult.js';
import { siteOrigin } from './sessionCookie.js';

/** The /api/workspaces/:slug/{members,invitations,audit} routes. */
export function buildMemberRoutes({ services, config }: { services: Services; config: Config }): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/members',
      summary: 'The members of a workspace with their roles (admins and staff)',
      tag: 'members',
      access: { kind: 'workspace', action: 'members.read' },
      responses: { 200: { description: 'Members, by name', schema: MemberListSchema } },
      handle({ res, workspace }) {
        res.json(services.workspaces.listMembers(workspace.id));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/workspaces/:slug/members/:userId',
      summary: "Change a member's role; their live connections follow within a second and their session id is rotated",
      tag: 'members',
      access: { kind: 'workspace', action: 'members.manage' },
      body: UpdateMemberRequestSchema,
      responses: {
        200: { description: 'The member after the change', schema: MemberResponseSchema },
        404: { description: 'No such member' },
        409: { description: 'It would leave the workspace without an admin' },
      },
      handle({ res, user, workspace, body, params }) {
        sendResult(res, services.workspaces.changeRole(user.id, workspace.id, params.userId, body.role), 200, (member) => ({ member }));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/workspaces/:slug/members/:userId',
      summary: 'Remove a member (what they wrote stays attributed to them); their live connections close',
      tag: 'members',
      access: { kind: 'workspace', action: 'members.manage' },
      responses: {
        204: { description: 'Removed' },
        404: { description: 'No such member' },
        409: { description: 'It would leave the workspace without an admin' },
      },
      handle({ res, user, workspace, params }) {
        sendResult(res, services.workspaces.remove(user.id, workspace.id, params.userId), 204);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/invitations',
      summary: 'Invite someone by e-mail: answers a single-use link (7 days), also written to the outbox. Staff invite partners and readers; staff and admins are invited by admins (403)',
      tag: 'members',
      access: { kind: 'workspace', action: 'members.invite' },
      body: CreateInvitationRequestSchema,
      responses: {
        201: { description: 'The link to hand over', schema: InvitationCreatedSchema },
        403: { description: 'This role is invited by admins only' },
        409: { description: 'Already a member' },
      },
      handle({ req, res, user, workspace, body }) {
        sendResult(res, services.invitations.create({ inviter: user, workspace, request: body, baseUrl: siteOrigin(req, config) }), 201, (created) => created);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/audit',
      summary: "The workspace's audit log, newest first (admins); filter by action (a trailing dot matches a prefix) and actor",
      tag: 'members',
      access: { kind: 'workspace', action: 'audit.read' },
      query: AuditQuerySchema,
      responses: { 200: { description: 'A page of entries', schema: AuditPageSchema } },
      handle({ res, workspace, query }) {
        const limit = query.limit ?? LIMITS.auditPageSize;
        const records = services.audit.listForWorkspace(workspace.id, { action: query.action, actorId: query.actor, before: query.before, limit });
        const people = new Map<string, AuditEntry['actor']>();
        const actorOf = (id: string | null): AuditEntry['actor'] => {
          if (!id) return null;
          if (!people.has(id)) {
            const person = services.accounts.findById(id);
            people.set(id, person ? { id, name: person.name, organisation: person.organisationName } : null);
          }
          return people.get(id)!;
        };
        const entries: AuditEntry[] = records.map((record) => ({
          id: record.id,
          at: record.at,
          action: record.action,
          actor: actorOf(record.actorId),
          target: record.target,
          details: record.details,
        }));
        res.json({ entries, nextBefore: entries.length === limit ? entries.at(-1)!.id : null });
      },
    }),
  ];
}
