import type { TestApp } from '../../test/test-app.js';
import { multipart, tinyPdf } from '../../test/multipart.js';

/** A supervisor-created item for an organization, with sensible defaults. */
export async function createItem(t: TestApp, overrides: Record<string, unknown> = {}, as = 'supervisor') {
  const res = await t.as(as)({
    method: 'POST',
    url: '/api/items',
    payload: {
      orgId: t.orgs.police,
      source: 'review',
      description: '理论学习不够系统，学用结合不紧密。个别支部学习流于形式。',
      deadline: '2026-12-31',
      type: 'deadline',
      ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`create item failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function transition(t: TestApp, as: string, id: number, body: Record<string, unknown>) {
  const version = body.version ?? (await t.as(as)({ method: 'GET', url: `/api/items/${id}` })).json().version;
  return t.as(as)({ method: 'POST', url: `/api/items/${id}/transitions`, payload: { ...body, version } });
}

export async function uploadPdf(t: TestApp, as: string, id: number, filename = '整改佐证材料.pdf') {
  const form = multipart([{ name: 'file', file: { filename, content: tinyPdf(), contentType: 'application/pdf' } }]);
  return t.as(as)({ method: 'POST', url: `/api/items/${id}/evidence`, ...form });
}
