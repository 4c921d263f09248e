import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { fixedClock } from '../../lib/clock.js';
import { itemAssistOrgs } from './items-assist.table.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';

/** The police committee leads (主办, `branch`); finance assists (协办, `branch2`) or, where it is not named, is unrelated. */
describe('assisting organizations (协办)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-06-15T02:00:00Z') });
  });
  afterAll(() => t.close());

  const get = (as: string, url: string) => t.as(as)({ method: 'GET', url });
  const assisted = () =>
    createItem(t, { title: '协办事项', measures: [{ content: '公安局党委牵头修订制度' }, { content: '财政局机关党委配合核对经费' }], assistOrgIds: [t.orgs.finance] });

  it('when the committee names an assisting organization, the detail lists it and the assisting clerk finds the item in the list, tagged', async () => {
    const item = await assisted();
    expect(item.assistOrgs).toEqual([{ id: t.orgs.finance, name: '江川市财政局机关党委' }]);
    const list = (await get('branch2', '/api/items?pageSize=100')).json();
    const row = list.items.find((i: { id: number }) => i.id === item.id);
    expect(row).toMatchObject({ id: item.id, orgName: '江川市公安局党委', assisting: true });
    expect(list.total).toBe(list.items.length);
    const own = (await get('branch', '/api/items?pageSize=100')).json().items.find((i: { id: number }) => i.id === item.id);
    expect(own.assisting).toBeUndefined();
    // A step answers with the detail read in its own statement: the assisting organizations are in it too.
    const started = await transition(t, 'branch', item.id, { action: 'start' });
    expect(started.json()).toMatchObject({ status: 'in_progress', assistOrgs: [{ id: t.orgs.finance, name: '江川市财政局机关党委' }] });
  });

  it('when an unrelated organization asks, the assisted item is not found and not listed', async () => {
    const item = await createItem(t, { title: '交警支队协办', assistOrgIds: [t.orgs.traffic] });
    expect((await get('branch2', `/api/items/${item.id}`)).statusCode).toBe(404);
    const list = (await get('branch2', '/api/items?pageSize=100')).json();
    expect(list.items.map((i: { id: number }) => i.id)).not.toContain(item.id);
  });

  it('when the assisting clerk reports progress and adds evidence, both are kept and labelled with its organization', async () => {
    const item = await assisted();
    const progress = await t.as('branch2')({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '已核对经费使用情况' } });
    expect(progress.statusCode).toBe(201);
    expect((await uploadPdf(t, 'branch2', item.id, '经费核对表.pdf')).statusCode).toBe(201);
    const detail = (await get('branch2', `/api/items/${item.id}`)).json();
    expect(detail.progress[0]).toMatchObject({ content: '已核对经费使用情况', orgName: '江川市财政局机关党委' });
    expect(detail.evidence[0]).toMatchObject({ fileName: '经费核对表.pdf', orgName: '江川市财政局机关党委' });
    expect(detail.allowedActions).toEqual([]);
    expect(detail.editableFields).toEqual([]);
    const download = await get('branch2', `/api/evidence/${detail.evidence[0].id}/download`);
    expect(download.statusCode).toBe(200);
  });

  it('when the assisting clerk requests closure, edits the lead’s fields or moves a measure, it is refused and nothing changes', async () => {
    const item = await assisted();
    await transition(t, 'branch', item.id, { action: 'start' });
    await uploadPdf(t, 'branch', item.id);
    const before = (await get('branch', `/api/items/${item.id}`)).json();
    const closure = await transition(t, 'branch2', item.id, { action: 'request_closure', comment: '已完成', version: before.version });
    expect(closure.statusCode).toBe(403);
    expect(closure.json().error).toMatchObject({ code: 'items.assist_not_allowed', message: expect.stringContaining('协办单位') });
    const edit = await t.as('branch2')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: before.version, rootCause: '改写' } });
    expect(edit.json().error.code).toBe('items.assist_not_allowed');
    const measure = await t.as('branch2')({ method: 'PATCH', url: `/api/items/${item.id}/measures/${before.measures[0].id}`, payload: { status: 'done' } });
    expect(measure.json().error.code).toBe('items.assist_not_allowed');
    const after = (await get('branch', `/api/items/${item.id}`)).json();
    expect(after).toMatchObject({ version: before.version, status: 'in_progress', rootCause: before.rootCause });
    expect(after.measures[0].status).toBe('not_started');
  });

  it('when the lead is named as its own assistant, or an organization outside the caller’s scope, it answers 400 and writes nothing', async () => {
    const lead = await t.as('supervisor')({
      method: 'POST',
      url: '/api/items',
      payload: { orgId: t.orgs.police, source: 'review', description: '自己协办自己。', deadline: '2026-12-31', type: 'deadline', assistOrgIds: [t.orgs.police] },
    });
    expect(lead.statusCode).toBe(400);
    expect(lead.json().error.code).toBe('items.assist_org_invalid');
    // A clerk's own problem may name only organizations of its own subtree.
    const outside = await t.as('branch')({
      method: 'POST',
      url: '/api/items',
      payload: { orgId: t.orgs.police, source: 'self_inspection', description: '跨单位协办。', deadline: '2026-12-31', type: 'deadline', assistOrgIds: [t.orgs.finance] },
    });
    expect(outside.json().error.code).toBe('items.assist_org_invalid');
    expect((await get('supervisor', '/api/items?q=跨单位协办')).json().total).toBe(0);
  });

  it('when the committee edits the assisting organizations, the change is in the history and the former assistant no longer sees the item', async () => {
    const item = await assisted();
    const listed = async (as: string) => (await get(as, '/api/items?pageSize=100')).json().items.map((i: { id: number }) => i.id);
    expect(await listed('branch2')).toContain(item.id);
    const res = await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: item.version, assistOrgIds: [t.orgs.traffic] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().assistOrgs.map((o: { id: number }) => o.id)).toEqual([t.orgs.traffic]);
    expect(res.json().history.at(-1).changes.assistOrgs).toEqual({ before: ['江川市财政局机关党委'], after: [expect.stringContaining('交通')] });
    expect((await get('branch2', `/api/items/${item.id}`)).statusCode).toBe(404);
    // The list's answer of what each scope assists was kept a moment ago; the change made here forgets it at once.
    expect(await listed('branch2')).not.toContain(item.id);
    expect(await t.db.select().from(itemAssistOrgs).where(eq(itemAssistOrgs.itemId, item.id))).toEqual([{ itemId: item.id, orgId: t.orgs.traffic }]);
  });
});
