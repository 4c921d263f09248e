import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createReview } from './reviews.test-helpers.js';

describe('extracting the same comment twice', () => {
  let t: TestApp;
  let reviewId: number;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-05-10T02:00:00Z') });
    reviewId = (await createReview(t, { title: '年中专项检查' })).id;
  });
  afterAll(() => t.close());

  const text = '存在问题：1.活动阵地利用率不高；2.党员志愿服务记录不全；3.谈心谈话记录不规范。';
  const extract = async () => (await t.as('supervisor')({ method: 'POST', url: `/api/reviews/${reviewId}/extract`, payload: { orgId: t.orgs.culture, text } })).json();
  const confirm = (drafts: Array<{ title: string; description: string }>, extra: Record<string, unknown> = {}) =>
    t.as('supervisor')({
      method: 'POST',
      url: `/api/reviews/${reviewId}/items`,
      payload: { orgId: t.orgs.culture, items: drafts.map((d) => ({ title: d.title, description: d.description, deadline: '2026-09-30', type: 'deadline' })), ...extra },
    });

  it('when drafts repeat items already created from the review, they are marked 已建账 and confirming them needs an explicit choice', async () => {
    const first = await extract();
    expect(first.drafts.map((d: { existing: unknown }) => d.existing)).toEqual([null, null, null]);
    const created = (await confirm(first.drafts.slice(0, 2))).json().items;

    const second = await extract();
    expect(second.drafts.map((d: { existing: { code: string } | null }) => d.existing?.code ?? null)).toEqual([created[0].code, created[1].code, null]);

    const refused = await confirm(second.drafts);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'reviews.drafts_duplicate', message: expect.stringContaining('已建账') });

    // Only the new one goes through without the choice; the repeats then only with it.
    expect((await confirm(second.drafts.slice(2))).statusCode).toBe(201);
    const again = await confirm(second.drafts.slice(0, 1), { allowDuplicates: true });
    expect(again.statusCode).toBe(201);
    expect(again.json().items[0].code).not.toBe(created[0].code);
  });

  it('when the earlier item was cancelled, the draft is not marked', async () => {
    const [draft] = (await extract()).drafts;
    const { id, version } = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${draft.existing.id}` })).json();
    await t.as('supervisor')({ method: 'POST', url: `/api/items/${id}/transitions`, payload: { action: 'cancel', version, comment: '重复建账' } });
    const [after] = (await extract()).drafts;
    expect(after.existing?.id).not.toBe(id);
  });
});
