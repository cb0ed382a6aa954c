/**
 * Shapes of the server's JSON answers (CONTRACT.md, "HTTP"), as the client reads them.
 */

export interface Organisation {
  id: string;
  name: string;
}

/** The signed-in person, from /api/auth/me or /api/auth/login. */
export interface User {
  id: string;
  name: string;
  email: string;
  organisation: Organisation;
  isSiteAdmin?: boolean;
  locale?: string | null;
}

/** Outline sections and workspaces: the server's response shapes, from shared/api.ts. */
export type { Section, Workspace } from '../../../shared/api.js';
