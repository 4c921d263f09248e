import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Notification, NotificationKind, NotificationListQuery } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthUser } from '../../plugins/auth.js';
import { notifications } from './notifications.table.js';

const toNotification = (row: typeof notifications.$inferSelect): Notification => ({
  id: row.id,
  kind: row.kind as NotificationKind,
  title: row.title,
  body: row.body,
  itemId: row.itemId,
  noticeId: row.noticeId,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
});

/** Each user's own inbox: nobody reads or marks another user's notifications (their ids answer 404). */
export function createNotificationsService({ db, clock }: { db: Db; clock: Clock }) {
  async function unread(user: AuthUser) {
    const [{ n }] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)));
    return n;
  }

  return {
    unread,

    async list(user: AuthUser, query: NotificationListQuery) {
      const where = and(
        eq(notifications.userId, user.id),
        query.unread ? isNull(notifications.readAt) : undefined,
        query.kind ? eq(notifications.kind, query.kind) : undefined,
      );
      const pageSize = query.pageSize ?? 20;
      const [rows, [{ total }], unreadCount] = await Promise.all([
        db
          .select()
          .from(notifications)
          .where(where)
          .orderBy(desc(notifications.id))
          .limit(pageSize)
          .offset(((query.page ?? 1) - 1) * pageSize),
        db.select({ total: count() }).from(notifications).where(where),
        unread(user),
      ]);
      return { items: rows.map(toNotification), total, unread: unreadCount };
    },

    async markRead(user: AuthUser, id: number) {
      const rows = await db
        .update(notifications)
        .set({ readAt: sql`COALESCE(${notifications.readAt}, ${clock.now().toISOString()}::timestamptz)` })
        .where(and(eq(notifications.id, id), eq(notifications.userId, user.id)))
        .returning();
      if (rows.length === 0) throw new AppError('notifications.not_found');
      return toNotification(rows[0]);
    },

    async markAllRead(user: AuthUser, kind?: NotificationKind) {
      const rows = await db
        .update(notifications)
        .set({ readAt: clock.now() })
        .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt), kind ? eq(notifications.kind, kind) : undefined))
        .returning({ id: notifications.id });
      return { updated: rows.length };
    },
  };
}
