import * as client from 'openid-client';
import type { StoredOidc } from '../sign-in/sign-in.config.js';

// Discovery answers are kept this long, so a sign-in does not fetch the provider's metadata each time.
const DISCOVERY_MS = 10 * 60 * 1000;
const TIMEOUT_SECONDS = 10;

export interface ProviderOptions {
  /** Replaces the HTTP client for every request to the provider (tests alter the provider's answers with it). */
  fetch?: client.CustomFetch;
}

/**
 * The provider's metadata and our client, discovered once per setting. ID tokens are checked by openid-client
 * (issuer, audience, expiry, nonce) and, with non-repudiation checks on, their signature against the provider's keys
 * too. Plain http is accepted only because the administrator typed it (an intranet provider, a test).
 */
export function createProviderCache({ fetch }: ProviderOptions = {}) {
  const cache = new Map<string, { at: number; config: Promise<client.Configuration> }>();

  function discover(o: StoredOidc): Promise<client.Configuration> {
    const key = JSON.stringify([o.issuer, o.clientId, o.clientSecret]);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < DISCOVERY_MS) return hit.config;
    const execute = [client.enableNonRepudiationChecks, ...(o.issuer.startsWith('http:') ? [client.allowInsecureRequests] : [])];
    const auth = o.clientSecret ? client.ClientSecretBasic(o.clientSecret) : client.None();
    const config = client.discovery(new URL(o.issuer), o.clientId, o.clientSecret ? undefined : { token_endpoint_auth_method: 'none' }, auth, {
      execute,
      timeout: TIMEOUT_SECONDS,
      ...(fetch ? { [client.customFetch]: fetch } : {}),
    });
    cache.set(key, { at: Date.now(), config });
    // A failed discovery is not kept: the next sign-in tries again.
    config.catch(() => cache.delete(key));
    return config;
  }

  return { discover };
}

export type ProviderCache = ReturnType<typeof createProviderCache>;
