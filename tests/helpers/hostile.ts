/** Hostile inputs for every body field and path parameter: SQL injection and prototype pollution. */

/** Strings that would change a query if they were ever concatenated into SQL. */
export const SQL_INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE users; --', "x' UNION SELECT password_hash FROM users --"] as const;

/** Raw JSON bodies that try to pollute Object.prototype (sent as text, so __proto__ is a real key). */
export const POLLUTING_BODIES = [
  '{"__proto__":{"isSiteAdmin":true}}',
  '{"constructor":{"prototype":{"isSiteAdmin":true}}}',
  '{"__proto__":{"role":"admin"},"role":"reader"}',
] as const;

/** Whether Object.prototype picked anything up. */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.isSiteAdmin === undefined && probe.role === undefined && probe.admin === undefined;
}

/** The link path of the newest outbox row to an address (`/invite/…` or `/reset/…`), with its token. */
export function outboxLink(db: { prepare(sql: string): { get(...args: unknown[]): unknown } }, to: string, kind: 'invite' | 'reset'): { token: string; body: string; subject: string } | null {
  const row = db.prepare('SELECT subject, body FROM outbox WHERE to_email = ? ORDER BY id DESC LIMIT 1').get(to) as { subject: string; body: string } | undefined;
  const match = row?.body.match(new RegExp(`/${kind}/([A-Za-z0-9_-]+)`));
  return row && match ? { token: match[1], body: row.body, subject: row.subject } : null;
}
