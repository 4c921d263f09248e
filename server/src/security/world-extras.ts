import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import type { TestApp } from '../test/test-app.js';
import { users } from '../modules/users/users.table.js';
import { createReportFixtures } from './rectification-reports.fixtures.js';
import { scopes, type ActorRole, type BaseWorld, type Scope } from './world.js';

/**
 * Records of the supervision and review modules for every scope, made through their own routes so they are what
 * the app itself would write: a review held by each scope's organization, a common problem issued to it, a 督办单
 * on its item, a notification for a user there and a notification channel bound to it. Only made for the routes
 * the app serves, so the world still builds while a module is away.
 */
export interface ScopeExtras {
  reviewId?: number;
  commonProblemId?: number;
  noticeId?: number;
  channelId?: number;
  notificationId?: number;
}

export async function createWorldExtras(t: TestApp, world: BaseWorld) {
  const served = new Set(t.app.routePolicy.map((r) => `${r.method} ${r.url}`));
  const has = (key: string) => served.has(key);
  const month = new Date().toISOString().slice(0, 7);

  async function send(as: string, opts: InjectOptions, expected: number) {
    const res = await t.as(as)(opts);
    if (res.statusCode !== expected) throw new Error(`extras fixture ${opts.method} ${opts.url} as ${as}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  async function review(scope: Scope, marker: string, commentOn: Scope = scope) {
    const body = await send('supervisor', {
      method: 'POST',
      url: '/api/reviews',
      payload: {
        title: `${marker} 述职评议`,
        kind: 'report_review',
        heldOn: '2026-01-15',
        committeeId: world.orgOf(scope),
        comments: [{ orgId: world.orgOf(commentOn), text: `${marker} 点评：一是理论学习不够深入。二是支部活动形式单一。` }],
      },
    }, 201);
    return body.id as number;
  }

  async function commonProblem(orgs: Scope[], marker: string) {
    const body = await send('supervisor', {
      method: 'POST',
      url: '/api/items/batch',
      payload: { orgIds: orgs.map(world.orgOf), source: 'review', title: `${marker} 共性问题`, description: `${marker} 三会一课记录不规范。`, deadline: '2026-12-31', type: 'deadline' },
    }, 201);
    return body.commonProblem.id as number;
  }

  async function notice(itemId: number, marker: string) {
    const body = await send('supervisor', {
      method: 'POST',
      url: '/api/notices',
      payload: { itemIds: [itemId], level: 'yellow', requirements: `${marker} 请于期限内整改到位并书面回复。`, replyDeadline: '2027-01-31' },
    }, 201);
    return body.id as number;
  }

  async function channel(scope: Scope, marker: string) {
    const body = await send('admin', {
      method: 'POST',
      url: '/api/notification-channels',
      payload: { type: 'webhook', name: `${marker} 渠道`, events: ['overdue_alert'], url: 'https://hooks.example.org/hook', orgId: world.orgOf(scope) },
    }, 201);
    return body.id as number;
  }

  /** A notification straight into one user's inbox (the notify path is the other modules' to test). */
  async function notification(userId: number, marker: string) {
    const { rows } = await t.db.execute<{ id: number }>(
      sql`INSERT INTO notifications (user_id, kind, title, body, created_at) VALUES (${userId}, 'item_issued', ${`${marker} 通知`}, ${`${marker} 正文`}, now()) RETURNING id`,
    );
    return Number(rows[0].id);
  }

  const byScope = {} as Record<Scope, ScopeExtras>;
  for (const scope of scopes) {
    const { marker, item, userId } = world.targets[scope];
    const extras: ScopeExtras = {};
    // The parent's review speaks only of the sibling, so nothing of it is the police committee's to see.
    if (has('POST /api/reviews')) extras.reviewId = await review(scope, marker, scope === 'parent' ? 'sibling' : scope);
    if (has('POST /api/items/batch')) extras.commonProblemId = await commonProblem([scope], marker);
    if (has('POST /api/notices')) extras.noticeId = await notice(item.id, marker);
    if (has('POST /api/notification-channels')) extras.channelId = await channel(scope, marker);
    if (has('GET /api/notifications')) extras.notificationId = await notification(userId, marker);
    byScope[scope] = extras;
  }

  // Records shared between the police committee and its sibling: each side must see only its own part.
  const shared: { reviewId?: number; commonProblemId?: number } = {};
  if (has('POST /api/reviews')) {
    const id = await review('parent', world.targets.own.marker, 'own');
    await send('supervisor', { method: 'PUT', url: `/api/reviews/${id}/comments/${world.orgOf('sibling')}`, payload: { text: `${world.targets.sibling.marker} 财政点评` } }, 200);
    shared.reviewId = id;
  }
  if (has('POST /api/items/batch')) shared.commonProblemId = await commonProblem(['own', 'sibling'], 'MX-SHARED');
  if (has('POST /api/reviews/:id/rectification-reports/:orgId')) await createReportFixtures(t, world, { byScope, shared });

  const notificationOf = new Map<string, number>();
  async function actorNotification(role: ActorRole) {
    if (role === 'anonymous') return byScope.own.notificationId ?? 1;
    if (!notificationOf.has(role)) {
      const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, world.actorNames[role]));
      notificationOf.set(role, await notification(user.id, world.targets.own.marker));
    }
    return notificationOf.get(role)!;
  }

  return { byScope, shared, month, review, commonProblem, notice, channel, notification, actorNotification, has };
}

export type WorldExtras = Awaited<ReturnType<typeof createWorldExtras>>;
