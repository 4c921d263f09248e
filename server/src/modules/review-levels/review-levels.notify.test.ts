import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';

describe('what reaches each review level: notices to its reviewers and the ledger filtered by level', () => {
  let t: TestApp;
  let ids: Record<string, number>;

  async function clerk(username: string, displayName: string, orgId: number) {
    const { rows } = await t.db.execute<{ id: number }>(
      sql`INSERT INTO users (username, display_name, password_hash, role, org_id) SELECT ${username}, ${displayName}, password_hash, 'branch', ${orgId} FROM users WHERE username = 'branch' RETURNING id`,
    );
    return Number(rows[0].id);
  }

  /** A channel bound to one organization that hears of requests. */
  async function channel(orgId: number) {
    const { rows } = await t.db.execute<{ id: number }>(
      sql`INSERT INTO notification_channels (type, name, org_id, events, config) VALUES ('webhook', '群', ${orgId}, '{closure_requested,extension_requested}', '{"url":"https://hooks.example.org/x"}') RETURNING id`,
    );
    return Number(rows[0].id);
  }

  const inbox = async (as: string) =>
    (await t.as(as)({ method: 'GET', url: '/api/notifications?pageSize=100' })).json().items as Array<{ kind: string; title: string; itemId: number | null }>;
  /** The notices of requests waiting for review, about one item. */
  const noticesOf = async (as: string, itemId: number) => (await inbox(as)).filter((n) => n.itemId === itemId && n.kind.endsWith('_requested'));
  const deliveriesOf = async (channelId: number) =>
    (await t.db.execute<{ title: string }>(sql`SELECT title FROM deliveries WHERE channel_id = ${channelId} ORDER BY id`)).rows.map((r) => r.title);

  beforeAll(async () => {
    t = await createTestApp();
    ids = {
      trafficClerk: await clerk('tr-clerk', '交警经办', t.orgs.traffic),
      trafficSecretary: await clerk('tr-secretary', '交警书记', t.orgs.traffic),
      trafficDeputy: await clerk('tr-deputy', '交警副书记', t.orgs.traffic),
      policeSecretary: await clerk('po-secretary', '公安党委书记', t.orgs.police),
      policeClerk: await clerk('po-clerk', '公安经办', t.orgs.police),
      trafficChannel: await channel(t.orgs.traffic),
      policeChannel: await channel(t.orgs.police),
    };
    const admin = t.as('admin');
    await admin({ method: 'PUT', url: '/api/review-levels/settings', payload: { unitReview: true, partyReview: true } });
    for (const id of [ids.trafficSecretary, ids.policeSecretary]) await admin({ method: 'PUT', url: `/api/review-levels/endorsers/${id}` });
    await admin({ method: 'POST', url: '/api/review-levels/stand-ins', payload: { principalId: ids.trafficSecretary, standInId: ids.trafficDeputy, startsOn: '2026-01-01', endsOn: '2199-12-31' } });
  });
  afterAll(() => t.close());

  async function requested(by = 'tr-clerk') {
    const item = await createItem(t, { orgId: t.orgs.traffic });
    expect((await uploadPdf(t, by, item.id)).statusCode).toBe(201);
    expect((await t.as(by)({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '推进' } })).statusCode).toBe(201);
    expect((await transition(t, by, item.id, { action: 'request_closure', comment: '已整改到位' })).statusCode).toBe(200);
    return item as { id: number; code: string };
  }

  it('when a closure is requested, the unit’s endorser and their stand-in hear of it, not the committee nor the 党委 yet', async () => {
    const item = await requested();
    expect(await noticesOf('tr-secretary', item.id)).toEqual([expect.objectContaining({ kind: 'closure_requested', title: `申请销号待审核（本单位审核）：${item.code}` })]);
    expect(await noticesOf('tr-deputy', item.id)).toHaveLength(1);
    expect(await noticesOf('po-secretary', item.id)).toEqual([]);
    expect(await noticesOf('supervisor', item.id)).toEqual([]);
    expect(await noticesOf('tr-clerk', item.id)).toEqual([]);
    expect(await deliveriesOf(ids.trafficChannel)).toContain(`申请销号待审核（本单位审核）：${item.code}`);
    expect(await deliveriesOf(ids.policeChannel)).not.toContain(`申请销号待审核（本单位审核）：${item.code}`);
  });

  it('when the unit endorses, the 党委’s endorser hears of it; when the 党委 endorses, the committee does', async () => {
    const item = await requested();
    await transition(t, 'tr-secretary', item.id, { action: 'endorse_closure', comment: '同意' });
    expect(await noticesOf('po-secretary', item.id)).toEqual([expect.objectContaining({ title: `申请销号待审核（党委初审）：${item.code}` })]);
    expect(await noticesOf('po-clerk', item.id)).toEqual([]);
    expect(await deliveriesOf(ids.policeChannel)).toContain(`申请销号待审核（党委初审）：${item.code}`);
    expect(await noticesOf('supervisor', item.id)).toEqual([]);
    await transition(t, 'po-secretary', item.id, { action: 'endorse_closure', comment: '初审通过' });
    expect(await noticesOf('supervisor', item.id)).toEqual([expect.objectContaining({ kind: 'closure_requested', title: `申请销号待审核：${item.code}` })]);
  });

  it('when the unit’s endorser asks for an extension, the stand-in reviews it and the endorser does not hear of their own request', async () => {
    const item = await createItem(t, { orgId: t.orgs.traffic });
    await transition(t, 'tr-secretary', item.id, { action: 'request_extension', comment: '经费未到位', newDeadline: '2027-03-31' });
    expect(await noticesOf('tr-secretary', item.id)).toEqual([]);
    expect(await noticesOf('tr-deputy', item.id)).toEqual([]);
    const { rows } = await t.db.execute(sql`SELECT extension_review_level FROM items WHERE id = ${item.id}`);
    expect(rows[0]).toEqual({ extension_review_level: 'unit' });
  });

  it('when the ledger is filtered by review level, it lists what waits at that level, and the filter combines with the kind', async () => {
    const atUnit = await requested();
    const atParty = await requested();
    await transition(t, 'tr-secretary', atParty.id, { action: 'endorse_closure', comment: '同意' });
    const extension = await createItem(t, { orgId: t.orgs.traffic });
    await transition(t, 'tr-clerk', extension.id, { action: 'request_extension', comment: '经费未到位', newDeadline: '2027-03-31' });
    const listed = async (query: string) => ((await t.as('supervisor')({ method: 'GET', url: `/api/items?pageSize=100&${query}` })).json().items as Array<{ id: number }>).map((i) => i.id);
    const unit = await listed('reviewLevel=unit');
    expect(unit).toEqual(expect.arrayContaining([atUnit.id, extension.id]));
    expect(unit).not.toContain(atParty.id);
    expect(await listed('reviewLevel=party')).toContain(atParty.id);
    const unitExtensions = await listed('reviewLevel=unit&awaiting=extension');
    expect(unitExtensions).toContain(extension.id);
    expect(unitExtensions).not.toContain(atUnit.id);
    expect(await listed('reviewLevel=committee')).not.toContain(atUnit.id);
    const { rows } = await t.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM items WHERE (status = 'closure_requested' AND review_level = 'unit') OR (pending_extension_deadline IS NOT NULL AND extension_review_level = 'unit')`,
    );
    expect(unit).toHaveLength(rows[0].n);
    expect((await t.as('supervisor')({ method: 'GET', url: '/api/items?reviewLevel=other' })).statusCode).toBe(400);
  });
});
