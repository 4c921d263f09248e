import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { users } from './users.table.js';

/** Temporary passwords, the list's filters and the rule that the committee keeps an administrator. */
describe('users: accounts an administrator manages', () => {
  let t: TestApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const create = (payload: object) => t.as('admin')({ method: 'POST', url: '/api/users', payload });
  const flagOf = async (id: number) => (await t.db.select({ flag: users.mustChangePassword }).from(users).where(eq(users.id, id)))[0].flag;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when a user is created without a password, the server generates one, answers it once and the user must change it', async () => {
    const res = await create({ username: 'clerk.temp', displayName: '临时经办', role: 'branch', orgId: t.orgs.traffic, phone: '13800000001', email: 'clerk@example.cn' });
    expect(res.statusCode).toBe(201);
    const { temporaryPassword, id, mustChangePassword } = res.json();
    expect(temporaryPassword).toMatch(/^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]{12}$/);
    expect(mustChangePassword).toBe(true);
    // Shown once: reading the user afterwards never answers it again.
    expect((await t.as('admin')({ method: 'GET', url: `/api/users/${id}` })).body).not.toContain(temporaryPassword);
    const session = await t.login('clerk.temp', temporaryPassword);
    expect(session.user).toMatchObject({ id, mustChangePassword: true });
  });

  it('when an administrator chooses the password of a new user, that user must still change it at first sign-in', async () => {
    const res = await create({ username: 'clerk.chosen', displayName: '指定密码', password: 'Chosen2026x', role: 'viewer', orgId: t.orgs.police });
    expect(res.statusCode).toBe(201);
    expect(res.json()).not.toHaveProperty('temporaryPassword');
    expect(await flagOf(res.json().id)).toBe(true);
  });

  it('when a password is reset, a temporary one is answered once, every session of the user ends and the old password stops working', async () => {
    const { id } = (await create({ username: 'clerk.reset', displayName: '重置', password: 'Before2026x', role: 'branch', orgId: t.orgs.police })).json();
    await t.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, id));
    const before = await t.login('clerk.reset', 'Before2026x');
    const res = await t.as('admin')({ method: 'POST', url: `/api/users/${id}/password`, payload: {} });
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json();
    expect(temporaryPassword).toMatch(/^[A-Za-z\d]{12}$/);
    expect(await flagOf(id)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(before.accessToken) })).json().error.code).toBe('auth.session_ended');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: before.refreshToken } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk.reset', password: 'Before2026x' } })).statusCode).toBe(401);
    expect((await t.login('clerk.reset', temporaryPassword)).user).toMatchObject({ mustChangePassword: true });
  });

  it('when two passwords are generated, they differ', async () => {
    const { id } = (await create({ username: 'clerk.twice', displayName: '两次', role: 'viewer', orgId: t.orgs.police })).json();
    const first = (await t.as('admin')({ method: 'POST', url: `/api/users/${id}/password`, payload: {} })).json().temporaryPassword;
    const second = (await t.as('admin')({ method: 'POST', url: `/api/users/${id}/password`, payload: {} })).json().temporaryPassword;
    expect(first).not.toBe(second);
  });

  it('when the list is filtered by state, it answers only enabled or only disabled users', async () => {
    const { id } = (await create({ username: 'clerk.off', displayName: '已停用', role: 'viewer', orgId: t.orgs.finance })).json();
    expect((await t.as('admin')({ method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: true } })).statusCode).toBe(200);
    const names = async (query: string) =>
      ((await t.as('admin')({ method: 'GET', url: `/api/users?pageSize=200&${query}` })).json().items as Array<{ username: string; disabled: boolean }>);
    const disabled = await names('state=disabled');
    expect(disabled.map((u) => u.username)).toEqual(['clerk.off']);
    const active = await names('state=active');
    expect(active.every((u) => !u.disabled)).toBe(true);
    expect(active.map((u) => u.username)).toContain('admin');
    expect((await t.as('admin')({ method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: false } })).json().disabled).toBe(false);
  });

  it('when the list is filtered by an organization, it answers that organization and its subtree only', async () => {
    const list = (await t.as('admin')({ method: 'GET', url: `/api/users?pageSize=200&orgId=${t.orgs.police}` })).json();
    const names = list.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['branch', 'clerk.temp']));
    expect(names).not.toContain('branch2');
    expect(names).not.toContain('admin');
    expect(list.total).toBe(names.length);
  });

  it('when the list is searched by display name or username with a role filter, it answers the matches', async () => {
    const byName = (await t.as('admin')({ method: 'GET', url: `/api/users?q=${encodeURIComponent('临时')}` })).json();
    expect(byName.items.map((u: { username: string }) => u.username)).toEqual(['clerk.temp']);
    const byRole = (await t.as('admin')({ method: 'GET', url: '/api/users?q=clerk&role=viewer&pageSize=200' })).json();
    expect(byRole.items.every((u: { role: string }) => u.role === 'viewer')).toBe(true);
    expect(byRole.items.map((u: { username: string }) => u.username)).toContain('clerk.chosen');
  });
});

describe('users: the committee keeps an enabled administrator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const adminId = async () => (await t.login('admin')).user.id;
  const roleOf = async (id: number) => (await t.db.select({ role: users.role, orgId: users.orgId, disabled: users.disabled }).from(users).where(eq(users.id, id)))[0];

  it('when the only enabled administrator of the committee would lose the role or leave the committee, it answers 409 users.last_admin and changes nothing', async () => {
    const id = await adminId();
    for (const payload of [{ role: 'supervisor' }, { orgId: t.orgs.police }, { role: 'viewer', displayName: '改名' }]) {
      const res = await t.as('admin')({ method: 'PATCH', url: `/api/users/${id}`, payload });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('users.last_admin');
    }
    expect(await roleOf(id)).toEqual({ role: 'admin', orgId: t.orgs.committee, disabled: false });
  });

  it('when another enabled administrator of the committee remains, one of them can be disabled; then the last one is kept', async () => {
    const created = await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username: 'admin.two', displayName: '第二管理员', password: 'Second2026x', role: 'admin', orgId: t.orgs.committee } });
    const second = created.json().id as number;
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { authorization: `Bearer ${(await t.login('admin.two', 'Second2026x')).accessToken}` },
      payload: { oldPassword: 'Second2026x', newPassword: 'Second2027y' },
    });
    expect(change.statusCode).toBe(200);
    const asSecond = (opts: object) => t.app.inject({ ...opts, headers: { authorization: `Bearer ${change.json().accessToken}` } });

    const first = await adminId();
    expect((await asSecond({ method: 'PATCH', url: `/api/users/${first}`, payload: { disabled: true } })).statusCode).toBe(200);
    // A disabled administrator does not count: the second one is now the last.
    const demote = await asSecond({ method: 'PATCH', url: `/api/users/${second}`, payload: { role: 'supervisor' } });
    expect(demote.json().error.code).toBe('users.last_admin');
    expect((await roleOf(second)).role).toBe('admin');
    // Reactivating the first makes the second removable again.
    expect((await asSecond({ method: 'PATCH', url: `/api/users/${first}`, payload: { disabled: false } })).statusCode).toBe(200);
    // Disabling ended the first administrator's sessions: sign in again.
    t.forget('admin');
    expect((await t.as('admin')({ method: 'PATCH', url: `/api/users/${second}`, payload: { disabled: true } })).statusCode).toBe(200);
  });

  it('when an administrator of a sub-organization is the only one there, they can still be demoted (only the committee must keep one)', async () => {
    const { id } = (await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username: 'police.admin', displayName: '公安管理员', role: 'admin', orgId: t.orgs.police } })).json();
    expect((await t.as('admin')({ method: 'PATCH', url: `/api/users/${id}`, payload: { role: 'viewer' } })).statusCode).toBe(200);
  });
});
