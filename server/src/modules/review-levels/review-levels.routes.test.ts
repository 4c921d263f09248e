import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';

describe('review levels before the committee (二级审核, 代理审核)', () => {
  let t: TestApp;
  let ids: Record<string, number>;

  /** A clerk with the demo password, written straight into the table so that no password change stands in the way. */
  async function clerk(username: string, displayName: string, orgId: number) {
    const { rows } = await t.db.execute<{ id: number }>(
      sql`INSERT INTO users (username, display_name, password_hash, role, org_id) SELECT ${username}, ${displayName}, password_hash, 'branch', ${orgId} FROM users WHERE username = 'branch' RETURNING id`,
    );
    return Number(rows[0].id);
  }

  beforeAll(async () => {
    t = await createTestApp();
    ids = {
      trafficClerk: await clerk('tr-clerk', '交警经办', t.orgs.traffic),
      trafficSecretary: await clerk('tr-secretary', '交警书记', t.orgs.traffic),
      trafficDeputy: await clerk('tr-deputy', '交警副书记', t.orgs.traffic),
      policeSecretary: await clerk('po-secretary', '公安党委书记', t.orgs.police),
    };
    const admin = t.as('admin');
    expect((await admin({ method: 'PUT', url: '/api/review-levels/settings', payload: { unitReview: true, partyReview: true } })).json()).toMatchObject({ levels: ['unit', 'party', 'committee'] });
    for (const id of [ids.trafficSecretary, ids.policeSecretary]) expect((await admin({ method: 'PUT', url: `/api/review-levels/endorsers/${id}` })).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  /** A traffic item whose closure the traffic clerk has requested. */
  async function requested(by = 'tr-clerk') {
    const item = await createItem(t, { orgId: t.orgs.traffic });
    expect((await uploadPdf(t, by, item.id)).statusCode).toBe(201);
    expect((await t.as(by)({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '推进' } })).statusCode).toBe(201);
    const res = await transition(t, by, item.id, { action: 'request_closure', comment: '已整改到位' });
    expect(res.statusCode).toBe(200);
    return res.json() as { id: number; reviewLevel: string; allowedActions: string[] };
  }
  const levelOf = async (id: number) => (await t.db.execute<{ status: string; review_level: string | null }>(sql`SELECT status, review_level FROM items WHERE id = ${id}`)).rows[0];

  it('when a branch requests closure, it passes 本单位审核, then 党委初审, then 工委终审, and the history shows every level', async () => {
    const item = await requested();
    expect(item.reviewLevel).toBe('unit');
    expect((await t.as('supervisor')({ method: 'GET', url: `/api/items/${item.id}` })).json().allowedActions).not.toContain('approve_closure');
    const unit = await transition(t, 'tr-secretary', item.id, { action: 'endorse_closure', comment: '情况属实，同意报党委审核' });
    expect(unit.json()).toMatchObject({ status: 'closure_requested', reviewLevel: 'party' });
    const party = await transition(t, 'po-secretary', item.id, { action: 'endorse_closure', comment: '初审通过' });
    expect(party.json()).toMatchObject({ status: 'closure_requested', reviewLevel: 'committee' });
    expect(party.json().allowedActions).toEqual([]);
    const final = await transition(t, 'supervisor', item.id, { action: 'approve_closure', comment: '同意销号' });
    expect(final.json()).toMatchObject({ status: 'closed', reviewLevel: null });
    const steps = (final.json().history as Array<{ action: string; actorName: string; comment: string; data: Record<string, unknown> | null }>).filter((h) => h.action !== 'progress_added' && h.action !== 'evidence_added');
    expect(steps.slice(-4).map((h) => [h.action, h.actorName, h.comment, h.data?.level ?? null, h.data?.nextLevel ?? null])).toEqual([
      ['request_closure', '交警经办', '已整改到位', null, 'unit'],
      ['endorse_closure', '交警书记', '情况属实，同意报党委审核', 'unit', 'party'],
      ['endorse_closure', '公安党委书记', '初审通过', 'party', 'committee'],
      ['approve_closure', '李督办（工委组织科）', '同意销号', 'committee', null],
    ]);
  });

  it('when the 党委 sends a request back at the middle level, the item returns to the organization with the reason', async () => {
    const item = await requested();
    await transition(t, 'tr-secretary', item.id, { action: 'endorse_closure', comment: '同意' });
    const blank = await transition(t, 'po-secretary', item.id, { action: 'reject_closure', comment: ' ' });
    expect(blank.json().error.code).toBe('items.comment_required');
    const back = await transition(t, 'po-secretary', item.id, { action: 'reject_closure', comment: '佐证材料缺少会议记录' });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ status: 'in_progress', reviewLevel: null });
    expect(back.json().history.at(-1)).toMatchObject({ action: 'reject_closure', comment: '佐证材料缺少会议记录', data: { level: 'party' } });
    expect(await levelOf(item.id)).toEqual({ status: 'in_progress', review_level: null });
    expect((await t.as('tr-clerk')({ method: 'GET', url: `/api/items/${item.id}` })).json().allowedActions).toContain('request_closure');
  });

  it('when the requester, a clerk without the flag or the committee tries to act out of turn, it is refused and nothing changes', async () => {
    const own = await requested('tr-secretary');
    expect((await transition(t, 'tr-secretary', own.id, { action: 'endorse_closure', comment: '自己签' })).json().error.code).toBe('items.requester_cannot_approve');
    const item = await requested();
    expect((await transition(t, 'tr-deputy', item.id, { action: 'endorse_closure', comment: '代签' })).json().error.code).toBe('items.not_level_reviewer');
    expect((await transition(t, 'po-secretary', item.id, { action: 'endorse_closure', comment: '越级' })).json().error.code).toBe('items.not_level_reviewer');
    const early = await transition(t, 'supervisor', item.id, { action: 'approve_closure', comment: '提前' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('items.review_level_mismatch');
    expect(await levelOf(item.id)).toEqual({ status: 'closure_requested', review_level: 'unit' });
  });

  it('when several closures are approved at once, those still below the committee are refused one by one', async () => {
    const low = await requested();
    const ready = await requested();
    await transition(t, 'tr-secretary', ready.id, { action: 'endorse_closure', comment: '同意' });
    await transition(t, 'po-secretary', ready.id, { action: 'endorse_closure', comment: '同意' });
    const version = async (id: number) => (await t.as('supervisor')({ method: 'GET', url: `/api/items/${id}` })).json().version;
    const res = await t.as('supervisor')({
      method: 'POST',
      url: '/api/items/decisions',
      payload: { action: 'approve_closure', comment: '同意', items: [{ id: low.id, version: await version(low.id) }, { id: ready.id, version: await version(ready.id) }] },
    });
    expect(res.json()).toMatchObject({ succeeded: 1, refused: 1 });
    expect(res.json().results[0].error.code).toBe('items.review_level_mismatch');
  });

  it('when an administrator sets a stand-in, the stand-in endorses in the principal’s name until it is revoked', async () => {
    const admin = t.as('admin');
    const other = await admin({ method: 'POST', url: '/api/review-levels/stand-ins', payload: { principalId: ids.trafficSecretary, standInId: ids.policeSecretary, startsOn: '2026-01-01', endsOn: '2199-12-31' } });
    expect(other.json().error.code).toBe('review_levels.stand_in_invalid');
    const backwards = await admin({ method: 'POST', url: '/api/review-levels/stand-ins', payload: { principalId: ids.trafficSecretary, standInId: ids.trafficDeputy, startsOn: '2026-03-01', endsOn: '2026-02-01' } });
    expect(backwards.json().error.code).toBe('review_levels.period_invalid');
    const created = await admin({ method: 'POST', url: '/api/review-levels/stand-ins', payload: { principalId: ids.trafficSecretary, standInId: ids.trafficDeputy, startsOn: '2026-01-01', endsOn: '2199-12-31' } });
    expect(created.statusCode).toBe(201);
    const standIn = created.json().standIns.find((s: { standInId: number }) => s.standInId === ids.trafficDeputy);
    expect(standIn).toMatchObject({ principalName: '交警书记', standInName: '交警副书记', active: true });

    const item = await requested();
    const res = await transition(t, 'tr-deputy', item.id, { action: 'endorse_closure', comment: '书记出差，代为审核' });
    expect(res.statusCode).toBe(200);
    expect(res.json().history.at(-1)).toMatchObject({ actorName: '交警副书记', data: { level: 'unit', onBehalfOf: { id: ids.trafficSecretary, name: '交警书记' } } });

    expect((await admin({ method: 'DELETE', url: `/api/review-levels/stand-ins/${standIn.id}` })).statusCode).toBe(200);
    const next = await requested();
    expect((await transition(t, 'tr-deputy', next.id, { action: 'endorse_closure', comment: '再代' })).json().error.code).toBe('items.not_level_reviewer');
  });

  it('when an extension is requested, it climbs the same levels before the committee sets the new deadline', async () => {
    const item = await createItem(t, { orgId: t.orgs.traffic, deadline: '2026-12-31' });
    const asked = await transition(t, 'tr-clerk', item.id, { action: 'request_extension', comment: '需协调经费', newDeadline: '2027-03-31' });
    expect(asked.json()).toMatchObject({ extensionReviewLevel: 'unit' });
    expect((await transition(t, 'supervisor', item.id, { action: 'approve_extension' })).json().error.code).toBe('items.review_level_mismatch');
    expect((await transition(t, 'tr-secretary', item.id, { action: 'endorse_extension', comment: '同意' })).json()).toMatchObject({ extensionReviewLevel: 'party' });
    expect((await transition(t, 'po-secretary', item.id, { action: 'endorse_extension', comment: '同意' })).json()).toMatchObject({ extensionReviewLevel: 'committee' });
    const approved = await transition(t, 'supervisor', item.id, { action: 'approve_extension' });
    expect(approved.json()).toMatchObject({ deadline: '2027-03-31', extensionReviewLevel: null, pendingExtension: null });
  });

  it('when asked what waits, it counts each level in scope and lists for a reviewer only what waits at their level', async () => {
    const item = await requested();
    const mine = (await t.as('tr-secretary')({ method: 'GET', url: '/api/review-levels/awaiting' })).json();
    expect(mine.mine.items.map((i: { id: number }) => i.id)).toContain(item.id);
    expect(mine.mine.items.find((i: { id: number }) => i.id === item.id)).toMatchObject({ kind: 'closure', level: 'unit' });
    const requester = (await t.as('tr-clerk')({ method: 'GET', url: '/api/review-levels/awaiting' })).json();
    expect(requester.mine).toEqual({ total: 0, items: [] });
    const committee = (await t.as('supervisor')({ method: 'GET', url: '/api/review-levels/awaiting' })).json();
    expect(committee.levels.unit.closure).toBeGreaterThanOrEqual(1);
    expect(committee.mine.items.every((i: { level: string }) => i.level === 'committee')).toBe(true);
    const police = (await t.as('po-secretary')({ method: 'GET', url: '/api/review-levels/awaiting' })).json();
    expect(police.mine.items.every((i: { level: string }) => i.level === 'party')).toBe(true);
    const sibling = (await t.as('branch2')({ method: 'GET', url: '/api/review-levels/awaiting' })).json();
    expect(sibling.levels.unit.closure).toBe(0);
  });

  it('when the month is reported, it counts what each level passed on and sent back', async () => {
    const month = t.app.today().slice(0, 7);
    const res = await t.as('supervisor')({ method: 'GET', url: `/api/reports/monthly?month=${month}&format=json` });
    expect(res.statusCode).toBe(200);
    const { reviews } = res.json();
    expect(reviews.unit.passed).toBeGreaterThanOrEqual(4);
    expect(reviews.party.passed).toBeGreaterThanOrEqual(2);
    expect(reviews.party.sentBack).toBeGreaterThanOrEqual(1);
    expect(reviews.committee.passed).toBeGreaterThanOrEqual(2);
  });

  it('when only an active clerk may endorse, a viewer is refused as a reviewer', async () => {
    const { rows } = await t.db.execute<{ id: number }>(sql`SELECT id FROM users WHERE username = 'viewer'`);
    const res = await t.as('admin')({ method: 'PUT', url: `/api/review-levels/endorsers/${rows[0].id}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('review_levels.endorser_invalid');
    expect((await t.as('admin')({ method: 'GET', url: '/api/review-levels/endorsers' })).json().endorsers.map((e: { userId: number }) => e.userId)).toEqual([ids.policeSecretary, ids.trafficSecretary]);
  });
});
