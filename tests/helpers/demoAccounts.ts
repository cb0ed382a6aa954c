/**
 * The demo accounts of CONTRACT.md, the one table every test signs in from (the demo seed
 * creates them; a change to the seed's accounts changes this table and nothing else).
 */
export const DEMO = {
  admin: { email: 'admin@demo.atelier', password: 'demo-admin', role: 'admin' },
  staff: { email: 'staff@demo.atelier', password: 'demo-staff', role: 'staff' },
  partner: { email: 'partner@demo.atelier', password: 'demo-partner', role: 'partner' },
  partner2: { email: 'partner2@demo.atelier', password: 'demo-partner2', role: 'partner' },
  reader: { email: 'reader@demo.atelier', password: 'demo-reader', role: 'reader' },
} as const;

export type DemoAccount = keyof typeof DEMO;

/** The sign-in body of an account. */
export function credentials(account: { email: string; password: string }): { email: string; password: string } {
  return { email: account.email, password: account.password };
}
