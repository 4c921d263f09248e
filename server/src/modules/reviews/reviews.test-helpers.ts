import type { TestApp } from '../../test/test-app.js';
import { transition, uploadPdf } from '../items/items.test-helpers.js';

/** Takes an item through start, evidence, its measures done, closure request and approval. */
export async function closeItem(t: TestApp, itemId: number) {
  await transition(t, 'branch', itemId, { action: 'start' });
  await uploadPdf(t, 'branch', itemId);
  const { measures } = (await t.as('branch')({ method: 'GET', url: `/api/items/${itemId}` })).json() as { measures: { id: number }[] };
  for (const m of measures) await t.as('branch')({ method: 'PATCH', url: `/api/items/${itemId}/measures/${m.id}`, payload: { status: 'done' } });
  await transition(t, 'branch', itemId, { action: 'request_closure', comment: '整改措施已落实' });
  const res = await transition(t, 'supervisor', itemId, { action: 'approve_closure', comment: '同意销号' });
  if (res.statusCode !== 200) throw new Error(`closing ${itemId} failed: ${res.statusCode} ${res.body}`);
}

export async function createReview(t: TestApp, payload: Record<string, unknown> = {}, as = 'supervisor') {
  const res = await t.as(as)({ method: 'POST', url: '/api/reviews', payload: { title: '专项检查', kind: 'special_check', heldOn: '2026-03-01', ...payload } });
  if (res.statusCode !== 201) throw new Error(`create review failed: ${res.statusCode} ${res.body}`);
  return res.json();
}
