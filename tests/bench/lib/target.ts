/** What a scenario needs to talk to a server: sockets base, document names and cookies. */
import { listWorkspaces, signIn } from '../../helpers/clients.js';
import type { ServerChild } from './proc.js';

export interface Target {
  server: ServerChild;
  writerCookie: string | null;
  readerCookie: string | null;
  /**
   * Section draft documents a staff member and a reader may open: the demo toolbox's in its
   * first language, then in its others (so the first indices stay the same sections).
   */
  docs: string[];
}

/** Signs in (ours) and lists the demo sections; the reference and Hocuspocus have no auth and take any name. */
export async function targetFor(server: ServerChild): Promise<Target> {
  if (server.kind !== 'ours') {
    return { server, writerCookie: null, readerCookie: null, docs: Array.from({ length: 16 }, (_, i) => `bench-${server.kind}-section-${i}`) };
  }
  const writerCookie = await signIn(server.url, 'staff');
  const readerCookie = await signIn(server.url, 'reader');
  const workspaces = await listWorkspaces(server.url, writerCookie);
  const toolbox = workspaces.find((w) => w.slug === 'toolbox');
  if (!toolbox) throw new Error('no toolbox workspace');
  const docs = toolbox.languages.flatMap((language) => toolbox.sections.map((section) => section.docs[language]));
  // The reader must see the same sections.
  const readable = new Set((await listWorkspaces(server.url, readerCookie)).flatMap((w) => w.sections.flatMap((s) => Object.values(s.docs))));
  return { server, writerCookie, readerCookie, docs: docs.filter((doc) => readable.has(doc)) };
}
