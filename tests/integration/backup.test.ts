/**
 * [CONTRACT] The online backup (`npm run cli -- backup`) is consistent while people edit:
 * the copy holds a clean prefix of what was committed, and a server restored from it
 * opens every draft.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
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
      // 50 updates a second: a fast typist, inside the per-connection rate (100/s), however long the backup takes.
      const typing = setInterval(() => text.insert(text.length, ` t${n++}`), 20);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'backup', '--to', backupFile], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      clearInterval(typing);
      // Everything typed reaches the live store (a writer closed with 4200 reconnects and resends).
      await vi.waitFor(async () => {
        await server.rooms.settled(docName);
        expect((await loadStored(server.store, docName)).getXmlFragment('default').toString()).toContain(` t${n - 1}<`);
      }, { timeout: 20_000, interval: 200 });
      client.destroy();

      // The copy is a single consistent database: its draft holds a prefix of what was
      // committed (the live draft's tokens, in the same order), and less than all of it.
      // Read from the typed paragraph's text only: the other blocks' random ids can contain "t5".
      const tokensOf = (doc: Y.Doc) => ((doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).toString().match(/t\d+/g) ?? [];
      const live = tokensOf(await loadStored(server.store, docName));
      fs.copyFileSync(backupFile, path.join(restoredDir, 'atelier.db'));
      const db = openDatabase(restoredDir);
      const copied = tokensOf(await loadStored(new SqliteDocStore(db), docName));
      db.close();
      expect(copied.length).toBeGreaterThan(0);
      expect(copied.length).toBeLessThan(live.length);
      expect(copied, `live draft: ${live.length} tokens; copy ends ${copied.slice(-5).join(' ')}`).toEqual(live.slice(0, copied.length));

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
