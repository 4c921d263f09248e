import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { itemHistory, items } from '../items/items.table.js';
import { itemsUnderPath, lightCondition, lightSql, type LightContext } from '../items/items.query.js';
import { users } from '../users/users.table.js';

/** The steps that decide where a closure stands: the last of them says whether the item was sent back. */
const closureSteps = ['request_closure', 'approve_closure', 'reject_closure', 'cancel'];

export function createOrgHomeRepository({ db }: { db: Db }) {
  return {
    /** Open items by light and the closure requests waiting, in one pass over the scope's items. */
    async counts({ scopePath, leaf, light }: { scopePath: string; leaf?: boolean; light: LightContext }) {
      const count = (condition: ReturnType<typeof sql>) => sql<number>`(count(*) FILTER (WHERE ${condition}))::int`;
      const [row] = await db
        .select({
          red: count(lightCondition('red', light)),
          yellow: count(lightCondition('yellow', light)),
          green: count(lightCondition('green', light)),
          awaiting: count(sql`${items.status} = 'closure_requested'`),
        })
        .from(items)
        .where(itemsUnderPath(scopePath, { leaf }));
      return row;
    },

    /**
     * Items in progress whose latest closure step is a 退回, with that step's reason, newest first. Reading the last
     * closure step per item in the database replaces a history request per item in the browser.
     */
    async returned({ scopePath, leaf, light, limit }: { scopePath: string; leaf?: boolean; light: LightContext; limit: number }) {
      const last = db
        .select({ action: itemHistory.action, comment: itemHistory.comment, at: itemHistory.at, actorId: itemHistory.actorId })
        .from(itemHistory)
        .where(and(eq(itemHistory.itemId, items.id), sql`${itemHistory.action} IN (${sql.join(closureSteps.map((s) => sql`${s}`), sql`, `)})`))
        .orderBy(desc(itemHistory.id))
        .limit(1)
        .as('last_step');
      return db
        .select({
          id: items.id,
          code: items.code,
          title: items.title,
          deadline: items.deadline,
          status: items.status,
          light: lightSql(light),
          reason: last.comment,
          at: last.at,
          by: users.displayName,
        })
        .from(items)
        .innerJoinLateral(last, sql`${last.action} = 'reject_closure'`)
        .leftJoin(users, eq(users.id, last.actorId))
        .where(and(eq(items.status, 'in_progress'), itemsUnderPath(scopePath, { leaf })))
        .orderBy(desc(last.at))
        .limit(limit);
    },
  };
}
