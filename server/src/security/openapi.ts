import type { FastifyInstance } from 'fastify';
import { fromOpenApiPath } from './policy/index.js';

/** The parts of a JSON schema the generators read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  default?: unknown;
}

export interface Operation {
  key: string;
  /** The JSON request body's schema; undefined for routes without one (or with multipart). */
  bodySchema?: JsonSchema;
  queryParams: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  pathParams: Array<{ name: string; schema: JsonSchema }>;
}

interface RawOperation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Every API operation of the served OpenAPI document, keyed like the policy table (`POST /api/items/:id`). */
export async function openApiOperations(app: FastifyInstance): Promise<Map<string, Operation>> {
  const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, RawOperation>> };
  const operations = new Map<string, Operation>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${fromOpenApiPath(path)}`;
      const params = op.parameters ?? [];
      operations.set(key, {
        key,
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: !!p.required, schema: p.schema })),
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
      });
    }
  }
  return operations;
}
