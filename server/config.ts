/** Runtime configuration, read once from the environment (CONTRACT.md, "Environment"). */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The site's origin (scheme://host[:port]); null means "the origin of each request's Host". */
  publicUrl: string | null;
  production: boolean;
  /** SQLite `synchronous` setting: NORMAL survives process crashes, FULL also power loss. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Seed the demo workspaces and accounts into an empty database (never in production). */
  seedDemo: boolean;
  /** Serve the built client from client/dist. */
  serveClient: boolean;
  logLevel: string;
}

/** Reads the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const production = env.NODE_ENV === 'production';
  const publicUrl = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null;
  return {
    port: env.PORT !== undefined ? Number(env.PORT) : 3000,
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    publicUrl,
    production,
    sqliteSynchronous: env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL',
    seedDemo: !production && env.ATELIER_SEED_DEMO !== '0',
    serveClient: env.ATELIER_SERVE_CLIENT !== '0',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    ...overrides,
  };
}
