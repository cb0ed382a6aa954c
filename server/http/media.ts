/**
 * `GET /media/<id>.<ext>`: uploaded images, to signed-in members of the image's workspace,
 * with their stored type, `nosniff` and a CSP that forbids everything.
 */
import type { Request, Response } from 'express';
import { can } from '../../shared/permissions.js';
import type { Services } from '../services/index.js';
import type { UserRecord } from '../services/accounts.js';
import { sendError } from './errors.js';

/** The media handler (mounted after the session middleware). */
export function createMediaHandler(services: Services) {
  return (req: Request, res: Response): void => {
    const signIn = res.locals.signIn as { user: UserRecord } | undefined;
    if (!signIn) return sendError(res, 'unauthenticated', 'Sign in first');
    const image = services.images.find(String(req.params.file));
    const workspace = image ? services.workspaces.findById(image.workspaceId) : null;
    const role = workspace ? services.workspaces.roleOf(signIn.user.id, workspace.id) : null;
    if (!image || !workspace || !can(role, 'section.read', services.workspaces.policyOf(workspace))) {
      return sendError(res, 'not_found', 'No such image');
    }
    res.setHeader('Content-Type', image.mime);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.sendFile(image.filePath, { headers: { 'Content-Type': image.mime } }, (error) => {
      if (error && !res.headersSent) sendError(res, 'not_found', 'No such image');
    });
  };
}
