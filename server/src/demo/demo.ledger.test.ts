import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../lib/clock.js';
import { hashPassword } from '../lib/password.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { seedDemoLedger } from './demo.ledger.js';

/** The demo as `pnpm start` writes it: every item tells its story, and every closure request shows its evidence. */
describe('the demo ledger', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-06-15T02:00:00Z') });
    await seedDemoLedger({ db: t.db, today: '2026-06-15', timeZone: 'Asia/Shanghai', passwordHash: await hashPassword('Demo@2026'), storage: t.app.storage });
  });
  afterAll(() => t.close());

  const rows = async <T>(query: ReturnType<typeof sql>) => (await t.db.execute(query)).rows as T[];

  it('when written, every item has its root cause, target, responsible leader and person, and measures with owners and deadlines', async () => {
    const items = await rows<{ code: string; root_cause: string | null; target: string | null; responsible_leader: string | null; responsible_person: string | null; measures: number; bare: number }>(sql`
      SELECT i.code, i.root_cause, i.target, i.responsible_leader, i.responsible_person,
        (SELECT count(*)::int FROM item_measures m WHERE m.item_id = i.id) AS measures,
        (SELECT count(*)::int FROM item_measures m WHERE m.item_id = i.id AND (m.responsible_person IS NULL OR m.deadline IS NULL)) AS bare
      FROM items i`);
    expect(items.length).toBe(60);
    for (const item of items) {
      expect(item, item.code).toMatchObject({ root_cause: expect.any(String), target: expect.any(String), responsible_leader: expect.any(String), responsible_person: expect.any(String), bare: 0 });
      expect(item.measures, item.code).toBeGreaterThanOrEqual(2);
    }
  });

  it('when its history is read, every entry names the demo user who made it', async () => {
    const [{ unnamed }] = await rows<{ unnamed: number }>(sql`SELECT count(*)::int AS unnamed FROM item_history WHERE actor_id IS NULL`);
    expect(unnamed).toBe(0);
    const viaApi = (await t.as('supervisor')({ method: 'GET', url: '/api/items?pageSize=100' })).json().items;
    const history = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${viaApi.at(-1).id}/history` })).json().items;
    expect(history.every((h: { actorName: string | null }) => h.actorName && h.actorName !== '系统')).toBe(true);
  });

  it('when a closure was requested, the item carries real evidence files stored as uploads are, named in its history', async () => {
    const requested = await rows<{ id: number; status: string; evidence_count: number; files: number; logged: number }>(sql`
      SELECT i.id, i.status, i.evidence_count,
        (SELECT count(*)::int FROM evidence e WHERE e.item_id = i.id AND e.removed_at IS NULL) AS files,
        (SELECT count(*)::int FROM item_history h WHERE h.item_id = i.id AND h.action = 'evidence_added' AND h.data ? 'evidenceId') AS logged
      FROM items i WHERE EXISTS (SELECT 1 FROM item_history h WHERE h.item_id = i.id AND h.action = 'request_closure')`);
    expect(requested.filter((r) => r.status === 'closure_requested').length).toBeGreaterThan(0);
    for (const r of requested) {
      expect(r.evidence_count).toBeGreaterThanOrEqual(2);
      expect([r.files, r.logged]).toEqual([r.evidence_count, r.evidence_count]);
    }
    const [pdf] = await rows<{ id: number }>(sql`SELECT id FROM evidence WHERE mime = 'application/pdf' LIMIT 1`);
    const file = await t.as('supervisor')({ method: 'GET', url: `/api/evidence/${pdf.id}/download` });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.rawPayload.toString('latin1')).toMatch(/startxref\n\d+\n%%EOF\n$/);
    const [photo] = await rows<{ id: number; thumbnail_key: string | null }>(sql`SELECT id, thumbnail_key FROM evidence WHERE mime = 'image/jpeg' LIMIT 1`);
    expect(photo.thumbnail_key).not.toBeNull();
    const jpeg = await t.as('supervisor')({ method: 'GET', url: `/api/evidence/${photo.id}/download` });
    expect([...jpeg.rawPayload.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });
});
