/**
 * Access over the websocket: the capability each role gets (A2), role changes and removals
 * reaching live connections within a second (A4), expired sessions at the upgrade (A1).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, DEMO, firstDocName, rawSocket, signIn, whenSynced, type DemoAccount } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { CloseCode } from '../../shared/protocol.js';
import type { Role } from '../../shared/permissions.js';

let server: TestServer;
let docName: string;
let workspaceId: string;

beforeAll(async () => {
  server = await startTestServer();
  docName = await firstDocName(server.url, await signIn(server.url, 'staff'));
  workspaceId = docName.split('.')[0];
});
afterAll(() => server.stop());

const userIdOf = (who: DemoAccount) =>
  (server.db.prepare('SELECT id FROM users WHERE email = ?').get(DEMO[who].email) as { id: string }).id;

describe('[A2] capability per role over the websocket', () => {
  const cases: [DemoAccount, Role, boolean][] = [
    ['admin', 'admin', true],
    ['staff', 'staff', true],
    // A partner's connection may only suggest (S1): a plain edit like this one is refused.
    ['partner', 'partner', false],
    ['reader', 'reader', false],
  ];
  for (const [who, role, mayEdit] of cases) {
    it(`[A2] a ${role} ${mayEdit ? 'may' : 'may not'} edit a draft directly`, async () => {
      const client = connectClient(server.url, docName, await signIn(server.url, who));
      await whenSynced(client);
      await server.rooms.settled(docName);
      const before = await storedFingerprint(server.store, docName);
      const marker = `write-by-${who}-${Date.now()}`;
      client.fragment().insert(0, [paragraph(marker)]);
      if (mayEdit) {
        await vi.waitFor(async () => {
          await server.rooms.settled(docName);
          expect((await storedFingerprint(server.store, docName)).content).toContain(marker);
        });
        expect(client.closes).toEqual([]);
      } else {
        await vi.waitFor(() => expect(client.closes).toContain(CloseCode.updateRefused));
        await server.rooms.settled(docName);
        expect(await storedFingerprint(server.store, docName)).toEqual(before);
      }
      client.destroy();
    });
  }

  it('[A1] a signed-in person who is not a member gets 4403, like an unknown document', async () => {
    const userId = userIdOf('partner2');
    server.services.workspaces.removeMember(workspaceId, userId);
    try {
      const socket = rawSocket(server.url, `/collab/${docName}`, { cookie: await signIn(server.url, 'partner2') });
      expect((await socket.closed).code).toBe(CloseCode.accessRemoved);
      expect(socket.messages).toHaveLength(0);
    } finally {
      server.services.workspaces.setMember(workspaceId, userId, 'partner');
    }
  });

  it('[A1] an expired session is closed with 4401 at the upgrade', async () => {
    const cookie = await signIn(server.url, 'reader');
    server.db.prepare('UPDATE sessions SET expires_at = 0 WHERE user_id = ?').run(userIdOf('reader'));
    const socket = rawSocket(server.url, `/collab/${docName}`, { cookie });
    expect((await socket.closed).code).toBe(CloseCode.sessionEnded);
  });
});

describe('[A4] role changes reach live connections within a second', () => {
  it('[A4] a downgrade closes the connection with 4100 so it reconnects with the new capability', async () => {
    const userId = userIdOf('staff');
    const client = connectClient(server.url, docName, await signIn(server.url, 'staff'));
    await whenSynced(client);
    const started = Date.now();
    server.services.workspaces.setMember(workspaceId, userId, 'reader');
    try {
      await vi.waitFor(() => expect(client.closes).toContain(CloseCode.capabilityChanged), { timeout: 1_000, interval: 20 });
      expect(Date.now() - started).toBeLessThan(1_000);
      // It reconnects on its own (4100 < 4400) and is now read-only.
      await vi.waitFor(() => expect(client.provider.wsconnected).toBe(true));
      await whenSynced(client);
      client.fragment().insert(0, [paragraph('na de wijziging')]);
      await vi.waitFor(() => expect(client.closes).toContain(CloseCode.updateRefused));
    } finally {
      server.services.workspaces.setMember(workspaceId, userId, 'staff');
      client.destroy();
    }
  });

  it('[A4] a removal closes the connection with 4403 and it does not come back', async () => {
    const userId = userIdOf('partner');
    const client = connectClient(server.url, docName, await signIn(server.url, 'partner'));
    await whenSynced(client);
    server.services.workspaces.removeMember(workspaceId, userId);
    try {
      await vi.waitFor(() => expect(client.closes).toContain(CloseCode.accessRemoved), { timeout: 1_000, interval: 20 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(client.provider.wsconnected).toBe(false);
    } finally {
      server.services.workspaces.setMember(workspaceId, userId, 'partner');
      client.destroy();
    }
  });
});
