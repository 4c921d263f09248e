import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '@rectify/shared';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { routeTable, type RouteRequest } from './policy/index.js';
import { openApiOperations, type Operation } from './openapi.js';
import { invalidObjectArb, queryArb, validArb } from './schema-arbitrary.js';
import { createWorld, rowCounts, type ActorRole, type World } from './world.js';

/** Bounded so the suite stays a few seconds per route; FC_RUNS raises it for a longer hunt, FC_SEED replays one. */
const numRuns = Number(process.env.FC_RUNS ?? 15);
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;

// The route list comes from the table, so a new route is fuzzed as soon as it has an entry.
const keys = Object.keys(routeTable);

/**
 * Random and schema-derived input, generated from the OpenAPI document's request schemas: valid values, values
 * with one thing wrong, and arbitrary JSON. Whatever comes in, the answer is never a 5xx, a refusal carries a
 * catalogued code, and a refused request leaves every table as it was.
 */
describe('property-based input from the request schemas', () => {
  let t: TestApp;
  let world: World;
  let operations: Map<string, Operation>;
  beforeAll(async () => {
    // Random logins fail by the hundred: lift the lockout so it does not hide the answers under test.
    t = await createTestApp({ config: { loginMaxFailures: 1_000_000, loginAccountMaxFailures: 1_000_000, loginSourceMaxFailures: 1_000_000 } });
    world = await createWorld(t);
    operations = await openApiOperations(t.app);
  });
  afterAll(() => t.close());

  const actorFor = (key: string): ActorRole => {
    const allow = routeTable[key].allow;
    return allow === 'public' ? 'anonymous' : allow[0];
  };

  async function check(key: string, build: (base: RouteRequest) => RouteRequest) {
    const route = routeTable[key];
    const base = await route.request({ role: actorFor(key), scope: 'own', world, fresh: false });
    const token = base.token === undefined ? world.tokenOf(actorFor(key)) : base.token;
    const request = build(base);
    const before = await rowCounts(t);
    const res = await t.app.inject({
      method: key.split(' ')[0] as InjectOptions['method'],
      url: request.url,
      payload: request.payload as InjectOptions['payload'],
      headers: { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    expect(res.statusCode, `${key} ${request.url} ${JSON.stringify(request.payload)?.slice(0, 300)} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
    if (res.statusCode < 400) return;
    const code = (res.json() as { error?: { code?: string } }).error?.code ?? '';
    expect(isErrorCode(code), `${key}: uncatalogued code ${code}`).toBe(true);
    const after = await rowCounts(t);
    // A failed login is itself recorded (the audit trail and the lockout count); nothing else may change.
    if (key === 'POST /api/auth/login') {
      delete after.login_attempts;
      delete before.login_attempts;
    }
    // A wrong password, at sign-in or as the old one at a change, is counted towards the limits.
    if (key === 'POST /api/auth/login' || key === 'POST /api/auth/password') {
      delete after.login_throttle;
      delete before.login_throttle;
    }
    expect(after, `${key}: a refused request wrote rows`).toEqual(before);
  }

  it.each(keys)('%s: random bodies and queries never cause a 5xx or a partial write', async (key) => {
    const op = operations.get(key)!;
    expect(op, `${key} is documented`).toBeDefined();
    if (op.bodySchema) {
      const body = fc.oneof(validArb(op.bodySchema), invalidObjectArb(op.bodySchema), fc.jsonValue({ maxDepth: 3 }));
      await fc.assert(
        fc.asyncProperty(body, (payload) => check(key, (base) => ({ url: base.url, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }))),
        { numRuns, seed },
      );
    }
    if (op.queryParams.length) {
      await fc.assert(
        fc.asyncProperty(queryArb(op.queryParams), (query) =>
          // The rest of the request (a multipart body, say) stays the valid one the table builds.
          check(key, (base) => ({ ...base, url: query ? `${base.url.split('?')[0]}?${query}` : base.url.split('?')[0] })),
        ),
        { numRuns, seed },
      );
    }
  });
});
