import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Recheck, RecheckDraw, RecheckEvidence, RecheckStatus, DrawParams } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { categories } from '../categories/categories.table.js';
import { evidence } from '../evidence/evidence.table.js';
import { servedFileName } from '../evidence/evidence.repository.js';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import { recheckDraws, rechecks } from './rechecks.table.js';

const answerers = alias(users, 'answerers');
const deciders = alias(users, 'deciders');
const committees = alias(orgs, 'committees');

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function createRechecksRepository({ db }: { db: DbOrTx }) {
  function selectRechecks() {
    return db
      .select({
        recheck: rechecks,
        orgPath: orgs.path,
        orgName: orgs.name,
        itemCode: items.code,
        itemTitle: items.title,
        itemStatus: items.status,
        closedOn: items.closedOn,
        categoryName: categories.name,
        answeredByName: answerers.displayName,
        decidedByName: deciders.displayName,
      })
      .from(rechecks)
      .innerJoin(orgs, eq(orgs.id, rechecks.orgId))
      .innerJoin(items, eq(items.id, rechecks.itemId))
      .leftJoin(categories, eq(categories.id, items.categoryId))
      .leftJoin(answerers, eq(answerers.id, rechecks.answeredBy))
      .leftJoin(deciders, eq(deciders.id, rechecks.decidedBy));
  }
  type Row = Awaited<ReturnType<ReturnType<typeof selectRechecks>['where']>>[number];

  /** The files uploaded with each re-check's 巩固 answer, by re-check. */
  async function evidenceOf(ids: number[]) {
    const byRecheck = new Map<number, RecheckEvidence[]>();
    if (!ids.length) return byRecheck;
    const rows = await db
      .select({ recheckId: evidence.recheckId, id: evidence.id, fileName: evidence.fileName, mime: evidence.mime, size: evidence.size, createdAt: evidence.createdAt })
      .from(evidence)
      .where(and(inArray(evidence.recheckId, ids), isNull(evidence.removedAt)))
      .orderBy(asc(evidence.id));
    for (const r of rows) {
      const list = byRecheck.get(r.recheckId!) ?? [];
      list.push({ id: r.id, fileName: servedFileName(r), mime: r.mime, size: r.size, createdAt: r.createdAt.toISOString() });
      byRecheck.set(r.recheckId!, list);
    }
    return byRecheck;
  }
  const withEvidence = async (list: Recheck[]) => {
    const files = await evidenceOf(list.map((r) => r.id));
    return list.map((r) => ({ ...r, evidence: files.get(r.id) ?? [] }));
  };

  const toRecheck = (r: Row): Recheck => ({
    id: r.recheck.id,
    drawId: r.recheck.drawId,
    itemId: r.recheck.itemId,
    itemCode: r.itemCode,
    itemTitle: r.itemTitle,
    itemStatus: r.itemStatus as Recheck['itemStatus'],
    orgId: r.recheck.orgId,
    orgName: r.orgName,
    categoryName: r.categoryName,
    round: r.recheck.round,
    // The closure a re-check of a reopened item looked at is gone from the item: it stays in the history.
    closedOn: r.recheck.status === 'reopened' ? null : r.closedOn,
    status: r.recheck.status as RecheckStatus,
    statement: r.recheck.statement,
    answeredByName: r.answeredByName,
    answeredAt: iso(r.recheck.answeredAt),
    decidedByName: r.decidedByName,
    decidedAt: iso(r.recheck.decidedAt),
    reason: r.recheck.reason,
    basis: r.recheck.basis,
    newDeadline: r.recheck.newDeadline,
    evidence: [],
    createdAt: r.recheck.createdAt.toISOString(),
  });

  return {
    async findById(id: number, { lock = false } = {}) {
      const query = selectRechecks().where(eq(rechecks.id, id));
      const [row] = lock ? await query.for('update', { of: rechecks }) : await query;
      if (!row) return { recheck: null, orgPath: null, itemId: null };
      const [recheck] = lock ? [toRecheck(row)] : await withEvidence([toRecheck(row)]);
      return { recheck, orgPath: row.orgPath, itemId: row.recheck.itemId };
    },

    async list({ scopePath, filters, limit, offset }: { scopePath: string; filters: SQL[]; limit: number; offset: number }) {
      const where = and(underPath(orgs.path, scopePath), ...filters);
      const rows = await selectRechecks()
        // Waiting ones first: those the organization still has to answer, then those the committee has to decide.
        .where(where)
        .orderBy(sql`CASE ${rechecks.status} WHEN 'answered' THEN 0 WHEN 'requested' THEN 1 ELSE 2 END`, desc(rechecks.id))
        .limit(limit)
        .offset(offset);
      const [{ total }] = await db
        .select({ total: sql<number>`count(*)::int` })
        .from(rechecks)
        .innerJoin(orgs, eq(orgs.id, rechecks.orgId))
        .where(where);
      return { items: await withEvidence(rows.map(toRecheck)), total };
    },

    async listDraws({ scopePath, limit }: { scopePath: string; limit: number }): Promise<RecheckDraw[]> {
      const rows = await db
        .select({ draw: recheckDraws, drawnByName: users.displayName })
        .from(recheckDraws)
        .innerJoin(committees, eq(committees.id, recheckDraws.committeeId))
        .leftJoin(users, eq(users.id, recheckDraws.drawnBy))
        .where(underPath(committees.path, scopePath))
        .orderBy(desc(recheckDraws.id))
        .limit(limit);
      return rows.map((r) => ({
        id: r.draw.id,
        committeeId: r.draw.committeeId,
        seed: r.draw.seed,
        params: r.draw.params as DrawParams,
        candidates: r.draw.candidates,
        drawn: r.draw.drawn,
        period: r.draw.period,
        drawnByName: r.drawnByName,
        drawnAt: r.draw.drawnAt.toISOString(),
      }));
    },
  };
}
