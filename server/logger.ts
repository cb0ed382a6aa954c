/** Structured JSON logs (pino). */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the process logger. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'atelier' } });
}
