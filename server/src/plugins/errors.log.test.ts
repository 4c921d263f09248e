import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.js';
import type { Database } from '../db/client.js';
import { createTestDatabase } from '../test/test-db.js';
import { testConfig } from '../test/test-app.js';

/**
 * A failed query's error holds its statement and parameters (Drizzle writes both into its message, the driver adds
 * them as properties, PostgreSQL quotes the bad value): the log line of the 500 keeps what failed, not the values.
 */
describe('the log of a failed query', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const marker = 'citizen-data-5b1e';
  const values = Array.from({ length: 2_000 }, (_, i) => `${marker}-${i}`);
  let app: App;
  let database: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildApp({ config: testConfig(), database, logger: { level: 'info', stream: sink } });
    app.get('/api/test-bad-value', { config: { permission: 'public' } }, async () => {
      await app.db.execute(sql`SELECT ${`32768 ${marker}`}::smallint, ${sql.param(values)}::text[]`);
    });
    app.get('/api/test-out-of-range', { config: { permission: 'public' } }, async () => {
      await app.db.execute(sql`SELECT ${32_768}::int::smallint, ${sql.param(values)}::text[]`);
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it.each([
    ['a value the column type refuses', '/api/test-bad-value', '22P02'],
    ['a number out of range for a smallint', '/api/test-out-of-range', '22003'],
  ])('when a query fails on %s, the error line has its code and stack but none of the values', async (_case, url, code) => {
    const mark = lines.length;
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(500);
    const logged = lines.slice(mark);
    const failed = logged.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request failed');
    for (const line of logged) {
      expect(line).not.toContain(marker);
      expect(line).not.toContain('32768');
      expect(line.length).toBeLessThan(8_000);
    }
    expect(failed.err).toMatchObject({ stack: expect.stringContaining(' at ') });
    expect(JSON.stringify(failed.err)).toContain(code);
  });
});
