/** What a scenario needs to talk to a server: sockets base, document names and cookies. */
import { listWorkspaces, signIn } from '../../helpers/clients.js';
import type { ServerChild } from './proc.js';

export interface Target {
  server: ServerChild;
  writerCookie: string | null;
  readerCookie: string | null;
  /** Section draft documents a staff member and a reader may open (demo toolbox, nl). */
  docs: string[];
}

/** Signs in (ours) and lists the demo sections; the reference has no auth and takes any room name. */
export async function targetFor(server: ServerChild): Promise<Target> {
  if (server.kind === 'reference') {
    return { server, writerCookie: null, readerCookie: null, docs: Array.from({ length: 8 }, (_, i) => `bench-ref-section-${i}`) };
  }
  const writerCookie = await signIn(server.url, 'staff');
  const readerCookie = await signIn(server.url, 'reader');
  const workspaces = await listWorkspaces(server.url, writerCookie);
  const toolbox = workspaces.find((w) => w.slug === 'toolbox');
  if (!toolbox) throw new Error('no toolbox workspace');
  const docs = toolbox.sections.map((section) => section.docs[toolbox.languages[0]]);
  // The reader must see the same sections.
  const readable = new Set((await listWorkspaces(server.url, readerCookie)).flatMap((w) => w.sections.map((s) => s.docs[w.languages[0]])));
  return { server, writerCookie, readerCookie, docs: docs.filter((doc) => readable.has(doc)) };
}
