import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../../app.js';
import { createDatabase, type Database } from '../../db/client.js';
import { DEMO_PASSWORD } from '../../demo/demo.seed.js';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, testConfig, type TestApp } from '../../test/test-app.js';

// Counts the argon2 verifications (and still runs them): the answers alone would not show a guess verified before
// it was refused.
const verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../lib/password.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../lib/password.js')>();
  return {
    ...real,
    verifyPassword: (hashed: string, password: string) => {
      verifications.count++;
      return real.verifyPassword(hashed, password);
    },
  };
});

/**
 * The limits on password checks: per account and source address (5), per source address (20) and per account from
 * everywhere (12 here, 50 by default), counted before the password is verified so that parallel guesses cannot
 * slip through, and shared by sign-in and the old password of a password change.
 */
describe('sign-in limits', () => {
  const limits = { loginMaxFailures: 5, loginSourceMaxFailures: 20, loginAccountMaxFailures: 12, loginWindowSeconds: 900 };
  const clock = fixedClock('2026-03-02T08:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock, config: limits });
  }, 120_000);
  afterAll(() => t.close());

  // Each test moves to a window of its own, so that no test sees another's failures.
  let window = 0;
  const nextWindow = () => clock.set(new Date(Date.parse('2026-03-02T08:00:00Z') + ++window * limits.loginWindowSeconds * 1000));

  const login = (app: App, { username, password, ip }: { username: string; password: string; ip: string }) =>
    app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username, password } });
  const codes = (responses: { statusCode: number; body: string }[]) =>
    responses.map((r) => (r.statusCode === 200 ? 'ok' : (JSON.parse(r.body) as { error: { code: string } }).error.code));
  const tally = (list: string[]) => list.reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {});

  it('when 30 wrong passwords for one account arrive at once, at most 5 are verified and the rest are refused', async () => {
    nextWindow();
    const before = verifications.count;
    const answers = codes(await Promise.all(Array.from({ length: 30 }, (_, i) => login(t.app, { username: 'viewer', password: `wrong-${i}`, ip: '10.1.0.1' }))));
    expect(tally(answers)).toEqual({ 'auth.invalid_credentials': 5, 'auth.too_many_attempts': 25 });
    expect(verifications.count - before).toBe(5);
    const right = await login(t.app, { username: 'viewer', password: DEMO_PASSWORD, ip: '10.1.0.1' });
    expect(right.statusCode).toBe(429);
    // The window began at 08:15 of the fixed clock, which stands at its start: all of it remains.
    expect(right.headers['retry-after']).toBe('900');
    expect(right.json().error.details).toEqual({ retryAfterSeconds: 900 });
  });

  it('when the window has passed, the same account and address may sign in again', async () => {
    nextWindow();
    for (let i = 0; i < 5; i++) await login(t.app, { username: 'branch', password: 'wrong-password', ip: '10.1.0.2' });
    expect((await login(t.app, { username: 'branch', password: DEMO_PASSWORD, ip: '10.1.0.2' })).statusCode).toBe(429);
    nextWindow();
    expect((await login(t.app, { username: 'branch', password: DEMO_PASSWORD, ip: '10.1.0.2' })).statusCode).toBe(200);
  });

  it('when a stranger keeps failing from one address, the user still signs in from another', async () => {
    nextWindow();
    // 5 verified failures, then 25 refused ones: only the verified ones may count against the account.
    const answers = codes(await Promise.all(Array.from({ length: 30 }, () => login(t.app, { username: 'admin', password: 'guess-guess', ip: '203.0.113.9' }))));
    expect(tally(answers)).toEqual({ 'auth.invalid_credentials': 5, 'auth.too_many_attempts': 25 });
    expect((await login(t.app, { username: 'admin', password: DEMO_PASSWORD, ip: '10.1.0.3' })).statusCode).toBe(200);
    expect((await login(t.app, { username: 'admin', password: DEMO_PASSWORD, ip: '203.0.113.9' })).statusCode).toBe(429);
  });

  it('when failures for one account come from many addresses, the account ceiling refuses every address', async () => {
    nextWindow();
    const tries = Array.from({ length: 4 }, (_, source) => Array.from({ length: 4 }, () => ({ username: 'supervisor', password: 'guess-guess', ip: `198.51.100.${source}` }))).flat();
    const answers = codes(await Promise.all(tries.map((body) => login(t.app, body))));
    expect(tally(answers)).toEqual({ 'auth.invalid_credentials': 12, 'auth.too_many_attempts': 4 });
    expect((await login(t.app, { username: 'supervisor', password: DEMO_PASSWORD, ip: '10.1.0.4' })).json().error.code).toBe('auth.too_many_attempts');
  });

  it('when one address fails for many accounts, it is refused for any account while other addresses are not', async () => {
    nextWindow();
    const names = ['nobody-1', 'nobody-2', 'nobody-3', 'nobody-4', 'nobody-5'];
    const answers = codes(await Promise.all(names.flatMap((username) => Array.from({ length: 5 }, () => login(t.app, { username, password: 'guess-guess', ip: '192.0.2.7' })))));
    expect(tally(answers)).toEqual({ 'auth.invalid_credentials': 20, 'auth.too_many_attempts': 5 });
    expect((await login(t.app, { username: 'branch2', password: DEMO_PASSWORD, ip: '192.0.2.7' })).statusCode).toBe(429);
    expect((await login(t.app, { username: 'branch2', password: DEMO_PASSWORD, ip: '192.0.2.8' })).statusCode).toBe(200);
  });

  it('when sign-ins succeed, they do not count towards the limit', async () => {
    nextWindow();
    for (let i = 0; i < 4; i++) await login(t.app, { username: 'branch2', password: 'wrong-password', ip: '10.1.0.5' });
    for (let i = 0; i < 6; i++) expect((await login(t.app, { username: 'branch2', password: DEMO_PASSWORD, ip: '10.1.0.5' })).statusCode).toBe(200);
    expect((await login(t.app, { username: 'branch2', password: 'wrong-password', ip: '10.1.0.5' })).statusCode).toBe(401);
    expect((await login(t.app, { username: 'branch2', password: DEMO_PASSWORD, ip: '10.1.0.5' })).statusCode).toBe(429);
  });

  it('when the old password is guessed at a password change, the same limits apply and count with sign-in failures', async () => {
    nextWindow();
    const { accessToken } = await t.login('viewer');
    const change = (oldPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        remoteAddress: '10.1.0.6',
        headers: { authorization: `Bearer ${accessToken}` },
        payload: { oldPassword, newPassword: 'Ledger-Rectify-2026' },
      });
    await login(t.app, { username: 'viewer', password: 'wrong-password', ip: '10.1.0.6' });
    const before = verifications.count;
    const answers = codes(await Promise.all(Array.from({ length: 30 }, (_, i) => change(`guess-${i}`))));
    expect(tally(answers)).toEqual({ 'auth.wrong_password': 4, 'auth.too_many_attempts': 26 });
    expect(verifications.count - before).toBe(4);
    expect((await change(DEMO_PASSWORD)).json().error.code).toBe('auth.too_many_attempts');
    expect((await login(t.app, { username: 'viewer', password: DEMO_PASSWORD, ip: '10.1.0.6' })).statusCode).toBe(429);
  });

  it('when two app instances share the database, parallel guesses through both still verify at most 5', async () => {
    nextWindow();
    // On PostgreSQL the second instance has a pool of its own, as a second process would; PGlite has one connection.
    const second: Database = t.database.pool
      ? await createDatabase({ url: String(t.database.pool.options.connectionString), poolSize: 5, onPoolError: () => {} })
      : t.database;
    const other = await buildApp({ config: testConfig({ ...limits, dataDir: t.dataDir }), database: second, clock });
    await other.ready();
    try {
      const before = verifications.count;
      const answers = codes(
        await Promise.all(Array.from({ length: 40 }, (_, i) => login(i % 2 ? t.app : other, { username: 'branch', password: `wrong-${i}`, ip: '10.1.0.7' }))),
      );
      expect(tally(answers)).toEqual({ 'auth.invalid_credentials': 5, 'auth.too_many_attempts': 35 });
      expect(verifications.count - before).toBe(5);
    } finally {
      await other.close();
      if (second !== t.database) await second.close();
    }
  });
});
