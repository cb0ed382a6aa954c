/**
 * [CONTRACT] The online backup (`npm run cli -- backup`) is consistent while people edit:
 * the copy holds a clean prefix of what was committed, and a server restored from it
 * opens every draft.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makeDataDir, ROOT, startTestServer } from '../helpers/server.js';
import { connectClient, firstDocName, signIn, whenSynced } from '../helpers/clients.js';
import { loadStored } from '../helpers/docs.js';
import { openDatabase } from '../../server/db/database.js';
import { SqliteDocStore } from '../../server/db/sqliteDocStore.js';

const run = promisify(execFile);

describe('backup while editing', () => {
  it('[CONTRACT] a backup taken during typing restores to a consistent prefix of the edits', async () => {
    const dataDir = makeDataDir();
    const restoredDir = makeDataDir();
    const backupFile = path.join(restoredDir, 'backup.db');
    const server = await startTestServer({ dataDir });
    try {
      const cookie = await signIn(server.url, 'staff');
      const docName = await firstDocName(server.url, cookie);
      const client = connectClient(server.url, docName, cookie);
      await whenSynced(client);
      const block = new Y.XmlElement('paragraph');
      block.setAttribute('id', 'backup0001');
      const text = new Y.XmlText('');
      block.insert(0, [text]);
      client.fragment().insert(0, [block]);
      let n = 0;
      const typing = setInterval(() => text.insert(text.length, ` t${n++}`), 5);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'backup', '--to', backupFile], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      clearInterval(typing);
      await server.collab.settled(docName);
      client.destroy();

      // The copy is a single consistent database: its draft holds t0..tK with no gap.
      fs.copyFileSync(backupFile, path.join(restoredDir, 'atelier.db'));
      const db = openDatabase(restoredDir);
      const doc = await loadStored(new SqliteDocStore(db), docName);
      db.close();
      const tokens = (doc.getXmlFragment('default').toString().match(/t\d+/g) ?? []).map((t) => Number(t.slice(1)));
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens).toEqual(tokens.map((_, i) => i));
      expect(tokens.length).toBeLessThan(n);

      // A server restored from it opens the draft and lets people sign in.
      const restored = await startTestServer({ dataDir: restoredDir, seedDemo: false });
      try {
        const again = await signIn(restored.url, 'staff');
        const reader = connectClient(restored.url, docName, again);
        await whenSynced(reader);
        expect(reader.fragment().toString()).toContain(' t0');
        reader.destroy();
      } finally {
        await restored.stop();
      }
    } finally {
      await server.stop();
    }
  }, 120_000);
});
