/**
 * The Express application (no listen): security headers, the same-origin rule, the JSON
 * API from the route registry, uploaded media, published releases (/p), /healthz and the built client.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Services } from './services/index.js';
import { isSameOriginRequest } from './http/origin.js';
import { buildApiRoutes } from './http/apiRoutes.js';
import { mountRoutes, resolveSession, type ApiRoute } from './http/routeRegistry.js';
import { createErrorHandler, sendError } from './http/errors.js';
import { createMediaHandler } from './http/media.js';
import { createClientRouter } from './http/clientStatic.js';
import { createPublishRouter } from './http/publishRoutes.js';
import { createConsolidatedRouter } from './http/consolidatedRoutes.js';

/** What the app uses of the collaboration server: its stats for /healthz. */
export type CollabHandle = { stats(): object };

/** Dependencies of the app. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  services: Services;
  collab: CollabHandle;
  /** The built client (defaults to client/dist next to server/). */
  clientDir?: string;
}

const DEFAULT_CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client/dist');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Creates the Express app; `app.locals.apiRoutes` holds the route registry. */
export function createApp({ config, logger, services, collab, clientDir = DEFAULT_CLIENT_DIR }: AppDeps): express.Express {
  const app = express();
  const https = config.publicUrl?.startsWith('https:') ?? false;
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  // Published releases (R1): public, read-only (GET only), server-rendered and cached. First,
  // so a cached page costs one lookup (P4); the router sets its own stricter CSP and the
  // security headers helmet gives everything else.
  // The consolidated text of a legal workspace on a date (/p/<ws>/@<date>/, issue 24) comes first: `@` is no version.
  app.use(createConsolidatedRouter(services, { https }));
  app.use(createPublishRouter(services, { https }));

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // ProseMirror and table widths set style attributes; no inline script anywhere.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          fontSrc: ["'self'"],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31536000 } : false,
      crossOriginEmbedderPolicy: false,
    }),
  );

  // The same-origin rule for every state-changing request (CONTRACT.md), before anything else.
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method) || isSameOriginRequest(req, config.publicUrl)) return next();
    sendError(res, 'forbidden', 'Cross-site request refused');
  });

  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    // Loaded rooms and open connections, so operators (and the P5 benchmark) can see that
    // rooms are unloaded once their last connection leaves.
    res.json({ ok: true, ...collab.stats() });
  });

  app.use(resolveSession(services, config));

  const apiRoutes: ApiRoute[] = buildApiRoutes({ services, config });
  app.locals.apiRoutes = apiRoutes;
  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  mountRoutes(api, apiRoutes, services);
  app.use(api);
  app.use('/api', (_req, res) => sendError(res, 'not_found', 'No such API route'));

  app.get('/media/:file', createMediaHandler(services));

  if (config.serveClient) app.use(createClientRouter(clientDir));

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  app.use(createErrorHandler(logger));
  return app;
}
