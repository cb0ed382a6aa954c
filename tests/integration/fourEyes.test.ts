/**
 * [V2] Four eyes by default for regulations (issue 21): the demo `reglement` and any new
 * workspace whose address is `reglement` or starts with `reglement-` start with four eyes on
 * (nobody approves their own request); other workspaces start with it off; an admin switches
 * it, and the change holds at once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, whenSynced } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';

let server: TestHttpServer;
let admin: string;
let staff: string;

const workspace = async (slug: string) => (await callApi(server, `/api/workspaces/${slug}`, { cookie: admin })).body as { fourEyes: boolean; sections: { docs: Record<string, string> }[] };

beforeAll(async () => {
  server = await startHttpServer();
  admin = await signIn(server, DEMO.admin.email, DEMO.admin.password);
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
}, 60_000);
afterAll(() => server.close());

describe('four eyes by default for regulations', () => {
  it('[V2][issue 21] the demo reglement has four eyes on, the toolbox off; new workspaces follow their address', async () => {
    expect((await workspace('reglement')).fourEyes).toBe(true);
    expect((await workspace('toolbox')).fourEyes).toBe(false);
    for (const [slug, expected] of [['reglement-2027', true], ['handboek', false], ['reglementen', false]] as const) {
      const created = await callApi(server, '/api/workspaces', { cookie: admin, body: { name: slug, slug, languages: ['nl'] } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await workspace(slug)).fourEyes, slug).toBe(expected);
    }
  });

  it('[V2][issue 21] in the reglement staff cannot approve their own request; after an admin turns four eyes off they can', async () => {
    const docName = (await workspace('reglement')).sections[0]!.docs.nl!;
    const client = connectClient(server.url, docName, staff);
    await whenSynced(client);
    client.fragment().push([paragraph('Artikel 1bis. Een nieuw artikel.')]);
    await vi.waitFor(async () => {
      await server.rooms.settled(docName);
      expect((await storedFingerprint(server.store, docName)).content).toContain('Artikel 1bis');
    });
    client.destroy();
    const requested = await callApi(server, `/api/docs/${docName}/review/request`, { cookie: staff, body: { summary: 'Artikel 1bis' } });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const own = await callApi(server, `/api/docs/${docName}/review/approve`, { cookie: staff, body: { requestId: requested.body.request.id } });
    expect(own.status).toBe(403);
    expect(JSON.stringify(own.body)).toMatch(/Four eyes/);

    const off = await callApi(server, '/api/workspaces/reglement', { method: 'PATCH', cookie: admin, body: { fourEyes: false } });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect((await workspace('reglement')).fourEyes).toBe(false);
    const approved = await callApi(server, `/api/docs/${docName}/review/approve`, { cookie: staff, body: { requestId: requested.body.request.id } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
  });
});
