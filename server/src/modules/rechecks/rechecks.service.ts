import { eq, sql, type SQL } from 'drizzle-orm';
import type { DrawBody, DrawParams, RecheckListQuery, RecheckSettings } from '@rectify/shared';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { itemHistory } from '../items/items.table.js';
import { items } from '../items/items.table.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import { closedOnOrBefore, drawSample, newSeed } from './rechecks.draw.js';
import { createRechecksRepository } from './rechecks.repository.js';
import { rechecks, recheckSettings } from './rechecks.table.js';

interface Deps {
  db: Db;
  clock: Clock;
  today(): string;
}

export const defaultRecheckSettings = { enabled: false, monthsAfterClosure: 6, percent: 10, categoryIds: [] as number[], sources: [] as string[] };

/** The settings a committee saved, or the defaults. */
export async function recheckSettingsOf(db: Db | Tx, committeeId: number): Promise<RecheckSettings> {
  const [row] = await db.select().from(recheckSettings).where(eq(recheckSettings.committeeId, committeeId));
  const s = row ?? defaultRecheckSettings;
  return { committeeId, enabled: s.enabled, monthsAfterClosure: s.monthsAfterClosure, percent: s.percent, categoryIds: s.categoryIds, sources: s.sources as RecheckSettings['sources'] };
}

/**
 * The scheduled 回头看: for every committee that switched it on, a sample of the items closed at least the set number
 * of months ago, each with a seed of its own. Runs inside the job's claimed transaction.
 */
export async function runScheduledDraws(tx: Tx, { period, today, now }: { period: string; today: string; now: Date }) {
  const rows = await tx.execute<{ committeeId: number; path: string }>(
    sql`SELECT s.committee_id AS "committeeId", o.path FROM recheck_settings s JOIN orgs o ON o.id = s.committee_id WHERE s.enabled ORDER BY s.committee_id`,
  );
  let drawn = 0;
  for (const { committeeId, path } of rows.rows) {
    const s = await recheckSettingsOf(tx, committeeId);
    const params: DrawParams = { orgId: committeeId, monthsAfterClosure: s.monthsAfterClosure, closedOnOrBefore: closedOnOrBefore(today, s.monthsAfterClosure), percent: s.percent, categoryIds: s.categoryIds, sources: s.sources };
    drawn += (await drawSample(tx, { committeeId, scopePath: path, params, seed: newSeed(), period, drawnBy: null, now })).drawn;
  }
  return { committees: rows.rows.length, drawn };
}

export function createRechecksService({ db, clock, today }: Deps) {
  const orgsService = createOrgsService({ db });

  /** The re-check, locked for its decision, when it lies in the caller's subtree; 404 otherwise. */
  async function scoped(tx: Db | Tx, user: AuthUser, id: number, lock = false) {
    const found = await createRechecksRepository({ db: tx }).findById(id, { lock });
    if (!found.recheck || !pathInScope(user.orgPath, found.orgPath)) throw new AppError('rechecks.not_found');
    return found.recheck;
  }

  const reread = async (user: AuthUser, id: number) => scoped(db, user, id);

  return {
    settings: (user: AuthUser) => recheckSettingsOf(db, user.orgId),

    async saveSettings(user: AuthUser, body: Omit<RecheckSettings, 'committeeId'>) {
      const values = { ...body, updatedBy: user.id, updatedAt: clock.now() };
      await db.insert(recheckSettings).values({ committeeId: user.orgId, ...values }).onConflictDoUpdate({ target: recheckSettings.committeeId, set: values });
      return recheckSettingsOf(db, user.orgId);
    },

    /** A draw by hand, over the caller's organization or one in its subtree. */
    async draw(user: AuthUser, body: DrawBody) {
      const { org } = await orgsService.getScoped(user, body.orgId ?? user.orgId);
      const params: DrawParams = {
        orgId: org.id,
        monthsAfterClosure: body.monthsAfterClosure,
        closedOnOrBefore: closedOnOrBefore(today(), body.monthsAfterClosure),
        percent: body.percent,
        categoryIds: [...new Set(body.categoryIds ?? [])].sort((a, b) => a - b),
        sources: [...new Set(body.sources ?? [])].sort(),
      };
      const seed = body.seed ?? newSeed();
      const result = await db.transaction((tx) => drawSample(tx, { committeeId: org.id, scopePath: org.path, params, seed, period: null, drawnBy: user.id, now: clock.now() }));
      const [draw] = (await createRechecksRepository({ db }).listDraws({ scopePath: org.path, limit: 20 })).filter((d) => d.id === result.drawId);
      return draw;
    },

    draws: (user: AuthUser) => createRechecksRepository({ db }).listDraws({ scopePath: user.orgPath, limit: 50 }),

    async list(user: AuthUser, query: RecheckListQuery) {
      const scopePath = query.orgId ? (await orgsService.getScoped(user, query.orgId)).org.path : user.orgPath;
      const filters: SQL[] = [];
      if (query.drawId) filters.push(eq(rechecks.drawId, query.drawId));
      if (query.status) filters.push(eq(rechecks.status, query.status));
      const pageSize = query.pageSize ?? 20;
      return createRechecksRepository({ db }).list({ scopePath, filters, limit: pageSize, offset: ((query.page ?? 1) - 1) * pageSize });
    },

    /** 巩固: the organization states that the result holds. */
    async answer(user: AuthUser, id: number, statement: string) {
      await db.transaction(async (tx) => {
        const recheck = await scoped(tx, user, id, true);
        if (recheck.status !== 'requested') throw new AppError('rechecks.illegal_state');
        const at = clock.now();
        await tx.update(rechecks).set({ status: 'answered', statement: statement.trim(), answeredBy: user.id, answeredAt: at }).where(eq(rechecks.id, id));
        await tx.insert(itemHistory).values({ at, itemId: recheck.itemId, actorId: user.id, action: 'recheck_answered', comment: statement.trim(), data: { recheckId: id, round: recheck.round } });
      });
      return reread(user, id);
    },

    /** The committee finds the result holds: the item stays closed. */
    async confirm(user: AuthUser, id: number, comment?: string) {
      await db.transaction(async (tx) => {
        const recheck = await scoped(tx, user, id, true);
        if (recheck.status === 'requested') throw new AppError('rechecks.not_answered');
        if (recheck.status !== 'answered') throw new AppError('rechecks.illegal_state');
        const at = clock.now();
        await tx.update(rechecks).set({ status: 'confirmed', decidedBy: user.id, decidedAt: at, reason: comment?.trim() || null }).where(eq(rechecks.id, id));
        await tx.insert(itemHistory).values({ at, itemId: recheck.itemId, actorId: user.id, action: 'recheck_confirmed', comment: comment?.trim() || null, data: { recheckId: id, round: recheck.round } });
      });
      return reread(user, id);
    },

    /**
     * 反弹: the item goes back into the open workflow as its next round, with its own deadline and extensions; its
     * earlier rounds stay in the history, and reports of months already past do not change (they read the history
     * as of their month's end).
     */
    async reopen(user: AuthUser, id: number, body: { reason: string; basis: string; deadline: string }) {
      if (body.deadline < today()) throw new AppError('rechecks.deadline_invalid');
      await db.transaction(async (tx) => {
        const recheck = await scoped(tx, user, id, true);
        if (recheck.status !== 'requested' && recheck.status !== 'answered') throw new AppError('rechecks.illegal_state');
        const [item] = await tx.select({ status: items.status, round: items.round, version: items.version }).from(items).where(eq(items.id, recheck.itemId)).for('update');
        if (item.status !== 'closed' || item.round !== recheck.round) throw new AppError('rechecks.item_not_closed');
        const at = clock.now();
        const round = item.round + 1;
        await tx
          .update(items)
          .set({
            status: 'in_progress',
            round,
            deadline: body.deadline,
            originalDeadline: body.deadline,
            extensionCount: 0,
            closureRequestedBy: null,
            completionNote: null,
            completedOn: null,
            closedAt: null,
            closedOn: null,
            closedLate: null,
            version: item.version + 1,
            updatedBy: user.id,
            updatedAt: at,
          })
          .where(eq(items.id, recheck.itemId));
        await tx.update(rechecks).set({ status: 'reopened', decidedBy: user.id, decidedAt: at, reason: body.reason.trim(), basis: body.basis.trim(), newDeadline: body.deadline }).where(eq(rechecks.id, id));
        // Dated by the app's clock, like the rest of the re-check: the reports read the history by its dates.
        await tx.insert(itemHistory).values({
          at,
          itemId: recheck.itemId,
          actorId: user.id,
          action: 'reopened',
          fromStatus: 'closed',
          toStatus: 'in_progress',
          comment: body.reason.trim(),
          data: { recheckId: id, round, deadline: body.deadline, basis: body.basis.trim() },
        });
      });
      return reread(user, id);
    },
  };
}
