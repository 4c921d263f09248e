import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { UpdateLdapSettingsBody } from '@rectify/shared';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { describeWithSlapd, startSilentServer, startSlapd, type Slapd } from '../../test/slapd.js';
import { loginAttempts } from '../auth/auth.table.js';
import { users } from '../users/users.table.js';
import { userFilter } from './ldap.directory.js';

const DIRECTORY_PASSWORD = 'Directory-Pass-1';

/**
 * Sign-in with a directory password against Debian's slapd, started here with a throwaway CA: plain, StartTLS and
 * LDAPS, a black-holed port and an untrusted certificate. One directory and one app serve every case.
 */
describeWithSlapd('directory (LDAP) sign-in', () => {
  let slapd: Slapd;
  let t: TestApp;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;

  beforeAll(async () => {
    [slapd, silent] = await Promise.all([
      startSlapd({
        users: [
          { uid: 'branch', password: DIRECTORY_PASSWORD },
          { uid: 'branch2', password: DIRECTORY_PASSWORD },
          { uid: 'lisi', password: DIRECTORY_PASSWORD, cn: '李四' },
          { uid: 'wangwu', password: DIRECTORY_PASSWORD },
        ],
      }),
      startSilentServer(),
    ]);
    t = await createTestApp({ config: { loginMaxFailures: 3 } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await silent?.close();
    await slapd?.stop();
  });

  const settings = (overrides: Partial<UpdateLdapSettingsBody> = {}): UpdateLdapSettingsBody => ({
    enabled: true,
    label: '统一目录账号',
    url: slapd.url,
    startTls: false,
    caCertPem: '',
    bindDn: slapd.bindDn,
    bindPassword: slapd.bindPassword,
    searchBase: slapd.searchBase,
    searchFilter: '(&(objectClass=inetOrgPerson)(uid={{username}}))',
    usernameAttribute: 'uid',
    timeoutMs: 1000,
    createAccounts: { enabled: false, orgId: null },
    ...overrides,
  });
  const configure = async (overrides: Partial<UpdateLdapSettingsBody> = {}) => {
    const res = await t.as('admin')({ method: 'PUT', url: '/api/sign-in/ldap', payload: settings(overrides) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const signIn = (username: string, password = DIRECTORY_PASSWORD, ip = '10.9.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username, password, method: 'ldap' } });
  const code = (res: { body: string }) => (JSON.parse(res.body) as { error: { code: string } }).error.code;

  it('when directory sign-in is off, it refuses method ldap and the local password still works', async () => {
    expect(code(await signIn('branch'))).toBe('auth.ldap_disabled');
    expect((await t.login('branch')).user.orgId).toBe(t.orgs.police);
  });

  it('when the administrator saves the settings, the service password is kept but never sent back', async () => {
    const saved = await configure();
    expect(saved).not.toHaveProperty('bindPassword');
    expect(saved.hasBindPassword).toBe(true);
    const again = await t.as('admin')({ method: 'PUT', url: '/api/sign-in/ldap', payload: { ...settings(), bindPassword: undefined } });
    expect(again.json().hasBindPassword).toBe(true);
    const incomplete = await t.as('admin')({ method: 'PUT', url: '/api/sign-in/ldap', payload: settings({ searchFilter: '(uid=admin)' }) });
    expect(code(incomplete)).toBe('auth.ldap_config_invalid');
    expect((await t.as('supervisor')({ method: 'GET', url: '/api/sign-in/ldap' })).statusCode).toBe(403);
  });

  it('when the directory password is right, the local account signs in and the record names the method', async () => {
    await configure();
    const res = await signIn('branch', DIRECTORY_PASSWORD, '10.9.0.2');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'branch', orgId: t.orgs.police, role: 'branch' });
    const rows = await t.db.select().from(loginAttempts).where(eq(loginAttempts.ip, '10.9.0.2'));
    expect(rows.map((r) => [r.success, r.reason])).toEqual([[true, 'ldap']]);
  });

  it('when the password is wrong, empty or the user unknown, it answers invalid credentials and wrong ones count toward the limit', async () => {
    await configure();
    expect(code(await signIn('nobody', DIRECTORY_PASSWORD, '10.9.0.3'))).toBe('auth.invalid_credentials');
    // The schema refuses an empty password before the directory is asked (an empty simple bind is anonymous).
    expect((await signIn('wangwu', '', '10.9.0.3')).statusCode).toBe(400);
    const wrong = await Promise.all([1, 2, 3].map(() => signIn('wangwu', 'not-it', '10.9.0.3')));
    expect(wrong.map(code)).toEqual(['auth.invalid_credentials', 'auth.invalid_credentials', 'auth.invalid_credentials']);
    expect(code(await signIn('wangwu', DIRECTORY_PASSWORD, '10.9.0.3'))).toBe('auth.too_many_attempts');
    const reasons = (await t.db.select().from(loginAttempts).where(eq(loginAttempts.ip, '10.9.0.3'))).map((r) => r.reason);
    expect(reasons).toEqual(['ldap:unknown_user', 'ldap:wrong_password', 'ldap:wrong_password', 'ldap:wrong_password']);
  });

  it('when the username carries filter syntax, it is escaped and matches no one', async () => {
    await configure();
    expect(userFilter('(uid={{username}})', 'a*)(|(uid=*\\\0')).toBe('(uid=a\\2a\\29\\28|\\28uid=\\2a\\5c\\00)');
    // Unescaped, `bran*` would find branch and the right password would sign them in.
    for (const username of ['bran*', '*', 'branch)(uid=*', 'x)(|(uid=branch']) {
      expect(code(await signIn(username, DIRECTORY_PASSWORD, '10.9.0.4'))).toBe('auth.invalid_credentials');
    }
  });

  it('when the directory knows the user but this system does not, it refuses unless accounts are created', async () => {
    await configure();
    expect(code(await signIn('lisi', DIRECTORY_PASSWORD, '10.9.0.5'))).toBe('auth.account_not_found');
    await configure({ createAccounts: { enabled: true, orgId: t.orgs.finance } });
    const res = await signIn('lisi', DIRECTORY_PASSWORD, '10.9.0.5');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'lisi', displayName: '李四', role: 'viewer', orgId: t.orgs.finance });
    const [created] = await t.db.select().from(users).where(eq(users.username, 'lisi'));
    expect(created.passwordLogin).toBe(false);
  });

  it('when the local account is disabled, the right directory password is refused', async () => {
    await configure();
    await t.db.update(users).set({ disabled: true }).where(eq(users.username, 'branch2'));
    expect(code(await signIn('branch2', DIRECTORY_PASSWORD, '10.9.0.6'))).toBe('auth.account_disabled');
  });

  it('when the server is down or never answers, it answers unavailable in seconds', async () => {
    await configure({ url: 'ldap://127.0.0.1:1' });
    expect(code(await signIn('branch', DIRECTORY_PASSWORD, '10.9.0.7'))).toBe('auth.ldap_unavailable');
    await configure({ url: silent.url });
    const hung = await signIn('branch', DIRECTORY_PASSWORD, '10.9.0.7');
    expect(hung.statusCode).toBe(503);
    expect(code(hung)).toBe('auth.ldap_unavailable');
    const test = await t.as('admin')({ method: 'POST', url: '/api/sign-in/ldap/test', payload: settings({ url: silent.url }) });
    expect(test.json()).toEqual({ ok: false, message: expect.stringContaining('超时') });
  }, 20_000);

  it('when the connection is StartTLS or LDAPS with the test CA, it signs in; with a certificate it does not trust, it refuses', async () => {
    await configure({ startTls: true, caCertPem: slapd.caCertPem });
    expect((await signIn('branch', DIRECTORY_PASSWORD, '10.9.0.8')).statusCode).toBe(200);
    await configure({ url: slapd.ldapsUrl, caCertPem: slapd.caCertPem });
    expect((await signIn('branch', DIRECTORY_PASSWORD, '10.9.0.8')).statusCode).toBe(200);
    await configure({ url: slapd.ldapsUrl, caCertPem: slapd.otherCaCertPem });
    expect(code(await signIn('branch', DIRECTORY_PASSWORD, '10.9.0.8'))).toBe('auth.ldap_unavailable');
    await configure({ startTls: true, caCertPem: slapd.otherCaCertPem });
    expect(code(await signIn('branch', DIRECTORY_PASSWORD, '10.9.0.8'))).toBe('auth.ldap_unavailable');
    const test = await t.as('admin')({ method: 'POST', url: '/api/sign-in/ldap/test', payload: settings({ url: slapd.ldapsUrl, caCertPem: slapd.otherCaCertPem }) });
    expect(test.json()).toEqual({ ok: false, message: expect.stringContaining('证书') });
  });

  it('when the administrator tests the connection, it reports the service bind in Chinese without saving', async () => {
    const ok = await t.as('admin')({ method: 'POST', url: '/api/sign-in/ldap/test', payload: settings() });
    expect(ok.json()).toEqual({ ok: true, message: expect.stringContaining('连接成功') });
    const badBind = await t.as('admin')({ method: 'POST', url: '/api/sign-in/ldap/test', payload: settings({ bindPassword: 'wrong' }) });
    expect(badBind.json()).toEqual({ ok: false, message: expect.stringContaining('服务账号') });
    const badBase = await t.as('admin')({ method: 'POST', url: '/api/sign-in/ldap/test', payload: settings({ searchBase: 'ou=nowhere,dc=example,dc=org' }) });
    expect(badBase.json()).toEqual({ ok: false, message: expect.stringContaining('搜索基准') });
  });
});
