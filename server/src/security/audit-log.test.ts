import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.js';
import { DEMO_PASSWORD, seedDemoData } from '../demo/demo.seed.js';
import { createTestDatabase } from '../test/test-db.js';
import { testConfig } from '../test/test-app.js';
import type { Database } from '../db/client.js';

interface LogEntry {
  level: number;
  msg: string;
  reqId?: string;
  [key: string]: unknown;
}

/**
 * The app's own pino output, captured line by line: every login (success or failure, with the reason), every
 * refused authorization and every refused request is there, attributable to a user where one is signed in, and
 * no password, token, hash or secret ever is.
 */
describe('the audit trail in the log', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const entries = () => lines.map((line) => JSON.parse(line) as LogEntry);
  const config = testConfig({ loginMaxFailures: 3 });
  let app: App;
  let database: Database;
  let orgIds: Record<string, number>;
  const secrets: string[] = [DEMO_PASSWORD, config.jwtSecret];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildApp({ config, database, logger: { level: 'info', stream: sink } });
    await app.ready();
    ({ orgIds } = await seedDemoData({ db: database.db }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  async function login(username: string, password: string) {
    secrets.push(password);
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode === 200) secrets.push(res.json().accessToken, res.json().refreshToken);
    return res;
  }
  const since = (mark: number) => entries().slice(mark);

  it('when a login succeeds, it is logged with the user, the name and the address', async () => {
    const mark = lines.length;
    const res = await login('supervisor', DEMO_PASSWORD);
    expect(since(mark)).toContainEqual(expect.objectContaining({ msg: 'login succeeded', userId: res.json().user.id, username: 'supervisor', ip: expect.any(String) }));
  });

  it.each([
    ['a wrong password', 'branch', 'Wrong-2026', 'wrong_password'],
    ['an unknown user', 'nobody-here', 'Whatever-2026', 'unknown_user'],
  ])('when a login fails with %s, it is logged as a warning with the reason', async (_case, username, password, reason) => {
    const mark = lines.length;
    expect((await login(username, password)).statusCode).toBe(401);
    expect(since(mark)).toContainEqual(expect.objectContaining({ msg: 'login failed', level: 40, username, reason }));
  });

  it('when a disabled user logs in, the failure is logged with the reason disabled', async () => {
    const admin = (await login('admin', DEMO_PASSWORD)).json().accessToken;
    const viewer = (await login('viewer', DEMO_PASSWORD)).json().user.id;
    await app.inject({ method: 'PATCH', url: `/api/users/${viewer}`, headers: { authorization: `Bearer ${admin}` }, payload: { disabled: true } });
    const mark = lines.length;
    expect((await login('viewer', DEMO_PASSWORD)).statusCode).toBe(401);
    expect(since(mark)).toContainEqual(expect.objectContaining({ msg: 'login failed', username: 'viewer', reason: 'disabled' }));
  });

  it('when an account is locked after repeated failures, the refusal is logged', async () => {
    for (let i = 0; i < 3; i++) await login('branch2', `Wrong-${i}-2026`);
    const mark = lines.length;
    expect((await login('branch2', `Wrong-x-2026`)).statusCode).toBe(429);
    expect(since(mark)).toContainEqual(expect.objectContaining({ msg: 'login refused: too many failures', username: 'branch2' }));
  });

  it('when a role is refused a route, the refusal names the user, role, permission and route', async () => {
    const branch = await login('branch', DEMO_PASSWORD);
    const mark = lines.length;
    const res = await app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${branch.json().accessToken}` } });
    expect(res.statusCode).toBe(403);
    expect(since(mark)).toContainEqual(
      expect.objectContaining({ msg: 'authorization refused', level: 40, userId: branch.json().user.id, role: 'branch', permission: 'users.read', route: '/api/users' }),
    );
  });

  it('when a record out of scope is asked for, the 404 is logged with its code and the user who asked', async () => {
    const supervisor = (await login('supervisor', DEMO_PASSWORD)).json().accessToken;
    const created = await app.inject({
      method: 'POST',
      url: '/api/items',
      headers: { authorization: `Bearer ${supervisor}` },
      payload: { orgId: orgIds.finance, source: 'review', description: '财政局的问题', deadline: '2026-12-31', type: 'deadline' },
    });
    const item = created.json();
    const branch = await login('branch', DEMO_PASSWORD);
    const mark = lines.length;
    expect((await app.inject({ method: 'GET', url: `/api/items/${item.id}`, headers: { authorization: `Bearer ${branch.json().accessToken}` } })).statusCode).toBe(404);
    const refused = since(mark).find((e) => e.msg === 'request refused');
    expect(refused).toMatchObject({ code: 'items.not_found', route: '/api/items/:id', userId: branch.json().user.id });
  });

  it('when a token is forged or missing, the refusal is logged with its code', async () => {
    const mark = lines.length;
    await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer not.a.jwt' } });
    await app.inject({ method: 'GET', url: '/api/auth/me' });
    const codes = since(mark).filter((e) => e.msg === 'request refused').map((e) => e.code);
    expect(codes).toEqual(['auth.invalid_token', 'auth.unauthenticated']);
  });

  it('when a password is changed or reset, neither password reaches the log', async () => {
    const branch = await login('branch', DEMO_PASSWORD);
    secrets.push('Changed-2026x', 'Reset-2026xy');
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { authorization: `Bearer ${branch.json().accessToken}` },
      payload: { oldPassword: DEMO_PASSWORD, newPassword: 'Changed-2026x' },
    });
    expect(changed.statusCode).toBe(200);
    secrets.push(changed.json().accessToken, changed.json().refreshToken);
    const admin = (await login('admin', DEMO_PASSWORD)).json().accessToken;
    await app.inject({ method: 'POST', url: `/api/users/${branch.json().user.id}/password`, headers: { authorization: `Bearer ${admin}` }, payload: { password: 'Reset-2026xy' } });
  });

  it('after all of that, no password, token, password hash or secret appears anywhere in the log', () => {
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(20);
    for (const secret of secrets) expect(log.includes(secret), `the log holds ${secret.slice(0, 12)}…`).toBe(false);
    expect(log).not.toMatch(/\$argon2id\$/);
    expect(log).not.toMatch(/authorization"?\s*:\s*"Bearer/i);
  });
});
