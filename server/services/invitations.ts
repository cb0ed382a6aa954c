/**
 * Invitations: a workspace admin invites someone by e-mail with a role; the link carries a
 * single-use random token (only its SHA-256 is stored) that expires after 7 days. The link
 * is shown to the admin and written to the outbox. Accepting creates the account (in the
 * invitation's organisation) or, for an existing account, needs that person signed in.
 */
import type { Db } from '../db/database.js';
import type { AcceptInvitationRequest, CreateInvitationRequest, InvitationCreated, InvitationInfo } from '../../shared/api.js';
import { LIMITS } from '../../shared/limits.js';
import { mayInviteAs, type Role } from '../../shared/permissions.js';
import type { AccountService, UserRecord } from './accounts.js';
import type { AuditService } from './audit.js';
import { createId, createToken, hashToken, isTokenShaped } from './ids.js';
import { hashPassword } from './passwords.js';
import { invitationMail, mailLanguage } from './mailTexts.js';
import type { OrganisationService } from './organisations.js';
import type { OutboxService } from './outbox.js';
import { fail, succeed, type Result } from './result.js';
import type { WorkspaceRecord, WorkspaceService } from './workspaces.js';

/** The one answer for an unknown, used or expired link: they look the same. */
export const INVITATION_GONE = 'This invitation link is not valid: it was already used, it expired, or it is incomplete. Ask for a new one.';

export interface InvitationService {
  /** Creates an invitation and its link (`<baseUrl>/invite/<token>`), written to the outbox. */
  create(input: { inviter: UserRecord; workspace: WorkspaceRecord; request: CreateInvitationRequest; baseUrl: string }): Result<InvitationCreated>;
  /** What a live link shows, or null when it is unknown, used or expired. */
  describe(token: string): InvitationInfo | null;
  /**
   * Accepts: the token is consumed, the membership made (and the account, when new).
   * An existing account must be the signed-in person.
   */
  accept(input: { token: string; request: AcceptInvitationRequest; signedIn: UserRecord | null }): Promise<
    Result<{ user: UserRecord; workspace: WorkspaceRecord; createdAccount: boolean }>
  >;
}

interface InvitationRow {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  organisation_id: string | null;
  name: string | null;
  invited_by: string | null;
  expires_at: number;
}

/** Creates the invitation service. */
export function createInvitationService(
  db: Db,
  deps: { accounts: AccountService; workspaces: WorkspaceService; organisations: OrganisationService; outbox: OutboxService; audit: AuditService },
): InvitationService {
  const insert = db.prepare(
    `INSERT INTO invitations (id, token_hash, workspace_id, email, role, organisation_id, name, invited_by, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const live = db.prepare('SELECT * FROM invitations WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > ?');
  const consume = db.prepare('UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at IS NULL AND expires_at > ?');

  const findLive = (token: string, now = Date.now()): InvitationRow | null => {
    if (!isTokenShaped(token)) return null;
    return (live.get(hashToken(token), now) as InvitationRow | undefined) ?? null;
  };

  return {
    create({ inviter, workspace, request, baseUrl }) {
      // The route lets staff in; which roles they may hand out is decided here (CONTRACT.md).
      if (!mayInviteAs(deps.workspaces.roleOf(inviter.id, workspace.id), request.role)) {
        return fail('forbidden', 'Only an administrator can invite someone as staff or administrator', 'role');
      }
      const email = request.email.trim();
      const existing = deps.accounts.findByEmail(email);
      if (existing && deps.workspaces.roleOf(existing.id, workspace.id)) {
        return fail('conflict', 'This person is already a member of this workspace', 'email');
      }
      let organisationId: string | null = null;
      if (!existing) {
        if (!request.organisationId) return fail('validation_failed', 'Choose the organisation of the person you invite', 'organisationId');
        if (!deps.organisations.findById(request.organisationId)) return fail('validation_failed', 'No such organisation', 'organisationId');
        organisationId = request.organisationId;
      }
      const token = createToken();
      const now = Date.now();
      const expiresAt = now + LIMITS.invitationTtlMs;
      const url = `${baseUrl}/invite/${token}`;
      const id = createId();
      db.transaction(() => {
        insert.run(id, hashToken(token), workspace.id, email, request.role, organisationId, request.name ?? null, inviter.id, now, expiresAt);
        deps.outbox.enqueue(invitationMail(mailLanguage(inviter.locale), { to: email, inviter: inviter.name, workspace: workspace.name, role: request.role, url }), now);
        deps.audit.record({ actorId: inviter.id, action: 'invitation.create', workspaceId: workspace.id, target: email, details: { invitationId: id, role: request.role, expiresAt } }, now);
      })();
      return succeed({ url, expiresAt });
    },

    describe(token) {
      const row = findLive(token);
      if (!row) return null;
      const workspace = deps.workspaces.findById(row.workspace_id);
      if (!workspace) return null;
      const existing = deps.accounts.findByEmail(row.email);
      const organisation = existing
        ? { id: existing.organisationId, name: existing.organisationName }
        : row.organisation_id
          ? deps.organisations.findById(row.organisation_id)
          : null;
      return {
        workspace: { slug: workspace.slug, name: workspace.name },
        email: row.email,
        role: row.role,
        name: existing?.name ?? row.name,
        organisation: organisation ? { id: organisation.id, name: organisation.name } : null,
        needsAccount: !existing,
        expiresAt: row.expires_at,
      };
    },

    async accept({ token, request, signedIn }) {
      const row = findLive(token);
      const workspace = row ? deps.workspaces.findById(row.workspace_id) : null;
      if (!row || !workspace) return fail('not_found', INVITATION_GONE);
      const existing = deps.accounts.findByEmail(row.email);

      if (existing) {
        if (!signedIn) return fail('unauthenticated', `Sign in as ${row.email} to accept this invitation`);
        if (signedIn.id !== existing.id) return fail('forbidden', `This invitation is for ${row.email}: sign in with that account to accept it`);
      }
      let passwordHash: string | null = null;
      const name = request.name ?? row.name ?? undefined;
      if (!existing) {
        if (!name) return fail('validation_failed', 'Required', 'name');
        if (!request.password) return fail('validation_failed', 'Required', 'password');
        if (!row.organisation_id) return fail('not_found', INVITATION_GONE);
        // Hashed before the transaction: scrypt is asynchronous, the transaction is not.
        passwordHash = await hashPassword(request.password);
      }

      let outcome: Result<{ user: UserRecord; createdAccount: boolean }> = fail('not_found', INVITATION_GONE);
      const run = db.transaction(() => {
        let user = existing;
        if (!user) {
          // Someone may have made this account while the password was hashed.
          if (deps.accounts.findByEmail(row.email)) {
            outcome = fail('conflict', 'An account with this e-mail was just created: sign in with it and open the link again');
            return;
          }
          const created = deps.accounts.createWithHash(
            { email: row.email, name: name!, password: request.password!, organisation: '', organisationId: row.organisation_id! },
            passwordHash!,
          );
          if (!created.ok) {
            outcome = created;
            return;
          }
          user = created.value;
        }
        // Single use: only one acceptance can flip accepted_at.
        if (consume.run(Date.now(), user.id, row.id, Date.now()).changes !== 1) throw new InvitationRace();
        // An existing member keeps their role (an admin changes it on the members page).
        if (!deps.workspaces.roleOf(user.id, workspace.id)) deps.workspaces.setMember(workspace.id, user.id, row.role, row.invited_by);
        deps.audit.record({
          actorId: user.id,
          action: 'invitation.accept',
          workspaceId: workspace.id,
          target: row.email,
          details: { invitationId: row.id, role: row.role, newAccount: !existing },
        });
        outcome = succeed({ user, createdAccount: !existing });
      });
      try {
        run();
      } catch (error) {
        if (error instanceof InvitationRace) return fail('not_found', INVITATION_GONE);
        throw error;
      }
      if (!outcome.ok) return outcome;
      return succeed({ ...outcome.value, workspace });
    },
  };
}

/** Thrown inside the transaction to roll back when another acceptance won. */
class InvitationRace extends Error {}
