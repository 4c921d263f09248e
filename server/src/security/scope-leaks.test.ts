import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { routeTable, sendCell } from './policy/index.js';
import { responseText } from './response-text.js';
import { createWorld, signedInRoles, type World } from './world.js';

interface OpenApiOp {
  parameters?: Array<{ in: string; name: string; schema?: { enum?: string[] } }>;
}

/**
 * Reading routes never show a record outside the caller's subtree: not in lists, counts, exports, reports, search or
 * dashboards. Each route is called as every role of the police party committee; the answers (Office files unzipped)
 * must not contain the markers written into every record of the committee above it and of finance beside it.
 */
describe('nothing out of scope appears in what a route returns', () => {
  let t: TestApp;
  let world: World;
  let doc: { paths: Record<string, Record<string, OpenApiOp>> };
  let outside: string[];
  beforeAll(async () => {
    t = await createTestApp();
    world = await createWorld(t);
    doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const [sibling] = (await t.db.execute<{ name: string }>(sql`SELECT name FROM orgs WHERE id = ${world.orgOf('sibling')}`)).rows;
    const { parent, sibling: beside } = world.targets;
    outside = [parent.marker, beside.marker, parent.item.code, beside.item.code, sibling.name];
    // The world is every module's records made through their routes: on a machine shared with other suites, minutes.
  }, 180_000);
  afterAll(() => t.close());

  const leaksIn = (text: string) => outside.filter((marker) => text.includes(marker));
  const readingRoutes = () => Object.keys(routeTable).filter((key) => key.startsWith('GET '));
  const queryOf = (key: string) => {
    const path = key.split(' ')[1].replace(/:(\w+)/g, '{$1}');
    return new Set((doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  };

  const formatsOf = (key: string) => {
    const path = key.split(' ')[1].replace(/:(\w+)/g, '{$1}');
    return (doc.paths[path]?.get?.parameters ?? []).find((p) => p.in === 'query' && p.name === 'format')?.schema?.enum ?? [];
  };

  it('when every reading route is called for the caller’s own records, no answer holds a record of the parent or a sibling', async () => {
    const leaks: string[] = [];
    let seen = '';
    for (const key of readingRoutes()) {
      for (const role of signedInRoles) {
        const { res, expected, request } = await sendCell({ t, world, key, role, scope: 'own' });
        if (res.statusCode !== expected) leaks.push(`${key} as ${role}: status ${res.statusCode}`);
        const answers = [res];
        // Every output format of the route (a report as JSON, .xlsx and .docx) is read the same way.
        for (const format of formatsOf(key)) {
          const url = new URL(request.url, 'http://x');
          url.searchParams.set('format', format);
          answers.push(await t.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { authorization: `Bearer ${world.tokenOf(role)}` } }));
        }
        for (const answer of answers) {
          const text = await responseText(answer);
          seen += text;
          for (const marker of leaksIn(text)) leaks.push(`${key} as ${role}: shows ${marker}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // The sweep saw real data: the caller's own and child records do show up.
    expect(seen).toContain(world.targets.own.marker);
    expect(seen).toContain(world.targets.child.marker);
    // Every reading route, in every format, as five actors and the API token: longer than the default allows.
  }, 120_000);

  it('when a route takes a search text, searching for an out-of-scope record finds nothing', async () => {
    const searchable = readingRoutes().filter((key) => !key.includes(':') && queryOf(key).has('q'));
    expect(searchable).toContain('GET /api/items');
    const leaks: string[] = [];
    for (const key of searchable) {
      for (const role of signedInRoles) {
        const base = (await routeTable[key].request({ role, scope: 'own', world, fresh: false })).url;
        for (const marker of [world.targets.parent.marker, world.targets.sibling.marker, world.targets.sibling.item.code]) {
          const url = new URL(base, 'http://x');
          url.searchParams.delete('orgId');
          url.searchParams.delete('root');
          url.searchParams.set('q', marker);
          const res = await t.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { authorization: `Bearer ${world.tokenOf(role)}` } });
          if (res.statusCode === 403) continue;
          const body = (String(res.headers['content-type']).includes('json') ? res.json() : {}) as { total?: number };
          if (res.statusCode !== 200 || leaksIn(await responseText(res)).length || (body.total ?? 0) !== 0) leaks.push(`${key}?q=${marker} as ${role}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('when a route takes an organization filter, naming the parent or a sibling answers 404', async () => {
    const filters = ['orgId', 'org', 'root'];
    const filtered = readingRoutes().filter((key) => !key.includes(':') && filters.some((f) => queryOf(key).has(f)));
    expect(filtered).toEqual(expect.arrayContaining(['GET /api/items', 'GET /api/orgs']));
    const wrong: string[] = [];
    for (const key of filtered) {
      const param = filters.find((f) => queryOf(key).has(f))!;
      for (const role of signedInRoles) {
        const base = (await routeTable[key].request({ role, scope: 'own', world, fresh: false })).url;
        for (const scope of ['parent', 'sibling'] as const) {
          const url = new URL(base, 'http://x');
          url.searchParams.set(param, String(world.orgOf(scope)));
          const res = await t.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { authorization: `Bearer ${world.tokenOf(role)}` } });
          if (res.statusCode === 403) continue;
          if (res.statusCode !== 404) wrong.push(`${key}?${param}=${scope} as ${role}: ${res.statusCode}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('when a review or a common problem is shared with a sibling, each side sees only its own part of it', async () => {
    const { shared } = world.extras;
    const routes = [shared.reviewId && `/api/reviews/${shared.reviewId}`, shared.commonProblemId && `/api/common-problems/${shared.commonProblemId}`].filter(Boolean) as string[];
    expect(routes.length).toBeGreaterThan(0);
    for (const url of routes) {
      for (const role of signedInRoles) {
        const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${world.tokenOf(role)}` } });
        expect(res.statusCode, `${url} as ${role}`).toBe(200);
        expect(leaksIn(res.body), `${url} as ${role}`).toEqual([]);
      }
    }
    const review = await t.app.inject({ method: 'GET', url: routes[0], headers: { authorization: `Bearer ${world.tokenOf('branch')}` } });
    expect(review.body).toContain(world.targets.own.marker);
  });

  it('when the police committee counts its items, the total is exactly the items of its subtree', async () => {
    const policePath = (await t.db.execute<{ path: string }>(sql`SELECT path FROM orgs WHERE id = ${world.orgOf('own')}`)).rows[0].path;
    const inside = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items i JOIN orgs o ON o.id = i.org_id WHERE o.path LIKE ${policePath + '%'}`)).rows[0].n;
    const everything = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items`)).rows[0].n;
    expect(everything).toBeGreaterThan(inside);
    for (const role of signedInRoles) {
      const res = await t.app.inject({ method: 'GET', url: '/api/items?pageSize=200', headers: { authorization: `Bearer ${world.tokenOf(role)}` } });
      expect(res.json().total, role).toBe(Number(inside));
      expect(res.json().items.map((i: { id: number }) => i.id).sort(), role).not.toContain(world.targets.sibling.item.id);
    }
  });
});
