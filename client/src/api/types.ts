/**
 * Shapes of the server's JSON answers (CONTRACT.md, "HTTP"), as the client reads them.
 */
import type { Role } from '../../../shared/permissions.js';

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

/** One node of a workspace outline (flat list, depth-first order). */
export interface Section {
  id: string;
  slug: string;
  title: string;
  parentId: string | null;
  position: number;
  /** Document name per language. */
  docs: Record<string, string>;
  url: string;
  archived?: boolean;
}

/** A workspace the person can see, with their role in it. */
export interface Workspace {
  id: string;
  slug: string;
  name: string;
  languages: string[];
  role: Role;
  readersMayComment?: boolean;
  sections: Section[];
}
