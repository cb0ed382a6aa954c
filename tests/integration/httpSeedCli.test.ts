import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import * as Y from 'yjs';
import { yDocToProsemirrorJSON } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const cli = (dataDir: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });

describe('demo content', () => {
  let server: TestHttpServer;
  beforeAll(async () => {
    server = await startHttpServer();
  }, 60_000);
  afterAll(() => server.close());

  it('[CONTRACT] lets every demo account sign in, with its role in both workspaces', async () => {
    for (const account of Object.values(DEMO)) {
      const cookie = await signIn(server, account.email, account.password);
      const workspaces = (await callApi(server, '/api/workspaces', { cookie })).body as { slug: string; role: string }[];
      expect(workspaces.map((w) => [w.slug, w.role])).toEqual([
        ['toolbox', account.role],
        ['reglement', account.role],
      ]);
      const me = (await callApi(server, '/api/auth/me', { cookie })).body.user;
      expect(me.isSiteAdmin).toBe(account === DEMO.admin);
    }
  }, 30_000);

  it('[CONTRACT] seeds toolbox drafts with real text, block ids on every block, in nl and fr', async () => {
    const cookie = await signIn(server, DEMO.reader.email, DEMO.reader.password);
    const [toolbox, reglement] = (await callApi(server, '/api/workspaces', { cookie })).body;
    expect(toolbox.sections.length).toBeGreaterThanOrEqual(4);
    expect(reglement.sections).toHaveLength(2);
    let allText = '';
    for (const section of toolbox.sections) {
      for (const docName of Object.values(section.docs) as string[]) {
        const stored = await server.store.load(docName);
        const doc = new Y.Doc();
        for (const update of stored.updates) Y.applyUpdate(doc, update);
        const json = yDocToProsemirrorJSON(doc, 'default') as { content: { type: string; attrs: { id: string } }[] };
        expect(json.content.length).toBeGreaterThan(1);
        expect(json.content.every((block) => typeof block.attrs.id === 'string' && block.attrs.id.length >= 8)).toBe(true);
        const text = JSON.stringify(json).match(/"text":"[^"]*"/g)!.join(' ');
        expect(text.length).toBeGreaterThan(200);
        allText += text;
      }
    }
    expect(allText).toContain('Community Land Trust Brussels');
    expect(allText).toContain('opstalrecht');
    expect(allText).toContain('droit de superficie');
  });

  it('[CONTRACT] never seeds twice', async () => {
    await server.services.seedDemo();
    expect((server.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n).toBe(5);
    expect((server.db.prepare('SELECT COUNT(*) AS n FROM workspaces').get() as { n: number }).n).toBe(2);
  });
});

describe('production and the CLI', () => {
  it('[CONTRACT] creates no demo account when seedDemo is off (production)', async () => {
    const server = await startHttpServer({ seedDemo: false, production: true });
    try {
      expect((server.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n).toBe(0);
      const result = await callApi(server, '/api/auth/login', { body: { email: DEMO.admin.email, password: DEMO.admin.password } });
      expect(result.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('[CONTRACT] creates an admin from the CLI, backs up and restores the database', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cli-'));
    const backup = path.join(dataDir, 'backup.db');
    try {
      await cli(dataDir, 'create-admin', '--email', 'first@cltb.be', '--name', 'Eerste Beheerder', '--password', 'a-long-secret', '--organisation', 'Community Land Trust Brussels');
      await cli(dataDir, 'backup', '--to', backup);
      await cli(dataDir, 'create-admin', '--email', 'second@cltb.be', '--name', 'Tweede', '--password', 'another-secret', '--organisation', 'Community Land Trust Brussels');
      await cli(dataDir, 'restore', '--from', backup);
      const users = (await cli(dataDir, 'list-users')).stdout;
      expect(users).toContain('first@cltb.be');
      expect(users).not.toContain('second@cltb.be');

      await cli(dataDir, 'reset-password', '--email', 'first@cltb.be', '--password', 'changed-secret');
      const server = await startHttpServer({ dataDir, seedDemo: false });
      try {
        expect((await callApi(server, '/api/auth/login', { body: { email: 'first@cltb.be', password: 'changed-secret' } })).status).toBe(200);
        const me = await signIn(server, 'first@cltb.be', 'changed-secret');
        const created = await callApi(server, '/api/workspaces', { cookie: me, body: { name: 'Toolbox', slug: 'toolbox', languages: ['nl', 'fr'] } });
        expect(created.status).toBe(201);
        // A running server holds the database: restore refuses.
        await expect(cli(dataDir, 'restore', '--from', backup)).rejects.toMatchObject({ code: 2 });
      } finally {
        await server.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('serving the client', () => {
  it('[CONTRACT] serves client/dist with cache rules and falls back to index.html for app paths', async () => {
    const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-dist-'));
    fs.mkdirSync(path.join(clientDir, 'assets'));
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(clientDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(clientDir, 'sw.js'), '//');
    const server = await startHttpServer({ serveClient: true, clientDir, seedDemo: false });
    try {
      const asset = await fetch(`${server.url}/assets/app-abc123.js`);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await fetch(`${server.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
      for (const appPath of ['/', '/login', '/w/toolbox/s/over-deze-toolbox', '/w/toolbox/members', '/w/toolbox/audit', '/profile', '/forgot-password', `/invite/${'a'.repeat(43)}`, `/reset/${'b'.repeat(43)}`]) {
        const page = await fetch(server.url + appPath);
        expect(page.status).toBe(200);
        expect(page.headers.get('cache-control')).toBe('no-cache');
        expect(await page.text()).toContain('id="root"');
      }
      expect((await fetch(`${server.url}/api/nothing`)).status).toBe(404);
      expect((await fetch(`${server.url}/media/nothing.png`)).status).toBe(401);
      fs.rmSync(path.join(clientDir, 'index.html'));
      const missing = await fetch(`${server.url}/login`);
      expect(missing.status).toBe(503);
      expect(await missing.text()).toContain('npm run build');
    } finally {
      await server.close();
      fs.rmSync(clientDir, { recursive: true, force: true });
    }
  });

  it('[P3] index.html preloads the API answers for someone with a session, and leaves them out for a signed-out visitor (they would answer 401)', async () => {
    // The real build (npm test builds first).
    const server = await startHttpServer({ serveClient: true, clientDir: path.join(ROOT, 'client/dist') });
    try {
      const preloads = (html: string) => [...html.matchAll(/<link rel="preload" href="(\/api\/[^"]+)"/g)].map((match) => match[1]);
      const signedOut = await fetch(`${server.url}/login`);
      expect(signedOut.headers.get('vary')).toContain('Cookie');
      const anonymousHtml = await signedOut.text();
      expect(preloads(anonymousHtml)).toEqual([]);
      // The rest of the page is the same: the entry and the app's chunks.
      expect(anonymousHtml).toMatch(/<script type="module" crossorigin src="\/assets\/index-[^"]+\.js"><\/script>/);
      expect(anonymousHtml).toContain('<link rel="modulepreload"');
      const cookie = await signIn(server, DEMO.staff.email, DEMO.staff.password);
      const signedIn = await (await fetch(`${server.url}/w/toolbox`, { headers: { cookie } })).text();
      expect(preloads(signedIn)).toEqual(['/api/auth/me', '/api/workspaces']);
      expect(signedIn.replace(/\s*<!-- api-preloads[\s\S]*?<!-- \/api-preloads -->/, '')).toBe(anonymousHtml);
    } finally {
      await server.close();
    }
  });

  it('[P3] sends the built code brotli- or gzip-compressed to browsers that accept it, and as is to others', async () => {
    // The real build (npm test builds first): its copies must decompress to the very file.
    const clientDir = path.join(ROOT, 'client/dist');
    const manifest = JSON.parse(fs.readFileSync(path.join(clientDir, 'asset-manifest.json'), 'utf8')) as Record<string, { file: string }>;
    const file = Object.values(manifest).find((entry) => entry.file.endsWith('.js'))!.file;
    const original = fs.readFileSync(path.join(clientDir, file));
    const server = await startHttpServer({ serveClient: true, clientDir, seedDemo: false });
    const get = (acceptEncoding: string | null) =>
      new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
        const request = http.get(`${server.url}/${file}`, { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ encoding: response.headers['content-encoding'], vary: response.headers.vary, body: Buffer.concat(chunks) }));
        });
        request.on('error', reject);
      });
    try {
      const brotli = await get('gzip, deflate, br');
      expect(brotli.encoding).toBe('br');
      expect(brotli.vary).toContain('Accept-Encoding');
      expect(brotli.body.length).toBeLessThan(original.length / 2);
      expect(zlib.brotliDecompressSync(brotli.body).equals(original)).toBe(true);
      const gzip = await get('gzip');
      expect(gzip.encoding).toBe('gzip');
      expect(zlib.gunzipSync(gzip.body).equals(original)).toBe(true);
      const plain = await get(null);
      expect(plain.encoding).toBeUndefined();
      expect(plain.body.equals(original)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('[P3] the entry opens a section\'s connection without waiting for React: its chunks leave React out, and index.html preloads the app beside it', () => {
    // The real build (npm test builds first). boot.ts starts the opening page's requests and
    // the section's socket; if a change made it import React, the socket would again wait for
    // React's chunk to download and run.
    const clientDir = path.join(ROOT, 'client/dist');
    const html = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
    const entry = /<script type="module" crossorigin src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      const code = fs.readFileSync(path.join(clientDir, file), 'utf8');
      // Static imports only (minified: `import{a as b}from"./x.js"` or `import"./x.js"`), not import().
      for (const match of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(path.posix.join(path.posix.dirname(file), match[1]));
    };
    visit(entry!);
    const reactChunk = Object.values(JSON.parse(fs.readFileSync(path.join(clientDir, 'asset-manifest.json'), 'utf8')) as Record<string, { file: string; name?: string }>).find((chunk) => chunk.name === 'shell')?.file;
    expect(reactChunk).toMatch(/^assets\/shell-.+\.js$/);
    expect([...reached].some((file) => file.includes('boot-'))).toBe(true);
    expect([...reached]).not.toContain(reactChunk);
    // The app's chunks download beside the entry, not after it.
    expect(html).toContain(`<link rel="modulepreload" crossorigin href="/${reactChunk}">`);

    // The editor's chunk (TipTap, and the editor boot.ts makes before React: earlyEditor.ts)
    // does not wait for React either, and the app's other pages do not load it.
    const manifest = JSON.parse(fs.readFileSync(path.join(clientDir, 'asset-manifest.json'), 'utf8')) as Record<string, { file: string; name?: string }>;
    const closure = (file: string) => {
      reached.clear();
      visit(file);
      return [...reached];
    };
    const editorChunk = Object.values(manifest).find((chunk) => chunk.name === 'editor')!.file;
    expect(closure(editorChunk)).not.toContain(reactChunk);
    const appChunk = manifest['src/main.tsx']?.file;
    expect(appChunk).toBeDefined();
    expect(closure(appChunk!)).not.toContain(editorChunk);
  });
});
