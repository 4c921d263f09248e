import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, sql } from 'drizzle-orm';
import { DEMO_PASSWORD } from '../../demo/demo.seed.js';
import { fixedClock } from '../../lib/clock.js';
import { readXlsx } from '../ledger-io/xlsx/xlsx-reader.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition } from '../items/items.test-helpers.js';
import { auditLog } from './audit.table.js';

// 10:00 on 15 June 2026 in Shanghai: the daily jobs are due.
const clock = fixedClock('2026-06-15T02:00:00Z');
const browser = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AuditTest/1.0';

describe('the audit log', () => {
  let t: TestApp;
  const secrets: string[] = [DEMO_PASSWORD];
  const rows = async () => {
    await t.app.audit.settled();
    return t.db.select().from(auditLog).orderBy(desc(auditLog.id));
  };
  const latest = async (action: string) => (await rows()).find((r) => r.action === action);

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('records a sign-in and a failed one with the address and browser, and never what was typed for an unknown account', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': browser }, payload: { username: 'branch', password: DEMO_PASSWORD } });
    expect(ok.statusCode).toBe(200);
    secrets.push(ok.json().accessToken, ok.json().refreshToken);
    const login = await latest('auth.login');
    expect(login).toMatchObject({ username: 'branch', orgId: t.orgs.police, ip: '127.0.0.1', userAgent: browser, status: 200 });

    secrets.push('Wrong-Guess-2026');
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': browser }, payload: { username: 'branch', password: 'Wrong-Guess-2026' } });
    expect(bad.statusCode).toBe(401);
    expect(await latest('auth.login_failed')).toMatchObject({ username: 'branch', userId: login!.userId, ip: '127.0.0.1', userAgent: browser, status: 401 });

    // A password typed into the username field: no such account, so nothing typed is kept.
    secrets.push('Typed-In-The-Wrong-Field-9');
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'Typed-In-The-Wrong-Field-9', password: 'x' } });
    const unknown = (await rows())[0];
    expect(unknown).toMatchObject({ action: 'auth.login_failed', username: null, userId: null, orgPath: null });
  });

  it('records user, organization, setting and category changes and each workflow step, with the actor', async () => {
    const created = await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username: 'audit.new', displayName: '新用户', password: 'Welcome2026x', role: 'viewer', orgId: t.orgs.police } });
    expect(created.statusCode).toBe(201);
    secrets.push('Welcome2026x');
    expect(await latest('users.create')).toMatchObject({ username: 'admin', targetType: 'users', status: 201 });
    await t.as('admin')({ method: 'POST', url: `/api/users/${created.json().id}/password`, payload: { password: 'Reset2026xyz' } });
    secrets.push('Reset2026xyz');
    expect(await latest('users.password')).toMatchObject({ targetId: created.json().id });
    await t.as('admin')({ method: 'PATCH', url: `/api/orgs/${t.orgs.traffic}`, payload: { sortOrder: 5 } });
    expect(await latest('orgs.update')).toMatchObject({ targetType: 'orgs', targetId: t.orgs.traffic });
    await t.as('admin')({ method: 'PUT', url: '/api/settings', payload: { yellowDays: 6 } });
    expect(await latest('settings.update')).toMatchObject({ username: 'admin', status: 200 });
    await t.as('admin')({ method: 'POST', url: '/api/categories', payload: { name: '审计类别' } });
    expect(await latest('categories.create')).toBeDefined();

    const item = await createItem(t);
    expect(await latest('items.create')).toMatchObject({ username: 'supervisor' });
    expect((await transition(t, 'branch', item.id, { action: 'start' })).statusCode).toBe(200);
    expect(await latest('items.transition.start')).toMatchObject({ username: 'branch', orgId: t.orgs.police, targetType: 'items', targetId: item.id });
    // A step's row is written by the step's own statement: one row, as the hook would have written it, and none for a
    // step refused as stale.
    const steps = (await rows()).filter((r) => r.action.startsWith('items.transition'));
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ status: 200, ip: '127.0.0.1', userId: expect.any(Number), orgPath: expect.stringMatching(/^\//), detail: { route: 'POST /api/items/:id/transitions' } });
    const stale = await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/transitions`, payload: { action: 'start', version: item.version } });
    expect(stale.statusCode).toBe(409);
    expect((await rows()).filter((r) => r.action.startsWith('items.transition'))).toHaveLength(1);
  });

  it('holds no password or token in any row', async () => {
    await t.app.audit.settled();
    const dump = JSON.stringify((await t.db.execute(sql`SELECT * FROM audit_log`)).rows);
    expect(dump).toContain('auth.login');
    for (const secret of secrets) expect(dump).not.toContain(secret);
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database', async () => {
    // Drizzle wraps the database's error: the trigger's message is its cause.
    await t.db.insert(auditLog).values({ action: 'users.update', status: 200 });
    const refusal = (run: Promise<unknown>) => run.then(() => 'done', (err: Error & { cause?: Error }) => String(err.cause?.message ?? err.message));
    expect(await refusal(t.db.execute(sql`UPDATE audit_log SET action = 'x'`))).toMatch(/append-only: UPDATE refused/);
    expect(await refusal(t.db.execute(sql`DELETE FROM audit_log`))).toMatch(/append-only: DELETE refused/);
    expect(await refusal(t.db.execute(sql`TRUNCATE audit_log`))).toMatch(/append-only: TRUNCATE refused/);
    // The prune setting opens DELETE only: an UPDATE stays refused with it.
    const withPrune = t.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL rectify.audit_prune = 'on'`);
      await tx.execute(sql`UPDATE audit_log SET action = 'x'`);
    });
    expect(await refusal(withPrune)).toMatch(/append-only: UPDATE refused/);
    expect((await rows()).some((r) => r.action === 'x')).toBe(false);
  });

  it('lists newest first with filters, and a sub-committee administrator sees only its subtree', async () => {
    const all = (await t.as('admin')({ method: 'GET', url: '/api/audit-log?pageSize=200' })).json();
    expect(all.total).toBe((await rows()).length);
    expect(all.items[0].id).toBeGreaterThan(all.items[1].id);
    const logins = (await t.as('admin')({ method: 'GET', url: '/api/audit-log?kind=login&pageSize=200' })).json();
    expect(logins.items.every((r: { action: string }) => r.action.startsWith('auth.login'))).toBe(true);
    const steps = (await t.as('admin')({ method: 'GET', url: '/api/audit-log?action=items.transition' })).json();
    expect(steps.items.map((r: { action: string }) => r.action)).toEqual(['items.transition.start']);
    const police = (await t.as('admin')({ method: 'GET', url: `/api/audit-log?orgId=${t.orgs.police}&pageSize=200` })).json();
    const policeActors = new Set(police.items.map((r: { username: string }) => r.username));
    expect(policeActors.has('branch')).toBe(true);
    expect(policeActors.has('admin') || policeActors.has('supervisor')).toBe(false);
    const today = (await t.as('admin')({ method: 'GET', url: '/api/audit-log?from=2099-01-01' })).json();
    expect(today.total).toBe(0);

    // An administrator of the police committee: its own subtree only.
    await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username: 'police.admin', displayName: '公安管理员', password: 'Welcome2026x', role: 'admin', orgId: t.orgs.police } });
    const first = await t.login('police.admin', 'Welcome2026x');
    await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { authorization: `Bearer ${first.accessToken}` }, payload: { oldPassword: 'Welcome2026x', newPassword: 'Police2026xy' } });
    secrets.push('Police2026xy');
    const sub = (await t.as('police.admin', 'Police2026xy')({ method: 'GET', url: '/api/audit-log?pageSize=200' })).json();
    expect(sub.total).toBeGreaterThan(0);
    expect(sub.items.every((r: { username: string }) => r.username !== 'admin' && r.username !== 'supervisor')).toBe(true);
    expect((await t.as('police.admin', 'Police2026xy')({ method: 'GET', url: `/api/audit-log?orgId=${t.orgs.committee}` })).statusCode).toBe(404);
  });

  it('exports the filtered records as a workbook', async () => {
    const res = await t.as('admin')({ method: 'GET', url: '/api/audit-log/export.xlsx?kind=login' });
    expect(res.statusCode).toBe(200);
    const { sheets } = await readXlsx(res.rawPayload, { maxDataRows: 1000, maxScannedRows: 1000, maxColumns: 20, maxMerges: 10, maxTextChars: 1_000_000 });
    const cells = JSON.stringify([...sheets[0].rows.values()].map((row) => [...row.values()]));
    expect(cells).toContain('登录失败');
    expect(cells).not.toContain('新建用户');
  });

  it('the daily prune removes only records older than the retention, inside its own transaction', async () => {
    const old = new Date('2023-06-01T00:00:00Z');
    const recent = new Date('2023-07-01T00:00:00Z');
    await t.db.insert(auditLog).values([
      { at: old, action: 'users.update', status: 200 },
      { at: recent, action: 'users.update', status: 200 },
    ]);
    // 36 months before 15 June 2026 is 15 June 2023: the June record goes, the July one stays.
    const outcomes = await t.app.scheduler.tick();
    expect(outcomes.find((o) => o.job === 'audit_prune')).toMatchObject({ ran: true, result: { removed: 1, months: 36 } });
    const left = (await rows()).filter((r) => r.at < new Date('2024-01-01'));
    expect(left.map((r) => r.at.toISOString())).toEqual([recent.toISOString()]);
  });
});
