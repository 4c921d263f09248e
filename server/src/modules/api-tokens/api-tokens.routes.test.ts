import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { auditLog } from '../audit/audit.table.js';
import { createItem } from '../items/items.test-helpers.js';
import { apiTokens } from './api-tokens.table.js';
import { lastUseIntervalMs } from './api-tokens.authenticate.js';

const clock = fixedClock(new Date());

describe('API tokens for other systems', () => {
  let t: TestApp;
  const admin = (opts: InjectOptions) => t.as('admin')(opts);
  const withToken = (secret: string, opts: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; payload?: object }) =>
    t.app.inject({ method: opts.method ?? 'GET', url: opts.url, payload: opts.payload, headers: { authorization: `Bearer ${secret}` } });

  async function create(body: Record<string, unknown>) {
    const res = await admin({ method: 'POST', url: '/api/api-tokens', payload: { scope: 'read', orgId: t.orgs.police, expiresInDays: 30, ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { token: { id: number; name: string; hint: string; status: string }; secret: string };
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('when the administrator creates a token, the secret is shown once and only its SHA-256 is stored', async () => {
    const res = await admin({ method: 'POST', url: '/api/api-tokens', payload: { name: '数据中台', scope: 'read', orgId: t.orgs.police, expiresInDays: 90 } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { token, secret } = res.json();
    expect(secret).toMatch(/^rtk_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: '数据中台', scope: 'read', orgId: t.orgs.police, status: 'active', lastUsedAt: null, hint: `${secret.slice(0, 8)}…` });
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row.tokenHash).toBe(createHash('sha256').update(secret).digest('hex'));
    const list = await admin({ method: 'GET', url: '/api/api-tokens' });
    expect(list.body).toContain('数据中台');
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain(row.tokenHash);
  });

  it('when the name is taken, no permission is named or one a token may never hold is asked for, the creation is refused', async () => {
    await create({ name: '重名令牌' });
    const again = await admin({ method: 'POST', url: '/api/api-tokens', payload: { name: '重名令牌', scope: 'read', orgId: t.orgs.police, expiresInDays: 30 } });
    expect(again.json().error.code).toBe('api_tokens.name_taken');
    const none = await admin({ method: 'POST', url: '/api/api-tokens', payload: { name: '空权限', scope: 'custom', permissions: [], orgId: t.orgs.police, expiresInDays: 30 } });
    expect(none.json().error.code).toBe('api_tokens.permissions_required');
    for (const permission of ['users.write', 'tokens.write', 'settings.write', 'session', 'notifications.read']) {
      const res = await admin({ method: 'POST', url: '/api/api-tokens', payload: { name: `越权${permission}`, scope: 'custom', permissions: [permission], orgId: t.orgs.police, expiresInDays: 30 } });
      expect(res.statusCode, permission).toBe(400);
    }
    const nowhere = await admin({ method: 'POST', url: '/api/api-tokens', payload: { name: '无此组织', scope: 'read', orgId: 999999, expiresInDays: 30 } });
    expect(nowhere.json().error.code).toBe('orgs.not_found');
  });

  it('when a read-only token reads the ledger, it sees its subtree and nothing outside it', async () => {
    const { secret } = await create({ name: '公安只读' });
    const inside = await createItem(t, { orgId: t.orgs.traffic });
    const outside = await createItem(t, { orgId: t.orgs.finance });
    const police = await withToken(secret, { url: '/api/items?pageSize=200' });
    expect(police.statusCode).toBe(200);
    const policePath = (await t.db.execute<{ path: string }>(sql`SELECT path FROM orgs WHERE id = ${t.orgs.police}`)).rows[0].path;
    const { rows } = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items i JOIN orgs o ON o.id = i.org_id WHERE o.path LIKE ${policePath + '%'}`);
    expect(police.json().total).toBe(Number(rows[0].n));
    expect(police.json().items.map((i: { id: number }) => i.id)).toContain(inside.id);
    expect((await withToken(secret, { url: `/api/items?orgId=${t.orgs.finance}` })).statusCode).toBe(404);
    expect((await withToken(secret, { url: `/api/items/${outside.id}` })).statusCode).toBe(404);
    expect((await withToken(secret, { url: `/api/orgs/${t.orgs.committee}` })).statusCode).toBe(404);
  });

  it('when a read-only token tries a write, or a route of a person or of users, tokens or settings, it is refused and nothing changes', async () => {
    const { secret } = await create({ name: '写入尝试' });
    const before = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items`)).rows[0].n;
    const write = await withToken(secret, { method: 'POST', url: '/api/items', payload: { orgId: t.orgs.police, source: 'review', title: '令牌写入', description: '不应写入', measures: [{ content: '无' }], responsiblePerson: '某', deadline: '2026-12-31', type: 'deadline' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('auth.forbidden');
    expect((await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items`)).rows[0].n).toBe(before);
    const refused = [
      { url: '/api/users' },
      { method: 'POST' as const, url: '/api/users', payload: { username: 'tok.user', displayName: '令牌用户', role: 'admin', orgId: t.orgs.police } },
      { url: '/api/api-tokens' },
      { method: 'POST' as const, url: '/api/api-tokens', payload: { name: '令牌造令牌', scope: 'read', orgId: t.orgs.police, expiresInDays: 30 } },
      { url: '/api/settings' },
      { method: 'PUT' as const, url: '/api/settings', payload: { yellowDays: 1 } },
      // A viewer may call these; a token has no session, profile or inbox.
      { url: '/api/auth/me' },
      { method: 'POST' as const, url: '/api/auth/logout', payload: {} },
      { method: 'PATCH' as const, url: '/api/profile', payload: { phone: '13800000000' } },
      { url: '/api/notifications' },
    ];
    for (const request of refused) {
      const res = await withToken(secret, request);
      expect(res.statusCode, `${request.method ?? 'GET'} ${request.url}`).toBe(403);
    }
    expect((await withToken(secret, { url: '/api/items' })).statusCode).toBe(200);
  });

  it('when a token was given named permissions, it may call those routes and no others', async () => {
    const { secret } = await create({ name: '只看报告', scope: 'custom', permissions: ['reports.read', 'orgs.read'] });
    expect((await withToken(secret, { url: `/api/orgs/${t.orgs.police}` })).statusCode).toBe(200);
    expect((await withToken(secret, { url: '/api/items' })).statusCode).toBe(403);
    expect((await withToken(secret, { url: '/api/dashboard' })).statusCode).toBe(403);
  });

  it('when a token is revoked, its next request is refused at once', async () => {
    const { token, secret } = await create({ name: '将撤销' });
    expect((await withToken(secret, { url: '/api/items' })).statusCode).toBe(200);
    const revoke = await admin({ method: 'POST', url: `/api/api-tokens/${token.id}/revoke` });
    expect(revoke.json()).toMatchObject({ status: 'revoked' });
    const after = await withToken(secret, { url: '/api/items' });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('auth.api_token_revoked');
    expect((await admin({ method: 'POST', url: '/api/api-tokens/999999/revoke' })).json().error.code).toBe('api_tokens.not_found');
  });

  it('when a token has expired, it is refused', async () => {
    const { token, secret } = await create({ name: '将过期', expiresInDays: 1 });
    expect((await withToken(secret, { url: '/api/items' })).statusCode).toBe(200);
    await t.db.update(apiTokens).set({ expiresAt: new Date(clock.now().getTime() - 1000) }).where(eq(apiTokens.id, token.id));
    const res = await withToken(secret, { url: '/api/items' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.api_token_expired');
    const list = (await admin({ method: 'GET', url: '/api/api-tokens' })).json().items as Array<{ id: number; status: string }>;
    expect(list.find((x) => x.id === token.id)?.status).toBe('expired');
  });

  it('when a token is altered or made up, it is refused as invalid', async () => {
    const { secret } = await create({ name: '被篡改' });
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    for (const forged of [secret.slice(0, -1) + last, `rtk_${'A'.repeat(43)}`, secret.slice(0, -2), `${secret}x`]) {
      const res = await withToken(forged, { url: '/api/items' });
      expect(res.statusCode, forged).toBe(401);
      expect(res.json().error.code).toBe('auth.invalid_token');
    }
  });

  it('when a token is used, its last use is written at most once a minute', async () => {
    const { token, secret } = await create({ name: '最近使用' });
    const lastUse = async () => (await t.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, token.id)))[0].at;
    await withToken(secret, { url: '/api/items' });
    const first = await lastUse();
    expect(first?.getTime()).toBe(clock.now().getTime());
    clock.set(new Date(clock.now().getTime() + lastUseIntervalMs - 1000));
    await withToken(secret, { url: '/api/items' });
    expect((await lastUse())?.getTime()).toBe(first?.getTime());
    clock.set(new Date(clock.now().getTime() + 2000));
    await withToken(secret, { url: '/api/items' });
    expect((await lastUse())?.getTime()).toBe(clock.now().getTime());
  });

  it('when a token reads or is refused, the operation log records the request under the token’s name', async () => {
    const { secret } = await create({ name: '审计可见' });
    await withToken(secret, { url: `/api/orgs/${t.orgs.police}` });
    await withToken(secret, { url: '/api/users' });
    await t.app.audit.settled();
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.username, '审计可见'));
    expect(rows.map((r) => [r.action, r.status, r.targetType, r.targetId])).toEqual(
      expect.arrayContaining([
        ['api.request', 200, 'orgs', t.orgs.police],
        ['api.request', 403, 'users', null],
      ]),
    );
    expect(rows.every((r) => r.userId === null && r.orgId === t.orgs.police)).toBe(true);
    const log = await admin({ method: 'GET', url: '/api/audit-log?kind=operation&action=api.request' });
    expect(log.json().items.some((e: { username: string }) => e.username === '审计可见')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});
