import { createServer } from 'node:http';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload } from 'oidc-provider';

/** The test client every provider started here knows. */
export const testClient = { clientId: 'rectify', clientSecret: 'rectify-test-client-secret-0123456789' };

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * oidc-provider's storage, in memory, with one door for tests: `expireCodes()` ages every authorization code issued
 * so far past its expiry, so the provider itself refuses to redeem it.
 */
function memoryStore() {
  const rows = new Map<string, AdapterPayload>();
  const key = (model: string, id: string) => `${model}:${id}`;
  class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}
    async upsert(id: string, payload: AdapterPayload) {
      rows.set(key(this.model, id), payload);
    }
    async find(id: string) {
      return rows.get(key(this.model, id));
    }
    async findByUserCode() {
      return undefined;
    }
    async findByUid(uid: string) {
      return [...rows.values()].find((p) => p.uid === uid);
    }
    async consume(id: string) {
      const row = rows.get(key(this.model, id));
      if (row) row.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      rows.delete(key(this.model, id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [k, p] of rows) if (p.grantId === grantId) rows.delete(k);
    }
  }
  function expireCodes() {
    for (const [k, p] of rows) if (k.startsWith('AuthorizationCode:')) p.exp = Math.floor(Date.now() / 1000) - 60;
  }
  return { MemoryAdapter, expireCodes };
}

/**
 * A real OpenID provider (oidc-provider, a certified implementation) on 127.0.0.1 and a free port, over plain http,
 * with the test client registered for `redirectUris`. Any login name signs in at its development login page (the
 * password is not checked); the account's `preferred_username` is that name. Consent is taken as given.
 */
export async function startTestProvider({ redirectUris, postLogoutRedirectUris = [] }: { redirectUris: string[]; postLogoutRedirectUris?: string[] }) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const store = memoryStore();
  const provider = new Provider(issuer, {
    adapter: store.MemoryAdapter,
    clients: [
      {
        client_id: testClient.clientId,
        client_secret: testClient.clientSecret,
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, preferred_username: id, name: id }) }),
    // First-party client: the user is not asked to consent to their own sign-in.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());

  /** Signs `claims` as the provider would (its own key), for tests that forge an ID token it never issued. */
  const signIdToken = (claims: Record<string, unknown>, key: KeyObject = privateKey) => {
    const input = `${b64({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })}.${b64(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  };

  return {
    issuer,
    expireCodes: store.expireCodes,
    signIdToken,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Plays a browser through the provider's development login page: from our authorization URL to the redirect back,
 * whose address (with code, state and iss) is answered. Cookies are carried between the provider's pages.
 */
export async function signInAtProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { method: body ? 'POST' : 'GET', body, headers: { cookie: cookie() }, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [k, ...v] = pair.split('=');
      jar.set(k.trim(), v.join('='));
    }
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== new URL(authorizationUrl).origin) return next.href;
      url = next.href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html)?.[1];
    if (!action) throw new Error(`the provider answered ${res.status} without a way on: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    body = new URLSearchParams({ prompt: 'login', login, password: 'any' });
  }
  throw new Error('the provider did not send the browser back');
}
