/**
 * The route registry: every /api route is declared once, with its access rule, schemas and
 * responses. The router and the OpenAPI document are both built from this list, so they
 * cannot drift. Each route passes, in order: path parameters (each validated by its schema
 * in shared/api.ts PATH_PARAMS) → session → access (A5: the permission matrix of
 * shared/permissions; a document route resolves its draft once, to a DocRef) → body
 * parsing → validation → handler.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { LIMITS } from '../../shared/limits.js';
import { PATH_PARAMS, type PathParam } from '../../shared/api.js';
import type { DocRef } from '../db/docs.js';
import { can, type Action, type Role } from '../../shared/permissions.js';
import type { Services } from '../services/index.js';
import type { UserRecord } from '../services/accounts.js';
import type { SessionRecord } from '../services/sessions.js';
import { readSessionToken } from '../services/sessions.js';
import type { WorkspaceRecord } from '../services/workspaces.js';
import { sendError } from './errors.js';
import { setSessionCookie } from './sessionCookie.js';
import type { Config } from '../config.js';

/** Who may call a route. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'session' }
  | { kind: 'siteAdmin' }
  | { kind: 'workspace'; action: Action }
  /** A section draft named by the `:docName` path parameter, judged by its workspace role. */
  | { kind: 'document'; action: Action };

/** A documented response. */
export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

interface BaseContext<B, Q> {
  req: Request;
  res: Response;
  /** The path parameters, each validated by its schema (PATH_PARAMS). */
  params: Record<string, string>;
  body: B;
  query: Q;
}
interface SignedInContext {
  user: UserRecord;
  session: SessionRecord;
}

/** What a handler receives, by access kind. */
export type RouteContext<A extends RouteAccess, B, Q> = BaseContext<B, Q> &
  (A extends { kind: 'public' }
    ? { user: UserRecord | null; session: SessionRecord | null }
    : A extends { kind: 'document' }
      ? SignedInContext & { workspace: WorkspaceRecord; role: Role; doc: DocRef }
      : A extends { kind: 'workspace' }
        ? SignedInContext & { workspace: WorkspaceRecord; role: Role }
        : SignedInContext);

/** A route as declared. */
export interface RouteDefinition<A extends RouteAccess, B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express path, `:param` style; always under /api. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  /** JSON body schema (strict objects). */
  body?: B;
  /** The body is a raw image (Content-Type image/*), not JSON. */
  rawImage?: boolean;
  /** The body is a raw file to import (any type, up to LIMITS.maxImportFileBytes). */
  rawFile?: boolean;
  query?: Q;
  responses: Record<number, RouteResponse>;
  handle(ctx: RouteContext<A, B extends z.ZodType ? z.output<B> : undefined, Q extends z.ZodType ? z.output<Q> : undefined>): unknown;
}

/** A registered route (types erased). */
export interface ApiRoute {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  body?: z.ZodType;
  rawImage?: boolean;
  rawFile?: boolean;
  query?: z.ZodType;
  responses: Record<number, RouteResponse>;
  handle(ctx: Record<string, unknown>): unknown;
}

/** Declares a route (keeps the handler's context typed by its access and schemas). */
export function defineRoute<A extends RouteAccess, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  definition: RouteDefinition<A, B, Q>,
): ApiRoute {
  return definition as unknown as ApiRoute;
}

/** The `:name` parameters of an Express path. */
export function pathParamsOf(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]);
}

/** The schema of a path parameter; a route naming one that has none is a programming error, found at start. */
export function pathParamSchema(name: string) {
  if (!(name in PATH_PARAMS)) throw new Error(`path parameter :${name} has no schema in shared/api.ts PATH_PARAMS`);
  return PATH_PARAMS[name as PathParam];
}

/** The name of the first failing field of a zod error. */
function fieldOf(error: z.ZodError, fallback: string): string {
  const path = error.issues[0]?.path ?? [];
  return path.length > 0 ? path.map(String).join('.') : fallback;
}

/** Whether the route's caller is a signed-in person (stored on res.locals by `resolveSession`). */
function currentSignIn(res: Response): { user: UserRecord; session: SessionRecord } | null {
  return (res.locals.signIn as { user: UserRecord; session: SessionRecord } | undefined) ?? null;
}

/**
 * Middleware: reads the session cookie once per request. A session marked for rotation (a
 * role change) is swapped here for a new id, handed over in a fresh cookie; the old one
 * stops working.
 */
export function resolveSession(services: Services, config: Config): RequestHandler {
  return (req, res, next) => {
    let session = services.sessions.resolve(readSessionToken(req.headers.cookie));
    const user = session ? services.accounts.findById(session.userId) : null;
    if (session && user && !user.disabled) {
      if (session.rotate) {
        const rotated = services.sessions.rotate(session.id);
        if (rotated) {
          setSessionCookie(req, res, config, rotated.token);
          session = rotated.session;
        }
      }
      res.locals.signIn = { user, session };
    }
    next();
  };
}

/** Mounts the routes on a router, each with its access check, body parser and validation. */
export function mountRoutes(router: Router, routes: readonly ApiRoute[], services: Services): void {
  const jsonBody = express.json({ limit: LIMITS.maxJsonBodyBytes });
  // Any declared type is read raw; the image service checks the type and the magic bytes.
  const imageBody = express.raw({ type: () => true, limit: LIMITS.maxImageBytes });
  const fileBody = express.raw({ type: () => true, limit: LIMITS.maxImportFileBytes });

  for (const route of routes) {
    const paramSchemas = pathParamsOf(route.path).map((name) => [name, pathParamSchema(name)] as const);
    const checkParams: RequestHandler = (req, res, next) => {
      const params: Record<string, string> = {};
      for (const [name, schema] of paramSchemas) {
        const parsed = schema.safeParse(req.params[name]);
        if (!parsed.success) return sendError(res, 'validation_failed', parsed.error.issues[0]?.message ?? 'Invalid', name);
        params[name] = parsed.data;
      }
      res.locals.params = params;
      next();
    };
    const checkAccess: RequestHandler = (req, res, next) => {
      const signIn = currentSignIn(res);
      if (route.access.kind === 'public') return next();
      if (!signIn) return sendError(res, 'unauthenticated', 'Sign in first');
      if (route.access.kind === 'siteAdmin' && !signIn.user.isSiteAdmin) {
        return sendError(res, 'forbidden', 'Only site administrators may do this');
      }
      if (route.access.kind === 'workspace' || route.access.kind === 'document') {
        const params = res.locals.params as Record<string, string>;
        const doc = route.access.kind === 'document' ? services.docs.resolve(params.docName) : null;
        const workspace =
          route.access.kind === 'workspace' ? services.workspaces.findBySlug(params.slug) : doc ? services.workspaces.findById(doc.workspaceId) : null;
        const role = workspace ? services.workspaces.roleOf(signIn.user.id, workspace.id) : null;
        // A workspace you are not a member of does not exist, as far as you can tell.
        if (!workspace || !role) return sendError(res, 'not_found', 'No such workspace');
        if (!can(role, route.access.action, services.workspaces.policyOf(workspace))) {
          return sendError(res, 'forbidden', 'Your role does not allow this');
        }
        res.locals.workspace = workspace;
        res.locals.role = role;
        res.locals.doc = doc;
      }
      next();
    };

    const handle: RequestHandler = async (req, res) => {
      let body: unknown;
      if (route.body) {
        const parsed = route.body.safeParse(req.body);
        if (!parsed.success) return sendError(res, 'validation_failed', parsed.error.issues[0]?.message ?? 'Invalid', fieldOf(parsed.error, 'body'));
        body = parsed.data;
      } else if (route.rawImage || route.rawFile) {
        body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      }
      let query: unknown;
      if (route.query) {
        const parsed = route.query.safeParse({ ...(req.query as object) });
        if (!parsed.success) return sendError(res, 'validation_failed', parsed.error.issues[0]?.message ?? 'Invalid', fieldOf(parsed.error, 'query'));
        query = parsed.data;
      }
      const signIn = currentSignIn(res);
      await route.handle({
        req,
        res,
        params: res.locals.params,
        body,
        query,
        user: signIn?.user ?? null,
        session: signIn?.session ?? null,
        workspace: res.locals.workspace ?? null,
        role: res.locals.role ?? null,
        doc: res.locals.doc ?? null,
      });
    };

    const parsers = route.body ? [jsonBody] : route.rawImage ? [imageBody] : route.rawFile ? [fileBody] : [];
    router[route.method](route.path, checkParams, checkAccess, ...parsers, handle);
  }
}
