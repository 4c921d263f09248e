import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/** Rows as returned by either driver: node-postgres gives `{ rows }`, PGlite the same shape through Drizzle. */
const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];

const scopeLike = (scopePath: string) => {
  if (!/^[\d/]+$/.test(scopePath)) throw new Error('invalid organization path');
  return `${scopePath}%`;
};

export interface RequestRow {
  id: number;
  originItemId: number;
  originCode: string;
  problem: string;
  note: string | null;
  deadline: string;
  createdAt: Date | string;
}

export interface AnswerRow {
  id: number;
  requestId: number;
  orgId: number;
  orgName: string;
  answer: 'exists' | 'absent' | null;
  explanation: string | null;
  itemId: number | null;
  itemCode: string | null;
  itemStatus: string | null;
  answeredAt: Date | string | null;
}

export interface TaskRow {
  answerId: number;
  requestId: number;
  orgId: number;
  orgName: string;
  orgPath: string;
  orgShortName: string;
  problem: string;
  note: string | null;
  deadline: string;
  answer: 'exists' | 'absent' | null;
  explanation: string | null;
  itemId: number | null;
  originItemId: number;
  categoryId: number | null;
}

/** bigint columns arrive as strings from node-postgres and as numbers from PGlite. */
const num = <T extends object>(row: T, keys: Array<keyof T>): T => {
  const copy = { ...row } as Record<keyof T, unknown>;
  for (const k of keys) if (copy[k] !== null && copy[k] !== undefined) copy[k] = Number(copy[k]);
  return copy as T;
};

export function createSelfChecksRepository({ db }: { db: DbOrTx }) {
  const requestColumns = sql`r.id, r.origin_item_id AS "originItemId", i.code AS "originCode", r.problem, r.note, r.deadline::text AS "deadline", r.created_at AS "createdAt"`;

  return {
    /** The item a request starts from, if it lies in the scope. */
    async originItem(itemId: number, scopePath: string) {
      const [row] = rowsOf<{ id: number; orgId: number; orgPath: string; parentId: number | null; title: string; description: string; categoryId: number | null }>(
        await db.execute(sql`
          SELECT i.id, i.org_id AS "orgId", o.path AS "orgPath", o.parent_id AS "parentId", i.title, i.description, i.category_id AS "categoryId"
          FROM items i JOIN orgs o ON o.id = i.org_id
          WHERE i.id = ${itemId} AND o.path LIKE ${scopeLike(scopePath)}`),
      );
      return { item: row && num(row, ['id']) };
    },

    /** Organizations in the scope picked by `where` (on `o`), without the origin organization. */
    async orgsWhere(where: SQL, { scopePath, exceptOrgId }: { scopePath: string; exceptOrgId: number }) {
      const rows = rowsOf<{ id: number }>(
        await db.execute(sql`SELECT o.id FROM orgs o WHERE (${where}) AND o.path LIKE ${scopeLike(scopePath)} AND o.id <> ${exceptOrgId} ORDER BY o.path`),
      );
      return { orgIds: rows.map((r) => Number(r.id)) };
    },

    async insertRequest(values: { originItemId: number; askedByOrgId: number; problem: string; note: string | null; deadline: string; createdBy: number; orgIds: number[] }) {
      const [row] = rowsOf<{ id: number }>(
        await db.execute(sql`
          INSERT INTO self_check_requests (origin_item_id, asked_by_org_id, problem, note, deadline, created_by)
          VALUES (${values.originItemId}, ${values.askedByOrgId}, ${values.problem}, ${values.note}, ${values.deadline}::date, ${values.createdBy})
          RETURNING id`),
      );
      const id = Number(row.id);
      await db.execute(sql`
        INSERT INTO self_check_answers (request_id, org_id)
        SELECT ${id}, org_id FROM unnest(${sql.param(values.orgIds)}::int[]) AS t(org_id)`);
      return { id };
    },

    /** Requests whose origin item lies in the scope (newest first), or those of one origin item. */
    async requests({ scopePath, originItemId, open, limit, offset }: { scopePath: string; originItemId?: number; open?: boolean; limit: number; offset: number }) {
      const like = scopeLike(scopePath);
      const where = sql`o.path LIKE ${like}
        ${originItemId ? sql`AND r.origin_item_id = ${originItemId}` : sql``}
        ${open ? sql`AND EXISTS (SELECT 1 FROM self_check_answers a JOIN orgs ao ON ao.id = a.org_id WHERE a.request_id = r.id AND a.answer IS NULL AND ao.path LIKE ${like})` : sql``}`;
      const from = sql`FROM self_check_requests r JOIN items i ON i.id = r.origin_item_id JOIN orgs o ON o.id = i.org_id WHERE ${where}`;
      const [rows, [{ total }]] = await Promise.all([
        db.execute(sql`SELECT ${requestColumns} ${from} ORDER BY r.id DESC LIMIT ${limit} OFFSET ${offset}`).then((r) => rowsOf<RequestRow>(r)),
        db.execute(sql`SELECT count(*)::int AS total ${from}`).then((r) => rowsOf<{ total: number }>(r)),
      ]);
      return { rows: rows.map((r) => num(r, ['id', 'originItemId'])), total: Number(total) };
    },

    /** The answers of some requests from the organizations in the scope. */
    async answers(requestIds: number[], scopePath: string) {
      if (requestIds.length === 0) return { rows: [] as AnswerRow[] };
      const rows = rowsOf<AnswerRow>(
        await db.execute(sql`
          SELECT a.id, a.request_id AS "requestId", a.org_id AS "orgId", o.name AS "orgName", a.answer, a.explanation,
            a.item_id AS "itemId", i.code AS "itemCode", i.status AS "itemStatus", a.answered_at AS "answeredAt"
          FROM self_check_answers a JOIN orgs o ON o.id = a.org_id LEFT JOIN items i ON i.id = a.item_id
          WHERE a.request_id = ANY (${sql.param(requestIds)}::bigint[]) AND o.path LIKE ${scopeLike(scopePath)}
          ORDER BY a.answer IS NOT NULL, o.path`),
      );
      return { rows: rows.map((r) => num(r, ['id', 'requestId', 'itemId'])) };
    },

    /** What the organizations of the scope are asked, open ones first by deadline. */
    async tasks({ scopePath, open, answerId, limit, offset, lock = false }: { scopePath: string; open?: boolean; answerId?: number; limit: number; offset: number; lock?: boolean }) {
      const where = sql`o.path LIKE ${scopeLike(scopePath)} ${open ? sql`AND a.answer IS NULL` : sql``} ${answerId ? sql`AND a.id = ${answerId}` : sql``}`;
      const from = sql`FROM self_check_answers a JOIN self_check_requests r ON r.id = a.request_id JOIN orgs o ON o.id = a.org_id
        JOIN items oi ON oi.id = r.origin_item_id WHERE ${where}`;
      const [rows, [{ total }]] = await Promise.all([
        db
          .execute(sql`
            SELECT a.id AS "answerId", r.id AS "requestId", a.org_id AS "orgId", o.name AS "orgName", o.path AS "orgPath", o.short_name AS "orgShortName",
              r.problem, r.note, r.deadline::text AS "deadline", a.answer, a.explanation, a.item_id AS "itemId",
              r.origin_item_id AS "originItemId", oi.category_id AS "categoryId"
            ${from} ORDER BY a.answer IS NOT NULL, r.deadline, a.id LIMIT ${limit} OFFSET ${offset} ${lock ? sql`FOR UPDATE OF a` : sql``}`)
          .then((r) => rowsOf<TaskRow>(r)),
        db.execute(sql`SELECT count(*)::int AS total ${from}`).then((r) => rowsOf<{ total: number }>(r)),
      ]);
      return { rows: rows.map((r) => num(r, ['answerId', 'requestId', 'itemId', 'originItemId'])), total: Number(total) };
    },

    async saveAnswer({ answerId, answer, explanation, itemId, actorId }: { answerId: number; answer: string; explanation: string | null; itemId: number | null; actorId: number }) {
      await db.execute(sql`
        UPDATE self_check_answers SET answer = ${answer}, explanation = ${explanation}, item_id = ${itemId}, answered_by = ${actorId}, answered_at = now()
        WHERE id = ${answerId}`);
    },
  };
}
