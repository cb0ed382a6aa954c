/** Runtime configuration, read once from the environment (CONTRACT.md, "Environment"). */
import path from 'node:path';
import { LIMITS } from '../shared/limits.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The site's origin (scheme://host[:port]); null means "the origin of each request's Host". */
  publicUrl: string | null;
  production: boolean;
  /** SQLite `synchronous` setting: NORMAL survives process crashes, FULL also power loss. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /**
   * Group commit: a room commits all the updates queued while it was committing in one
   * transaction. On unless ATELIER_GROUP_COMMIT=0 (a knob for the durability benchmark).
   */
  groupCommit: boolean;
  /** Seed the demo workspaces and accounts into an empty database (never in production). */
  seedDemo: boolean;
  /** Serve the built client from client/dist. */
  serveClient: boolean;
  logLevel: string;
  /** SMTP server that sends the outbox (`smtp://user:pass@host:587`, `smtps://…`); null keeps mail in the outbox only. */
  smtpUrl: string | null;
  /** The From of every e-mail sent. */
  mailFrom: string;
  /** How often unsent outbox rows are retried (30 s; tests shorten it). */
  mailRetryMs: number;
  /** The import conversion worker's heap (MiB) and time limit (ms): LIMITS' values; tests lower them. */
  importWorker: { heapMb: number; timeLimitMs: number };
}

/** Reads the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const production = env.NODE_ENV === 'production';
  const publicUrl = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null;
  const smtpUrl = env.SMTP_URL ? checkSmtpUrl(env.SMTP_URL) : null;
  return {
    port: env.PORT !== undefined ? Number(env.PORT) : 3000,
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    publicUrl,
    production,
    sqliteSynchronous: env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL',
    groupCommit: env.ATELIER_GROUP_COMMIT !== '0',
    seedDemo: !production && env.ATELIER_SEED_DEMO !== '0',
    serveClient: env.ATELIER_SERVE_CLIENT !== '0',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Atelier <no-reply@localhost>',
    mailRetryMs: 30_000,
    importWorker: { heapMb: LIMITS.importWorkerHeapMb, timeLimitMs: LIMITS.importTimeLimitMs },
    ...overrides,
  };
}

/** A mistyped SMTP_URL stops the start instead of failing every send later. */
function checkSmtpUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  return value;
}
