/**
 * Shapes of the server's JSON answers (CONTRACT.md, "HTTP"), as the client reads them.
 */

/** The signed-in person, from /api/auth/me or /api/auth/login. */
import type { User } from '../../../shared/api.js';
export type { User };

/** An organisation as a person's profile names it. */
export type Organisation = User['organisation'];

/** Outline sections and workspaces: the server's response shapes, from shared/api.ts. */
export type { Section, Workspace } from '../../../shared/api.js';
