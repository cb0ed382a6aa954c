import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { outboxLink } from '../helpers/hostile.js';
import { createTestSmtp } from '../helpers/smtp.js';

const RETRY_MS = 300;

describe('mailer (SMTP_URL)', () => {
  const smtp = createTestSmtp();
  let server: TestHttpServer;
  let adminCookie = '';
  const sentAt = (to: string) =>
    server.db.prepare('SELECT sent_at FROM outbox WHERE to_email = ? ORDER BY id DESC LIMIT 1').get(to) as { sent_at: number | null } | undefined;
  const deliveredTo = (to: string) => smtp.received.filter((message) => message.to.includes(to));

  beforeAll(async () => {
    await smtp.start();
    server = await startHttpServer({ smtpUrl: smtp.url(), mailFrom: 'Atelier Test <atelier@test.example>', mailRetryMs: RETRY_MS });
    adminCookie = await signIn(server, DEMO.admin.email, DEMO.admin.password);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });

  it('[CONTRACT] reads SMTP_URL and MAIL_FROM; without SMTP_URL mail stays in the outbox, a foreign scheme stops the start', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: null, mailFrom: 'Atelier <no-reply@localhost>', mailRetryMs: 30_000 });
    expect(loadConfig({ SMTP_URL: 'smtp://user:pass@mail.example:587', MAIL_FROM: 'Trust <mail@trust.example>' })).toMatchObject({
      smtpUrl: 'smtp://user:pass@mail.example:587',
      mailFrom: 'Trust <mail@trust.example>',
    });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
  });

  it('[CONTRACT] sends a password reset by SMTP: one message to the account, with its link, and stamps sent_at', async () => {
    const answer = await callApi(server, '/api/auth/password-reset', { body: { email: DEMO.partner.email } });
    expect(answer.status).toBe(202);
    const { token } = outboxLink(server.db, DEMO.partner.email, 'reset')!;
    await vi.waitFor(() => expect(sentAt(DEMO.partner.email)?.sent_at).toEqual(expect.any(Number)), { timeout: 10_000 });
    const messages = deliveredTo(DEMO.partner.email);
    expect(messages).toHaveLength(1);
    expect(messages[0].to).toEqual([DEMO.partner.email]);
    expect(messages[0].from).toBe('atelier@test.example');
    expect(messages[0].headers).toMatch(/^to: partner@demo\.atelier/im);
    expect(messages[0].headers).toMatch(/^from: "?Atelier Test"? <atelier@test\.example>/im);
    expect(messages[0].text).toContain(`${server.origin}/reset/${token}`);
  });

  it('[A5] sends an invitation by SMTP with its link', async () => {
    const organisationId = server.services.organisations.list().find((org) => org.kind === 'partner')!.id;
    const result = await callApi(server, '/api/workspaces/toolbox/invitations', { cookie: adminCookie, body: { email: 'invited@example.org', role: 'reader', organisationId } });
    expect(result.status).toBe(201);
    await vi.waitFor(() => expect(sentAt('invited@example.org')?.sent_at).toEqual(expect.any(Number)), { timeout: 10_000 });
    const messages = deliveredTo('invited@example.org');
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toContain(result.body.url);
  });

  it('[CONTRACT] keeps mail unsent while the SMTP server is down and delivers it once it is back', async () => {
    await smtp.stop();
    const answer = await callApi(server, '/api/auth/password-reset', { body: { email: DEMO.reader.email } });
    expect(answer.status).toBe(202);
    const { token } = outboxLink(server.db, DEMO.reader.email, 'reset')!;
    // The queued send and a few retries all fail; the row must stay unsent, not be dropped.
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS * 4));
    expect(sentAt(DEMO.reader.email)).toEqual({ sent_at: null });
    expect(deliveredTo(DEMO.reader.email)).toHaveLength(0);

    await smtp.start();
    await vi.waitFor(() => expect(sentAt(DEMO.reader.email)?.sent_at).toEqual(expect.any(Number)), { timeout: 10_000 });
    const messages = deliveredTo(DEMO.reader.email);
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toContain(`${server.origin}/reset/${token}`);
    // Every row went out exactly once.
    const unsent = server.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL').get() as { n: number };
    expect(unsent.n).toBe(0);
    const rows = server.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number };
    expect(smtp.received).toHaveLength(rows.n);
  });
});

describe('mailer off the request path', () => {
  // An SMTP server that accepts connections and never greets: a send hangs until its timeout.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let server: TestHttpServer;

  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    server = await startHttpServer({ smtpUrl: `smtp://127.0.0.1:${port}` });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('[CONTRACT] answers a password reset at once while the SMTP server hangs; the row waits unsent', async () => {
    const started = Date.now();
    const answer = await callApi(server, '/api/auth/password-reset', { body: { email: DEMO.partner.email } });
    expect(answer.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(2_000);
    await vi.waitFor(() => expect(sockets.size).toBeGreaterThan(0), { timeout: 5_000 });
    const row = server.db.prepare('SELECT sent_at FROM outbox WHERE to_email = ?').get(DEMO.partner.email) as { sent_at: number | null };
    expect(row.sent_at).toBeNull();
  });
});
