/** Temporary data directories for tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Makes a fresh temporary data directory. */
export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-test-'));
}
