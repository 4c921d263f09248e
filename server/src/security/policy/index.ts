import type { InjectOptions } from 'fastify';
import type { TestApp } from '../../test/test-app.js';
import type { ActorRole, Scope, World } from '../world.js';
import { coreRoutes } from './core.js';
import { itemRoutes } from './items.js';
import { reviewRoutes } from './reviews.js';
import { supervisionRoutes } from './supervision.js';
import { ldapRoutes } from './ldap.js';
import { apiTokenRoutes } from './api-tokens.js';
import { calendarRoutes } from './calendar.js';
import { signInRoutes } from './sign-in.js';
import { recheckRoutes } from './rechecks.js';
import { rectificationReportRoutes } from './rectification-reports.js';
import { selfCheckRoutes } from './self-checks.js';
import { reviewLevelRoutes } from './review-levels.js';
import { expectedStatus, type RouteCase } from './types.js';

export { expectedStatus, type Cell, type RouteCase, type RouteRequest } from './types.js';

/**
 * THE access policy as a table: every API route, keyed `METHOD /url` exactly as `app.routePolicy` lists it, with how
 * to build a valid request for a record of any scope and which status each role gets. A route the app serves
 * without an entry here fails the matrix test; so does an entry for a route the app no longer serves.
 */
export const routeTable: Record<string, RouteCase> = {
  ...coreRoutes,
  ...itemRoutes,
  ...reviewRoutes,
  ...signInRoutes,
  ...supervisionRoutes,
  ...ldapRoutes,
  ...apiTokenRoutes,
  ...recheckRoutes,
  ...rectificationReportRoutes,
  ...selfCheckRoutes,
  ...calendarRoutes,
  ...reviewLevelRoutes,
};

export const routeKey = (route: { method: string; url: string }) => `${route.method.toUpperCase()} ${route.url}`;

/** The OpenAPI path `/api/items/{id}` as Fastify names it, `/api/items/:id`. */
export const fromOpenApiPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** Builds one cell's request and sends it with the cell actor's token (or the one the route asked for). */
export async function sendCell({ t, world, key, role, scope }: { t: TestApp; world: World; key: string; role: ActorRole; scope: Scope }) {
  const route = routeTable[key];
  const expected = expectedStatus(route, role, scope, key);
  const request = await route.request({ role, scope, world, fresh: expected >= 200 && expected < 300 });
  const token = request.token === undefined ? world.tokenOf(role) : request.token;
  const method = key.split(' ')[0] as InjectOptions['method'];
  const res = await t.app.inject({
    method,
    url: request.url,
    payload: request.payload as InjectOptions['payload'],
    headers: { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { res, expected, request };
}
