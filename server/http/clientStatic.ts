/**
 * Serves the built client from client/dist: hashed /assets/* cached forever, text files
 * sent compressed (brotli or gzip copies made at build time), index.html and /sw.js never
 * cached, app paths answered with index.html. Without a build, app paths get a 503 page
 * saying how to make one.
 *
 * index.html preloads `/api/auth/me` and `/api/workspaces` (P3). A visitor without a session
 * cookie gets it without those two lines: for them both answer 401, which the browser logs as
 * an error on every sign-in page.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { readSessionToken } from '../services/sessions.js';

/** Paths the client never handles (the server's own). */
const SERVER_PREFIXES = ['/api', '/collab', '/media', '/healthz', '/p/'];

function isServerPath(url: string): boolean {
  return SERVER_PREFIXES.some((prefix) => url === prefix || url.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

/** The block of index.html that preloads API answers (between its two marker comments). */
const API_PRELOADS = /\s*<!-- api-preloads[\s\S]*?<!-- \/api-preloads -->/;

/** index.html for someone signed out: the same page without the API preloads. */
export function withoutApiPreloads(html: string): string {
  return html.replace(API_PRELOADS, '');
}

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Atelier: client not built</title>
<body><h1>The client is not built</h1><p>Run <code>npm run build</code>, then reload.</p></body></html>`;

/** Builds the client router for a dist directory. */
export function createClientRouter(clientDir: string): Router {
  const router = express.Router();
  const indexFile = path.join(clientDir, 'index.html');
  const noCache = 'no-cache';

  // The build writes .br and .gz copies beside each text asset (client/vite.config.ts): the
  // browser gets the smallest it accepts, with Vary: Accept-Encoding.
  router.use(
    expressStaticGzip(clientDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gz'],
      index: false,
      serveStatic: {
        index: false,
        setHeaders(res, filePath) {
          const relative = path.relative(clientDir, filePath).split(path.sep).join('/');
          res.setHeader('Cache-Control', relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : noCache);
        },
      },
    }),
  );
  // Express 5 catch-all: every other GET is an app path, answered by the single-page app.
  router.get('/{*splat}', (req, res, next) => {
    if (isServerPath(req.path)) return next();
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('html').setHeader('Cache-Control', 'no-store').send(NOT_BUILT);
      return;
    }
    res.setHeader('Cache-Control', noCache);
    res.setHeader('Vary', 'Cookie');
    if (readSessionToken(req.headers.cookie)) return res.sendFile(indexFile);
    fs.promises.readFile(indexFile, 'utf8').then((html) => res.type('html').send(withoutApiPreloads(html)), next);
  });
  return router;
}
