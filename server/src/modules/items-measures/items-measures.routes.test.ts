import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { fixedClock } from '../../lib/clock.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';

describe('measures that are tracked', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-06-15T02:00:00Z') });
  });
  afterAll(() => t.close());

  const detail = async (id: number) => (await t.as('branch')({ method: 'GET', url: `/api/items/${id}` })).json();
  const patchMeasure = (id: number, measureId: number, payload: object, as = 'branch') => t.as(as)({ method: 'PATCH', url: `/api/items/${id}/measures/${measureId}`, payload });
  async function started() {
    const item = await createItem(t, { measures: [{ content: '制定支部学习计划' }, { content: '建立三会一课记录台账' }] });
    await transition(t, 'branch', item.id, { action: 'start' });
    await uploadPdf(t, 'branch', item.id);
    return detail(item.id);
  }

  it('when an item is created, its measures start 未开始 with no owner', async () => {
    const item = await started();
    expect(item.measures.map((m: { status: string; ownerUserId: number | null }) => [m.status, m.ownerUserId])).toEqual([
      ['not_started', null],
      ['not_started', null],
    ]);
  });

  it('when the clerk moves a measure on and names its owner and deadline, the detail and the history show it', async () => {
    const item = await started();
    const [first] = item.measures;
    const owner = (await t.as('branch')({ method: 'GET', url: '/api/auth/me' })).json().id;
    const res = await patchMeasure(item.id, first.id, { status: 'in_progress', ownerUserId: owner, responsiblePerson: '李书记', deadline: '2026-07-31' });
    expect(res.statusCode).toBe(200);
    expect(res.json().measures[0]).toMatchObject({ status: 'in_progress', ownerUserId: owner, ownerName: '王经办（公安局党委）', responsiblePerson: '李书记', deadline: '2026-07-31' });
    expect(res.json().history.at(-1)).toMatchObject({ action: 'measure_updated', changes: { status: { before: 'not_started', after: 'in_progress' } }, data: { seq: 1 } });
  });

  it('when the owner picker is opened, it lists the active users of the item’s organization, never those of another', async () => {
    const item = await started();
    const res = await t.as('branch')({ method: 'GET', url: `/api/items/${item.id}/measure-owners` });
    expect(res.statusCode).toBe(200);
    const owners = res.json().users as Array<{ id: number; displayName: string; orgName: string }>;
    expect(owners).toContainEqual(expect.objectContaining({ displayName: '王经办（公安局党委）' }));
    expect(owners.every((u) => u.orgName !== '财政局党组')).toBe(true);
    expect((await t.as('branch2')({ method: 'GET', url: `/api/items/${item.id}/measure-owners` })).statusCode).toBe(404);
  });

  it('when a measure of another item or an unknown state is sent, it answers 404 or 400 and the measure is unchanged', async () => {
    const item = await started();
    const other = await started();
    expect((await patchMeasure(item.id, other.measures[0].id, { status: 'done' })).json().error.code).toBe('items.measure_not_found');
    expect((await patchMeasure(item.id, item.measures[0].id, { status: 'finished' })).statusCode).toBe(400);
    expect((await detail(other.id)).measures[0].status).toBe('not_started');
  });

  it('when closure is requested with measures not done and no reasons, it is refused naming them; with a reason for each, it goes through and keeps the reasons', async () => {
    const item = await started();
    const [first, second] = item.measures;
    await patchMeasure(item.id, first.id, { status: 'done' });
    const refused = await transition(t, 'branch', item.id, { action: 'request_closure', comment: '整改完成' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('items.measures_unfinished');
    expect(refused.json().error.message).toContain('第2项「建立三会一课记录台账」（未开始）');
    expect(refused.json().error.message).not.toContain('第1项');
    expect((await detail(item.id)).status).toBe('in_progress');

    const ok = await transition(t, 'branch', item.id, { action: 'request_closure', comment: '整改完成', measureReasons: [{ measureId: second.id, reason: '台账随换届一并建立' }] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().history.at(-1).data.unfinishedMeasures).toEqual([{ measureId: second.id, seq: 2, status: 'not_started', reason: '台账随换届一并建立' }]);
  });

  it('when every measure is done, the request needs no reason, and the reviewer then sees the paper-only warnings', async () => {
    const item = await started();
    for (const m of item.measures) await patchMeasure(item.id, m.id, { status: 'done' });
    const res = await transition(t, 'branch', item.id, { action: 'request_closure', comment: '制定支部学习计划，建立三会一课记录台账。' });
    expect(res.statusCode).toBe(200);
    const seen = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${item.id}` })).json();
    const kinds = seen.paperWarnings.map((w: { kind: string }) => w.kind);
    // No file names a measure, the statement restates the measures, and the one file came just before the request.
    expect(kinds).toEqual(['measure_without_evidence', 'measure_without_evidence', 'statement_repeats_measures', 'evidence_just_before_request']);
    expect(seen.paperWarnings[0].message).toContain('第1项措施「制定支部学习计划」');
  });

  it('when evidence names a measure of the item, the measure is covered; a measure of another item is refused', async () => {
    const item = await started();
    const other = await started();
    const { multipart, tinyPdf } = await import('../../test/multipart.js');
    const form = () => multipart([{ name: 'file', file: { filename: '学习计划.pdf', content: tinyPdf(), contentType: 'application/pdf' } }]);
    const wrong = await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/evidence?measureId=${other.measures[0].id}`, ...form() });
    expect(wrong.json().error.code).toBe('items.measure_not_found');
    const right = await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/evidence?measureId=${item.measures[0].id}`, ...form() });
    expect(right.statusCode).toBe(201);
    expect(right.json().item.evidence.find((e: { fileName: string }) => e.fileName === '学习计划.pdf').measureId).toBe(item.measures[0].id);
  });

  it('when the item’s measures are edited, each keeps its state by position', async () => {
    const item = await started();
    await patchMeasure(item.id, item.measures[0].id, { status: 'done' });
    const current = await detail(item.id);
    const res = await t.as('branch')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: current.version, measures: [{ content: '制定并印发支部学习计划' }] } });
    expect(res.json().measures).toMatchObject([{ id: item.measures[0].id, content: '制定并印发支部学习计划', status: 'done' }]);
  });
});
