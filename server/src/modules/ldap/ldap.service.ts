import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { LdapSettings, LdapTestResult, TokenPair, UpdateLdapSettingsBody } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { hashPassword } from '../../lib/password.js';
import { createUsersRepository } from '../users/users.repository.js';
import { createAuthRepository } from '../auth/auth.repository.js';
import { createOrgsRepository } from '../orgs/orgs.repository.js';
import { authenticate, DirectoryUnavailable, probe, type UnavailableReason } from './ldap.directory.js';
import { createLdapRepository, type StoredLdapSettings } from './ldap.repository.js';

const testMessages: Record<UnavailableReason, string> = {
  timeout: '连接目录服务器超时：请检查地址、端口和防火墙',
  unreachable: '无法连接目录服务器：请检查地址和端口',
  tls: '加密连接失败：服务器证书不受信任或与地址不符，请检查 CA 证书',
  service_bind: '服务账号绑定失败：请检查服务账号 DN 和密码',
  search_base: '搜索基准在目录中不存在',
};

function view({ bindPassword, ...rest }: StoredLdapSettings): LdapSettings {
  return { ...rest, hasBindPassword: bindPassword !== '' };
}

/** The form's fields over the stored ones; an absent or empty password keeps the stored one unless cleared. */
function merge(stored: StoredLdapSettings, { bindPassword, clearBindPassword, ...fields }: UpdateLdapSettingsBody): StoredLdapSettings {
  return { ...fields, bindPassword: clearBindPassword ? '' : bindPassword || stored.bindPassword };
}

/** Enabled settings must name a server, a base, a filter that uses the username, a service account and, for new accounts, an organization. */
function assertUsable(value: StoredLdapSettings) {
  if (!value.enabled) return;
  const complete = value.url && value.searchBase && value.searchFilter.includes('{{username}}') && value.bindDn && value.bindPassword;
  if (!complete || (value.createAccounts.enabled && !value.createAccounts.orgId)) throw new AppError('auth.ldap_config_invalid');
}

interface SignInHooks {
  /** Charges a password check to the sign-in limits (429 past them); `refund()` when no wrong password was given. */
  charge(input: { username: string; ip: string }): Promise<{ refund(): Promise<void> }>;
  /** Admits the local account (active check, sign-in record with the method) and issues the session. */
  signInVerified(input: { user: { id: number; username: string; disabled: boolean; tokenVersion: number }; method: 'ldap'; ip: string }): Promise<TokenPair>;
}

export function createLdapService({ db, log }: { db: Db; log: FastifyBaseLogger }) {
  const repo = createLdapRepository({ db });

  async function localAccount(settings: StoredLdapSettings, found: { username: string; displayName: string }) {
    const users = createUsersRepository({ db });
    const { user } = await users.findForLogin(found.username);
    if (user || !settings.createAccounts.enabled || !settings.createAccounts.orgId) return user;
    // Role and organization stay the committee's to decide: a new account only reads, where the administrator chose.
    const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
    await users.insert({ username: found.username, displayName: found.displayName.slice(0, 64), passwordHash, role: 'viewer', orgId: settings.createAccounts.orgId, passwordLogin: false });
    log.info({ username: found.username, orgId: settings.createAccounts.orgId }, 'account created at first directory sign-in');
    return (await users.findForLogin(found.username)).user;
  }

  return {
    async get(): Promise<LdapSettings> {
      return view(await repo.get());
    },

    async update(body: UpdateLdapSettingsBody): Promise<LdapSettings> {
      const value = merge(await repo.get(), body);
      assertUsable(value);
      if (value.createAccounts.orgId && !(await createOrgsRepository({ db }).findById(value.createAccounts.orgId)).org) throw new AppError('orgs.not_found');
      await repo.put(value);
      return view(value);
    },

    /** Tries the form's settings (with the stored password when none is typed) without saving them. */
    async test(body: UpdateLdapSettingsBody): Promise<LdapTestResult> {
      const value = merge(await repo.get(), body);
      if (!value.url) return { ok: false, message: '请填写服务器地址' };
      try {
        await probe(value);
        return { ok: true, message: '连接成功：服务账号可以登录并读取搜索基准' };
      } catch (error) {
        const reason = error instanceof DirectoryUnavailable ? error.reason : 'unreachable';
        log.warn({ err: error, reason }, 'directory test failed');
        return { ok: false, message: testMessages[reason] };
      }
    },

    /** A sign-in with a directory password: counted, recorded and refused like a local one. */
    async signIn({ username, password, ip }: { username: string; password: string; ip: string }, hooks: SignInHooks): Promise<TokenPair> {
      const settings = await repo.get();
      if (!settings.enabled) throw new AppError('auth.ldap_disabled');
      const check = await hooks.charge({ username, ip });
      const record = (reason: string) => createAuthRepository({ db }).recordAttempt({ username, ip, success: false, reason: `ldap:${reason}` });
      let answer;
      try {
        answer = await authenticate(settings, { username, password });
      } catch (error) {
        await check.refund();
        const reason = error instanceof DirectoryUnavailable ? error.reason : 'unreachable';
        await record('unavailable');
        log.error({ err: error, reason, username, ip }, 'directory sign-in failed: directory unavailable');
        throw new AppError('auth.ldap_unavailable');
      }
      if (answer.outcome !== 'ok') {
        await record(answer.outcome);
        log.warn({ username, ip, reason: answer.outcome, method: 'ldap' }, 'login failed');
        throw new AppError('auth.invalid_credentials');
      }
      await check.refund();
      const user = await localAccount(settings, answer);
      if (!user) {
        await record('no_account');
        log.warn({ username, ip, mapped: answer.username }, 'directory sign-in refused: no local account');
        throw new AppError('auth.account_not_found');
      }
      return hooks.signInVerified({ user, method: 'ldap', ip });
    },
  };
}
