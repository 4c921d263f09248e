import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_OVERDUE_LIST_CAP } from '@rectify/shared';
import { DEFAULT_TIME_ZONE } from '../../config.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { zipEntryText } from '../ledger-io/ledger-io.test-helpers.js';
import { DOCX_OVERDUE_ROWS, overdueListNote } from './reports.docx.js';
import { eq, sql, type SQL } from 'drizzle-orm';
import { readLanes, singleLane } from '../../db/snapshot-readers.js';
import { orgs } from '../orgs/orgs.table.js';
import { monthFigures } from './reports.figures.js';
import { monthPeriod } from './reports.period.js';

/** The running month in the committee's day, as the report computes it (history rows are dated by the database). */
const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: DEFAULT_TIME_ZONE, year: 'numeric', month: '2-digit' }).format(new Date());

describe('the monthly report with more overdue items than it lists', () => {
  let t: TestApp;
  const extra = REPORT_OVERDUE_LIST_CAP + 20;
  beforeAll(async () => {
    t = await createTestApp();
    const item = await createItem(t, { deadline: '2026-01-31' });
    // Copies of one overdue item, copy g due g days before it, coded `code` || suffix(g).
    const copies = (suffix: SQL, from: number, to: number) =>
      t.db.execute(sql`
        INSERT INTO items OVERRIDING SYSTEM VALUE
        SELECT (jsonb_populate_record(NULL::items, to_jsonb(i) || jsonb_build_object(
          'id', nextval(pg_get_serial_sequence('items', 'id')), 'code', i.code || ${suffix}, 'deadline', (i.deadline - g)::text, 'original_deadline', (i.deadline - g)::text))).*
        FROM items i CROSS JOIN generate_series(${from}::int, ${to}::int) g WHERE i.id = ${item.id}`);
    // Each a day longer overdue than the one before.
    await copies(sql`'-' || g`, 1, extra);
    // And a few more on the same days as some of them, written later but coded to sort first on their day.
    await copies(sql`'-0' || g`, extra - 40, extra);
  });
  afterAll(() => t.close());

  it('lists the longest overdue up to the cap, counts them all, and the .docx prints the first of them and says so', async () => {
    const res = await t.as('supervisor')({ method: 'GET', url: `/api/reports/monthly?month=${thisMonth()}` });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    const { rows } = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items WHERE deadline < current_date AND status NOT IN ('closed', 'cancelled')`);
    expect(report.figures.overdue).toBe(rows[0].n);
    expect(report.figures.overdue).toBeGreaterThan(REPORT_OVERDUE_LIST_CAP);
    expect(report.overdueItems).toHaveLength(REPORT_OVERDUE_LIST_CAP);
    const deadlines = report.overdueItems.map((i: { deadline: string }) => i.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    // The longest overdue of all is listed first: the last copy, `extra` days before the original deadline.
    expect(deadlines[0]).toBe(new Date(Date.parse('2026-01-31T00:00:00Z') - extra * 86400000).toISOString().slice(0, 10));

    const docx = await t.as('supervisor')({ method: 'GET', url: `/api/reports/monthly?month=${thisMonth()}&format=docx` });
    expect(docx.statusCode).toBe(200);
    const xml = await zipEntryText(docx.rawPayload, 'word/document.xml');
    expect(xml).toContain(`四、逾期未完成事项（${report.figures.overdue}项）`);
    expect(xml).toContain(overdueListNote(DOCX_OVERDUE_ROWS));
    const codes = report.overdueItems.map((i: { code: string }) => i.code);
    expect(xml).toContain(`>${codes[DOCX_OVERDUE_ROWS - 1]}<`);
    expect(xml).not.toContain(`>${codes[DOCX_OVERDUE_ROWS]}<`);
  });

  it('when counted in parts side by side (the monthly job), the figures and the list are those counted at once', async () => {
    const [committee] = await t.db.select().from(orgs).where(eq(orgs.id, t.orgs.committee));
    const period = monthPeriod(thisMonth());
    const args = { scope: { id: committee.id, path: committee.path, depth: committee.depth }, period, timeZone: DEFAULT_TIME_ZONE, asOfDay: period.nextFirstDay };
    const once = await monthFigures(singleLane(t.db), args);
    const inParts = await monthFigures(readLanes([t.db, t.db]), args);
    expect(once.overdue).toHaveLength(REPORT_OVERDUE_LIST_CAP);
    expect(inParts.overdue).toEqual(once.overdue);
    expect(inParts.total).toEqual(once.total);
    expect(new Set(once.overdue.map((o) => o.deadline)).size).toBeLessThan(REPORT_OVERDUE_LIST_CAP);
  });
});
