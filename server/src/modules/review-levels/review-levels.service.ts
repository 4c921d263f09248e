import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CreateReviewStandInBody, ReviewLevel, ReviewLevelSettings, UpdateReviewLevelSettingsBody } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope, underPath } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import { reviewEndorsers, reviewLevelSettings, reviewStandIns } from './review-levels.table.js';

/** The committee a caller belongs to: the top of their organization's path. */
export const committeeOf = (user: Pick<AuthUser, 'orgPath'>) => Number(user.orgPath.split('/')[1]);

const levelsOf = (s: { unitReview: boolean; partyReview: boolean }): ReviewLevel[] => [
  ...(s.unitReview ? (['unit'] as const) : []),
  ...(s.partyReview ? (['party'] as const) : []),
  'committee',
];

/**
 * The review levels' administration: the committee's levels (its top administrator), who endorses, and stand-ins
 * (an administrator over the people concerned). Anyone outside the administrator's subtree is "not found".
 */
export function createReviewLevelsService({ db, today }: { db: Db; today(): string }) {
  /** A user of the caller's subtree with their organization; anyone else is not found. */
  async function userInScope(caller: AuthUser, id: number) {
    const [row] = await db
      .select({ id: users.id, role: users.role, disabled: users.disabled, orgId: users.orgId, orgPath: orgs.path })
      .from(users)
      .innerJoin(orgs, eq(orgs.id, users.orgId))
      .where(eq(users.id, id));
    if (!row || !pathInScope(caller.orgPath, row.orgPath)) throw new AppError('users.not_found');
    return row;
  }

  return {
    async settings(user: AuthUser): Promise<ReviewLevelSettings> {
      const committeeId = committeeOf(user);
      const [row] = await db.select().from(reviewLevelSettings).where(eq(reviewLevelSettings.committeeId, committeeId));
      const s = { unitReview: row?.unitReview ?? false, partyReview: row?.partyReview ?? false };
      return { committeeId, ...s, levels: levelsOf(s) };
    },

    async updateSettings(user: AuthUser, body: UpdateReviewLevelSettingsBody) {
      const committeeId = committeeOf(user);
      const values = { unitReview: body.unitReview, partyReview: body.partyReview, updatedBy: user.id, updatedAt: new Date() };
      await db.insert(reviewLevelSettings).values({ committeeId, ...values }).onConflictDoUpdate({ target: reviewLevelSettings.committeeId, set: values });
      return this.settings(user);
    },

    async endorsers(user: AuthUser) {
      const rows = await db
        .select({ userId: users.id, displayName: users.displayName, username: users.username, orgId: orgs.id, orgName: orgs.name, orgKind: orgs.kind })
        .from(reviewEndorsers)
        .innerJoin(users, eq(users.id, reviewEndorsers.userId))
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(underPath(orgs.path, user.orgPath))
        .orderBy(orgs.path, users.id);
      return { endorsers: rows };
    },

    /** Only an active clerk signs for an organization: the committee decides at its own level by role. */
    async addEndorser(user: AuthUser, userId: number) {
      const target = await userInScope(user, userId);
      if (target.role !== 'branch' || target.disabled) throw new AppError('review_levels.endorser_invalid');
      await db.insert(reviewEndorsers).values({ userId, createdBy: user.id }).onConflictDoNothing();
      return this.endorsers(user);
    },

    async removeEndorser(user: AuthUser, userId: number) {
      await userInScope(user, userId);
      await db.delete(reviewEndorsers).where(eq(reviewEndorsers.userId, userId));
      return this.endorsers(user);
    },

    /** Stand-ins not revoked and not yet over, for principals in the caller's subtree. */
    async standIns(user: AuthUser) {
      const principal = alias(users, 'principal');
      const standIn = alias(users, 'stand_in');
      const day = today();
      const rows = await db
        .select({
          id: reviewStandIns.id,
          principalId: reviewStandIns.principalId,
          principalName: principal.displayName,
          standInId: reviewStandIns.standInId,
          standInName: standIn.displayName,
          orgName: orgs.name,
          startsOn: reviewStandIns.startsOn,
          endsOn: reviewStandIns.endsOn,
        })
        .from(reviewStandIns)
        .innerJoin(principal, eq(principal.id, reviewStandIns.principalId))
        .innerJoin(standIn, eq(standIn.id, reviewStandIns.standInId))
        .innerJoin(orgs, eq(orgs.id, principal.orgId))
        .where(and(underPath(orgs.path, user.orgPath), isNull(reviewStandIns.revokedAt), gte(reviewStandIns.endsOn, day)))
        .orderBy(reviewStandIns.startsOn, reviewStandIns.id);
      return { standIns: rows.map((r) => ({ ...r, active: r.startsOn <= day && day <= r.endsOn })) };
    },

    /** A stand-in is another clerk of the same organization, so that whatever the principal reviews lies in their scope too. */
    async createStandIn(user: AuthUser, body: CreateReviewStandInBody) {
      const [principal, standIn] = [await userInScope(user, body.principalId), await userInScope(user, body.standInId)];
      const clerks = principal.role === 'branch' && standIn.role === 'branch' && !standIn.disabled;
      if (!clerks || principal.id === standIn.id || principal.orgId !== standIn.orgId) throw new AppError('review_levels.stand_in_invalid');
      if (body.endsOn < body.startsOn || body.endsOn < today()) throw new AppError('review_levels.period_invalid');
      await db.insert(reviewStandIns).values({ ...body, createdBy: user.id });
      return this.standIns(user);
    },

    async revokeStandIn(user: AuthUser, id: number) {
      const [row] = await db
        .select({ path: orgs.path })
        .from(reviewStandIns)
        .innerJoin(users, eq(users.id, reviewStandIns.principalId))
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(and(eq(reviewStandIns.id, id), isNull(reviewStandIns.revokedAt)));
      if (!row || !pathInScope(user.orgPath, row.path)) throw new AppError('review_levels.not_found');
      await db.update(reviewStandIns).set({ revokedAt: sql`now()` }).where(eq(reviewStandIns.id, id));
      return this.standIns(user);
    },
  };
}
