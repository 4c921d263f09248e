import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { fromOpenApiPath, routeKey, routeTable, sendCell } from './policy/index.js';
import { actorRoles, createWorld, scopes, type World } from './world.js';

async function historyDigest(t: TestApp) {
  const { rows } = await t.db.execute<{ id: number; row: string }>(sql`SELECT id, row_to_json(h)::text AS row FROM item_history h ORDER BY id`);
  return { ids: rows.map((r) => Number(r.id)), digest: createHash('sha256').update(rows.map((r) => r.row).join('\n')).digest('hex'), rows };
}

/** A 404's details may only repeat what the caller sent (the ids it asked for), never tell anything about the record. */
function echoesOnly(details: unknown, request: unknown): boolean {
  if (details === undefined) return true;
  const sent = JSON.stringify(request);
  const values = JSON.stringify(details).match(/"[^"]*"\s*:|[^,{}[\]:]+/g) ?? [];
  return values.filter((v) => !v.endsWith(':')).every((v) => sent.includes(v.replace(/^"|"$/g, '')));
}

describe('the authorization matrix: every route × role × scope', () => {
  let t: TestApp;
  let world: World;
  let historyBefore: Awaited<ReturnType<typeof historyDigest>>;
  beforeAll(async () => {
    t = await createTestApp();
    world = await createWorld(t);
    historyBefore = await historyDigest(t);
  });
  afterAll(() => t.close());

  it('has a table entry for every route the app serves and the OpenAPI document lists, and no entry for a route that is gone', async () => {
    const served = t.app.routePolicy.map(routeKey);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${fromOpenApiPath(path)}`));
    const apiDocumented = documented.filter((key) => !key.split(' ')[1].startsWith('/api/docs'));
    const missing = [...new Set([...served, ...apiDocumented])].filter((key) => !(key in routeTable));
    expect(missing, 'routes without an entry in security/policy (add one with its request and expected statuses)').toEqual([]);
    expect(Object.keys(routeTable).filter((key) => !served.includes(key)), 'entries for routes the app does not serve').toEqual([]);
  });

  describe.each(Object.keys(routeTable))('%s', (key) => {
    it('answers each role and scope with the status the table expects', async () => {
      const route = routeTable[key];
      const cellScopes = route.kind === 'global' ? (['own'] as const) : scopes;
      const mismatches: string[] = [];
      for (const role of actorRoles) {
        for (const scope of cellScopes) {
          const { res, expected, request } = await sendCell({ t, world, key, role, scope });
          const where = `${role} × ${route.kind === 'global' ? 'global' : scope}`;
          if (res.statusCode !== expected) {
            mismatches.push(`${where}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
            continue;
          }
          if (expected < 400) continue;
          const { error } = res.json() as { error: { code: string; details?: unknown } };
          // Out of scope looks exactly like "does not exist"; a refusal by role names the permission check, nothing else.
          if (expected === 404 && (!error.code.endsWith('.not_found') || !echoesOnly(error.details, request))) mismatches.push(`${where}: 404 with ${JSON.stringify(error)}`);
          if (expected === 403 && error.code !== 'auth.forbidden') mismatches.push(`${where}: 403 with ${error.code}`);
          if (expected === 401 && !error.code.startsWith('auth.')) mismatches.push(`${where}: 401 with ${error.code}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  it('leaves every history row that existed before the matrix ran untouched, and the database refuses to change one', async () => {
    const after = await historyDigest(t);
    const kept = after.rows.filter((r) => historyBefore.ids.includes(Number(r.id)));
    expect(createHash('sha256').update(kept.map((r) => r.row).join('\n')).digest('hex')).toBe(historyBefore.digest);
    expect(after.ids.length).toBeGreaterThan(historyBefore.ids.length);
    const id = historyBefore.ids[0];
    await expect(t.db.execute(sql`UPDATE item_history SET comment = 'rewritten' WHERE id = ${id}`)).rejects.toThrow();
    await expect(t.db.execute(sql`DELETE FROM item_history WHERE id = ${id}`)).rejects.toThrow();
    expect((await historyDigest(t)).rows.find((r) => Number(r.id) === id)?.row).toBe(historyBefore.rows[0].row);
  });
});
