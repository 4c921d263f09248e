import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

/**
 * An independent reading of the month's figures, straight from the rows: every item's history replayed in
 * JavaScript up to the month's end (Asia/Shanghai midnight). It shares no code with the report's SQL.
 */
export async function expectedMonth(db: Db, { month, rootId }: { month: string; rootId: number }) {
  const [y, m] = month.split('-').map(Number);
  const first = `${month}-01`;
  const nextMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const nextFirst = `${nextMonth}-01`;
  const start = new Date(`${first}T00:00:00+08:00`).getTime();
  const end = new Date(`${nextFirst}T00:00:00+08:00`).getTime();
  const lastDay = new Date(Date.parse(`${nextFirst}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);

  const items = (await db.execute<{ id: number; code: string; org_id: number; category_id: number | null }>(sql`SELECT id, code, org_id, category_id FROM items`)).rows;
  const orgRows = (await db.execute<{ id: number; path: string }>(sql`SELECT id, path FROM orgs`)).rows;
  const history = (await db.execute<{ id: number; item_id: number; at: Date; action: string; to_status: string | null; data: Record<string, unknown> | null; changes: Record<string, { before: unknown; after: unknown }> | null }>(
    sql`SELECT id, item_id, at, action, to_status, data, changes FROM item_history ORDER BY at, id`,
  )).rows;
  const notices = (await db.execute<{ issued_on: string; org_id: number }>(sql`SELECT issued_on::text, org_id FROM notices`)).rows;
  // Raw rows carry timestamps as Date (node-postgres) or as text (PGlite).
  const time = (at: Date | string) => new Date(at).getTime();
  const pathOf = new Map(orgRows.map((o) => [o.id, o.path]));
  const childOfRoot = (orgId: number) => {
    const ids = pathOf.get(orgId)!.split('/').filter(Boolean).map(Number);
    return ids[ids.indexOf(rootId) + 1] ?? rootId;
  };

  type Fig = { newItems: number; closed: number; closedOnTime: number; closedLate: number; totalItems: number; closedTotal: number; open: number; overdue: number };
  const zero = (): Fig => ({ newItems: 0, closed: 0, closedOnTime: 0, closedLate: 0, totalItems: 0, closedTotal: 0, open: 0, overdue: 0 });
  const total = zero();
  const byOrg = new Map<number, Fig>();
  const byCategory = new Map<number | null, Fig>();
  const overdueCodes: string[] = [];

  for (const item of items) {
    if (!pathOf.get(item.org_id)!.includes(`/${rootId}/`)) continue;
    const all = history.filter((h) => h.item_id === item.id);
    const before = all.filter((h) => time(h.at) < end);
    const created = before.find((h) => h.action === 'created');
    if (!created) continue;
    let status = 'issued';
    let deadline = '';
    let closedAt: number | null = null;
    let closedLate = false;
    for (const h of before) {
      if (h.to_status) status = h.to_status;
      if (h.action === 'created') deadline = String(h.data!.deadline);
      if (h.action === 'approve_extension') deadline = String(h.data!.deadlineAfter);
      // 回头看 reopens a closed item as its next round, with that round's own deadline.
      if (h.action === 'reopened') deadline = String(h.data!.deadline);
      // An edit, or the 签收 of a deadline counted from it.
      if ((h.action === 'updated' || h.action === 'start') && h.changes?.deadline) deadline = String(h.changes.deadline.after);
      if (h.action === 'approve_closure') {
        closedAt = time(h.at);
        closedLate = Boolean(h.data!.closedLate);
      }
    }
    const categoryEdits = all.filter((h) => h.action === 'updated' && h.changes && 'categoryId' in h.changes);
    const lastBefore = categoryEdits.filter((h) => time(h.at) < end).pop();
    const firstAfter = categoryEdits.find((h) => time(h.at) >= end);
    const category = (lastBefore ? lastBefore.changes!.categoryId.after : firstAfter ? firstAfter.changes!.categoryId.before : item.category_id) as number | null;

    const open = ['issued', 'objected', 'in_progress', 'closure_requested'].includes(status);
    const f: Fig = {
      newItems: time(created.at) >= start ? 1 : 0,
      closed: status === 'closed' && closedAt! >= start ? 1 : 0,
      closedOnTime: status === 'closed' && closedAt! >= start && !closedLate ? 1 : 0,
      closedLate: status === 'closed' && closedAt! >= start && closedLate ? 1 : 0,
      totalItems: status !== 'cancelled' ? 1 : 0,
      closedTotal: status === 'closed' ? 1 : 0,
      open: open ? 1 : 0,
      overdue: open && deadline <= lastDay ? 1 : 0,
    };
    if (f.overdue) overdueCodes.push(item.code);
    const key = childOfRoot(item.org_id);
    for (const target of [total, byOrg.get(key) ?? byOrg.set(key, zero()).get(key)!, byCategory.get(category) ?? byCategory.set(category, zero()).get(category)!]) {
      for (const k of Object.keys(f) as (keyof Fig)[]) target[k] += f[k];
    }
  }
  const noticesIssued = notices.filter((n) => n.issued_on >= first && n.issued_on <= lastDay && pathOf.get(n.org_id)!.includes(`/${rootId}/`)).length;
  return { total, byOrg, byCategory, overdueCodes: overdueCodes.sort(), noticesIssued };
}
