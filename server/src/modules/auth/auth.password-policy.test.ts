import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/demo.seed.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/**
 * The password rule wherever a password is set: at least 10 characters, not containing the username, not a common
 * password. Passwords already in use (the demo accounts' 9-character one) keep working.
 */
describe('the password rule', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t.close());

  const refused: [string, (username: string) => string, string[]][] = [
    ['a short one', () => 'Sh0rt-pwd', ['too_short']],
    ['one containing the username', (username) => `Rectify-${username}-26`, ['contains_username']],
    ['one containing the username in other letter case', (username) => `${username.toUpperCase()}-2026!`, ['contains_username']],
    ['a common one', () => 'password123', ['common']],
    ['a common one typed in capitals', () => 'QWERTYUIOP', ['common']],
  ];
  const expectRefused = (res: { statusCode: number; json(): unknown }, problems: string[]) => {
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'auth.weak_password', message: '密码至少 10 位，不能包含用户名，也不能是常见密码', details: { problems } } });
  };

  let userId: number;
  it('when an administrator creates a user with an acceptable password, the user signs in with it', async () => {
    const res = await t.as('admin')({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'policyuser', displayName: '密码规则', password: 'Ledger-Rectify-2026', role: 'viewer', orgId: t.orgs.police },
    });
    expect(res.statusCode).toBe(201);
    userId = res.json().id;
    expect((await t.login('policyuser', 'Ledger-Rectify-2026')).user.id).toBe(userId);
  });

  it.each(refused)('when an administrator creates a user with %s, it is refused and no user is created', async (_case, password, problems) => {
    const res = await t.as('admin')({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'policyuser-b', displayName: '密码规则', password: password('policyuser-b'), role: 'viewer', orgId: t.orgs.police },
    });
    expectRefused(res, problems);
    expect((await t.as('admin')({ method: 'GET', url: '/api/users?q=policyuser-b' })).json().total).toBe(0);
  });

  it.each(refused)('when an administrator resets a password to %s, it is refused and the old one still works', async (_case, password, problems) => {
    expectRefused(await t.as('admin')({ method: 'POST', url: `/api/users/${userId}/password`, payload: { password: password('policyuser') } }), problems);
    expect((await t.login('policyuser', 'Ledger-Rectify-2026')).user.id).toBe(userId);
  });

  it.each(refused)('when a user changes their password to %s, it is refused and the old one still works', async (_case, password, problems) => {
    const { accessToken } = await t.login('policyuser', 'Ledger-Rectify-2026');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: { oldPassword: 'Ledger-Rectify-2026', newPassword: password('policyuser') },
    });
    expectRefused(res, problems);
    expect((await t.login('policyuser', 'Ledger-Rectify-2026')).user.id).toBe(userId);
  });

  it('when a password breaks several parts of the rule, every problem is named', async () => {
    const res = await t.as('admin')({ method: 'POST', url: `/api/users/${userId}/password`, payload: { password: 'policyuser' } });
    expectRefused(res, ['contains_username']);
    const both = await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username: 'qwerty', displayName: '密码规则', password: 'qwertyuiop', role: 'viewer', orgId: t.orgs.police } });
    expectRefused(both, ['contains_username', 'common']);
  });

  it('when an account still has a password set before the rule, it signs in with it', async () => {
    expect(DEMO_PASSWORD.length).toBeLessThan(10);
    expect((await t.login('viewer')).user.id).toBeGreaterThan(0);
  });
});
