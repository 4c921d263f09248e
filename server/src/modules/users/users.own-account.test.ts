import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { passwordChangeRoutes } from '../../plugins/auth.js';
import { users } from './users.table.js';

describe('one\'s own account', () => {
  let t: TestApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A clerk created by the administrator, signed in with the temporary password. */
  async function newClerk(username: string) {
    const created = await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username, displayName: '新经办', role: 'branch', orgId: t.orgs.police } });
    const { id, temporaryPassword } = created.json() as { id: number; temporaryPassword: string };
    return { id, temporaryPassword, session: await t.login(username, temporaryPassword) };
  }

  describe('the forced password change', () => {
    it('when the password is an administrator\'s, every API route but sign-out, me, own profile and the password change answers 403 auth.password_change_required', async () => {
      const { session } = await newClerk('forced.all');
      const refused: string[] = [];
      let checked = 0;
      for (const { method, url, permission } of t.app.routePolicy) {
        if (permission === 'public' || passwordChangeRoutes.has(`${method} ${url}`)) continue;
        const res = await t.app.inject({ method: method as 'GET', url: url.replace(/:\w+/g, '1').replace('*', 'x'), headers: bearer(session.accessToken) });
        checked++;
        if (res.statusCode !== 403 || res.json().error.code !== 'auth.password_change_required') refused.push(`${method} ${url} → ${res.statusCode}`);
      }
      expect(refused).toEqual([]);
      expect(checked).toBeGreaterThan(40);
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(session.accessToken) });
      expect(me.json()).toMatchObject({ username: 'forced.all', mustChangePassword: true });
      expect((await t.app.inject({ method: 'GET', url: '/api/profile', headers: bearer(session.accessToken) })).statusCode).toBe(200);
    });

    it('when the user changes the password, the flag is cleared, the app opens, and every other session ends while the current one continues', async () => {
      const { id, temporaryPassword, session } = await newClerk('forced.change');
      const other = await t.login('forced.change', temporaryPassword);
      const change = (payload: object) => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(session.accessToken), payload });
      expect((await change({ oldPassword: temporaryPassword, newPassword: temporaryPassword })).json().error.code).toBe('auth.password_unchanged');
      const res = await change({ oldPassword: temporaryPassword, newPassword: 'MyOwnPass2026' });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.mustChangePassword).toBe(false);
      const [row] = await t.db.select({ flag: users.mustChangePassword }).from(users).where(eq(users.id, id));
      expect(row.flag).toBe(false);
      expect((await t.app.inject({ method: 'GET', url: '/api/items', headers: bearer(res.json().accessToken) })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(other.accessToken) })).json().error.code).toBe('auth.session_ended');
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: other.refreshToken } })).statusCode).toBe(401);
      const next = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: res.json().refreshToken } });
      expect(next.statusCode).toBe(200);
    });

    it('when the password is reset while the user is working, the next sign-in is held at the password change again', async () => {
      const { id, temporaryPassword, session } = await newClerk('forced.again');
      const own = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(session.accessToken), payload: { oldPassword: temporaryPassword, newPassword: 'MyOwnPass2026' } });
      expect((await t.app.inject({ method: 'GET', url: '/api/items', headers: bearer(own.json().accessToken) })).statusCode).toBe(200);
      const reset = await t.as('admin')({ method: 'POST', url: `/api/users/${id}/password`, payload: {} });
      const again = await t.login('forced.again', reset.json().temporaryPassword);
      const res = await t.app.inject({ method: 'GET', url: '/api/items', headers: bearer(again.accessToken) });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('auth.password_change_required');
    });
  });

  describe('个人信息', () => {
    it('when a user reads their profile, it answers their own name, organization and contact details', async () => {
      const res = await t.as('branch')({ method: 'GET', url: '/api/profile' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ username: 'branch', role: 'branch', orgName: expect.any(String), phone: null, email: null });
      expect(res.body).not.toContain('password');
    });

    it('when a user changes their display name, mobile and e-mail, they are stored and the session shows the new name', async () => {
      const res = await t.as('branch')({ method: 'PATCH', url: '/api/profile', payload: { displayName: '王经办（新）', phone: '13900000000', email: 'wang@example.cn' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ displayName: '王经办（新）', phone: '13900000000', email: 'wang@example.cn' });
      expect((await t.as('branch')({ method: 'GET', url: '/api/auth/me' })).json().displayName).toBe('王经办（新）');
      expect((await t.as('branch')({ method: 'PATCH', url: '/api/profile', payload: { phone: null, email: null } })).json()).toMatchObject({ phone: null, email: null });
    });

    it('when a user tries to change their own role, organization or state through the profile, it answers 400 and changes nothing', async () => {
      for (const payload of [{ role: 'admin' }, { orgId: t.orgs.committee }, { disabled: false }, { mustChangePassword: false }, { email: 'not-an-email' }]) {
        expect((await t.as('branch')({ method: 'PATCH', url: '/api/profile', payload })).statusCode).toBe(400);
      }
      const [row] = await t.db.select({ role: users.role, orgId: users.orgId }).from(users).where(eq(users.username, 'branch'));
      expect(row).toEqual({ role: 'branch', orgId: t.orgs.police });
    });

    it('when a user on a temporary password changes the profile, it is refused until the password is changed', async () => {
      const { session } = await newClerk('forced.profile');
      const res = await t.app.inject({ method: 'PATCH', url: '/api/profile', headers: bearer(session.accessToken), payload: { phone: '1' } });
      expect(res.json().error.code).toBe('auth.password_change_required');
    });
  });
});
