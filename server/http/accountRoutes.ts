/**
 * The person's own account (profile, password), password reset, invitation links and
 * organisations. Reset and invitation routes are public (CONTRACT.md: under /api/auth/).
 */
import {
  AcceptInvitationRequestSchema,
  ChangePasswordRequestSchema,
  CompletePasswordResetSchema,
  CreateOrganisationRequestSchema,
  InvitationAcceptedSchema,
  InvitationInfoSchema,
  OkResponseSchema,
  OrganisationListSchema,
  OrganisationResponseSchema,
  RenameOrganisationRequestSchema,
  RequestPasswordResetSchema,
  UpdateProfileRequestSchema,
  UserResponseSchema,
} from '../../shared/api.js';
import type { Config } from '../config.js';
import type { Services } from '../services/index.js';
import { INVITATION_GONE } from '../services/invitations.js';
import { sendError, sendFailure } from './errors.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';
import { sendResult } from './sendResult.js';
import { setSessionCookie, siteOrigin } from './sessionCookie.js';

/** The profile, password, reset, invitation-link and organisation routes. */
export function buildAccountRoutes({ services, config }: { services: Services; config: Config }): ApiRoute[] {
  return [
    defineRoute({
      method: 'patch',
      path: '/api/auth/me',
      summary: 'Change your own name or interface language',
      tag: 'auth',
      access: { kind: 'session' },
      body: UpdateProfileRequestSchema,
      responses: { 200: { description: 'The person after the change', schema: UserResponseSchema } },
      handle({ res, user, body }) {
        const updated = services.accounts.updateProfile(user.id, body);
        if (!updated) return sendError(res, 'not_found', 'No such account');
        res.json({ user: services.accounts.present(updated) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/password',
      summary: 'Change your password: this session gets a new id, every other session ends',
      tag: 'auth',
      access: { kind: 'session' },
      body: ChangePasswordRequestSchema,
      responses: {
        200: { description: 'Changed; a new session cookie', schema: UserResponseSchema },
        429: { description: 'Too many wrong current passwords' },
      },
      async handle({ req, res, user, session, body }) {
        const result = await services.accounts.changePassword({
          userId: user.id,
          currentPassword: body.currentPassword,
          newPassword: body.newPassword,
          address: req.socket.remoteAddress ?? 'unknown',
          keepSessionId: session.id,
        });
        if (!result.ok) return sendFailure(res, result.failure);
        const rotated = services.sessions.rotate(session.id);
        if (rotated) setSessionCookie(req, res, config, rotated.token);
        res.json({ user: services.accounts.present(result.value) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/password-reset',
      summary: 'Ask for a password-reset link (1 hour, single use) by e-mail; the same answer for every address',
      tag: 'auth',
      access: { kind: 'public' },
      body: RequestPasswordResetSchema,
      responses: {
        202: { description: 'If the account exists, a link is on its way', schema: OkResponseSchema },
        429: { description: 'Asked too often for this account or from this address' },
      },
      handle({ req, res, body }) {
        const result = services.passwordResets.request({ email: body.email, address: req.socket.remoteAddress ?? 'unknown', baseUrl: siteOrigin(req, config) });
        sendResult(res, result, 202, () => ({ ok: true }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/password-reset/:token',
      summary: 'Choose a new password with a reset link; every session of the account ends',
      tag: 'auth',
      access: { kind: 'public' },
      body: CompletePasswordResetSchema,
      responses: {
        204: { description: 'Changed; sign in with the new password' },
        404: { description: 'Unknown, used or expired link (the same answer)' },
      },
      async handle({ res, body, params }) {
        sendResult(res, await services.passwordResets.complete({ token: params.token, newPassword: body.newPassword }), 204);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/invitations/:token',
      summary: 'What an invitation link is for (workspace, e-mail, role, organisation, whether an account is needed)',
      tag: 'auth',
      access: { kind: 'public' },
      responses: {
        200: { description: 'The invitation', schema: InvitationInfoSchema },
        404: { description: 'Unknown, used or expired link (the same answer)' },
      },
      handle({ res, params }) {
        const info = services.invitations.describe(params.token);
        if (!info) return sendError(res, 'not_found', INVITATION_GONE);
        res.json(info);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/invitations/:token/accept',
      summary: 'Accept an invitation: creates the account (name, password) or needs its owner signed in; starts a session',
      tag: 'auth',
      access: { kind: 'public' },
      body: AcceptInvitationRequestSchema,
      responses: {
        200: { description: 'Accepted; a session cookie', schema: InvitationAcceptedSchema },
        401: { description: 'The e-mail has an account: sign in with it first' },
        403: { description: 'Signed in as someone else' },
        404: { description: 'Unknown, used or expired link (the same answer)' },
      },
      async handle({ req, res, body, user, session, params }) {
        const result = await services.invitations.accept({ token: params.token, request: body, signedIn: user });
        if (!result.ok) return sendFailure(res, result.failure);
        const accepted = result.value;
        // A new membership is a role change: the session id changes (or starts, for a new account).
        const fresh =
          session && session.userId === accepted.user.id ? services.sessions.rotate(session.id) : services.sessions.create(accepted.user.id);
        if (session && session.userId !== accepted.user.id) services.sessions.end(session.id);
        if (fresh) setSessionCookie(req, res, config, fresh.token);
        res.json({ user: services.accounts.present(accepted.user), workspace: { slug: accepted.workspace.slug, name: accepted.workspace.name } });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/organisations',
      summary: 'Every organisation (the trust and the partner associations)',
      tag: 'organisations',
      access: { kind: 'session' },
      responses: { 200: { description: 'Organisations, by name', schema: OrganisationListSchema } },
      handle({ res }) {
        res.json(services.organisations.list());
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations',
      summary: 'Create an organisation (site administrators)',
      tag: 'organisations',
      access: { kind: 'siteAdmin' },
      body: CreateOrganisationRequestSchema,
      responses: {
        201: { description: 'Created', schema: OrganisationResponseSchema },
        409: { description: 'The name is taken' },
      },
      handle({ res, user, body }) {
        sendResult(res, services.organisations.create(user.id, body), 201, (organisation) => ({ organisation }));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/organisations/:id',
      summary: 'Rename an organisation (site administrators)',
      tag: 'organisations',
      access: { kind: 'siteAdmin' },
      body: RenameOrganisationRequestSchema,
      responses: {
        200: { description: 'Renamed', schema: OrganisationResponseSchema },
        404: { description: 'No such organisation' },
        409: { description: 'The name is taken' },
      },
      handle({ res, user, body, params }) {
        sendResult(res, services.organisations.rename(user.id, params.id, body.name), 200, (organisation) => ({ organisation }));
      },
    }),
  ];
}
