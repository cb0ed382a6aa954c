/** The OpenAPI 3.1 document, generated from the route registry and its zod schemas. */
import { z } from 'zod';
import { ALLOWED_IMAGE_TYPES } from '../../shared/limits.js';
import { ErrorResponseSchema } from '../../shared/api.js';
import { SESSION_COOKIE } from '../services/sessions.js';
import { pathParamSchema, pathParamsOf, type ApiRoute } from './routeRegistry.js';

type JsonObject = Record<string, unknown>;

/** `/api/workspaces/:slug` → `/api/workspaces/{slug}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

const errorContent = () => ({ 'application/json': { schema: schemaOf(ErrorResponseSchema, 'output') } });

/** Builds the OpenAPI document covering every registered route. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], info: { version: string }): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    const parameters: JsonObject[] = pathParamsOf(route.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: schemaOf(pathParamSchema(name), 'input'),
    }));
    if (route.query) {
      const query = schemaOf(route.query, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
    const responses: Record<string, JsonObject> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      const contentType = response.contentType ?? 'application/json';
      responses[status] = response.schema
        ? { description: response.description, content: { [contentType]: { schema: schemaOf(response.schema, 'output') } } }
        : Number(status) >= 400
          ? { description: response.description, content: errorContent() }
          : { description: response.description, content: { [contentType]: {} } };
    }
    const standard: Record<string, string> = {};
    if (route.body || route.query || route.rawImage || route.rawFile || pathParamsOf(route.path).length) standard['400'] = 'Validation failed (`field` names the first bad field)';
    if (route.body) standard['413'] = 'Body too large';
    if (route.access.kind !== 'public') standard['401'] = 'Not signed in';
    if (route.access.kind === 'siteAdmin' || route.access.kind === 'workspace') standard['403'] = 'Not allowed for your role, or a cross-site request';
    if (route.access.kind === 'workspace') standard['404'] = 'No such workspace (or not a member)';
    for (const [status, description] of Object.entries(standard)) responses[status] ??= { description, content: errorContent() };

    const operation: JsonObject = {
      operationId: `${route.method}${route.path.replace(/[/:]+([a-z])/gi, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')}`,
      summary: route.summary,
      tags: [route.tag],
      parameters,
      responses,
      security: route.access.kind === 'public' ? [] : [{ session: [] }],
      ...(route.access.kind === 'workspace' ? { 'x-atelier-action': route.access.action } : {}),
    };
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } };
    if (route.rawImage) {
      operation.requestBody = {
        required: true,
        content: Object.fromEntries(ALLOWED_IMAGE_TYPES.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
      };
    }
    if (route.rawFile) {
      operation.requestBody = { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } };
    }
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Atelier API', version: info.version, description: 'JSON API of Atelier (CONTRACT.md, "HTTP").' },
    servers: [{ url: '/' }],
    paths,
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
  };
}
