import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { fixedClock } from '../../lib/clock.js';
import { evidence } from '../evidence/evidence.table.js';
import { itemHistory, items } from './items.table.js';
import { createItem, transition, uploadPdf } from './items.test-helpers.js';

describe('approving a closure that has no evidence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-06-15T02:00:00Z') });
  });
  afterAll(() => t.close());

  /**
   * An item awaiting closure with no evidence, as a ledger carried over from before the evidence rule holds them:
   * its file withdrawn in the database, since the app itself no longer lets one go while a request is pending.
   */
  async function requestedWithoutEvidence() {
    const item = await createItem(t, { deadline: '2026-08-31' });
    await transition(t, 'branch', item.id, { action: 'start' });
    await uploadPdf(t, 'branch', item.id);
    await transition(t, 'branch', item.id, { action: 'request_closure', comment: '整改完成' });
    await t.db.update(evidence).set({ removedAt: new Date() }).where(eq(evidence.itemId, item.id));
    await t.db.update(items).set({ evidenceCount: 0 }).where(eq(items.id, item.id));
    expect((await t.as('supervisor')({ method: 'GET', url: `/api/items/${item.id}` })).json()).toMatchObject({ status: 'closure_requested', evidenceCount: 0 });
    return item;
  }

  it('when the supervisor approves without saying so, it is refused; with the choice and a reason, it closes and the history keeps both', async () => {
    const item = await requestedWithoutEvidence();
    const plain = await transition(t, 'supervisor', item.id, { action: 'approve_closure', comment: '同意' });
    expect(plain.statusCode).toBe(409);
    expect(plain.json().error.code).toBe('items.no_evidence_confirm');
    const noReason = await transition(t, 'supervisor', item.id, { action: 'approve_closure', withoutEvidence: true, comment: ' ' });
    expect(noReason.json().error.code).toBe('items.comment_required');

    const closed = await transition(t, 'supervisor', item.id, { action: 'approve_closure', withoutEvidence: true, comment: '现场核查属实，材料另行归档' });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    const [approval] = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, item.id)).then((rows) => rows.filter((h) => h.action === 'approve_closure'));
    expect(approval.comment).toBe('现场核查属实，材料另行归档');
    expect(approval.data).toMatchObject({ withoutEvidence: true });
  });

  it('when several items are approved at once, the one without evidence is refused and the others close', async () => {
    const bare = await requestedWithoutEvidence();
    const sound = await createItem(t, { deadline: '2026-08-31' });
    await transition(t, 'branch', sound.id, { action: 'start' });
    await uploadPdf(t, 'branch', sound.id);
    await transition(t, 'branch', sound.id, { action: 'request_closure', comment: '整改完成' });
    const version = async (id: number) => (await t.as('supervisor')({ method: 'GET', url: `/api/items/${id}` })).json().version;
    const res = await t.as('supervisor')({
      method: 'POST',
      url: '/api/items/decisions',
      payload: { action: 'approve_closure', items: [{ id: bare.id, version: await version(bare.id) }, { id: sound.id, version: await version(sound.id) }] },
    });
    expect(res.json().results.map((r: { ok: boolean; error: { code: string } | null }) => r.error?.code ?? 'ok')).toEqual(['items.no_evidence_confirm', 'ok']);
  });
});
