import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import sharp from 'sharp';
import type { TestApp } from '../test/test-app.js';
import { multipart } from '../test/multipart.js';
import { DEMO_PASSWORD } from '../demo/demo.seed.js';
import { users } from '../modules/users/users.table.js';
import { items } from '../modules/items/items.table.js';
import { createWorldExtras } from './world-extras.js';
import { itemAssistOrgs } from '../modules/items-assist/items-assist.table.js';
import { forgetAssisted } from '../modules/items-assist/items-assist.cache.js';

/**
 * The world every security suite runs in. Each actor but one sits in the police party committee, so every record
 * has a place relative to it: its own organization, a child (traffic), the parent (the committee) and a sibling
 * (finance). The police committee's administrator (`subAdmin`) is a sub-committee administrator; `admin` is the
 * administrator of the top committee (the root, the police committee's parent), whose scope holds every record.
 */
export const scopes = ['own', 'child', 'parent', 'sibling'] as const;
export type Scope = (typeof scopes)[number];
export const inScope: readonly Scope[] = ['own', 'child'];

/** `apiToken` is another system with a read-only API token over the police committee's subtree. */
export const actorRoles = ['admin', 'subAdmin', 'supervisor', 'branch', 'viewer', 'apiToken', 'disabled', 'anonymous'] as const;
export type ActorRole = (typeof actorRoles)[number];
export type SignedInRole = Exclude<ActorRole, 'disabled' | 'anonymous'>;
/** The signed-in actors of the police committee: everything of the parent and the sibling is out of their scope. */
export const signedInRoles: readonly SignedInRole[] = ['subAdmin', 'supervisor', 'branch', 'viewer', 'apiToken'];

/** The scopes whose records an actor may reach: the top committee's administrator reaches all four. */
export const inScopeOf = (role: ActorRole): readonly Scope[] => (role === 'admin' ? scopes : inScope);

/** The role an actor holds in the users table (the disabled actor was a supervisor). */
const tableRole = (role: Exclude<ActorRole, 'anonymous' | 'apiToken'>) => (role === 'subAdmin' ? 'admin' : role === 'disabled' ? 'supervisor' : role);

const scopeOrgKey: Record<Scope, string> = { own: 'police', child: 'traffic', parent: 'committee', sibling: 'finance' };

/** Who can put evidence on an item of each scope's organization (a branch clerk whose subtree holds it). */
const uploaderOf: Record<Scope, string> = { own: 'branch', child: 'branch', parent: 'fx.branch-committee', sibling: 'branch2' };

export interface ItemRef {
  id: number;
  version: number;
  code: string;
}

export interface Target {
  org: number;
  item: ItemRef;
  evidenceId: number;
  progressId: number;
  userId: number;
  /** A string written into every record of this scope (titles, descriptions, measures, progress, file and user names). */
  marker: string;
}

async function png(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a6' } }).png().toBuffer();
}

async function createBaseWorld(t: TestApp) {
  const tag = randomBytes(3).toString('hex');
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${tag}-${++counter}`;
  const [{ passwordHash }] = await t.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.username, 'branch'));

  const orgOf = (scope: Scope) => t.orgs[scopeOrgKey[scope]];
  /** The top committee's administrator sits at the root (the parent); every other actor at the police committee. */
  const actorOrg = (role: ActorRole) => orgOf(role === 'admin' ? 'parent' : 'own');

  /** A user written straight into the table (no argon2 per user): the demo password works for all of them. */
  async function insertUser({ role, org, username = unique('fx.user'), displayName = username }: { role: string; org: number; username?: string; displayName?: string }) {
    const [row] = await t.db.insert(users).values({ username, displayName, role, orgId: org, passwordHash }).returning({ id: users.id });
    return { id: row.id, username };
  }

  await insertUser({ role: 'branch', org: orgOf('parent'), username: 'fx.branch-committee' });
  const actorNames = {} as Record<Exclude<ActorRole, 'anonymous'>, string>;
  for (const role of ['admin', 'subAdmin', 'supervisor', 'branch', 'viewer', 'disabled'] as const) {
    actorNames[role] = (await insertUser({ role: tableRole(role), org: actorOrg(role), username: `mx.${role}` })).username;
  }
  const tokens = new Map<ActorRole, string | null>([['anonymous', null]]);
  for (const role of ['admin', ...signedInRoles] as const) if (role !== 'apiToken') tokens.set(role, (await t.login(actorNames[role])).accessToken);
  // The disabled actor signed in while still enabled, so its token is valid in every other respect.
  const disabled = await t.login(actorNames.disabled);
  tokens.set('disabled', disabled.accessToken);
  const off = await t.as('admin')({ method: 'PATCH', url: `/api/users/${disabled.user.id}`, payload: { disabled: true } });
  if (off.statusCode !== 200) throw new Error(`disabling the actor failed: ${off.body}`);
  // A token has no account: where a suite signs in as the actor, it signs in as the viewer of the same organization.
  actorNames.apiToken = actorNames.viewer;

  /** A read-only API token over the police committee's subtree, made by the top committee's administrator. */
  async function freshApiToken(): Promise<{ id: number; secret: string }> {
    const name = unique('MX接口令牌').slice(0, 50);
    const res = await t.as('admin')({ method: 'POST', url: '/api/api-tokens', payload: { name, orgId: orgOf('own'), scope: 'read', expiresInDays: 30 } });
    if (res.statusCode !== 201) throw new Error(`API token fixture failed: ${res.body}`);
    const { token, secret } = res.json() as { token: { id: number }; secret: string };
    return { id: token.id, secret };
  }
  tokens.set('apiToken', (await freshApiToken()).secret);
  /** Named by the refused cells of the revoke route, so that one answering wrongly never ends the actor's token. */
  const spareApiTokenId = (await freshApiToken()).id;

  async function send(as: string, opts: InjectOptions, expected: number) {
    const res = await t.as(as)(opts);
    if (res.statusCode !== expected) throw new Error(`fixture ${JSON.stringify(opts).slice(0, 120)} as ${as}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  async function freshItem(scope: Scope, marker = unique('MX-fresh')): Promise<ItemRef> {
    const body = await send('supervisor', {
      method: 'POST',
      url: '/api/items',
      payload: {
        orgId: orgOf(scope),
        source: 'review',
        title: `${marker} 标题`,
        description: `${marker} 理论学习不够系统，学用结合不紧密。`,
        measures: [{ content: `${marker} 措施：每月集中学习一次` }],
        responsiblePerson: `${marker.slice(0, 40)}`,
        deadline: '2026-12-31',
        type: 'deadline',
      },
    }, 201);
    return { id: body.id, version: body.version, code: body.code };
  }

  async function uploadImage(scope: Scope, itemId: number, fileName: string, progressId?: number) {
    const form = multipart([{ name: 'file', file: { filename: fileName, content: await png(), contentType: 'image/png' } }]);
    const url = `/api/items/${itemId}/evidence${progressId ? `?progressId=${progressId}` : ''}`;
    return (await send(uploaderOf[scope], { method: 'POST', url, ...form }, 201)).evidenceId as number;
  }

  async function freshEvidence(scope: Scope) {
    const item = await freshItem(scope);
    const evidenceId = await uploadImage(scope, item.id, `${unique('MX-fresh')}.png`);
    return { itemId: item.id, evidenceId };
  }

  const freshUser = async (scope: Scope, role = 'viewer') => (await insertUser({ role, org: orgOf(scope) })).id;

  async function freshOrg(scope: Scope) {
    const body = await send('admin', { method: 'POST', url: '/api/orgs', payload: { parentId: orgOf(scope), name: unique('MX临时组织'), kind: 'branch' } }, 201);
    return body.id as number;
  }

  /** A session of its own for routes that end sessions (logout, password change); null for anonymous. */
  async function freshSession(role: ActorRole): Promise<{ token: string | null; refreshToken: string; username: string }> {
    if (role === 'anonymous') {
      const { refreshToken } = await t.login('branch');
      return { token: null, refreshToken, username: 'branch' };
    }
    // A token has no session: it is sent where the session's access token would be, beside a viewer's refresh token.
    if (role === 'apiToken') return { ...(await freshSession('viewer')), token: tokens.get('apiToken') ?? null };
    const { username, id } = await insertUser({ role: tableRole(role), org: actorOrg(role) });
    const session = await t.login(username);
    if (role === 'disabled') await send('admin', { method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: true } }, 200);
    return { token: session.accessToken, refreshToken: session.refreshToken, username };
  }

  async function freshCategory() {
    return (await send('admin', { method: 'POST', url: '/api/categories', payload: { name: unique('MX类别').slice(0, 50) } }, 201)).id as number;
  }

  const targets = {} as Record<Scope, Target>;
  for (const scope of scopes) {
    const marker = `MX-${scope.toUpperCase()}-${tag}`;
    const item = await freshItem(scope, marker);
    const uploader = t.as(uploaderOf[scope]);
    const progress = await uploader({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: `${marker} 进展：已召开专题会议` } });
    if (progress.statusCode !== 201) throw new Error(`progress fixture failed: ${progress.body}`);
    const progressId = progress.json().progressId as number;
    const evidenceId = await uploadImage(scope, item.id, `${marker}-现场照片.png`, progressId);
    const { id: userId } = await insertUser({ role: 'viewer', org: orgOf(scope), displayName: `${marker} 用户` });
    targets[scope] = { org: orgOf(scope), item, evidenceId, progressId, userId, marker };
  }
  // The parent's item is assisted (协办) by the sibling: the police committee, unrelated to both, must still not see it.
  await t.db.insert(itemAssistOrgs).values({ itemId: targets.parent.item.id, orgId: orgOf('sibling') });
  forgetAssisted();

  /** The item as it is now (its version moves with every change). */
  async function currentItem(id: number): Promise<ItemRef> {
    const [row] = await t.db.select({ id: items.id, version: items.version, code: items.code }).from(items).where(eq(items.id, id));
    return row;
  }

  /** Moves an item's deadline straight in the table (into the past, for an overdue item). */
  async function setDeadline(id: number, deadline: string) {
    await t.db.update(items).set({ deadline, originalDeadline: deadline }).where(eq(items.id, id));
  }

  return {
    tag,
    unique,
    setDeadline,
    orgOf,
    actorNames,
    tokenOf: (role: ActorRole) => tokens.get(role) ?? null,
    targets,
    currentItem,
    freshItem,
    freshEvidence,
    freshUser,
    freshOrg,
    freshSession,
    freshCategory,
    freshApiToken,
    spareApiTokenId,
    /** The database itself, for fixtures no route makes (a re-check of an item closed months ago). */
    db: t.db,
    password: DEMO_PASSWORD,
  };
}

export type BaseWorld = Awaited<ReturnType<typeof createBaseWorld>>;

export async function createWorld(t: TestApp) {
  const base = await createBaseWorld(t);
  return { ...base, extras: await createWorldExtras(t, base) };
}

export type World = Awaited<ReturnType<typeof createWorld>>;

/** Row counts of every table of the app, to prove a refused request wrote nothing. */
const tableNames = new WeakMap<object, Promise<string[]>>();

export async function rowCounts(t: Pick<TestApp, 'db'>): Promise<Record<string, number>> {
  if (!tableNames.has(t.db)) {
    const query = sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`;
    tableNames.set(t.db, t.db.execute<{ name: string }>(query).then((r) => r.rows.map((row) => row.name)));
  }
  // The audit log is written after each answer, by design also for refused sign-ins, and is not the request's write.
  const names = (await tableNames.get(t.db)!).filter((name) => name !== 'audit_log');
  const union = sql.join(
    names.map((name) => sql`SELECT ${name}::text AS name, count(*)::int AS n FROM ${sql.identifier(name)}`),
    sql` UNION ALL `,
  );
  const counts = await t.db.execute<{ name: string; n: number }>(union);
  return Object.fromEntries(counts.rows.map((r) => [r.name, Number(r.n)]));
}
