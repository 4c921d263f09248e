import type { ConnectionOptions } from 'node:tls';
import { Client, Filter, InvalidCredentialsError, NoSuchObjectError, SizeLimitExceededError } from 'ldapts';

/** What a sign-in needs to reach the directory (the stored settings, or the form being tested). */
export interface DirectoryConfig {
  url: string;
  startTls: boolean;
  caCertPem: string;
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  searchFilter: string;
  usernameAttribute: string;
  timeoutMs: number;
}

/** Why the directory could not answer; the administrator's test names it, a sign-in only says "unavailable". */
export type UnavailableReason = 'timeout' | 'unreachable' | 'tls' | 'service_bind' | 'search_base';

export class DirectoryUnavailable extends Error {
  constructor(
    readonly reason: UnavailableReason,
    cause?: unknown,
  ) {
    super(`directory unavailable: ${reason}`, { cause });
  }
}

export type DirectoryAnswer =
  | { outcome: 'ok'; username: string; displayName: string }
  | { outcome: 'unknown_user' }
  | { outcome: 'wrong_password' };

/** The username typed in, escaped for the filter (`*`, `(`, `)`, `\` and NUL), so that it matches only itself. */
export function userFilter(template: string, username: string) {
  return template.replaceAll('{{username}}', Filter.escape(username));
}

function classify(error: unknown): DirectoryUnavailable {
  if (error instanceof DirectoryUnavailable) return error;
  const text = `${(error as { code?: string }).code ?? ''} ${(error as Error).message ?? ''}`;
  if (/timeout|timed out/i.test(text)) return new DirectoryUnavailable('timeout', error);
  if (/CERT|certificate|self.signed|TLS|SSL|altnames/i.test(text)) return new DirectoryUnavailable('tls', error);
  return new DirectoryUnavailable('unreachable', error);
}

/**
 * Runs `work` on a connection that ends within `timeoutMs` whatever the server does: ldapts bounds the TCP connect and
 * each operation, and the deadline here bounds the rest (a TLS handshake that never completes, a half-open socket).
 */
async function withConnection<T>(config: DirectoryConfig, work: (client: Client) => Promise<T>): Promise<T> {
  const tlsOptions: ConnectionOptions = { minVersion: 'TLSv1.2', ...(config.caCertPem.trim() ? { ca: [config.caCertPem] } : {}) };
  // ldapts takes any TLS options as a request for TLS from the first byte, so ldap:// gets them only at StartTLS.
  const secure = config.url.startsWith('ldaps://');
  const client = new Client({ url: config.url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs, ...(secure ? { tlsOptions } : {}) });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DirectoryUnavailable('timeout')), config.timeoutMs);
  });
  const run = (async () => {
    if (config.startTls && !secure) await client.startTLS(tlsOptions);
    return work(client);
  })();
  run.catch(() => undefined);
  try {
    return await Promise.race([run, deadline]);
  } catch (error) {
    throw classify(error);
  } finally {
    clearTimeout(timer);
    // Not awaited: on a hung server the unbind itself would wait; ldapts closes the socket either way.
    client.unbind().catch(() => undefined);
  }
}

async function serviceBind(client: Client, config: DirectoryConfig) {
  try {
    await client.bind(config.bindDn, config.bindPassword);
  } catch (error) {
    if (error instanceof InvalidCredentialsError) throw new DirectoryUnavailable('service_bind', error);
    throw error;
  }
}

function firstValue(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  return Buffer.isBuffer(first) ? first.toString('utf8') : undefined;
}

/**
 * Finds the user with the service account, then binds as them to check the password. An empty password never reaches
 * the directory: a simple bind without one is an anonymous bind, which many servers accept.
 */
export async function authenticate(config: DirectoryConfig, { username, password }: { username: string; password: string }): Promise<DirectoryAnswer> {
  if (password === '') return { outcome: 'wrong_password' };
  return withConnection(config, async (client) => {
    await serviceBind(client, config);
    let entries;
    try {
      ({ searchEntries: entries } = await client.search(config.searchBase, {
        scope: 'sub',
        filter: userFilter(config.searchFilter, username),
        attributes: [config.usernameAttribute, 'displayName', 'cn'],
        sizeLimit: 2,
      }));
    } catch (error) {
      // Two or more entries for one username: none of them can be told to be the one meant.
      if (error instanceof SizeLimitExceededError) return { outcome: 'unknown_user' };
      if (error instanceof NoSuchObjectError) throw new DirectoryUnavailable('search_base', error);
      throw error;
    }
    if (entries.length !== 1) return { outcome: 'unknown_user' };
    const [entry] = entries;
    try {
      await client.bind(entry.dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return { outcome: 'wrong_password' };
      throw error;
    }
    const mapped = firstValue(entry[config.usernameAttribute]) ?? username;
    return { outcome: 'ok', username: mapped, displayName: firstValue(entry.displayName) ?? firstValue(entry.cn) ?? mapped };
  });
}

/** The administrator's "测试连接": connects, binds as the service account and reads the search base. */
export async function probe(config: DirectoryConfig): Promise<void> {
  await withConnection(config, async (client) => {
    await serviceBind(client, config);
    try {
      await client.search(config.searchBase, { scope: 'base', attributes: ['1.1'] });
    } catch (error) {
      if (error instanceof NoSuchObjectError) throw new DirectoryUnavailable('search_base', error);
      throw error;
    }
  });
}
