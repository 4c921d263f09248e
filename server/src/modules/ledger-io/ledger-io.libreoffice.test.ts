import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { itemMeasures, items } from '../items/items.table.js';
import { convertWithLibreOffice, exportXlsx, haveLibreOffice, importXlsx } from './ledger-io.test-helpers.js';

const clock = fixedClock('2026-05-10T02:00:00Z');
// Comma-separated, double quotes, UTF-8, from the first line.
const csvFilter = 'CSV:44,34,76,1';

describe.runIf(haveLibreOffice)('files saved by a real spreadsheet program (LibreOffice)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('when a CSV ledger is saved as .xlsx by LibreOffice, it imports with its dates, short names and multi-line measures', async () => {
    const csv = [
      '序号,所属单位,问题来源,问题类别,问题描述,整改时限,整改类型,整改措施',
      '1,江川市卫生健康委员会机关党委,上级点评,作风建设,"调查研究偏少，服务基层不够主动。",2026-08-31,限期整改,"1. 班子成员每季度下基层调研一次（责任人：孙主任）',
      '2. 建立基层问题清单"',
      '2,中院,专项检查,党风廉政建设,审判监督中廉洁提醒不经常。,2026年9月30日,立行立改,开展廉洁提醒谈话',
      '3,检察,群众评议,,“12309”热线回访不及时。,10月底,,',
    ].join('\n');
    const saved = await convertWithLibreOffice({ name: '台账.csv', content: csv }, 'xlsx', { infilter: csvFilter });
    expect(saved.subarray(0, 2).toString('latin1')).toBe('PK');
    const check = (await importXlsx(t, 'supervisor', saved, '?dryRun=true')).json();
    expect(check.errors).toEqual([]);
    expect(check.rows.map((r: { orgName: string; deadline: string; type: string; measureCount: number }) => [r.orgName, r.deadline, r.type, r.measureCount])).toEqual([
      ['江川市卫生健康委员会机关党委', '2026-08-31', 'deadline', 2],
      ['江川市中级人民法院机关党委', '2026-09-30', 'immediate', 1],
      ['江川市人民检察院机关党委', '2026-10-31', 'deadline', 0],
    ]);
    const done = (await importXlsx(t, 'supervisor', saved)).json();
    expect(done.created).toBe(3);
    const [first] = await t.db.select().from(items).where(eq(items.id, done.rows[0].itemId));
    expect(first).toMatchObject({ source: 'review', deadline: '2026-08-31', description: '调查研究偏少，服务基层不够主动。' });
    const measures = await t.db.select().from(itemMeasures).where(eq(itemMeasures.itemId, first.id));
    expect(measures.map((m) => [m.content, m.responsiblePerson])).toEqual([
      ['班子成员每季度下基层调研一次', '孙主任'],
      ['建立基层问题清单', null],
    ]);
  });

  describe('an export opened and saved again by LibreOffice', () => {
    beforeAll(async () => {
      await createItem(t, {
        orgId: t.orgs.archives,
        title: '=1+1',
        description: '@馆藏数字化项目中党员先锋岗作用不明显。',
        deadline: '2026-11-30',
        measures: [{ content: '设立党员先锋岗', responsiblePerson: '钱馆长', deadline: '2026-07-31' }],
      });
    });

    it('keeps text that starts with = or @ as text when LibreOffice writes it out as CSV', async () => {
      const exported = await exportXlsx(t, 'supervisor', `?orgId=${t.orgs.archives}`);
      const csv = (await convertWithLibreOffice({ name: 'export.xlsx', content: exported }, 'csv:Text - txt - csv (StarCalc):44,34,76,1')).toString('utf8');
      expect(csv).toContain('=1+1');
      expect(csv).toContain('@馆藏数字化项目中党员先锋岗作用不明显。');
      expect(csv).toContain('2026-11-30');
    });

    it('imports back to the same item', async () => {
      const exported = await exportXlsx(t, 'supervisor', `?orgId=${t.orgs.archives}`);
      const resaved = await convertWithLibreOffice({ name: 'export.xlsx', content: exported }, 'xlsx');
      const body = (await importXlsx(t, 'supervisor', resaved)).json();
      expect(body).toMatchObject({ ok: true, created: 1 });
      const [copy] = await t.db.select().from(items).where(eq(items.id, body.rows[0].itemId));
      expect(copy).toMatchObject({ title: '=1+1', description: '@馆藏数字化项目中党员先锋岗作用不明显。', deadline: '2026-11-30', orgId: t.orgs.archives, source: 'review' });
      const measures = await t.db.select().from(itemMeasures).where(eq(itemMeasures.itemId, copy.id));
      expect(measures.map((m) => [m.content, m.responsiblePerson, m.deadline])).toEqual([['设立党员先锋岗', '钱馆长', '2026-07-31']]);
    });
  });
});
