/**
 * One raw Yjs edit sent by the stock client over the real server, and what became of it:
 * refused (4422, with the server's reason) or stored. Used by the capability tests (S1,
 * comment-only connections).
 */
import { expect, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol.js';
import { connectClient, whenSynced, type TestClient } from './clients.js';
import { storedFingerprint } from './docs.js';
import type { TestServer } from './server.js';

export interface EditOutcome {
  refused: boolean;
  before: { content: string; stateVector: string };
  after: { content: string; stateVector: string };
  /** The refusal reasons the server gave. */
  why: string;
}

/** Opens a fresh client for `cookie`, runs `edit` in one transaction on the draft, and reports. */
export async function tryEdit(
  server: TestServer,
  docName: string,
  cookie: string,
  edit: (block: Y.XmlElement, fragment: Y.XmlFragment, client: TestClient) => void,
): Promise<EditOutcome> {
  const client = connectClient(server.url, docName, cookie, { params: { ack: '1' } });
  await whenSynced(client);
  await server.rooms.settled(docName);
  const before = await storedFingerprint(server.store, docName);
  // One transaction, as the editor sends one update per user action.
  client.doc.transact(() => edit(client.fragment().get(0) as Y.XmlElement, client.fragment(), client));
  return settleEdit(server, docName, client, before);
}

/**
 * Waits until the edit `client` sent is either refused (4422) or stored, then closes the
 * client and reports what the store holds against `before`.
 */
export async function settleEdit(server: TestServer, docName: string, client: TestClient, before: EditOutcome['before']): Promise<EditOutcome> {
  let refused = false;
  await vi.waitFor(async () => {
    refused = client.closes.includes(CloseCode.updateRefused);
    await server.rooms.settled(docName);
    const now = await storedFingerprint(server.store, docName);
    // A delete-only update (removing a mark) changes the content but not the state vector.
    expect(refused || now.stateVector !== before.stateVector || now.content !== before.content).toBe(true);
  });
  await server.rooms.settled(docName);
  const after = await storedFingerprint(server.store, docName);
  client.destroy();
  return { refused, before, after, why: client.refusals.join('; ') };
}
