import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { convertToPdf, skipOffice } from '../reports/office.test-helpers.js';

const clock = fixedClock('2026-12-10T02:00:00Z');

describe('整改情况报告 for a reporting period', () => {
  let t: TestApp;
  let periodId: number;
  const year = new Date().getUTCFullYear();
  beforeAll(async () => {
    t = await createTestApp({ clock });
    // Issued today, whatever the source: a period of this year covers them.
    await createItem(t, { source: 'inspection', title: '巡察反馈：党费收缴不规范', description: '个别支部党费收缴不及时。' });
    await createItem(t, { orgId: t.orgs.finance, title: '财政专项检查问题', description: '预算执行监督不到位。' });
  }, 180_000);
  afterAll(() => t.close());

  const get = (as: string, url: string) => t.as(as)({ method: 'GET', url });
  const upload = (as: string, url: string) => {
    const form = multipart([{ name: 'file', file: { filename: '年度整改情况报告.pdf', content: tinyPdf('signed'), contentType: 'application/pdf' } }]);
    return t.as(as)({ method: 'POST', url, ...form });
  };
  const reportUrl = (orgId: number, id = periodId) => `/api/report-periods/${id}/reports/${orgId}`;
  const lineOf = (body: { organizations: Array<{ orgId: number }> }, orgId: number) => body.organizations.find((o) => o.orgId === orgId) as { itemCount: number; current: { status: string; late: boolean } | null; history: unknown[] } | undefined;

  it('when the committee opens a year as a period, every organization with problems issued in it is expected to report', async () => {
    const res = await t.as('supervisor')({ method: 'POST', url: '/api/report-periods', payload: { committeeId: t.orgs.committee, title: `${year}年度`, startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, dueOn: `${year}-12-31` } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    periodId = body.period.id;
    expect(body.period).toMatchObject({ title: `${year}年度`, dueOn: `${year}-12-31`, canDecide: true });
    expect(lineOf(body, t.orgs.police)?.itemCount).toBeGreaterThan(0);
    expect(lineOf(body, t.orgs.finance)?.itemCount).toBeGreaterThan(0);
    expect(body.counts.missing).toBe(body.counts.expected);
  });

  it('when the dates are reversed or a clerk opens a period, it is refused', async () => {
    const reversed = await t.as('supervisor')({ method: 'POST', url: '/api/report-periods', payload: { committeeId: t.orgs.committee, title: '错误', startsOn: '2026-12-31', endsOn: '2026-01-01' } });
    expect(reversed.json().error.code).toBe('rectification_reports.bad_period');
    expect((await t.as('branch')({ method: 'POST', url: '/api/report-periods', payload: { committeeId: t.orgs.police, title: '2026年度', startsOn: '2026-01-01', endsOn: '2026-12-31' } })).statusCode).toBe(403);
  });

  it('when a clerk looks at the period, it sees its own organization only and may not decide', async () => {
    const list = (await get('branch', '/api/report-periods')).json();
    expect(list.periods.map((p: { id: number }) => p.id)).toContain(periodId);
    const overview = (await get('branch', `/api/report-periods/${periodId}`)).json();
    expect(overview.organizations.map((o: { orgId: number }) => o.orgId)).toEqual([t.orgs.police]);
    expect(overview.period.canDecide).toBe(false);
    expect((await get('branch2', `${reportUrl(t.orgs.police)}/draft.docx`)).statusCode).toBe(404);
    expect((await upload('branch2', reportUrl(t.orgs.police))).statusCode).toBe(404);
  });

  it.skipIf(skipOffice)('when the clerk downloads the draft, it reports on every problem issued in the period, of any source, and nothing of finance', async () => {
    const res = await get('branch', `${reportUrl(t.orgs.police)}/draft.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    const flat = (await convertToPdf(res.rawPayload, 'docx')).text.replace(/\s+/g, '');
    expect(flat).toContain(`关于${year}年度问题整改情况的报告`);
    expect(flat).toContain(`${year}年1月1日至${year}年12月31日`);
    expect(flat).toContain('巡察反馈：党费收缴不规范');
    expect(flat).toContain('单位名称（盖章）');
    expect(flat).not.toContain('财政专项检查问题');
  }, 180_000);

  it('when the clerk uploads the signed scan, the committee sends it back with a reason and accepts the one uploaded again', async () => {
    const first = await upload('branch', reportUrl(t.orgs.police));
    expect(first.statusCode).toBe(201);
    expect(lineOf(first.json(), t.orgs.police)?.current).toMatchObject({ status: 'submitted', late: false });
    expect((await get('supervisor', `${reportUrl(t.orgs.police)}/file`)).rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.as('branch')({ method: 'POST', url: `${reportUrl(t.orgs.police)}/decision`, payload: { action: 'accept' } })).statusCode).toBe(403);
    const returned = await t.as('supervisor')({ method: 'POST', url: `${reportUrl(t.orgs.police)}/decision`, payload: { action: 'return', reason: '未加盖单位公章' } });
    expect(lineOf(returned.json(), t.orgs.police)?.current).toMatchObject({ status: 'returned', reason: '未加盖单位公章' });
    expect((await upload('branch', reportUrl(t.orgs.police))).statusCode).toBe(201);
    const accepted = (await t.as('supervisor')({ method: 'POST', url: `${reportUrl(t.orgs.police)}/decision`, payload: { action: 'accept' } })).json();
    expect(lineOf(accepted, t.orgs.police)?.current?.status).toBe('accepted');
    expect(lineOf(accepted, t.orgs.police)?.history).toHaveLength(1);
    expect(accepted.counts.accepted).toBe(1);
    expect((await upload('branch', reportUrl(t.orgs.police))).json().error.code).toBe('rectification_reports.accepted');
  });

  it('when the committee moves the deadline before the upload, the report in force shows as late', async () => {
    const res = await t.as('supervisor')({ method: 'PUT', url: `/api/report-periods/${periodId}/deadline`, payload: { dueOn: `${year}-01-31` } });
    expect(lineOf(res.json(), t.orgs.police)?.current?.late).toBe(true);
    expect((await t.as('branch')({ method: 'PUT', url: `/api/report-periods/${periodId}/deadline`, payload: { dueOn: null } })).statusCode).toBe(403);
  });

  it('when a period holds no problem of the organization, there is nothing to upload', async () => {
    const empty = (await t.as('supervisor')({ method: 'POST', url: '/api/report-periods', payload: { committeeId: t.orgs.committee, title: '2019年度', startsOn: '2019-01-01', endsOn: '2019-12-31' } })).json();
    expect(empty.organizations).toEqual([]);
    expect((await upload('branch', reportUrl(t.orgs.police, empty.period.id))).json().error.code).toBe('rectification_reports.nothing_to_report');
  });
});
