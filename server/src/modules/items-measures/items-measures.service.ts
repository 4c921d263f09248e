import { and, asc, eq } from 'drizzle-orm';
import type { MeasureOwners, MeasureUpdateBody } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope, underPath } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { recordHistory } from '../items/items.history.js';
import { itemMeasures } from '../items/items.table.js';
import type { ItemsService } from '../items/items.service.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

// A measure's state moves while the work goes on; once closure is requested the account is frozen for review.
const openForMeasures = new Set(['issued', 'in_progress']);

export function createItemsMeasuresService({ db, items }: { db: Db; items: ItemsService }) {
  /** The owner named as a user must belong to the item's organization or to the caller's scope. */
  async function assertOwner(tx: Parameters<Parameters<Db['transaction']>[0]>[0], { ownerUserId, itemOrgPath, user }: { ownerUserId: number; itemOrgPath: string; user: AuthUser }) {
    const [owner] = await tx.select({ path: orgs.path }).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(eq(users.id, ownerUserId));
    if (!owner || !(pathInScope(itemOrgPath, owner.path) || pathInScope(user.orgPath, owner.path))) throw new AppError('users.not_found');
  }

  return {
    /** The people a measure may be given to (the owner picker): the item's organization and below, active accounts. */
    async owners(user: AuthUser, itemId: number): Promise<MeasureOwners> {
      const { item, assisting } = await items.getScoped(user, itemId);
      if (assisting) throw new AppError('items.assist_not_allowed');
      const rows = await db
        .select({ id: users.id, displayName: users.displayName, orgName: orgs.name })
        .from(users)
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(and(underPath(orgs.path, item.orgPath), eq(users.disabled, false)))
        .orderBy(asc(orgs.path), asc(users.id))
        .limit(200);
      return { users: rows };
    },

    /** The lead organization (or the committee) moves one measure on: its state, owner and deadline. */
    async update(user: AuthUser, { itemId, measureId, body }: { itemId: number; measureId: number; body: MeasureUpdateBody }) {
      const light = await items.lightContext();
      await db.transaction(async (tx) => {
        const { item, assisting } = await items.getScoped(user, itemId, tx, light);
        if (assisting) throw new AppError('items.assist_not_allowed');
        if (!openForMeasures.has(item.item.status)) throw new AppError('items.illegal_transition');
        const [measure] = await tx.select().from(itemMeasures).where(and(eq(itemMeasures.id, measureId), eq(itemMeasures.itemId, itemId)));
        if (!measure) throw new AppError('items.measure_not_found');
        if (body.ownerUserId) await assertOwner(tx, { ownerUserId: body.ownerUserId, itemOrgPath: item.orgPath, user });
        const changes: Record<string, { before: unknown; after: unknown }> = {};
        const values: Partial<typeof itemMeasures.$inferInsert> = {};
        for (const field of ['status', 'responsiblePerson', 'ownerUserId', 'deadline'] as const) {
          if (body[field] === undefined) continue;
          const after = typeof body[field] === 'string' ? body[field].trim() || null : body[field];
          if ((measure[field] ?? null) === after) continue;
          changes[field] = { before: measure[field] ?? null, after };
          Object.assign(values, { [field]: after });
        }
        if (Object.keys(values).length === 0) return;
        await tx.update(itemMeasures).set(values).where(eq(itemMeasures.id, measureId));
        await recordHistory(tx, { itemId, actorId: user.id, action: 'measure_updated', changes, data: { measureId, seq: measure.seq, content: measure.content } });
      });
      return items.detail(user, itemId);
    },
  };
}
