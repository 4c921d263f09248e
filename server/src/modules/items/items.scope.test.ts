import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/client.js';
import * as schema from '../../db/schema.js';
import { createTestDatabase } from '../../test/test-db.js';
import { createItemsRepository } from './items.repository.js';

const light = { today: '2026-11-20', yellowDays: 7 };
const open = { status: 'issued,in_progress,closure_requested' };

// Which ledger pages PostgreSQL can plan once per connection is a matter of the server's named statements.
describe.skipIf(!process.env.DATABASE_URL)('the ledger page’s scope on a PostgreSQL server', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('when the scope is a leaf, its page is one named statement; a subtree’s, with its path pattern, stays unnamed', async () => {
    const client = await database.pool!.connect();
    try {
      const repo = createItemsRepository({ db: drizzle({ client, schema }) as unknown as Db });
      const prepared = async () => (await client.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map((r) => r.statement);
      await repo.list(open, { scopePath: '/1/7/', light, leaf: true });
      await repo.list(open, { scopePath: '/1/7/', light, leaf: true });
      const pages = (await prepared()).filter((s) => s.includes('FROM "items" INNER JOIN "orgs"'));
      expect(pages).toHaveLength(1);
      expect(pages[0]).toContain('"items"."org_id" = $');
      await repo.list(open, { scopePath: '/1/5/', light });
      expect((await prepared()).filter((s) => s.includes('FROM "items" INNER JOIN "orgs"'))).toHaveLength(1);
    } finally {
      client.release();
    }
  });
});
